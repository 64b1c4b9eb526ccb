{% macro epoch_seconds(timestamp_expression) -%}
    {{ return(adapter.dispatch('epoch_seconds', 'video_engagement')(timestamp_expression)) }}
{%- endmacro %}


{% macro spark__epoch_seconds(timestamp_expression) -%}
    {#- Seconds since 1970-01-01 UTC as a double with microsecond precision (SPEC 5.3: wall
        time with sub-second precision), independent of the session time zone. -#}
    (cast(unix_micros({{ timestamp_expression }}) as double) / 1000000.0)
{%- endmacro %}


{% macro default__epoch_seconds(timestamp_expression) -%}
    {{ adapter_not_supported('epoch_seconds') }}
{%- endmacro %}
