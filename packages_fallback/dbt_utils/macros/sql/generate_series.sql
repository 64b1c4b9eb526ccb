{# Implements dbt_utils.generate_series: a select statement with one column, generated_number, holding the integers 1 to upper_bound. #}
{% macro generate_series(upper_bound) %}

{#-
    Built from decimal digits: k cross-joined copies of the digits 0-9 give every
    number 0 .. 10^k - 1; adding 1 and filtering gives 1 .. upper_bound.
    Plain SQL (no generator functions), so it runs in Spark with or without ANSI mode.
-#}
{%- if upper_bound is not number or upper_bound is boolean -%}
    {{ exceptions.raise_compiler_error(
        "generate_series (offline dbt_utils stand-in): upper_bound must be a number, got: " ~ upper_bound
    ) }}
{%- endif -%}
{%- if upper_bound <= 0 -%}
    {{ exceptions.raise_compiler_error(
        "generate_series (offline dbt_utils stand-in): upper_bound must be positive, got: " ~ upper_bound
    ) }}
{%- endif -%}
{%- set whole_bound = upper_bound | int -%}
{%- set width = ((whole_bound - 1) | string | length) if whole_bound > 1 else 1 -%}

select generated_number
from (
    select
        {% for place in range(width) -%}
        digits_{{ place }}.digit * {{ 10 ** place }} +
        {% endfor -%}
        1 as generated_number
    from
        {% for place in range(width) -%}
        (
            select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
            union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
        ) digits_{{ place }}
        {% if not loop.last %}cross join
        {% endif -%}
        {% endfor %}
) all_numbers
where generated_number <= {{ upper_bound }}

{% endmacro %}
