-- Retention curve and exits per video in fixed segments of var('segment_seconds') (SPEC 6).
-- Grain: video x segment (half-open [segment_start_seconds, segment_end_seconds)).
-- Measures defined in int_video_buckets_measured, shared with fct_video_percent_retention.

with segments as (

    select * from {{ ref('int_video_buckets_measured') }}
    where bucket_kind = 'segment'

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
        unique_seconds_watched,
        retention_percentage,
        exit_count
    from segments

)

select * from final
