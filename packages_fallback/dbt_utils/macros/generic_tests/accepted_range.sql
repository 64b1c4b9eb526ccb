{# Implements dbt_utils.accepted_range: returns rows whose column value lies below min_value or above max_value (bounds are inclusive unless inclusive=false; either bound may be omitted; bounds may be SQL expressions). #}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- set violations = [] -%}
{%- if min_value is not none -%}
    {%- do violations.append('not (' ~ column_name ~ (' >= ' if inclusive else ' > ') ~ min_value ~ ')') -%}
{%- endif -%}
{%- if max_value is not none -%}
    {%- do violations.append('not (' ~ column_name ~ (' <= ' if inclusive else ' < ') ~ max_value ~ ')') -%}
{%- endif -%}

{#- Null values are not judged (the comparison is unknown), so they never fail. With no bound at all nothing fails. -#}
select *
from {{ model }}
where {{ violations | join(' or ') if violations else '1 = 0' }}

{% endtest %}
