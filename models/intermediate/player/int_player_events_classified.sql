{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['load_batch'],
) }}

-- The two SPEC 4 rules that need more than the line itself, applied to the typed player
-- events: position_exceeds_duration (the catalog's duration plus a tolerance) and duplicate
-- (an earlier copy of the same event; the copy kept is the one loaded first, see
-- first_copy_quarantine_reason). A null quarantine_reason is a valid, first-seen event:
-- int_player_events_sessionized takes those, int_quarantined_lines_unioned the others.
-- Grain: one row per typed event line (stg_player__events).
--
-- Incremental (SPEC 9.1), one partition per load batch: a line's verdict depends on the
-- line, the catalog's duration of its video and the valid copies loaded before it, so a new
-- batch never changes an older batch's verdicts. A run (re)classifies
--   * the batches staged but not classified yet (normally this run's; after a killed run,
--     its batches too), and
--   * the batches holding a line of a video whose catalog duration differs from the one the
--     line was classified with (a video added, a duration corrected), or a line sharing an
--     eventId with one (its duplicate verdict may follow),
-- and overwrites those partitions whole; a run with nothing to do writes nothing.

-- SPEC 4: without an event id, copies are lines with the same values of these columns
{%- set copy_key_without_event_id -%}
    case when event_id is null then named_struct(
        'user_id', user_id,
        'session_id', client_session_id,
        'video_id', video_id,
        'event_name', event_name,
        'event_at', event_at,
        'position_seconds', position_seconds
    ) end
{%- endset %}

{#- the batches this run (re)classifies: all on a full build -#}
{%- set batch_predicate = batches_to_classify_predicate(
    ref('stg_player__events'), ref('stg_catalog__videos')
) %}

with events as (

    select * from {{ ref('stg_player__events') }}
    where {{ batch_predicate }}

),

video_catalog as (

    select
        video_id,
        duration_seconds
    from {{ ref('stg_catalog__videos') }}

),

validated as (

    select
        events.*,
        video_catalog.duration_seconds as catalog_duration_seconds,
        case
            when {{ furthest_position('events.position_seconds', 'events.from_time_seconds') }}
                > video_catalog.duration_seconds + {{ var('position_tolerance_seconds') }}
                then 'position_exceeds_duration'
        end as validation_reason,
        false as is_earlier_copy
    from events
    left join video_catalog
        on events.video_id = video_catalog.video_id

),

{% if is_incremental() %}
    previous_valid_lines as (

        select * from {{ this }}
        where not ({{ batch_predicate }})
            and (quarantine_reason is null or quarantine_reason = 'duplicate')

    ),

    new_event_ids as (

        select distinct event_id from validated
        where event_id is not null

    ),

    new_sessionless_users as (

        select distinct user_id from validated
        where event_id is null

    ),

    earlier_copy_candidates as (

        -- the keys of one day are a small set beside the table's: broadcast, each lookup
        -- is one scan of the table's key columns, with no shuffle of its rows (a run that
        -- loads months at once broadcasts all their keys: a backfill that big is a
        -- --full-refresh, README)
        select /*+ broadcast(new_event_ids) */ previous_valid_lines.*
        from previous_valid_lines
        left semi join new_event_ids
            on previous_valid_lines.event_id = new_event_ids.event_id

        union all

        select /*+ broadcast(new_sessionless_users) */ previous_valid_lines.*
        from previous_valid_lines
        left semi join new_sessionless_users
            on previous_valid_lines.user_id = new_sessionless_users.user_id
        where previous_valid_lines.event_id is null

    ),

    earlier_copies as (

    -- the valid lines of the batches this run leaves alone that share a copy key with a
    -- line of this run, the earliest batch of each key: a line of this run is a duplicate
    -- when one was loaded before it
        select
            min(load_batch) as load_batch,
            event_id,
            user_id,
            client_session_id,
            video_id,
            event_name,
            event_at,
            position_seconds
        from earlier_copy_candidates
        group by
            event_id,
            user_id,
            client_session_id,
            video_id,
            event_name,
            event_at,
            position_seconds

    ),

{% endif %}
lines_and_earlier_copies as (

    select
        event_key,
        event_id,
        user_id,
        client_session_id,
        video_id,
        event_name,
        event_at,
        position_seconds,
        from_time_seconds,
        playback_rate,
        visibility,
        device,
        device_os,
        app_version,
        country,
        source_file,
        raw_line,
        loaded_at,
        load_batch,
        catalog_duration_seconds,
        validation_reason,
        is_earlier_copy
    from validated
    {%- if is_incremental() %}

        union all

        select
            null as event_key,
            event_id,
            user_id,
            client_session_id,
            video_id,
            event_name,
            event_at,
            position_seconds,
            null as from_time_seconds,
            null as playback_rate,
            null as visibility,
            null as device,
            null as device_os,
            null as app_version,
            null as country,
            null as source_file,
            null as raw_line,
            null as loaded_at,
            load_batch,
            null as catalog_duration_seconds,
            null as validation_reason,
            true as is_earlier_copy
        from earlier_copies
    {%- endif %}

),

classified as (

    -- SPEC 4 duplicate: same eventId as an earlier row; without eventId the same user,
    -- session, video, event name, instant and position
    select
        *,
        {{ first_copy_quarantine_reason([
            "event_id", copy_key_without_event_id
        ]) }} as quarantine_reason
    from lines_and_earlier_copies

),

final as (

    select
        event_key,
        quarantine_reason,
        event_id,
        user_id,
        client_session_id,
        video_id,
        event_name,
        event_at,
        position_seconds,
        from_time_seconds,
        playback_rate,
        visibility,
        device,
        device_os,
        app_version,
        country,
        source_file,
        raw_line,
        loaded_at,
        catalog_duration_seconds,
        {{ load_batch_id() }} as written_in_batch,
        load_batch
    from classified
    where not is_earlier_copy

)

select * from final
