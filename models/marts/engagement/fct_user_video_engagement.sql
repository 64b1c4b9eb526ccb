-- One row per user and video (SPEC 6): how much of this video did this user really watch.
-- Sums the user's views (fct_video_views, so a view is defined once) and takes unique
-- seconds from the merged intervals across all sessions (SPEC 5.5).

with views as (

    -- native player views: the only format with users and positions (SPEC 5.9)
    select * from {{ ref('int_video_views_unioned') }}
    where source_format = 'player'

),

intervals as (

    select * from {{ ref('int_watch_intervals_merged') }}

),

videos as (

    select
        video_id,
        title,
        duration_seconds,
        duration_source
    from {{ ref('int_videos_resolved') }}

),

user_video_views as (

    select
        user_id,
        video_id,
        count(*) as session_count,
        sum(watch_seconds) as total_watch_seconds,
        max(watch_seconds) as max_view_watch_seconds,
        sum(foreground_seconds) as foreground_seconds,
        sum(background_seconds) as background_seconds,
        max(max_position_seconds) as max_position_seconds,
        count_if(is_completed) as completion_count,
        sum(pause_count) as pause_count,
        sum(forward_skips) as forward_skips,
        sum(backward_skips) as backward_skips,
        min(started_at) as first_watched_at,
        max(ended_at) as last_watched_at
    from views
    group by user_id, video_id

),

user_video_unique as (

    select
        user_id,
        video_id,
        sum(interval_seconds) as unique_seconds_watched
    from intervals
    group by user_id, video_id

),

joined as (

    select
        user_video_views.*,
        coalesce(user_video_unique.unique_seconds_watched, 0.0) as unique_seconds_watched,
        videos.duration_seconds,
        videos.duration_source,
        videos.title
    from user_video_views
    left join user_video_unique
        on user_video_views.user_id = user_video_unique.user_id
            and user_video_views.video_id = user_video_unique.video_id
    left join videos
        on user_video_views.video_id = videos.video_id

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
    from joined

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
