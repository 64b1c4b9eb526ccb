{% macro pending_files_predicate(files_relation) -%}
    {#-
        SPEC 9.1: a predicate on a landing text table's `_metadata.file_path` that keeps the
        lines of exactly the files an event-lines model has still to load: the files its
        base_<source>__event_files model recorded in a batch later than the model's own
        latest batch (normally this run's new files; after an interrupted run, those too).
        Incremental runs get a literal list of paths, because Spark prunes files on literal
        `_metadata` filters before reading them but reads every file for a join or a
        subquery (ENGINE.md); a full refresh takes every recorded file. Called from the
        model, so `this` is the model's own table.
    -#}
    {%- if execute and is_incremental() -%}
        {%- set pending = run_query(
            'select source_file from ' ~ files_relation
            ~ ' where load_batch > (select coalesce(max(load_batch), 0) from ' ~ this ~ ')'
            ~ ' order by source_file'
        ) -%}
        {%- set paths = pending.columns[0].values() -%}
        {%- if paths | length == 0 -%}
            false
        {%- else -%}
            _metadata.file_path in (
                {%- for path in paths %}
                {{ escaped_string_literal(path) }}
                {%- if not loop.last %},{% endif %}
                {%- endfor %}
            )
        {%- endif -%}
    {%- else -%}
        _metadata.file_path in (select recorded.source_file from {{ files_relation }} as recorded)
    {%- endif -%}
{%- endmacro %}
