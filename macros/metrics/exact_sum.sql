{% macro exact_sum(expression) -%}
    {#- The sum of a column of seconds (or percentages) that every build computes to the same
        digits (SPEC 9.1: any sequence of incremental runs equals a full refresh): each value
        as a decimal to the microsecond (exact_seconds), summed exactly, the total back to a
        double. A sum of doubles depends on the order Spark adds them in, which changes with
        partitioning (485.72599999999994 against 485.726), and a round(x, 2) downstream can
        then flip a cent. -#}
    cast(sum({{ exact_seconds(expression) }}) as double)
{%- endmacro %}


{% macro exact_seconds(expression) -%}
    {#- A value of seconds as the decimal exact_sum adds up. A model that sums in two steps
        (per partition, then over the partitions) keeps the first step's sum of these
        decimals and casts only the last one to a double, so it gives exact_sum's digits. -#}
    cast({{ expression }} as decimal(18, 6))
{%- endmacro %}


{% macro exact_avg(expression) -%}
    {#- The mean of the non-null values of `expression`, from exact_sum. -#}
    {{ exact_sum(expression) }} / count({{ expression }})
{%- endmacro %}
