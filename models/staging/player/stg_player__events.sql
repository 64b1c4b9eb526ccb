-- Typed, normalized native player events (SPEC 3.1): the lines of base_player__event_lines
-- that break none of the rules a line can break on its own (SPEC 4). Duplicates and
-- positions beyond the catalog's duration are still here: int_player_events_classified
-- applies those two rules, which need other lines and the catalog.
-- Grain: one row per raw line that is a well-formed event.

with event_lines as (

    select * from {{ ref('base_player__event_lines') }}

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
        source_file,
        load_batch,
        raw_line,
        loaded_at
    from event_lines
    where quarantine_reason is null

)

select * from final
