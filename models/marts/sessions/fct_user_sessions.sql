-- One row per user session, over every format that has users (SPEC 6, 5.9): native player
-- sessions and StreamPro app sessions, numbered per user across formats, with the first
-- session, 30 s reach, drop-off and 3-day retention flags. Defined in
-- int_user_sessions_sequenced; this mart publishes it. Grain: user x session x source_format.

with sessions as (

    select * from {{ ref('int_user_sessions_sequenced') }}

),

final as (

    select
        user_session_id,
        source_format,
        user_id,
        session_id,
        account_id,
        session_started_at,
        session_ended_at,
        session_duration_seconds,
        watch_seconds,
        video_count,
        first_video_id,
        first_video_genre,
        event_count,
        heart_count,
        like_count,
        has_reaction,
        has_first_login,
        device,
        device_os,
        app_version,
        network_type,
        country,
        session_number,
        is_first_session,
        has_reached_30s,
        is_dropoff,
        next_session_started_at,
        hours_to_next_session,
        is_retained_3d
    from sessions

)

select * from final
