{% macro values_in_query_predicate(column, query) -%}
    {#-
        A predicate `column in (<literal values>)` over the values of the first column of
        `query` (numbers as they are, anything else as a string literal that Spark casts to
        the column's type), run when the model executes; `false` when it returns no row.
        Incremental models use it to name the partitions or batches a run reads and
        rewrites: Spark prunes partitions and parquet row groups on literal filters, not on a
        subquery. The query is the model's own (it shows which rows a run touches); unit
        tests override this macro with the literal predicate they mean.
    -#}
    {%- if execute -%}
        {%- set values = run_query(query).columns[0].values() | reject('none') | list -%}
        {%- if values | length == 0 -%}
            false
        {%- else -%}
            {{ column }} in (
            {%- for value in values -%}
                {{ value if value is number else escaped_string_literal(value) }}
                {%- if not loop.last %}, {% endif -%}
            {%- endfor -%}
            )
        {%- endif -%}
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}
