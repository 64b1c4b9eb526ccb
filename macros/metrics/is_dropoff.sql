{% macro is_dropoff(watch_seconds_expression) -%}
    {#- SPEC 6: a drop-off is a view or session with less than dropoff_seconds (10) of watch. -#}
    coalesce({{ watch_seconds_expression }} < {{ var('dropoff_seconds') }}, true)
{%- endmacro %}
