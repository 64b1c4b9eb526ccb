-- Retention curve and drop-off per video in 100 buckets of 1 % of its duration, so videos
-- of different lengths compare (SPEC 6). Grain: video x percent bucket (0..99).
-- Definitions in the video_retention_by_bucket macro.

with buckets as (

    {{ video_retention_by_bucket('percent') }}

),

final as (

    select
        video_id,
        bucket_number as percent_bucket,
        bucket_start_seconds,
        bucket_end_seconds,
        view_count,
        unique_viewer_count,
        rewatch_view_count,
        watch_seconds,
        unique_watch_seconds,
        retention_percentage,
        dropoff_count
    from buckets

)

select * from final
