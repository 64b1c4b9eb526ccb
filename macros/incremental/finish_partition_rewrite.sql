{% macro finish_partition_rewrite(partition_column, key_column) -%}
    {#-
        Post-hook of the incremental models that rewrite whole partitions (SPEC 9.1). Spark's
        dynamic `insert_overwrite` replaces only the partitions the new rows fall in, so a
        partition whose rows all moved away or vanished (a session that starts earlier after
        a late event, events a catalog change quarantined) would keep its old rows. Such a
        model writes one marker row, `key_column` null, for each partition it empties; this
        hook drops every partition holding a marker, then records the run's batch as the
        table's `ve_absorbed_batch` (absorbed_batch). Both steps can be repeated: a run
        killed before the hook leaves the property as it was, the next run takes the same
        parent rows again and rewrites the same partitions, and markers left by the killed
        run are dropped by the next hook, before any model downstream reads the table.
    -#}
    {%- if execute and config.get('file_format') == 'delta' -%}
        {#- Delta has no `drop partition`: deleting the markers empties their partitions -#}
        {%- do run_query('delete from ' ~ this ~ ' where ' ~ key_column ~ ' is null') -%}
    {%- elif execute -%}
        {%- set marked = run_query(
            'select distinct ' ~ partition_column ~ ' from ' ~ this
            ~ ' where ' ~ key_column ~ ' is null'
        ).columns[0].values() -%}
        {%- for value in marked -%}
            {%- do run_query(
                'alter table ' ~ this ~ ' drop if exists partition ('
                ~ partition_column ~ ' = ' ~ escaped_string_literal(value) ~ ')'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    alter table {{ this }} set tblproperties (
        've_absorbed_batch' = '{{ load_batch_number() }}'
    )
{%- endmacro %}
