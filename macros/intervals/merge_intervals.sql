{% macro merge_intervals(relation, partition_by, start_column, end_column) -%}
    {#-
        SPEC 5.5, unique seconds: the union of possibly overlapping intervals, per partition,
        with window functions only (no self-join, no explode of seconds), so it scales with
        the number of intervals.

        Intervals are sorted by start (then end). An interval that starts at or before the
        furthest end of all intervals sorted before it joins their group; one that starts
        after it opens a new group. Each group becomes one merged interval [min start,
        max end]. [0,100], [20,50], [60,80] -> [0,100]: 100 seconds, not 120.

        Returns a query (no CTE) with the partition columns, `merged_group_number`,
        `interval_start` and `interval_end`. Rows with a null start or end are ignored.

        Arguments:
          relation       a ref, source or CTE name holding the intervals
          partition_by   list of column names: the grain of the union, e.g. user and video
          start_column   interval start column (inclusive)
          end_column     interval end column (exclusive; intervals are half-open)
    -#}
    {%- if partition_by is string or partition_by | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            'merge_intervals: partition_by must be a non-empty list of column names, got '
            ~ partition_by) }}
    {%- endif -%}
    {%- set partition_list = partition_by | join(', ') -%}
    {%- set partition_lines = partition_by | join(',\n        ') -%}
    select
        {{ partition_lines }},
        merged_group_number,
        min(interval_start) as interval_start,
        max(interval_end) as interval_end
    from (
        select
            *,
            sum(starts_new_group) over (
                partition by {{ partition_list }}
                order by interval_start, interval_end
                rows between unbounded preceding and current row
            ) as merged_group_number
        from (
            select
                *,
                case
                    when furthest_end_before is null then 1
                    when interval_start > furthest_end_before then 1
                    else 0
                end as starts_new_group
            from (
                select
                    {{ partition_by | join(',\n                    ') }},
                    {{ start_column }} as interval_start,
                    {{ end_column }} as interval_end,
                    max({{ end_column }}) over (
                        partition by {{ partition_list }}
                        order by {{ start_column }}, {{ end_column }}
                        rows between unbounded preceding and 1 preceding
                    ) as furthest_end_before
                from {{ relation }}
                where {{ start_column }} is not null and {{ end_column }} is not null
            ) as intervals_with_reach
        ) as intervals_flagged
    ) as intervals_grouped
    group by {{ partition_list }}, merged_group_number
{%- endmacro %}
