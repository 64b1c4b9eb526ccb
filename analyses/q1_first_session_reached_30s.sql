-- Q1 (SPEC 6): what share of new users reach 30 s of watch time in their first session?
-- A new user is a user whose first session is in the data (fct_user_sessions.is_first_session);
-- on StreamPro data every such session also holds the user's first_login, which the query
-- counts as a cross-check. 30 s is var('first_session_reach_seconds').
-- Run with: dbt show --select q1_first_session_reached_30s

with first_sessions as (

    select * from {{ ref('fct_user_sessions') }}
    where is_first_session

),

final as (

    select
        count(*) as new_user_count,
        count_if(has_first_login) as new_users_with_first_login,
        count_if(has_reached_30s) as reached_30s_count,
        round(count_if(has_reached_30s) / nullif(count(*), 0) * 100, 2) as reached_30s_percentage
    from first_sessions

)

select * from final
