-- Q3 (SPEC 6): does a device OS or an app version have abnormally high drop-off?
-- Drop-off: a session with less than var('dropoff_seconds') (10) s of watch time. Rates are
-- given per device_os and per app_version, over first sessions and over all sessions.
--
-- The abnormality rule: a group is flagged when
--   1. it has at least var('abnormal_dropoff_min_sessions') (30) sessions, so that one or
--      two drop-offs in a tiny group cannot raise an alarm, and
--   2. its rate is above the rest of the sessions of the same scope by a one-sided
--      two-proportion z test: z = (p_group - p_rest) / sqrt(p (1 - p) (1/n_group + 1/n_rest))
--      with p the pooled rate, and z >= var('abnormal_dropoff_z') (1.96). Comparing with
--      the rest (not with the overall rate, which includes the group itself) keeps a large
--      group from hiding its own excess.
-- 1.96 is a 2.5 % one-sided false-alarm rate per group; with ~10 groups per question a
-- flag is a reason to look, not proof.
-- Run with: dbt show --select q3_dropoff_by_os_and_app_version --limit 100

with sessions as (

    select * from {{ ref('fct_user_sessions') }}

),

scoped as (

    select
        'first_sessions' as session_scope,
        *
    from sessions
    where is_first_session

    union all

    select
        'all_sessions' as session_scope,
        *
    from sessions

),

grouped as (

    select
        session_scope,
        'device_os' as dimension,
        coalesce(device_os, '(unknown)') as dimension_value,
        count(*) as session_count,
        count_if(is_dropoff) as dropoff_count
    from scoped
    group by session_scope, coalesce(device_os, '(unknown)')

    union all

    select
        session_scope,
        'app_version' as dimension,
        coalesce(app_version, '(unknown)') as dimension_value,
        count(*) as session_count,
        count_if(is_dropoff) as dropoff_count
    from scoped
    group by session_scope, coalesce(app_version, '(unknown)')

),

with_totals as (

    select
        *,
        sum(session_count) over (partition by session_scope, dimension) as scope_session_count,
        sum(dropoff_count) over (partition by session_scope, dimension) as scope_dropoff_count
    from grouped

),

tested as (

    select
        *,
        dropoff_count / session_count as group_rate,
        scope_dropoff_count / scope_session_count as scope_rate,
        (scope_dropoff_count - dropoff_count)
        / nullif(scope_session_count - session_count, 0) as rest_rate
    from with_totals

),

scored as (

    select
        *,
        (group_rate - rest_rate) / sqrt(
            scope_rate * (1 - scope_rate)
            * (1.0 / session_count + 1.0 / (scope_session_count - session_count))
        ) as z_score
    from tested
    where scope_rate > 0 and scope_rate < 1 and scope_session_count > session_count

    union all

    -- a group that is the whole scope, or a scope without any (or only) drop-offs: no test
    select
        *,
        cast(null as double) as z_score
    from tested
    where not (scope_rate > 0 and scope_rate < 1 and scope_session_count > session_count)

),

final as (

    select
        session_scope,
        dimension,
        dimension_value,
        session_count,
        dropoff_count,
        round(group_rate * 100, 2) as dropoff_percentage,
        round(scope_rate * 100, 2) as overall_dropoff_percentage,
        round(z_score, 3) as z_score,
        coalesce(
            session_count >= {{ var('abnormal_dropoff_min_sessions') }}
            and z_score >= {{ var('abnormal_dropoff_z') }},
            false
        ) as is_abnormal
    from scored

)

select * from final
order by session_scope desc, dimension desc, dropoff_percentage desc, dimension_value asc
