{% macro percentage_of_duration(seconds_expression, duration_expression, cap_at_duration=false) -%}
    {#- SPEC 5.7: seconds as a percentage of the video duration, rounded to 2 decimals;
        null when the duration is unknown or zero. With cap_at_duration the seconds are
        capped at the duration first (completion and unique percentages never pass 100). -#}
    {%- if cap_at_duration -%}
        round(
            least({{ seconds_expression }}, {{ duration_expression }})
            / nullif({{ duration_expression }}, 0) * 100,
            2
        )
    {%- else -%}
        round({{ seconds_expression }} / nullif({{ duration_expression }}, 0) * 100, 2)
    {%- endif -%}
{%- endmacro %}
