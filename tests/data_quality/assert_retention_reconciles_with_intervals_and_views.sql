-- SPEC 6 / issue 4: the retention marts add up to the facts they come from, per video with
-- a known duration, for both bucket kinds:
--   unique viewers of a bucket       <= the video's unique viewers (player views)
--   sum of unique_seconds_watched    =  the viewers' merged intervals (SPEC 5.5) within
--                                       the duration
--   sum of watch_seconds             =  the counted segments within the duration
--   sum of exit_count                =  the video's player views
-- One row per broken video and check.

with durations as (

    select
        video_id,
        duration_seconds
    from {{ ref('int_videos_resolved') }}
    where duration_seconds > 0

),

buckets as (

    select
        'segment' as bucket_kind,
        video_id,
        unique_viewer_count,
        unique_seconds_watched,
        watch_seconds,
        exit_count
    from {{ ref('fct_video_segment_retention') }}

    union all

    select
        'percent' as bucket_kind,
        video_id,
        unique_viewer_count,
        unique_seconds_watched,
        watch_seconds,
        exit_count
    from {{ ref('fct_video_percent_retention') }}

),

bucket_totals as (

    select
        bucket_kind,
        video_id,
        max(unique_viewer_count) as max_bucket_viewers,
        sum(unique_seconds_watched) as unique_seconds_watched,
        sum(watch_seconds) as watch_seconds,
        sum(exit_count) as exit_count
    from buckets
    group by bucket_kind, video_id

),

views as (

    select
        video_id,
        count(distinct user_id) as viewer_count,
        count(*) as view_count
    from {{ ref('int_video_views_unioned') }}
    where source_format = 'player'
    group by video_id

),

unique_seconds as (

    select
        merged.video_id,
        sum(
            greatest(
                least(merged.interval_end_seconds, durations.duration_seconds)
                - merged.interval_start_seconds,
                0
            )
        ) as unique_seconds_watched
    from {{ ref('int_watch_intervals_merged') }} as merged
    inner join durations
        on merged.video_id = durations.video_id
    group by merged.video_id

),

watched_seconds as (

    select
        segments.video_id,
        sum(
            greatest(
                least(segments.end_position_seconds, durations.duration_seconds)
                - segments.start_position_seconds,
                0
            )
        ) as watch_seconds
    from {{ ref('int_watch_segments_derived') }} as segments
    inner join durations
        on segments.video_id = durations.video_id
    where segments.is_counted
    group by segments.video_id

),

compared as (

    select
        bucket_totals.bucket_kind,
        bucket_totals.video_id,
        bucket_totals.max_bucket_viewers,
        coalesce(views.viewer_count, 0) as viewer_count,
        bucket_totals.unique_seconds_watched,
        coalesce(unique_seconds.unique_seconds_watched, 0) as expected_unique_seconds_watched,
        bucket_totals.watch_seconds,
        coalesce(watched_seconds.watch_seconds, 0) as expected_watch_seconds,
        bucket_totals.exit_count,
        coalesce(views.view_count, 0) as view_count
    from bucket_totals
    inner join durations
        on bucket_totals.video_id = durations.video_id
    left join views
        on bucket_totals.video_id = views.video_id
    left join unique_seconds
        on bucket_totals.video_id = unique_seconds.video_id
    left join watched_seconds
        on bucket_totals.video_id = watched_seconds.video_id

)

select *
from compared
where max_bucket_viewers > viewer_count
    or abs(unique_seconds_watched - expected_unique_seconds_watched) > 0.001
    or abs(watch_seconds - expected_watch_seconds) > 0.001
    or exit_count != view_count
