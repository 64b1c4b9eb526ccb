-- SPEC 6 retention: the measures of every position bucket of every video with a known
-- duration, for both bucket kinds ('segment' and 'percent'); both retention marts select
-- their kind from here. Definitions of each measure in _int_engagement_buckets__models.yml.
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

intervals as (

    select * from {{ ref('int_watch_intervals_bucketed') }}

),

deltas as (

    -- a difference array: each interval adds at most six rows, whatever its length.
    --   count_delta    +1 where a view's (viewer's) counting range starts, -1 after it ends
    --   full_delta     +1 at the first bucket the interval fills, -1 after the last
    --   point_seconds  the partial coverage of its first and last bucket
    -- A running sum over the buckets turns deltas into per-bucket counts and seconds.
    select
        intervals.bucket_kind,
        intervals.video_id,
        intervals.interval_kind,
        count_deltas.bucket_number,
        count_deltas.count_delta,
        count_deltas.full_delta,
        count_deltas.point_seconds
    from intervals
        lateral view inline(array(
            named_struct(
                'bucket_number', counted_from_bucket,
                'count_delta', 1, 'full_delta', 0, 'point_seconds', 0.0D
            ),
            named_struct(
                'bucket_number', last_touched_bucket + 1,
                'count_delta', -1, 'full_delta', 0, 'point_seconds', 0.0D
            )
        )) count_deltas
    where intervals.interval_kind in ('merged', 'viewer_merged')
        and intervals.counted_from_bucket <= intervals.last_touched_bucket

    union all

    select
        intervals.bucket_kind,
        intervals.video_id,
        intervals.interval_kind,
        seconds_deltas.bucket_number,
        seconds_deltas.count_delta,
        seconds_deltas.full_delta,
        seconds_deltas.point_seconds
    from intervals
        lateral view inline(array(
            named_struct(
                'bucket_number', first_bucket,
                'count_delta', 0, 'full_delta', 0, 'point_seconds', first_bucket_seconds
            ),
            named_struct(
                'bucket_number', case when last_bucket > first_bucket then last_bucket end,
                'count_delta', 0, 'full_delta', 0, 'point_seconds', last_bucket_seconds
            ),
            named_struct(
                'bucket_number',
                case when last_bucket - first_bucket >= 2 then first_bucket + 1 end,
                'count_delta', 0, 'full_delta', 1, 'point_seconds', 0.0D
            ),
            named_struct(
                'bucket_number',
                case when last_bucket - first_bucket >= 2 then last_bucket end,
                'count_delta', 0, 'full_delta', -1, 'point_seconds', 0.0D
            )
        )) seconds_deltas
    where intervals.interval_kind in ('counted', 'viewer_merged')

),

bucket_deltas as (

    select
        bucket_kind,
        video_id,
        bucket_number,
        sum(case when interval_kind = 'merged' then count_delta else 0 end) as view_delta,
        sum(case when interval_kind = 'viewer_merged' then count_delta else 0 end)
            as viewer_delta,
        sum(case when interval_kind = 'counted' then full_delta else 0 end)
            as watch_full_delta,
        {{ exact_sum("case when interval_kind = 'counted' then point_seconds else 0.0 end") }}
            as watch_point_seconds,
        sum(case when interval_kind = 'viewer_merged' then full_delta else 0 end)
            as unique_full_delta,
        {{ exact_sum("case when interval_kind = 'viewer_merged' then point_seconds else 0.0 end") }}
            as unique_point_seconds
    from deltas
    where bucket_number is not null
    group by bucket_kind, video_id, bucket_number

),

rewatch_coverage as (

    -- only intervals of views that replayed something fan out, one row per bucket reached
    select
        interval_kind,
        user_id,
        session_id,
        bucket_kind,
        video_id,
        bucket_number,
        least(end_seconds, (bucket_number + 1) * bucket_width_seconds)
        - greatest(start_seconds, bucket_number * bucket_width_seconds) as covered_seconds
    from intervals
        lateral view explode(sequence(first_bucket, last_bucket)) reached as bucket_number
    where is_of_rewatching_view

),

rewatch_view_buckets as (

    select
        bucket_kind,
        video_id,
        bucket_number,
        {{ exact_sum("case when interval_kind = 'counted' then covered_seconds else 0.0 end") }}
        > {{ exact_sum("case when interval_kind = 'merged' then covered_seconds else 0.0 end") }}
        + 0.000001 as is_rewatched
    from rewatch_coverage
    group by bucket_kind, user_id, session_id, video_id, bucket_number

),

bucket_rewatches as (

    select
        bucket_kind,
        video_id,
        bucket_number,
        count_if(is_rewatched) as rewatch_view_count
    from rewatch_view_buckets
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
        coalesce(bucket_rewatches.rewatch_view_count, 0) as rewatch_view_count,
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
    left join bucket_rewatches
        on buckets.bucket_kind = bucket_rewatches.bucket_kind
            and buckets.video_id = bucket_rewatches.video_id
            and buckets.bucket_number = bucket_rewatches.bucket_number
    window running as (
        partition by buckets.bucket_kind, buckets.video_id
        order by buckets.bucket_number
        rows between unbounded preceding and current row
    )

)

select * from final
