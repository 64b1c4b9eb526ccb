-- Popular videos: which videos people watch, and how far. One row per video, most viewed
-- first. Run with: dbt show --select popular_videos --limit 20
-- (or `dbt compile --select popular_videos` and paste target/compiled/... into any client).

with videos as (

    select * from {{ ref('dim_videos') }}

),

final as (

    select
        video_id,
        title,
        genre,
        channel_id,
        duration_seconds,
        valid_view_count,
        unique_viewer_count,
        unique_completer_count,
        round(total_watch_seconds / 3600.0, 2) as total_watch_hours,
        avg_completion_percentage,
        completion_rate_percentage,
        dropoff_rate_percentage,
        rank() over (order by valid_view_count desc, total_watch_seconds desc) as popularity_rank
    from videos
    where view_count > 0

)

select * from final
order by popularity_rank, video_id
