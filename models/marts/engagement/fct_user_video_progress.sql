-- Resume watching (SPEC 6): where each user left each video. Grain: user x video.
-- The resume position is the position of the user's latest event on the video, across all
-- sessions (SPEC 6), i.e. the last position of their most recent view.

with views as (

    -- native player views: the only format with users and positions (SPEC 5.9)
    select * from {{ ref('int_video_views_unioned') }}
    where source_format = 'player'

),

latest_view as (

    select
        user_id,
        video_id,
        last_position_seconds,
        ended_at,
        row_number() over (
            partition by user_id, video_id
            order by ended_at desc, started_at desc, session_id desc
        ) as recency_rank
    from views

),

user_video as (

    select
        user_id,
        video_id,
        max(duration_seconds) as duration_seconds,
        bool_or(is_completed) as is_completed,
        min(started_at) as first_watched_at,
        max(ended_at) as last_watched_at,
        count(*) as session_count
    from views
    group by user_id, video_id

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['user_video.user_id', 'user_video.video_id']) }}
            as user_video_id,
        user_video.user_id,
        user_video.video_id,
        latest_view.last_position_seconds as resume_position_seconds,
        user_video.duration_seconds,
        {{ percentage_of_duration(
            'latest_view.last_position_seconds', 'user_video.duration_seconds',
            cap_at_duration=true
        ) }} as progress_percentage,
        user_video.is_completed,
        user_video.session_count,
        user_video.first_watched_at,
        user_video.last_watched_at
    from user_video
    inner join latest_view
        on user_video.user_id = latest_view.user_id
            and user_video.video_id = latest_view.video_id
            and latest_view.recency_rank = 1

)

select * from final
