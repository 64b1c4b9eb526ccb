-- SPEC 4 duplicate, across the runs of SPEC 9.1: among the valid player events of
-- int_player_events_classified, an event_key and an eventId appear once, whichever load
-- batches hold them. Checked for the rows the latest run wrote (new batches, and batches a
-- catalog change re-classified) against every row of the table: the rows of other batches
-- were checked by the run that wrote them and have not changed since, so a daily run reads
-- the keys of the table once, and a full refresh (one batch) checks every row.
-- One row per key with more than one valid copy.

with classified as (

    select
        event_key,
        event_id,
        written_in_batch
    from {{ ref('int_player_events_classified') }}
    where quarantine_reason is null

),

latest_batch as (

    select max(written_in_batch) as written_in_batch
    from classified

),

latest_valid as (

    select
        classified.event_key,
        classified.event_id
    from classified
    inner join latest_batch
        on classified.written_in_batch = latest_batch.written_in_batch

),

key_copies as (

    select
        'event_key' as key_name,
        event_key as key_value,
        count(*) as valid_copy_count
    from classified
    where event_key in (select latest_valid.event_key from latest_valid)
    group by event_key

    union all

    select
        'event_id' as key_name,
        event_id as key_value,
        count(*) as valid_copy_count
    from classified
    where event_id in (select latest_valid.event_id from latest_valid)
    group by event_id

)

select *
from key_copies
where valid_copy_count > 1
