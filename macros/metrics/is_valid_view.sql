{% macro is_valid_view(watch_seconds_expression, duration_expression) -%}
    {#- SPEC 6 / dim_videos: a view counts as a view when it watched at least
        valid_view_min_seconds or valid_view_min_percentage of the duration. -#}
    coalesce(
        {{ watch_seconds_expression }} >= {{ var('valid_view_min_seconds') }}
        or {{ watch_seconds_expression }}
            >= {{ var('valid_view_min_percentage') }} / 100.0 * {{ duration_expression }},
        false
    )
{%- endmacro %}
