{% macro finish_partition_rewrite(partition_column, key_column) -%}
    {#-
        Post-hook of the incremental models that rewrite whole partitions (SPEC 9.1). Spark's
        dynamic `insert_overwrite` replaces only the partitions the new rows fall in, so a
        partition whose rows all moved away or vanished (a session that starts earlier after
        a late event, events a catalog change quarantined) would keep its old rows. Such a
        model writes one marker row, `key_column` null, for each partition it empties; this
        hook drops every partition holding a marker of the run, then records its batch as the
        table's `ve_absorbed_batch` (absorbed_batch). Both steps can be repeated: a run
        killed before the hook leaves the property as it was, the next run takes the same
        parent rows again and rewrites the same partitions, markers of the killed run
        included, before any model downstream reads the table.

        The hook looks for markers among the rows of this run's batch only, a literal filter
        that lets Spark skip the other batches' row groups instead of reading the key of
        every row. A marker of a killed run needs no search: its partition is rewritten by
        the next run (the watermark has not moved, so the parent rows or the emptied parent
        partition that named it name it again), which replaces the marker with rows or with
        a marker of its own.
    -#}
    {%- if execute and config.get('file_format') == 'delta' -%}
        {#- Delta has no `drop partition`: deleting the markers empties their partitions -#}
        {%- do run_query('delete from ' ~ this ~ ' where ' ~ key_column ~ ' is null') -%}
    {%- elif execute -%}
        {%- set marked = run_query(
            'select distinct ' ~ partition_column ~ ' from ' ~ this
            ~ ' where ' ~ key_column ~ ' is null and written_in_batch = '
            ~ load_batch_number()
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
