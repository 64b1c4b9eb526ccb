{% macro emptied_partition_markers(columns, rewritten_predicate, written_relation, partition_column='session_date') -%}
    {#-
        SPEC 9.1: the marker rows of an incremental model that rewrites partitions (see
        finish_partition_rewrite): one per partition of the table that `rewritten_predicate`
        names and the run's rows (`written_relation`, a CTE with `partition_column`) leave
        empty, every column of `columns` null, then written_in_batch and the partition, the
        order of the model's final select. `columns` none: the table's own columns but
        those two (the table exists whenever markers are written).
    -#}
    {%- if columns is none -%}
        {%- set columns = [] -%}
        {%- for column in (adapter.get_columns_in_relation(this) if execute else []) -%}
            {%- if column.name not in ['written_in_batch', partition_column] -%}
                {%- do columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif %}
    select
        {%- for column in columns %}
        null as {{ column }},
        {%- endfor %}
        {{ load_batch_id() }} as written_in_batch,
        previous.{{ partition_column }}
    from (
        select distinct {{ partition_column }} from {{ this }}
        where {{ rewritten_predicate }}
    ) as previous
    left anti join {{ written_relation }} as written
        on previous.{{ partition_column }} = written.{{ partition_column }}
{%- endmacro %}
