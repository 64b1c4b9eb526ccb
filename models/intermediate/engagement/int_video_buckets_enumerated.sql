-- SPEC 6 retention: every position bucket of every video with a known duration, for both
-- bucket kinds (retention_bucket_sizes: 'segment' and 'percent'), zeros included, with what
-- the video's views say about it: the views that exited there and the video's viewers.
-- Grain: one row per bucket kind, video and bucket (half-open [start, end)).

with videos as (

    select
        video_id,
        duration_seconds
    from {{ ref('int_videos_resolved') }}

),

views as (

    select
        user_id,
        video_id,
        last_position_seconds
    from {{ ref('int_video_views_unioned') }}
    -- retention is positional: only native player views have watched intervals
    where source_format = 'player'

),

bucket_sizes as (

    {{ retention_bucket_sizes('videos') }}

),

buckets as (

    select
        bucket_sizes.bucket_kind,
        bucket_sizes.video_id,
        bucket_sizes.duration_seconds,
        bucket_sizes.bucket_width_seconds,
        bucket_sizes.bucket_count,
        series.bucket_number,
        series.bucket_number * bucket_sizes.bucket_width_seconds as bucket_start_seconds,
        least(
            (series.bucket_number + 1) * bucket_sizes.bucket_width_seconds,
            bucket_sizes.duration_seconds
        ) as bucket_end_seconds
    from bucket_sizes
        lateral view explode(sequence(0, bucket_sizes.bucket_count - 1)) series as bucket_number

),

video_viewers as (

    select
        video_id,
        count(distinct user_id) as video_viewer_count
    from views
    group by video_id

),

exits as (

    -- a view exits in the bucket of its last position; a position at (or clipped to) the
    -- very end counts in the last bucket
    select
        bucket_sizes.bucket_kind,
        views.video_id,
        least(
            cast(floor(
                least(views.last_position_seconds, bucket_sizes.duration_seconds)
                / bucket_sizes.bucket_width_seconds
            ) as int),
            bucket_sizes.bucket_count - 1
        ) as bucket_number,
        count(*) as exit_count
    from views
    inner join bucket_sizes
        on views.video_id = bucket_sizes.video_id
    group by bucket_sizes.bucket_kind, views.video_id, bucket_number

),

final as (

    select
        buckets.bucket_kind,
        buckets.video_id,
        buckets.bucket_number,
        buckets.bucket_start_seconds,
        buckets.bucket_end_seconds,
        buckets.bucket_width_seconds,
        coalesce(video_viewers.video_viewer_count, 0) as video_viewer_count,
        coalesce(exits.exit_count, 0) as exit_count
    from buckets
    left join video_viewers
        on buckets.video_id = video_viewers.video_id
    left join exits
        on buckets.bucket_kind = exits.bucket_kind
            and buckets.video_id = exits.video_id
            and buckets.bucket_number = exits.bucket_number

)

select * from final
