-- Typed, normalized and deduplicated native player events (SPEC 3.1, 4): the lines of
-- stg_player__event_lines that broke no rule. Grain: one row per distinct event.

with event_lines as (

    select * from {{ ref('stg_player__event_lines') }}

),

final as (

    select
        line_key as event_key,
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
        source_file
    from event_lines
    where quarantine_reason is null

)

select * from final
