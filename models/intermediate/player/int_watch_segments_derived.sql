{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'user_id') }}",
) }}

-- SPEC 5.3 and 5.8: watched segments. For each pair of consecutive events in a stream where
-- the previous one opens and the current one closes, the player played from the previous
-- position to the current one (to the seek's fromTime for a seek). A segment counts only if
-- it moves forward, is shorter than max_segment_seconds and is plausible against wall time.
-- Grain: one row per (opener, closer) pair, keyed by stream and the closing event's number.
-- Incremental (SPEC 9.1) like int_player_events_sequenced: partition by partition.

{%- set rewritten_predicate = changed_partitions_predicate(ref('int_player_events_sequenced')) %}

with events as (

    select * from {{ ref('int_player_events_sequenced') }}
    where {{ rewritten_predicate }}

),

pairs as (

    select
        user_id,
        session_id,
        video_id,
        event_sequence_number as closing_event_sequence_number,
        previous_event_name as opening_event_name,
        event_name as closing_event_name,
        previous_event_at as started_at,
        event_at as ended_at,
        previous_position_seconds as start_position_seconds,
        case
            when event_name = 'seek' then from_time_seconds
            else position_seconds
        end as end_position_seconds,
        previous_playback_rate as playback_rate,
        -- SPEC 5.8: a segment's seconds belong to the opener's visibility
        previous_visibility as visibility,
        session_date
    from events
    where previous_is_opener and is_closer

),

measured as (

    select
        *,
        end_position_seconds - start_position_seconds as position_delta_seconds,
        {{ epoch_seconds('ended_at') }} - {{ epoch_seconds('started_at') }} as wall_seconds
    from pairs

),

classified as (

    select
        *,
        case
            when end_position_seconds is null then 'seek_without_from_time'
            when position_delta_seconds <= 0 then 'not_forward'
            when position_delta_seconds >= {{ var('max_segment_seconds') }} then 'too_long'
            when position_delta_seconds > wall_seconds * greatest(playback_rate, 1.0)
                + {{ var('plausibility_tolerance_seconds') }}
                then 'implausible'
            else 'counted'
        end as segment_status
    from measured

),

{%- set columns = [
    'user_id', 'session_id', 'video_id', 'closing_event_sequence_number',
    'opening_event_name', 'closing_event_name', 'started_at', 'ended_at',
    'start_position_seconds', 'end_position_seconds', 'position_delta_seconds',
    'wall_seconds', 'playback_rate', 'visibility', 'segment_status', 'is_counted',
    'watch_seconds'
] %}

segments as (

    select
        *,
        segment_status = 'counted' as is_counted,
        case when segment_status = 'counted' then position_delta_seconds else 0.0 end
            as watch_seconds
    from classified

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from segments
    {%- if is_incremental() %}

        union all

        -- a partition the parent emptied gets a marker row (finish_partition_rewrite drops it)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'segments') }}
    {%- endif %}

)

select * from final
