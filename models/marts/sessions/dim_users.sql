-- One row per user known from users.csv or from any session (SPEC 6): the attributes of
-- users.csv (SPEC 3.4) and a lifetime summary of the user's sessions, defined in
-- int_users_summarized; this mart publishes it. Grain: one row per user.

with users as (

    select * from {{ ref('int_users_summarized') }}

),

final as (

    select
        user_id,
        is_in_user_catalog,
        signup_date,
        subscription_tier,
        age_group,
        gender,
        country,
        session_count,
        total_watch_seconds,
        first_session_started_at,
        last_session_started_at,
        first_video_genre,
        has_first_session_reached_30s,
        is_retained_3d
    from users

)

select * from final
