-- Typed and deduplicated StreamPro app events (SPEC 3.2, 4), `ip` dropped: the lines of
-- base_streampro__event_lines that broke no rule. Grain: one row per distinct event.

with event_lines as (

    select * from {{ ref('base_streampro__event_lines') }}

),

final as (

    select
        line_key as event_key,
        account_id,
        user_id,
        session_id,
        video_id,
        event_name,
        event_at,
        watch_seconds,
        device,
        device_os,
        app_version,
        network_type,
        country,
        source_file
    from event_lines
    where quarantine_reason is null

)

select * from final
