{% macro load_batch_id() -%}
    {#-
        SPEC 9.1: the load batch of this dbt invocation, a bigint that grows from run to run
        (run_started_at in microseconds since the epoch, UTC). Every file recorded by a
        base_<source>__event_files model carries the batch that first loaded it; "the copy
        loaded first is kept" orders duplicates by it. Incremental models that rewrite
        partitions stamp their rows with it (`written_in_batch`).
    -#}
    cast({{ load_batch_number() }} as bigint)
{%- endmacro %}


{% macro load_batch_number() -%}
    {#- load_batch_id as a Jinja integer, for table properties and literals -#}
    {{ return((run_started_at.timestamp() * 1000000) | int) }}
{%- endmacro %}
