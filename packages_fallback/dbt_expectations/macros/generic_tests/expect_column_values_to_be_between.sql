{# Implements dbt_expectations.expect_column_values_to_be_between: returns rows (among those matching row_condition) whose column value is below min_value or above max_value; strictly=true makes the bounds exclusive. #}
{% test expect_column_values_to_be_between(model, column_name, min_value=None, max_value=None, row_condition=None, strictly=False) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error(
        "expect_column_values_to_be_between (offline dbt_expectations stand-in): give min_value, max_value or both."
    ) }}
{%- endif -%}

{%- set checks = [] -%}
{%- if min_value is not none -%}
    {%- do checks.append(column_name ~ (' > ' if strictly else ' >= ') ~ min_value) -%}
{%- endif -%}
{%- if max_value is not none -%}
    {%- do checks.append(column_name ~ (' < ' if strictly else ' <= ') ~ max_value) -%}
{%- endif -%}

{#- A row fails only when the range check is false; null values (unknown) do not fail. -#}
select *
from {{ model }}
where
    {% if row_condition %}({{ row_condition }}) and {% endif -%}
    not ({{ checks | join(' and ') }})

{% endtest %}
