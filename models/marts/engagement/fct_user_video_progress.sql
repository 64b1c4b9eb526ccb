-- Resume watching (SPEC 6): where each user left each video. Grain: user x video.
-- The resume position is the position of the user's latest event on the video, across all
-- sessions, i.e. the last position of their most recent view (int_user_videos_aggregated).

with user_videos as (

    select * from {{ ref('int_user_videos_aggregated') }}

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['user_id', 'video_id']) }} as user_video_id,
        user_id,
        video_id,
        resume_position_seconds,
        duration_seconds,
        {{ percentage_of_duration(
            'resume_position_seconds', 'duration_seconds', cap_at_duration=true
        ) }} as progress_percentage,
        completion_count > 0 as is_completed_at_least_once,
        session_count,
        first_watched_at,
        last_watched_at
    from user_videos

)

select * from final
