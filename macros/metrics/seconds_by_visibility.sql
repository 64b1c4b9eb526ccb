{% macro seconds_by_visibility(visibility_column, seconds_column, visibility) -%}
    {#- SPEC 5.8 (and 5.9 for the extension's watch_mode): an aggregate expression, the seconds
        of the rows whose visibility is `visibility` ('foreground' or 'background'), 0 when
        there are none. The one definition of the foreground/background split. -#}
    {%- if visibility not in ['foreground', 'background'] -%}
        {{ exceptions.raise_compiler_error(
            "seconds_by_visibility: visibility must be 'foreground' or 'background', got "
            ~ visibility) }}
    {%- endif -%}
    coalesce(
        {{ exact_sum(
            'case when ' ~ visibility_column ~ " = '" ~ visibility ~ "' then "
            ~ seconds_column ~ ' end'
        ) }},
        0.0
    )
{%- endmacro %}
