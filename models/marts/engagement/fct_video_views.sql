-- One row per view: a user watching a video within one session (SPEC 6), of every format.
-- The view and its metrics are defined in int_video_views_unioned; this mart publishes them.

with views as (

    select * from {{ ref('int_video_views_unioned') }}

),

final as (

    select
        view_id,
        source_format,
        user_id,
        session_id,
        video_id,
        is_derived_session,
        started_at,
        ended_at,
        wall_duration_seconds,
        event_count,
        play_count,
        resume_count,
        pause_count,
        seek_count,
        heartbeat_count,
        ended_count,
        counted_segment_count,
        watch_seconds,
        unique_seconds_watched,
        rewatch_seconds,
        foreground_seconds,
        background_seconds,
        max_position_seconds,
        last_position_seconds,
        duration_seconds,
        duration_source,
        completion_percentage,
        is_completed,
        is_valid_view,
        is_dropoff,
        forward_skips,
        backward_skips,
        device,
        device_os,
        app_version,
        country
    from views

)

select * from final
