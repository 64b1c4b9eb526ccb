-- SPEC 5.9: one browser-extension view per video_session_id, with its watch time (the sum of
-- its ticks' watch_ms_delta) split by watch_mode. Events without a video session (e.g.
-- context_missing) belong to no view and stay in staging only.
-- The view's metrics that need the video's duration (a valid view, SPEC 6) come from
-- int_videos_resolved. Grain: one row per video_session_id.

with events as (

    select * from {{ ref('stg_extension__events') }}
    where video_session_id is not null

),

durations as (

    select
        video_id,
        duration_seconds,
        duration_source
    from {{ ref('int_videos_resolved') }}

),

views as (

    select
        video_session_id,
        -- a video session plays one video; should a client ever report two, the first wins
        min_by(video_id, event_at) filter (where video_id is not null) as video_id,
        min_by(client_session_id, event_at) filter (where client_session_id is not null)
            as client_session_id,
        min_by(channel_id, event_at) filter (where channel_id is not null) as channel_id,
        min(event_at) as started_at,
        max(event_at) as ended_at,
        count(*) as event_count,
        count_if(event_type = 'video_start') as start_count,
        count_if(event_type = 'watch_tick') as tick_count,
        coalesce({{ exact_sum('watch_seconds') }}, 0.0) as watch_seconds,
        {{ seconds_by_visibility('watch_mode', 'watch_seconds', 'foreground') }}
            as foreground_seconds,
        {{ seconds_by_visibility('watch_mode', 'watch_seconds', 'background') }}
            as background_seconds
    from events
    group by video_session_id

),

final as (

    -- a view is of a video: a video session whose events never named one is no view
    select
        {{ dbt_utils.generate_surrogate_key(
            ["'extension'", 'views.video_session_id', 'views.video_id']
        ) }} as view_id,
        views.*,
        {{ epoch_seconds('views.ended_at') }} - {{ epoch_seconds('views.started_at') }}
            as wall_duration_seconds,
        durations.duration_seconds,
        durations.duration_source,
        {{ is_valid_view('views.watch_seconds', 'durations.duration_seconds') }}
            as is_valid_view,
        {{ is_dropoff('views.watch_seconds') }} as is_dropoff
    from views
    left join durations
        on views.video_id = durations.video_id
    where views.video_id is not null

)

select * from final
