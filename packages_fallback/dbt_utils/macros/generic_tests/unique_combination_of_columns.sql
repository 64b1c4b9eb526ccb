{# Implements dbt_utils.unique_combination_of_columns: returns each combination of the listed columns that appears on more than one row (column names quoted when quote_columns is truthy). #}
{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}

{%- if combination_of_columns is string or combination_of_columns is mapping or combination_of_columns | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "unique_combination_of_columns (offline dbt_utils stand-in): `combination_of_columns` must be a non-empty list of column names, got: " ~ combination_of_columns
    ) }}
{%- endif -%}

{%- set key_columns = [] -%}
{%- for col in combination_of_columns -%}
    {%- do key_columns.append(adapter.quote(col) if quote_columns else col) -%}
{%- endfor -%}
{%- set key_list = key_columns | join(', ') -%}

{#- One row per duplicated combination; rows with nulls in the key are grouped together like any other value. -#}
select {{ key_list }}
from {{ model }}
group by {{ key_list }}
having count(*) > 1

{% endtest %}
