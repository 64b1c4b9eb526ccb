-- Q2 (SPEC 6): which genres bring users back? Per genre of the first video of each user's
-- first session: new users, how many started a second session within 72 h of the first
-- one's start (is_retained_3d, var('retention_window_hours')), and that share, ranked.
-- A first session without any watch time has no first video: '(no video watched)'.
-- Run with: dbt show --select q2_retention_by_first_genre

with first_sessions as (

    select * from {{ ref('fct_user_sessions') }}
    where is_first_session

),

by_genre as (

    select
        coalesce(first_video_genre, '(no video watched)') as first_video_genre,
        count(*) as new_user_count,
        count_if(is_retained_3d) as retained_3d_count,
        round(count_if(is_retained_3d) / count(*) * 100, 2) as retention_percentage
    from first_sessions
    group by coalesce(first_video_genre, '(no video watched)')

),

final as (

    select
        row_number() over (
            order by retention_percentage desc, new_user_count desc, first_video_genre asc
        ) as retention_rank,
        first_video_genre,
        new_user_count,
        retained_3d_count,
        retention_percentage
    from by_genre

)

select * from final
order by retention_rank
