-- Typed and deduplicated browser-extension events (SPEC 3.3, 4): the lines of
-- base_extension__event_lines that broke no rule. Grain: one row per distinct event.

with event_lines as (

    select * from {{ ref('base_extension__event_lines') }}

),

final as (

    select
        line_key as event_key,
        event_id,
        event_type,
        event_at,
        client_session_id,
        tab_id,
        video_id,
        video_session_id,
        channel_id,
        channel_name,
        watch_seconds,
        watch_mode,
        is_visible,
        position_seconds,
        playback_rate,
        source_file,
        load_batch
    from event_lines
    where quarantine_reason is null

)

select * from final
