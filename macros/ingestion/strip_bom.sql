{% macro strip_bom(text_expression) -%}
    {#- A UTF-8 byte-order mark at the start of a file survives as U+FEFF on its first line. -#}
    regexp_replace({{ text_expression }}, '^\\uFEFF', '')
{%- endmacro %}
