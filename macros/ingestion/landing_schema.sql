{% macro landing_schema() -%}
    {{ target.schema }}_landing
{%- endmacro %}
