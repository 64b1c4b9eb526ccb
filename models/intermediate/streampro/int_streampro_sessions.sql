-- SPEC 5.9: one StreamPro session per user and session_id.
--   started_at     the earliest session_start, else the earliest event (a first_login five
--                  minutes before session_start does not move the start)
--   ended_at       the latest session_end, else the latest event (a session_end before the
--                  last watch tick still ends the session; the tick still counts as watch)
--   watch_seconds  sum of the values of its watch_time events
--   first video    the video of its earliest watch_time event (ties: smallest video_id)
--   reactions      heart and like events, counted
-- Grain: one row per (user_id, session_id).

with events as (

    select * from {{ ref('stg_streampro__events') }}

),

final as (

    select
        user_id,
        session_id,
        min_by(account_id, event_at) filter (where account_id is not null) as account_id,
        coalesce(
            min(case when event_name = 'session_start' then event_at end),
            min(event_at)
        ) as session_started_at,
        coalesce(
            max(case when event_name = 'session_end' then event_at end),
            max(event_at)
        ) as session_ended_at,
        coalesce({{ exact_sum('watch_seconds') }}, 0.0) as watch_seconds,
        count(distinct case when event_name = 'watch_time' then video_id end) as video_count,
        min_by(video_id, struct(event_at, video_id)) filter (where event_name = 'watch_time')
            as first_video_id,
        count(*) as event_count,
        count_if(event_name = 'watch_time') as watch_event_count,
        count_if(event_name = 'heart') as heart_count,
        count_if(event_name = 'like') as like_count,
        bool_or(event_name = 'first_login') as has_first_login,
        -- context of the session: the first value the app reported
        min_by(device, event_at) filter (where device is not null) as device,
        min_by(device_os, event_at) filter (where device_os is not null) as device_os,
        min_by(app_version, event_at) filter (where app_version is not null) as app_version,
        min_by(network_type, event_at) filter (where network_type is not null)
            as network_type,
        min_by(country, event_at) filter (where country is not null) as country
    from events
    group by user_id, session_id

)

select * from final
