-- One row per user and video: the user's views of the video summed once, for the
-- engagement mart (SPEC 5.7) and the resume-watching mart (SPEC 6). Native player views
-- only: the only format with users and positions (SPEC 5.9). Unique seconds come from the
-- user's merged intervals across all sessions (SPEC 5.5), not from a sum over views.

with views as (

    select * from {{ ref('int_video_views_unioned') }}
    where source_format = 'player'

),

intervals as (

    select
        user_id,
        video_id,
        interval_seconds
    from {{ ref('int_watch_intervals_merged') }}

),

videos as (

    select
        video_id,
        title,
        duration_seconds,
        duration_source
    from {{ ref('int_videos_resolved') }}

),

latest_views as (

    -- the resume point: the last position of the user's most recent view of the video
    select
        user_id,
        video_id,
        last_position_seconds as resume_position_seconds,
        row_number() over (
            partition by user_id, video_id
            order by ended_at desc, started_at desc, session_id desc
        ) as recency_rank
    from views

),

user_video_views as (

    select
        user_id,
        video_id,
        count(*) as session_count,
        {{ exact_sum('watch_seconds') }} as total_watch_seconds,
        max(watch_seconds) as max_view_watch_seconds,
        {{ exact_sum('foreground_seconds') }} as foreground_seconds,
        {{ exact_sum('background_seconds') }} as background_seconds,
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
        {{ exact_sum('interval_seconds') }} as unique_seconds_watched
    from intervals
    group by user_id, video_id

),

final as (

    select
        user_video_views.*,
        coalesce(user_video_unique.unique_seconds_watched, 0.0) as unique_seconds_watched,
        latest_views.resume_position_seconds,
        videos.title,
        videos.duration_seconds,
        videos.duration_source
    from user_video_views
    inner join latest_views
        on user_video_views.user_id = latest_views.user_id
            and user_video_views.video_id = latest_views.video_id
            and latest_views.recency_rank = 1
    left join user_video_unique
        on user_video_views.user_id = user_video_unique.user_id
            and user_video_views.video_id = user_video_unique.video_id
    left join videos
        on user_video_views.video_id = videos.video_id

)

select * from final
