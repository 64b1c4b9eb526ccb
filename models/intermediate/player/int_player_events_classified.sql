-- The two SPEC 4 rules that need more than the line itself, applied to the typed player
-- events: position_exceeds_duration (the catalog's duration plus a tolerance) and duplicate
-- (an earlier copy of the same event; the copy kept is the earliest, see
-- first_copy_quarantine_reason). A null quarantine_reason is a valid, first-seen event:
-- int_player_events_sessionized takes those, int_quarantined_lines_unioned the others.
-- Grain: one row per typed event line (stg_player__events).

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

with events as (

    select * from {{ ref('stg_player__events') }}

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
        case
            when {{ furthest_position('events.position_seconds', 'events.from_time_seconds') }}
                > video_catalog.duration_seconds + {{ var('position_tolerance_seconds') }}
                then 'position_exceeds_duration'
        end as validation_reason
    from events
    left join video_catalog
        on events.video_id = video_catalog.video_id

),

classified as (

    -- SPEC 4 duplicate: same eventId as an earlier row; without eventId the same user,
    -- session, video, event name, instant and position
    select
        *,
        {{ first_copy_quarantine_reason([
            "event_id", copy_key_without_event_id
        ]) }} as quarantine_reason
    from validated

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
        loaded_at
    from classified

)

select * from final
