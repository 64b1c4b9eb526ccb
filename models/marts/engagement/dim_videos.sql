-- One row per video known from the catalog or from player events (SPEC 6): the catalog, the
-- duration every metric uses and its source (SPEC 5.6), and the video's lifetime summary
-- over its views (fct_video_views). Position-based averages and rates (completion, pauses,
-- skips) are over the views that have positions (native player views, SPEC 5.9).

with durations as (

    select * from {{ ref('int_videos_duration_resolved') }}

),

catalog as (

    select * from {{ ref('stg_catalog__videos') }}

),

views as (

    select * from {{ ref('fct_video_views') }}

),

extension_channels as (

    -- the browser extension reports the channel of what it watched (SPEC 3.3): the channel
    -- of a video the catalog does not know
    select
        video_id,
        max_by(channel_id, event_at) as channel_id
    from {{ ref('stg_extension__events') }}
    where channel_id is not null and video_id is not null
    group by video_id

),

view_summary as (

    select
        video_id,
        count(*) as started_view_count,
        count_if(is_valid_view) as view_count,
        count(distinct user_id) as unique_viewer_count,
        count(distinct case when is_completed then user_id end) as unique_completer_count,
        sum(watch_seconds) as total_watch_seconds,
        avg(watch_seconds) as avg_watch_seconds_per_view,
        avg(completion_percentage) as avg_completion_percentage,
        avg(case when is_completed then 1.0 when not is_completed then 0.0 end)
            as completion_rate,
        avg(pause_count) as avg_pauses_per_view,
        avg(forward_skips + backward_skips) as avg_skips_per_view,
        avg(case when is_dropoff then 1.0 else 0.0 end) as dropoff_rate,
        min(started_at) as first_viewed_at,
        max(ended_at) as last_viewed_at
    from views
    group by video_id

),

final as (

    select
        durations.video_id,
        catalog.title,
        catalog.genre,
        coalesce(catalog.channel_id, extension_channels.channel_id) as channel_id,
        durations.duration_seconds,
        durations.duration_source,
        catalog.video_id is not null as is_in_catalog,
        coalesce(view_summary.started_view_count, 0) as started_view_count,
        coalesce(view_summary.view_count, 0) as view_count,
        coalesce(view_summary.unique_viewer_count, 0) as unique_viewer_count,
        coalesce(view_summary.unique_completer_count, 0) as unique_completer_count,
        coalesce(view_summary.total_watch_seconds, 0.0) as total_watch_seconds,
        round(view_summary.avg_watch_seconds_per_view, 2) as avg_watch_seconds_per_view,
        round(view_summary.avg_completion_percentage, 2) as avg_completion_percentage,
        round(view_summary.completion_rate * 100, 2) as completion_rate_percentage,
        round(view_summary.avg_pauses_per_view, 2) as avg_pauses_per_view,
        round(view_summary.avg_skips_per_view, 2) as avg_skips_per_view,
        round(view_summary.dropoff_rate * 100, 2) as dropoff_rate_percentage,
        view_summary.first_viewed_at,
        view_summary.last_viewed_at
    from durations
    left join catalog
        on durations.video_id = catalog.video_id
    left join extension_channels
        on durations.video_id = extension_channels.video_id
    left join view_summary
        on durations.video_id = view_summary.video_id

)

select * from final
