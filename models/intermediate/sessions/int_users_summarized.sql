-- One row per user known from users.csv or from any session (SPEC 6): the attributes of
-- users.csv (SPEC 3.4) and a lifetime summary of the user's sessions (int_user_sessions_sequenced).

with user_catalog as (

    select * from {{ ref('stg_catalog__users') }}

),

sessions as (

    select * from {{ ref('int_user_sessions_sequenced') }}

),

session_summary as (

    select
        user_id,
        count(*) as session_count,
        {{ exact_sum('watch_seconds') }} as total_watch_seconds,
        min(session_started_at) as first_session_started_at,
        max(session_started_at) as last_session_started_at,
        max(case when is_first_session then first_video_genre end) as first_video_genre,
        bool_or(is_first_session and has_reached_30s) as has_first_session_reached_30s,
        bool_or(is_first_session and is_retained_3d) as is_retained_3d
    from sessions
    group by user_id

),

users as (

    select user_id from user_catalog
    union
    select user_id from session_summary

),

final as (

    select
        users.user_id,
        user_catalog.user_id is not null as is_in_user_catalog,
        user_catalog.signup_date,
        user_catalog.subscription_tier,
        user_catalog.age_group,
        user_catalog.gender,
        user_catalog.country,
        coalesce(session_summary.session_count, 0) as session_count,
        coalesce(session_summary.total_watch_seconds, 0.0) as total_watch_seconds,
        session_summary.first_session_started_at,
        session_summary.last_session_started_at,
        session_summary.first_video_genre,
        coalesce(session_summary.has_first_session_reached_30s, false)
            as has_first_session_reached_30s,
        coalesce(session_summary.is_retained_3d, false) as is_retained_3d
    from users
    left join user_catalog
        on users.user_id = user_catalog.user_id
    left join session_summary
        on users.user_id = session_summary.user_id

)

select * from final
