{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'bucket_kind') }}",
) }}

-- SPEC 6 retention: every watched interval cut into the position buckets of both bucket
-- kinds (retention_bucket_sizes), as the range of buckets it reaches rather than one row per
-- bucket, so the retention measures cost grows with intervals, not intervals x buckets.
-- Four kinds of interval, all clipped at the duration, each in the session_date partition of
-- the views it comes from:
--   merged          one view's merged watched intervals (int_view_intervals_merged)
--   counted         the counted segments, replays included (int_watch_segments_derived)
--   viewer_through  a viewer's union of their counted segments of the video over every
--                   session_date up to and including this one (SPEC 5.5)
--   viewer_before   the same union over the session_dates before this one
-- A viewer counts through - before in each session_date they watched the video on: summed
-- over their dates, that is their union over all their views, the one retention's unique
-- measures need, and a partition depends only on its own date and the dates before it.
-- Grain: one row per session_date, bucket kind and interval (interval kind, user, session,
-- video, number).
--
-- Incremental (SPEC 9.1), partitioned by session_date: a run rewrites the partitions its
-- parents rewrote (new or late events; a video whose duration changed rewrites every
-- partition holding one of its views, int_player_views_aggregated) and the later partitions
-- in which a viewer of those partitions watched the same video again (their "before" union
-- changed). The viewers of a partition are read from the parent's new rows and from this
-- table's old ones, so a viewer whose segments left a partition is also followed.

{%- set parents = [
    ref('int_view_intervals_merged'),
    ref('int_watch_segments_derived'),
    ref('int_player_views_aggregated'),
] %}
{%- set changed_predicate = changed_partitions_predicate(parents) %}
{%- set rewatched_later_query -%}
    select distinct later_segments.session_date
    from {{ ref('int_watch_segments_derived') }} as later_segments
    inner join (
        select
            user_id,
            video_id,
            min(session_date) as first_changed_date
        from (
            select user_id, video_id, session_date
            from {{ ref('int_watch_segments_derived') }}
            where {{ changed_predicate }}
            union all
            select user_id, video_id, session_date
            from {{ this }}
            where interval_kind = 'viewer_through' and {{ changed_predicate }}
        ) as changed_viewings
        group by user_id, video_id
    ) as changed_viewers
        on later_segments.user_id = changed_viewers.user_id
            and later_segments.video_id = changed_viewers.video_id
            and later_segments.session_date > changed_viewers.first_changed_date
    where later_segments.is_counted
{%- endset %}
{#- the parents' changed partitions, listed once, or a later date of a changed viewer -#}
{%- if is_incremental() %}
    {%- set rewritten_predicate = '(' ~ changed_predicate ~ ') or '
        ~ values_in_query_predicate('session_date', rewatched_later_query) %}
{%- else %}
    {%- set rewritten_predicate = changed_predicate %}
{%- endif %}

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
        video_id,
        session_date
    from {{ ref('int_player_views_aggregated') }}
    where rewatch_seconds > 0.000001
        and {{ rewritten_predicate }}

),

counted_segments as (

    -- every partition: a viewer's union reaches back to their first session_date
    select
        user_id,
        session_id,
        video_id,
        closing_event_sequence_number,
        start_position_seconds,
        end_position_seconds,
        session_date
    from {{ ref('int_watch_segments_derived') }}
    where is_counted

),

viewer_dates as (

    select distinct
        user_id,
        video_id,
        session_date
    from counted_segments
    where {{ rewritten_predicate }}

),

viewer_segments as (

    -- a viewer's counted segments of the video up to each of their rewritten dates, once
    -- for the union through that date and once more, if earlier, for the union before it
    select
        viewing_kinds.interval_kind,
        viewer_dates.user_id,
        viewer_dates.video_id,
        viewer_dates.session_date,
        earlier.start_position_seconds,
        earlier.end_position_seconds
    from viewer_dates
    inner join counted_segments as earlier
        on viewer_dates.user_id = earlier.user_id
            and viewer_dates.video_id = earlier.video_id
            and viewer_dates.session_date >= earlier.session_date
        lateral view explode(
            case
                when earlier.session_date < viewer_dates.session_date
                    then array('viewer_through', 'viewer_before')
                else array('viewer_through')
            end
        ) viewing_kinds as interval_kind

),

viewer_unions as (

    {{ merge_intervals(
        'viewer_segments',
        ['interval_kind', 'user_id', 'video_id', 'session_date'],
        'start_position_seconds',
        'end_position_seconds'
    ) }}

),

intervals as (

    select
        'merged' as interval_kind,
        user_id,
        session_id,
        video_id,
        interval_number,
        interval_start_seconds as start_seconds,
        interval_end_seconds as end_seconds,
        session_date
    from {{ ref('int_view_intervals_merged') }}
    where {{ rewritten_predicate }}

    union all

    select
        interval_kind,
        user_id,
        cast(null as string) as session_id,
        video_id,
        merged_group_number as interval_number,
        interval_start as start_seconds,
        interval_end as end_seconds,
        session_date
    from viewer_unions

    union all

    select
        'counted' as interval_kind,
        user_id,
        session_id,
        video_id,
        closing_event_sequence_number as interval_number,
        start_position_seconds as start_seconds,
        end_position_seconds as end_seconds,
        session_date
    from counted_segments
    where {{ rewritten_predicate }}

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
        bucket_sizes.bucket_count,
        intervals.session_date
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
                partition by
                    bucket_kind, interval_kind, user_id, session_id, video_id, session_date
                order by start_seconds, interval_number
                rows between unbounded preceding and 1 preceding
            ) + 1,
            first_touched_bucket
        ) as after_previous_range_bucket
    from interval_ranges

),

{%- set columns = [
    'bucket_kind', 'interval_kind', 'user_id', 'session_id', 'video_id', 'interval_number',
    'start_seconds', 'end_seconds', 'bucket_width_seconds', 'first_bucket', 'last_bucket',
    'first_bucket_seconds', 'last_bucket_seconds', 'counted_from_bucket',
    'last_touched_bucket', 'is_of_rewatching_view'
] %}

bucketed as (

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
        -- the merged intervals of one view (or union) are disjoint, but two of them can
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
        and ranges.interval_kind in ('merged', 'counted') as is_of_rewatching_view,
        ranges.session_date
    from counting_ranges as ranges
    left join rewatching_views
        on ranges.user_id = rewatching_views.user_id
            and ranges.session_id = rewatching_views.session_id
            and ranges.video_id = rewatching_views.video_id
            and ranges.session_date = rewatching_views.session_date

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from bucketed
    {%- if is_incremental() %}

        union all

        -- a partition left without intervals gets a marker row (finish_partition_rewrite)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'bucketed') }}
    {%- endif %}

)

select * from final
