{# Implements dbt_utils.expression_is_true: returns every row for which the SQL expression (applied to column_name, when the test is attached to a column) is false. #}
{% test expression_is_true(model, expression, column_name=None) %}

{#- On a column the expression is a suffix such as ">= 1", so the column goes in front of it. -#}
{%- if column_name is not none -%}
    {%- set condition = column_name ~ ' ' ~ expression -%}
{%- else -%}
    {%- set condition = expression -%}
{%- endif -%}

{#- A row fails only when the condition is false; a null result (unknown) is not a failure. -#}
select *
from {{ model }}
where not ({{ condition }})

{% endtest %}
