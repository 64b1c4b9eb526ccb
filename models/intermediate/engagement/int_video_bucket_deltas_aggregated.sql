{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'bucket_kind') }}",
) }}

-- SPEC 6 retention: the bucketed intervals of one session_date reduced to a difference array
-- per bucket kind, video and bucket, plus the views that rewatched each bucket. Every measure
-- here is a sum over views (or viewers' through - before unions, int_watch_intervals_bucketed)
-- so the measures of a bucket are the sums over all session_dates, which
-- int_video_buckets_measured adds up and turns into per-bucket counts and seconds.
--   view_delta        +1 where a view's counting range starts, -1 after it ends
--   viewer_delta      the same for viewers' unions (through counts, before counts negated)
--   *_full_delta      +1 at the first bucket an interval fills, -1 after the last
--   *_point_seconds   the partial coverage of first and last buckets, exact decimals
--                     (exact_seconds), summed: the last step casts them to doubles
-- Grain: one row per session_date, bucket kind, video and bucket with a delta or a rewatch.
-- Incremental (SPEC 9.1), partitioned by session_date: a partition is computed from the same
-- partition of int_watch_intervals_bucketed alone, so a run rewrites the partitions it
-- rewrote (changed_partitions_predicate).

{%- set rewritten_predicate = changed_partitions_predicate(ref('int_watch_intervals_bucketed')) %}

with intervals as (

    select
        *,
        case when interval_kind = 'viewer_before' then -1 else 1 end as sign,
        interval_kind != 'counted' and counted_from_bucket <= last_touched_bucket
            as has_counting_range,
        interval_kind != 'merged' as has_seconds
    from {{ ref('int_watch_intervals_bucketed') }}
    where {{ rewritten_predicate }}

),

deltas as (

    -- each interval adds at most six rows, whatever its length, in one pass over it: a
    -- view's or viewer's counting range (+1 where it starts, -1 after it ends; counted
    -- segments have none), then the seconds (merged intervals have none): the partial
    -- first and last buckets, and +1 / -1 around the full buckets between them
    select
        intervals.session_date,
        intervals.bucket_kind,
        intervals.video_id,
        intervals.interval_kind,
        interval_deltas.bucket_number,
        interval_deltas.count_delta * intervals.sign as count_delta,
        interval_deltas.full_delta * intervals.sign as full_delta,
        interval_deltas.point_seconds
    from intervals
        lateral view inline(array(
            named_struct(
                'bucket_number', case when has_counting_range then counted_from_bucket end,
                'count_delta', 1, 'full_delta', 0, 'point_seconds', 0.0D
            ),
            named_struct(
                'bucket_number', case when has_counting_range then last_touched_bucket + 1 end,
                'count_delta', -1, 'full_delta', 0, 'point_seconds', 0.0D
            ),
            named_struct(
                'bucket_number', case when has_seconds then first_bucket end,
                'count_delta', 0, 'full_delta', 0, 'point_seconds', first_bucket_seconds
            ),
            named_struct(
                'bucket_number',
                case when has_seconds and last_bucket > first_bucket then last_bucket end,
                'count_delta', 0, 'full_delta', 0, 'point_seconds', last_bucket_seconds
            ),
            named_struct(
                'bucket_number',
                case when has_seconds and last_bucket - first_bucket >= 2 then first_bucket + 1 end,
                'count_delta', 0, 'full_delta', 1, 'point_seconds', 0.0D
            ),
            named_struct(
                'bucket_number',
                case when has_seconds and last_bucket - first_bucket >= 2 then last_bucket end,
                'count_delta', 0, 'full_delta', -1, 'point_seconds', 0.0D
            )
        )) interval_deltas

),

bucket_deltas as (

    select
        session_date,
        bucket_kind,
        video_id,
        bucket_number,
        sum(case when interval_kind = 'merged' then count_delta else 0 end) as view_delta,
        sum(case when interval_kind like 'viewer%' then count_delta else 0 end)
            as viewer_delta,
        sum(case when interval_kind = 'counted' then full_delta else 0 end)
            as watch_full_delta,
        sum(
            case
                when interval_kind = 'counted' then {{ exact_seconds('point_seconds') }}
                else 0
            end
        ) as watch_point_seconds,
        sum(case when interval_kind like 'viewer%' then full_delta else 0 end)
            as unique_full_delta,
        -- a viewer's "before" union is subtracted, after the exact decimal is taken
        sum(
            case
                when interval_kind = 'viewer_through' then {{ exact_seconds('point_seconds') }}
                when interval_kind = 'viewer_before' then -{{ exact_seconds('point_seconds') }}
                else 0
            end
        ) as unique_point_seconds,
        cast(0 as bigint) as rewatch_view_count
    from deltas
    where bucket_number is not null
    group by session_date, bucket_kind, video_id, bucket_number

),

rewatch_coverage as (

    -- only intervals of views that replayed something fan out, one row per bucket reached
    select
        session_date,
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
        session_date,
        bucket_kind,
        video_id,
        bucket_number,
        {{ exact_sum("case when interval_kind = 'counted' then covered_seconds else 0.0 end") }}
        > {{ exact_sum("case when interval_kind = 'merged' then covered_seconds else 0.0 end") }}
        + 0.000001 as is_rewatched
    from rewatch_coverage
    group by session_date, bucket_kind, user_id, session_id, video_id, bucket_number

),

bucket_rewatches as (

    select
        session_date,
        bucket_kind,
        video_id,
        bucket_number,
        0 as view_delta,
        0 as viewer_delta,
        0 as watch_full_delta,
        cast(0 as decimal(28, 6)) as watch_point_seconds,
        0 as unique_full_delta,
        cast(0 as decimal(28, 6)) as unique_point_seconds,
        count_if(is_rewatched) as rewatch_view_count
    from rewatch_view_buckets
    group by session_date, bucket_kind, video_id, bucket_number

),

{%- set columns = [
    'bucket_kind', 'video_id', 'bucket_number', 'view_delta', 'viewer_delta',
    'watch_full_delta', 'watch_point_seconds', 'unique_full_delta', 'unique_point_seconds',
    'rewatch_view_count'
] %}

bucket_measures as (

    select
        session_date,
        bucket_kind,
        video_id,
        bucket_number,
        sum(view_delta) as view_delta,
        sum(viewer_delta) as viewer_delta,
        sum(watch_full_delta) as watch_full_delta,
        sum(watch_point_seconds) as watch_point_seconds,
        sum(unique_full_delta) as unique_full_delta,
        sum(unique_point_seconds) as unique_point_seconds,
        sum(rewatch_view_count) as rewatch_view_count
    from (
        select * from bucket_deltas
        union all
        select * from bucket_rewatches
    ) as measures
    group by session_date, bucket_kind, video_id, bucket_number

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from bucket_measures
    {%- if is_incremental() %}

        union all

        -- a partition left without deltas gets a marker row (finish_partition_rewrite)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'bucket_measures') }}
    {%- endif %}

)

select * from final
