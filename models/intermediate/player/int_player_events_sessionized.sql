-- SPEC 5.2: every staged event gets a session. A client sessionId is kept, scoped to its
-- user (the key is user + session). Events without one are sessionized per user: a new
-- session starts when the gap to the user's previous sessionless event is above
-- session_gap_minutes; its id is derived from its first event's instant.
-- Grain: one row per staged event.

with events as (

    select * from {{ ref('int_player_events_classified') }}
    where quarantine_reason is null

),

client_sessions as (

    select
        *,
        client_session_id as session_id,
        false as is_derived_session
    from events
    where client_session_id is not null

),

sessionless_events as (

    select
        *,
        lag(event_at) over (
            partition by user_id
            order by event_at, event_key
        ) as previous_event_at
    from events
    where client_session_id is null

),

sessionless_flagged as (

    select
        *,
        case
            when previous_event_at is null then 1
            when {{ epoch_seconds('event_at') }} - {{ epoch_seconds('previous_event_at') }}
                > {{ var('session_gap_minutes') }} * 60
                then 1
            else 0
        end as starts_new_session
    from sessionless_events

),

sessionless_numbered as (

    select
        *,
        sum(starts_new_session) over (
            partition by user_id
            order by event_at, event_key
            rows between unbounded preceding and current row
        ) as derived_session_number
    from sessionless_flagged

),

derived_sessions as (

    select
        *,
        -- deterministic: the same events always give the same id
        concat(
            'derived-',
            cast(
                unix_micros(min(event_at) over (
                    partition by user_id, derived_session_number
                )) as string
            )
        ) as session_id,
        true as is_derived_session
    from sessionless_numbered

),

final as (

    {%- set columns = [
        'event_key', 'event_id', 'user_id', 'session_id', 'is_derived_session', 'video_id',
        'event_name', 'event_at', 'position_seconds', 'from_time_seconds', 'playback_rate',
        'visibility', 'device', 'device_os', 'app_version', 'country', 'source_file'
    ] %}

    select
        {{ columns | join(',\n        ') }}
    from client_sessions

    union all

    select
        {{ columns | join(',\n        ') }}
    from derived_sessions

)

select * from final
