{% macro epoch_seconds(timestamp_expression) -%}
    {#- Seconds since 1970-01-01 UTC as a double with microsecond precision (SPEC 5.3: wall
        time with sub-second precision), independent of the session time zone. -#}
    (cast(unix_micros({{ timestamp_expression }}) as double) / 1000000.0)
{%- endmacro %}
