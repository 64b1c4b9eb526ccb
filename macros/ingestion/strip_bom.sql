{% macro strip_bom(text_expression) -%}
    {{ return(adapter.dispatch('strip_bom', 'video_engagement')(text_expression)) }}
{%- endmacro %}


{% macro spark__strip_bom(text_expression) -%}
    {#- A UTF-8 byte-order mark at the start of a file survives as U+FEFF on its first line. -#}
    regexp_replace({{ text_expression }}, '^\\uFEFF', '')
{%- endmacro %}


{% macro default__strip_bom(text_expression) -%}
    {{ adapter_not_supported('strip_bom') }}
{%- endmacro %}
