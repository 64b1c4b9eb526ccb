{{ config(materialized='view') }}

-- noqa: disable=CP02
-- (camelCase column names are the point of this view)

-- Compatibility view with the camelCase columns of the original Databricks job's output
-- (SPEC 6), so existing dashboards keep working. No metric is computed here.

with engagement as (

    select * from {{ ref('fct_user_video_engagement') }}

),

final as (

    select
        user_id as userId,
        video_id as videoId,
        title as videoTitle,
        duration_seconds as videoDuration,
        total_watch_seconds as totalWatchTime,
        unique_seconds_watched as totalUniqueSecondsWatched,
        rewatch_seconds as rewatchTime,
        max_position_seconds as maxPosition,
        watch_percentage as watchPercentage,
        completion_percentage as completionPercentage,
        unique_watch_percentage as uniqueWatchPercentage,
        session_count as sessionCount,
        completion_count as completionCount,
        pause_count as totalPauses,
        avg_pauses_per_session as avgPausesPerSession,
        avg_watch_seconds_per_session as avgWatchTimePerSession,
        forward_skips as totalForwardSkips,
        backward_skips as totalBackwardSkips,
        first_watched_at as firstWatchedAt,
        last_watched_at as lastWatchedAt,
        is_replay as isReplay,
        is_completed_at_least_once as isCompletedAtLeastOnce,
        is_fully_watched as isFullyWatched,
        engagement_score as engagementScore,
        engagement_tier as engagementTier,
        data_quality_flag as dataQualityFlag
    from engagement

)

select * from final
