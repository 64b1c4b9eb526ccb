-- SPEC 6 retention: every watched interval cut into the position buckets of both bucket
-- kinds (retention_bucket_sizes), as the range of buckets it reaches rather than one row per
-- bucket, so the retention measures cost grows with intervals, not intervals x buckets.
-- Three kinds of interval, all clipped at the duration:
--   merged         one view's merged watched intervals (int_view_intervals_merged)
--   viewer_merged  one viewer's union over all their views (int_watch_intervals_merged)
--   counted        the counted segments, replays included (int_watch_segments_derived)
-- Grain: one row per bucket kind and interval (interval kind, user, session, video, number).

with videos as (

    select
        video_id,
        duration_seconds
    from {{ ref('int_videos_resolved') }}

),

bucket_sizes as (

    {{ retention_bucket_sizes('videos') }}

),

rewatching_views as (

    select
        user_id,
        session_id,
        video_id
    from {{ ref('int_video_views_unioned') }}
    where source_format = 'player' and rewatch_seconds > 0.000001

),

intervals as (

    select
        'merged' as interval_kind,
        user_id,
        session_id,
        video_id,
        interval_number,
        interval_start_seconds as start_seconds,
        interval_end_seconds as end_seconds
    from {{ ref('int_view_intervals_merged') }}

    union all

    select
        'viewer_merged' as interval_kind,
        user_id,
        cast(null as string) as session_id,
        video_id,
        interval_number,
        interval_start_seconds as start_seconds,
        interval_end_seconds as end_seconds
    from {{ ref('int_watch_intervals_merged') }}

    union all

    select
        'counted' as interval_kind,
        user_id,
        session_id,
        video_id,
        closing_event_sequence_number as interval_number,
        start_position_seconds as start_seconds,
        end_position_seconds as end_seconds
    from {{ ref('int_watch_segments_derived') }}
    where is_counted

),

clipped_intervals as (

    -- positions may run past the duration (SPEC 4 tolerates var('position_tolerance_seconds'))
    -- so every interval is clipped at it: the buckets add up to the seconds within the duration
    select
        bucket_sizes.bucket_kind,
        intervals.interval_kind,
        intervals.user_id,
        intervals.session_id,
        intervals.video_id,
        intervals.interval_number,
        intervals.start_seconds,
        least(intervals.end_seconds, bucket_sizes.duration_seconds) as end_seconds,
        bucket_sizes.bucket_width_seconds,
        bucket_sizes.bucket_count
    from intervals
    inner join bucket_sizes
        on intervals.video_id = bucket_sizes.video_id

),

interval_ranges as (

    -- the buckets an interval reaches (first..last), and those it covers by more than a
    -- rounding error (touched), which are the ones that count a view or viewer: a view
    -- ending exactly at a bucket's start does not touch that bucket
    select
        *,
        cast(floor(start_seconds / bucket_width_seconds) as int) as first_bucket,
        least(cast(ceil(end_seconds / bucket_width_seconds) as int), bucket_count) - 1
            as last_bucket,
        cast(floor((start_seconds + 0.000001) / bucket_width_seconds) as int)
            as first_touched_bucket,
        least(
            cast(ceil((end_seconds - 0.000001) / bucket_width_seconds) as int),
            bucket_count
        ) - 1 as last_touched_bucket
    from clipped_intervals
    where end_seconds > start_seconds

),

counting_ranges as (

    select
        *,
        coalesce(
            max(last_touched_bucket) over (
                partition by bucket_kind, interval_kind, user_id, session_id, video_id
                order by start_seconds, interval_number
                rows between unbounded preceding and 1 preceding
            ) + 1,
            first_touched_bucket
        ) as after_previous_range_bucket
    from interval_ranges

),

final as (

    select
        ranges.bucket_kind,
        ranges.interval_kind,
        ranges.user_id,
        ranges.session_id,
        ranges.video_id,
        ranges.interval_number,
        ranges.start_seconds,
        ranges.end_seconds,
        ranges.bucket_width_seconds,
        ranges.first_bucket,
        ranges.last_bucket,
        -- the partial coverage of the first and last bucket (the whole interval when it
        -- stays inside one bucket); the buckets in between are full
        least(
            ranges.end_seconds,
            (ranges.first_bucket + 1) * ranges.bucket_width_seconds
        ) - ranges.start_seconds as first_bucket_seconds,
        case
            when ranges.last_bucket > ranges.first_bucket
                then ranges.end_seconds - ranges.last_bucket * ranges.bucket_width_seconds
        end as last_bucket_seconds,
        -- the merged intervals of one view (or viewer) are disjoint, but two of them can
        -- touch the same bucket; starting each range after the previous one's last bucket
        -- makes the ranges of one view disjoint, so each view counts once per bucket.
        -- Counted segments overlap by design and count no view: they get no range.
        case
            when ranges.interval_kind != 'counted'
                then greatest(ranges.first_touched_bucket, ranges.after_previous_range_bucket)
        end as counted_from_bucket,
        ranges.last_touched_bucket,
        -- rewatch needs each view's own seconds per bucket; only views that replayed
        -- anything (rewatch_seconds > 0) can have a bucket with more counted than merged
        -- seconds, so only their intervals will fan out to the buckets they touch
        rewatching_views.video_id is not null
        and ranges.interval_kind != 'viewer_merged' as is_of_rewatching_view
    from counting_ranges as ranges
    left join rewatching_views
        on ranges.user_id = rewatching_views.user_id
            and ranges.session_id = rewatching_views.session_id
            and ranges.video_id = rewatching_views.video_id

)

select * from final
