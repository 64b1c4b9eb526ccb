-- SPEC 5.9: one browser-extension view per video_session_id, with its watch time (the sum of
-- its ticks' watch_ms_delta) split by watch_mode. Events without a video session (e.g.
-- context_missing) belong to no view and stay in staging only.
-- Grain: one row per video_session_id.

with events as (

    select * from {{ ref('stg_extension__events') }}
    where video_session_id is not null

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
        coalesce(sum(watch_seconds), 0.0) as watch_seconds,
        coalesce(sum(case when watch_mode = 'foreground' then watch_seconds end), 0.0)
            as foreground_seconds,
        coalesce(sum(case when watch_mode = 'background' then watch_seconds end), 0.0)
            as background_seconds
    from events
    group by video_session_id

),

final as (

    -- a view is of a video: a video session whose events never named one is no view
    select * from views
    where video_id is not null

)

select * from final
