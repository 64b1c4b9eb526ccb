{# Implements dbt_expectations.expect_table_row_count_to_be_between: fails when the number of rows matching row_condition (per group_by group, if given) is outside [min_value, max_value]; strictly=true makes the bounds exclusive. #}
{% test expect_table_row_count_to_be_between(model, min_value=None, max_value=None, group_by=None, row_condition=None, strictly=False) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error(
        "expect_table_row_count_to_be_between (offline dbt_expectations stand-in): give min_value, max_value or both."
    ) }}
{%- endif -%}
{%- if group_by is string or group_by is mapping -%}
    {{ exceptions.raise_compiler_error(
        "expect_table_row_count_to_be_between (offline dbt_expectations stand-in): group_by must be a list of columns, e.g. [" ~ group_by ~ "]"
    ) }}
{%- endif -%}
{%- set group_columns = group_by or [] -%}

{%- set checks = [] -%}
{%- if min_value is not none -%}
    {%- do checks.append('row_count' ~ (' > ' if strictly else ' >= ') ~ min_value) -%}
{%- endif -%}
{%- if max_value is not none -%}
    {%- do checks.append('row_count' ~ (' < ' if strictly else ' <= ') ~ max_value) -%}
{%- endif -%}

{#- Without group_by there is always exactly one count (0 for an empty table); with group_by, one per group present. -#}
select *
from (
    select
        {% for col in group_columns -%}
        {{ col }},
        {% endfor -%}
        count(*) as row_count
    from {{ model }}
    {% if row_condition -%}
    where {{ row_condition }}
    {% endif -%}
    {% if group_columns -%}
    group by {{ group_columns | join(', ') }}
    {%- endif %}
) row_counts
where not ({{ checks | join(' and ') }})

{% endtest %}
