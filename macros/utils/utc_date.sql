{% macro utc_date(timestamp_expression) -%}
    {#- The UTC calendar date of an instant, whatever the session time zone of the engine. -#}
    to_date(to_utc_timestamp({{ timestamp_expression }}, current_timezone()))
{%- endmacro %}
