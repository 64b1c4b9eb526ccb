-- Dashboard totals: headline numbers and how user x video engagements split by completion
-- (SPEC 6: completion_percentage > 75 high, 50-75 medium, < 50 low).
-- Run with: dbt show --select dashboard_totals

with engagement as (

    select * from {{ ref('fct_user_video_engagement') }}

),

bucketed as (

    select
        *,
        case
            when completion_percentage > 75 then 'high'
            when completion_percentage >= 50 then 'medium'
            else 'low'
        end as completion_bucket
    from engagement

),

final as (

    select
        coalesce(completion_bucket, 'all') as completion_bucket,
        count(*) as user_video_count,
        count(distinct user_id) as user_count,
        count(distinct video_id) as video_count,
        sum(session_count) as view_count,
        round(sum(total_watch_seconds) / 3600.0, 2) as watch_hours,
        round(sum(unique_seconds_watched) / 3600.0, 2) as unique_watch_hours,
        round(avg(completion_percentage), 2) as avg_completion_percentage,
        round(avg(engagement_score), 2) as avg_engagement_score
    from bucketed
    group by rollup (completion_bucket)

)

select * from final
order by
    case completion_bucket
        when 'all' then 0 when 'high' then 1 when 'medium' then 2 else 3
    end
