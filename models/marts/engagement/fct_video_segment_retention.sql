-- Retention curve and drop-off per video in fixed segments of var('segment_seconds')
-- (SPEC 6). Grain: video x segment (half-open [segment_start_seconds, segment_end_seconds)).
-- Definitions in the video_retention_by_bucket macro.

with buckets as (

    {{ video_retention_by_bucket('segment') }}

),

final as (

    select
        video_id,
        bucket_number as segment_number,
        bucket_start_seconds as segment_start_seconds,
        bucket_end_seconds as segment_end_seconds,
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
