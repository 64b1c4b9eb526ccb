-- One row per user and video (SPEC 6): how much of this video did this user really watch.
-- The user's views are summed once in int_user_videos_aggregated (unique seconds from the
-- merged intervals across all sessions, SPEC 5.5); this mart derives the percentages, the
-- engagement score, tier and data-quality flag (SPEC 5.7).

with user_videos as (

    select * from {{ ref('int_user_videos_aggregated') }}

),

measured as (

    select
        *,
        total_watch_seconds - unique_seconds_watched as rewatch_seconds,
        {{ percentage_of_duration('total_watch_seconds', 'duration_seconds') }}
            as watch_percentage,
        {{ percentage_of_duration(
            'max_position_seconds', 'duration_seconds', cap_at_duration=true
        ) }}
            as completion_percentage,
        {{ percentage_of_duration(
            'unique_seconds_watched', 'duration_seconds', cap_at_duration=true
        ) }}
            as unique_watch_percentage,
        {{ engagement_score(
            'total_watch_seconds', 'completion_count', 'session_count',
            '(forward_skips + backward_skips)'
        ) }} as engagement_score
    from user_videos

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['user_id', 'video_id']) }} as user_video_id,
        user_id,
        video_id,
        title,
        duration_seconds,
        duration_source,
        total_watch_seconds,
        unique_seconds_watched,
        rewatch_seconds,
        foreground_seconds,
        background_seconds,
        max_position_seconds,
        watch_percentage,
        completion_percentage,
        unique_watch_percentage,
        session_count,
        completion_count,
        pause_count,
        forward_skips,
        backward_skips,
        round(pause_count / session_count, 2) as avg_pauses_per_session,
        round(total_watch_seconds / session_count, 2) as avg_watch_seconds_per_session,
        first_watched_at,
        last_watched_at,
        session_count > 1 as is_replay,
        completion_count > 0 as is_completed_at_least_once,
        -- SPEC 5.6: unique coverage reaches the completion threshold
        {{ is_completed('unique_seconds_watched', 'duration_seconds') }} as is_fully_watched,
        engagement_score,
        {{ engagement_tier('engagement_score') }} as engagement_tier,
        {{ data_quality_flag(
            'max_view_watch_seconds', 'total_watch_seconds', 'completion_count',
            'watch_percentage', 'duration_seconds'
        ) }} as data_quality_flag
    from measured

)

select * from final
