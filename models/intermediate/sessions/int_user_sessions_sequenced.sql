-- One row per user session, over every format that has users (SPEC 6, 5.9):
--   player     native player sessions (client or derived, SPEC 5.2), built from the views
--              of int_video_views_unioned, so watch time is defined once
--   streampro  StreamPro app sessions (int_streampro_sessions)
-- Then, per user across formats and in order of start: session_number, first session,
-- has_reached_30s, drop-off, the next session's start and 3-day retention.
-- Grain: user x session (x source_format).

with player_views as (

    select * from {{ ref('int_video_views_unioned') }}
    where source_format = 'player'

),

catalog as (

    select
        video_id,
        genre
    from {{ ref('int_videos_resolved') }}

),

player_sessions as (

    select
        'player' as source_format,
        user_id,
        session_id,
        cast(null as string) as account_id,
        min(started_at) as session_started_at,
        max(ended_at) as session_ended_at,
        {{ exact_sum('watch_seconds') }} as watch_seconds,
        count(distinct video_id) as video_count,
        -- the session's first view, by start (ties: smallest video_id)
        min_by(video_id, struct(started_at, video_id)) as first_video_id,
        sum(event_count) as event_count,
        cast(null as bigint) as heart_count,
        cast(null as bigint) as like_count,
        cast(null as boolean) as has_first_login,
        min_by(device, started_at) filter (where device is not null) as device,
        min_by(device_os, started_at) filter (where device_os is not null) as device_os,
        min_by(app_version, started_at) filter (where app_version is not null)
            as app_version,
        cast(null as string) as network_type,
        min_by(country, started_at) filter (where country is not null) as country
    from player_views
    group by user_id, session_id

),

streampro_sessions as (

    select
        'streampro' as source_format,
        user_id,
        session_id,
        account_id,
        session_started_at,
        session_ended_at,
        watch_seconds,
        video_count,
        first_video_id,
        event_count,
        heart_count,
        like_count,
        has_first_login,
        device,
        device_os,
        app_version,
        network_type,
        country
    from {{ ref('int_streampro_sessions') }}

),

sessions as (

    select * from player_sessions
    union all
    select * from streampro_sessions

),

sequenced as (

    select
        sessions.*,
        catalog.genre as first_video_genre,
        row_number() over (
            partition by sessions.user_id
            order by sessions.session_started_at, sessions.session_id, sessions.source_format
        ) as session_number,
        lead(sessions.session_started_at) over (
            partition by sessions.user_id
            order by sessions.session_started_at, sessions.session_id, sessions.source_format
        ) as next_session_started_at
    from sessions
    left join catalog
        on sessions.first_video_id = catalog.video_id

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['source_format', 'user_id', 'session_id']) }}
            as user_session_id,
        source_format,
        user_id,
        session_id,
        account_id,
        session_started_at,
        session_ended_at,
        {{ epoch_seconds('session_ended_at') }} - {{ epoch_seconds('session_started_at') }}
            as session_duration_seconds,
        watch_seconds,
        video_count,
        first_video_id,
        first_video_genre,
        event_count,
        heart_count,
        like_count,
        heart_count + like_count > 0 as has_reaction,
        has_first_login,
        device,
        device_os,
        app_version,
        network_type,
        country,
        session_number,
        session_number = 1 as is_first_session,
        watch_seconds >= {{ var('first_session_reach_seconds') }} as has_reached_30s,
        {{ is_dropoff('watch_seconds') }} as is_dropoff,
        next_session_started_at,
        (
            {{ epoch_seconds('next_session_started_at') }}
            - {{ epoch_seconds('session_started_at') }}
        ) / 3600.0 as hours_to_next_session,
        {{ is_retained('session_started_at', 'next_session_started_at') }} as is_retained_3d
    from sequenced

)

select * from final
