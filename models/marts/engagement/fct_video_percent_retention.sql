-- Retention curve and exits per video in 100 buckets of 1 % of its duration, so videos of
-- different lengths compare (SPEC 6). Grain: video x percent bucket (0..99).
-- Measures defined in int_video_buckets_measured, shared with fct_video_segment_retention.

with percent_buckets as (

    select * from {{ ref('int_video_buckets_measured') }}
    where bucket_kind = 'percent'

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
        unique_seconds_watched,
        retention_percentage,
        exit_count
    from percent_buckets

)

select * from final
