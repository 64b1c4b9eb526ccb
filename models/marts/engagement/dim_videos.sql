-- One row per video known from the catalog or from player events (SPEC 6): the catalog, the
-- duration every metric uses and its source (SPEC 5.6), and the video's lifetime summary
-- over its views (int_video_views_unioned). Position-based averages and rates (completion, pauses,
-- skips) are over the views that have positions (native player views, SPEC 5.9).

with videos as (

    select * from {{ ref('int_videos_resolved') }}

),

views as (

    select * from {{ ref('int_video_views_unioned') }}

),

view_summary as (

    select
        video_id,
        count(*) as view_count,
        count_if(is_valid_view) as valid_view_count,
        count(distinct user_id) as unique_viewer_count,
        count(distinct case when is_completed then user_id end) as unique_completer_count,
        {{ exact_sum('watch_seconds') }} as total_watch_seconds,
        {{ exact_avg('watch_seconds') }} as avg_watch_seconds_per_view,
        {{ exact_avg('completion_percentage') }} as avg_completion_percentage,
        avg(case when is_completed then 1.0 when not is_completed then 0.0 end)
            as completion_rate,
        avg(pause_count) as avg_pauses_per_view,
        avg(forward_skips + backward_skips) as avg_skips_per_view,
        avg(case when is_dropoff then 1.0 else 0.0 end) as dropoff_rate,
        min(started_at) as first_watched_at,
        max(ended_at) as last_watched_at
    from views
    group by video_id

),

final as (

    select
        videos.video_id,
        videos.title,
        videos.genre,
        videos.channel_id,
        videos.duration_seconds,
        videos.duration_source,
        videos.is_in_catalog,
        coalesce(view_summary.view_count, 0) as view_count,
        coalesce(view_summary.valid_view_count, 0) as valid_view_count,
        coalesce(view_summary.unique_viewer_count, 0) as unique_viewer_count,
        coalesce(view_summary.unique_completer_count, 0) as unique_completer_count,
        coalesce(view_summary.total_watch_seconds, 0.0) as total_watch_seconds,
        round(view_summary.avg_watch_seconds_per_view, 2) as avg_watch_seconds_per_view,
        round(view_summary.avg_completion_percentage, 2) as avg_completion_percentage,
        round(view_summary.completion_rate * 100, 2) as completion_rate_percentage,
        round(view_summary.avg_pauses_per_view, 2) as avg_pauses_per_view,
        round(view_summary.avg_skips_per_view, 2) as avg_skips_per_view,
        round(view_summary.dropoff_rate * 100, 2) as dropoff_rate_percentage,
        view_summary.first_watched_at,
        view_summary.last_watched_at
    from videos
    left join view_summary
        on videos.video_id = view_summary.video_id

)

select * from final
