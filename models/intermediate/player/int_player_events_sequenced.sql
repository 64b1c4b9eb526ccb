{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'event_key') }}",
) }}

-- SPEC 5.1 and the per-event context SPEC 5.3-5.4 need. Within one stream (user, session,
-- video) events are numbered in the one deterministic order of SPEC 5.1: timestamp, event
-- rank at equal timestamps, position, eventId, then the event key. Every later window
-- orders by event_sequence_number only, so the order is defined here and nowhere else.
-- Grain: one row per staged event.
--
-- Incremental (SPEC 9.1), partitioned like its parent by session_date: a stream lies
-- within one session, so a partition is computed from the same partition of
-- int_player_events_sessionized alone; a run rewrites the partitions the parent rewrote
-- since (changed_partitions_predicate).

{#- SPEC 5.1: the order of a stream, written once and used by every window below #}
{%- set spec_order -%}
    partition by user_id, session_id, video_id
    order by event_at, event_rank, position_seconds, event_id, event_key
{%- endset %}

{%- set rewritten_predicate = changed_partitions_predicate(ref('int_player_events_sessionized')) %}

with events as (

    select
        *,
        {{ player_event_rank('event_name') }} as event_rank
    from {{ ref('int_player_events_sessionized') }}
    where {{ rewritten_predicate }}

),

with_previous as (

    -- every window below uses one specification (the SPEC 5.1 order itself, not the row
    -- number derived from it), so Spark sorts the events of a view once (issue 6)
    select
        *,
        row_number() over stream_order as event_sequence_number,
        lag(event_name) over stream_order as previous_event_name,
        lag(event_at) over stream_order as previous_event_at,
        lag(position_seconds) over stream_order as previous_position_seconds,
        lag(playback_rate) over stream_order as previous_playback_rate,
        lag(visibility) over stream_order as previous_visibility,
        -- SPEC 5.3: a seek opens a segment only if the player was playing before it
        last(case when event_name != 'seek' then event_name end, true) over (
            {{ spec_order }}
            rows between unbounded preceding and 1 preceding
        ) as previous_non_seek_event_name,
        -- SPEC 5.4: where playback stopped last (a seek's currentTime is its target)
        last(
            case when event_name in ('pause', 'ended', 'seek') then position_seconds end, true
        ) over (
            {{ spec_order }}
            rows between unbounded preceding and 1 preceding
        ) as previous_stop_position_seconds
    from events
    window stream_order as ({{ spec_order }})

),

with_roles as (

    select
        *,
        -- SPEC 5.3 openers: play, resume, heartbeat, and a seek while playing
        (
            event_name in ('play', 'resume', 'heartbeat')
            or (
                event_name = 'seek'
                and coalesce(previous_non_seek_event_name in ('play', 'resume', 'heartbeat'), false)
            )
        ) as is_opener,
        -- SPEC 5.3 closers: pause, ended, heartbeat, seek (play is not a closer: TC-025)
        event_name in ('pause', 'ended', 'heartbeat', 'seek') as is_closer
    from with_previous

),

{%- set columns = [
    'event_key', 'event_id', 'user_id', 'session_id', 'is_derived_session', 'video_id',
    'event_name', 'event_at', 'position_seconds', 'from_time_seconds', 'playback_rate',
    'visibility', 'device', 'device_os', 'app_version', 'country', 'source_file',
    'event_rank', 'event_sequence_number', 'previous_event_name', 'previous_event_at',
    'previous_position_seconds', 'previous_playback_rate', 'previous_visibility',
    'previous_non_seek_event_name', 'previous_stop_position_seconds', 'is_opener',
    'is_closer', 'previous_is_opener'
] %}

sequenced as (

    select
        *,
        coalesce(lag(is_opener) over ({{ spec_order }}), false) as previous_is_opener
    from with_roles

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from sequenced
    {%- if is_incremental() %}

        union all

        -- a partition the parent emptied gets a marker row (finish_partition_rewrite drops it)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'sequenced') }}
    {%- endif %}

)

select * from final
