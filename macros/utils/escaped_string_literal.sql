{% macro escaped_string_literal(value) -%}
    {{ return(adapter.dispatch('escaped_string_literal', 'video_engagement')(value)) }}
{%- endmacro %}


{% macro spark__escaped_string_literal(value) -%}
    {#- `value` as a quoted Spark SQL string literal: backslashes and single quotes escaped
        (Spark reads a backslash in a literal as an escape). -#}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}


{% macro default__escaped_string_literal(value) -%}
    {{ adapter_not_supported('escaped_string_literal') }}
{%- endmacro %}
