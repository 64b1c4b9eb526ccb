{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'user_id') }}",
) }}

-- SPEC 5.4: skips. At a play or resume the jump is measured from where playback last
-- stopped (latest pause, ended or seek target), so a seek followed by a resume counts once;
-- at a seek it is currentTime - fromTime (without fromTime: minus the previous event's
-- position). Normal playback never moves the playhead between a stop and the next start,
-- so it is never a skip.
-- Grain: one row per skip (a play, resume or seek event whose jump passes a threshold).
-- Incremental (SPEC 9.1) like int_player_events_sequenced: partition by partition.

{%- set rewritten_predicate = changed_partitions_predicate(ref('int_player_events_sequenced')) %}

with events as (

    select * from {{ ref('int_player_events_sequenced') }}
    where event_name in ('play', 'resume', 'seek')
        and {{ rewritten_predicate }}

),

measured as (

    select
        user_id,
        session_id,
        video_id,
        event_sequence_number,
        event_name,
        event_at,
        position_seconds,
        case
            when event_name = 'seek'
                then position_seconds - coalesce(from_time_seconds, previous_position_seconds)
            else position_seconds - previous_stop_position_seconds
        end as skip_delta_seconds,
        session_date
    from events

),

{%- set columns = [
    'user_id', 'session_id', 'video_id', 'event_sequence_number', 'event_name', 'event_at',
    'position_seconds', 'skip_delta_seconds', 'skip_direction'
] %}

directed as (

    select
        *,
        case
            when skip_delta_seconds > {{ var('forward_skip_seconds') }} then 'forward'
            when skip_delta_seconds < -{{ var('backward_skip_seconds') }} then 'backward'
        end as skip_direction
    from measured

),

skips as (

    select * from directed
    where skip_direction is not null

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from skips
    {%- if is_incremental() %}

        union all

        -- a partition left without skips gets a marker row (finish_partition_rewrite drops it)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'skips') }}
    {%- endif %}

)

select * from final
