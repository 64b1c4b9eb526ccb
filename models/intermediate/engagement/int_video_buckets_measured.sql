-- SPEC 6 retention: the measures of every position bucket of every video with a known
-- duration, for both bucket kinds ('segment' and 'percent'); both retention marts select
-- their kind from here. Definitions of each measure in _int_engagement_buckets__models.yml.
-- A running sum over each video's buckets turns the difference array of
-- int_video_bucket_deltas_aggregated (summed over its session_dates) into counts and seconds.
-- Rebuilt whole on every run: a day's views touch most videos, and the deltas it reads are
-- a few rows per bucket and session_date.
-- Grain: one row per bucket kind, video and bucket (half-open [start, end)).

with buckets as (

    select
        bucket_kind,
        video_id,
        bucket_number,
        bucket_start_seconds,
        bucket_end_seconds,
        bucket_width_seconds,
        video_viewer_count,
        exit_count
    from {{ ref('int_video_buckets_enumerated') }}

),

bucket_deltas as (

    -- the deltas of every session_date added up: each is a sum over views (or viewers'
    -- unions), so the total is the video's; point seconds are exact decimals until here
    select
        bucket_kind,
        video_id,
        bucket_number,
        sum(view_delta) as view_delta,
        sum(viewer_delta) as viewer_delta,
        sum(watch_full_delta) as watch_full_delta,
        cast(sum(watch_point_seconds) as double) as watch_point_seconds,
        sum(unique_full_delta) as unique_full_delta,
        cast(sum(unique_point_seconds) as double) as unique_point_seconds,
        sum(rewatch_view_count) as rewatch_view_count
    from {{ ref('int_video_bucket_deltas_aggregated') }}
    group by bucket_kind, video_id, bucket_number

),

final as (

    select
        buckets.bucket_kind,
        buckets.video_id,
        buckets.bucket_number,
        buckets.bucket_start_seconds,
        buckets.bucket_end_seconds,
        sum(coalesce(bucket_deltas.view_delta, 0)) over running as view_count,
        sum(coalesce(bucket_deltas.viewer_delta, 0)) over running as unique_viewer_count,
        coalesce(bucket_deltas.rewatch_view_count, 0) as rewatch_view_count,
        coalesce(bucket_deltas.watch_point_seconds, 0.0)
        + sum(coalesce(bucket_deltas.watch_full_delta, 0)) over running
        * buckets.bucket_width_seconds as watch_seconds,
        coalesce(bucket_deltas.unique_point_seconds, 0.0)
        + sum(coalesce(bucket_deltas.unique_full_delta, 0)) over running
        * buckets.bucket_width_seconds as unique_seconds_watched,
        round(
            sum(coalesce(bucket_deltas.viewer_delta, 0)) over running
            / nullif(buckets.video_viewer_count, 0) * 100,
            2
        ) as retention_percentage,
        buckets.exit_count
    from buckets
    left join bucket_deltas
        on buckets.bucket_kind = bucket_deltas.bucket_kind
            and buckets.video_id = bucket_deltas.video_id
            and buckets.bucket_number = bucket_deltas.bucket_number
    window running as (
        partition by buckets.bucket_kind, buckets.video_id
        order by buckets.bucket_number
        rows between unbounded preceding and current row
    )

)

select * from final
