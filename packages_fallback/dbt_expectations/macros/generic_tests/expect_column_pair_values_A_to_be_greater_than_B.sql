{# Implements dbt_expectations.expect_column_pair_values_A_to_be_greater_than_B: returns rows (among those matching row_condition) where column_A is not greater than column_B (not greater-or-equal when or_equal=true). #}
{% test expect_column_pair_values_A_to_be_greater_than_B(model, column_A, column_B, or_equal=False, row_condition=None) %}

{%- set comparison = column_A ~ (' >= ' if or_equal else ' > ') ~ column_B -%}

{#- A row fails only when the comparison is false; if either side is null (unknown) it does not fail. -#}
select *
from {{ model }}
where
    {% if row_condition %}({{ row_condition }}) and {% endif -%}
    not ({{ comparison }})

{% endtest %}
