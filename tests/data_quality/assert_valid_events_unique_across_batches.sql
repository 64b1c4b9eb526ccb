-- SPEC 4 duplicate, across the runs of SPEC 9.1: among the valid player events of
-- int_player_events_classified, an event_key and an eventId appear once, whichever load
-- batches hold them. Checked for the rows the latest run wrote (new batches, and batches a
-- catalog change re-classified) against every row of the table: the rows of other batches
-- were checked by the run that wrote them and have not changed since, so a daily run joins
-- only the day's keys against the table's (the table is scanned, the day's keys broadcast),
-- and a full refresh (one batch) counts every key's copies without a join.
-- One row per key with more than one valid copy.

{%- set classified_table = ref('int_player_events_classified') %}

{#- the valid rows each run wrote, to find the latest run and its share of the table: a
    daily run's keys are few beside the table's, so they are broadcast and the table's
    keys are scanned, not shuffled; when the latest run wrote much of the table (a full
    refresh, a catalog change re-classifying most batches) both sides are shuffled; when
    it wrote every valid row (a full refresh: one batch) the copies are counted without a
    join -#}
{%- set latest_batch = none %}
{%- set latest_batch_is_every_row = false %}
{%- set broadcast_hint = '' %}
{#- nothing to read before the table exists (`dbt compile` on an empty warehouse) -#}
{%- set existing_table = load_cached_relation(classified_table) if execute else none %}
{%- if existing_table is not none %}
    {%- set rows_by_batch = run_query(
        'select written_in_batch, count(*) from ' ~ classified_table
        ~ ' where quarantine_reason is null group by written_in_batch'
    ) %}
    {%- set batches = rows_by_batch.columns[0].values() | list %}
    {%- set valid_rows = rows_by_batch.columns[1].values() | list %}
    {%- if batches | length > 0 %}
        {%- set latest_batch = batches | max %}
        {%- set latest_batch_is_every_row = batches | length == 1 %}
        {%- if valid_rows[batches.index(latest_batch)] * 10 <= valid_rows | sum %}
            {%- set broadcast_hint = '/*+ broadcast(latest_keys) */' %}
        {%- endif %}
    {%- endif %}
{%- endif %}

with valid_keys as (

    -- both keys of a valid row as (key_name, key_value), so one join checks both
    select
        classified.written_in_batch,
        row_keys.key_name,
        row_keys.key_value
    from {{ classified_table }} as classified
        lateral view inline(array(
            named_struct('key_name', 'event_key', 'key_value', classified.event_key),
            named_struct('key_name', 'event_id', 'key_value', classified.event_id)
        )) row_keys
    where classified.quarantine_reason is null
        and row_keys.key_value is not null

),

latest_keys as (

    select
        key_name,
        key_value
    from valid_keys
    {%- if latest_batch is none %}
        where false
    {%- else %}
        where written_in_batch = {{ latest_batch }}
    {%- endif %}

),

key_copies as (

    select {{ broadcast_hint }}
        valid_keys.key_name,
        valid_keys.key_value,
        count(*) as valid_copy_count
    from valid_keys
    {%- if not latest_batch_is_every_row %}
    left semi join latest_keys
        on valid_keys.key_name = latest_keys.key_name
            and valid_keys.key_value = latest_keys.key_value
    {%- endif %}
    group by valid_keys.key_name, valid_keys.key_value

)

select *
from key_copies
where valid_copy_count > 1
