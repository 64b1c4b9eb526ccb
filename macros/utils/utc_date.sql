{% macro utc_date(timestamp_expression) -%}
    {{ return(adapter.dispatch('utc_date', 'video_engagement')(timestamp_expression)) }}
{%- endmacro %}


{% macro spark__utc_date(timestamp_expression) -%}
    {#- The UTC calendar date of an instant, whatever the session time zone of the engine. -#}
    to_date(to_utc_timestamp({{ timestamp_expression }}, current_timezone()))
{%- endmacro %}


{% macro default__utc_date(timestamp_expression) -%}
    {{ adapter_not_supported('utc_date') }}
{%- endmacro %}
