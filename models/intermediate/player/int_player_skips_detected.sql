-- SPEC 5.4: skips. At a play or resume the jump is measured from where playback last
-- stopped (latest pause, ended or seek target), so a seek followed by a resume counts once;
-- at a seek it is currentTime - fromTime (without fromTime: minus the previous event's
-- position). Normal playback never moves the playhead between a stop and the next start,
-- so it is never a skip.
-- Grain: one row per skip (a play, resume or seek event whose jump passes a threshold).

with events as (

    select * from {{ ref('int_player_events_sequenced') }}
    where event_name in ('play', 'resume', 'seek')

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
        end as skip_delta_seconds
    from events

),

final as (

    select
        *,
        case
            when skip_delta_seconds > {{ var('forward_skip_seconds') }} then 'forward'
            when skip_delta_seconds < -{{ var('backward_skip_seconds') }} then 'backward'
        end as skip_direction
    from measured

)

select * from final
where skip_direction is not null
