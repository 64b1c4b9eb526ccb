-- Daily activity per video (SPEC 5.8, 6). Grain: UTC day x video. Views, unique viewers and
-- completions count views by the day they started; watch seconds count counted segments and
-- extension ticks by the day they started. Dated in int_user_video_days_aggregated, shared
-- with fct_daily_channel_stats.

with user_video_days as (

    select * from {{ ref('int_user_video_days_aggregated') }}

),

final as (

    select
        activity_date,
        video_id,
        sum(view_count) as view_count,
        -- rows are per user: distinct users with a view that started that day
        count(distinct case when view_count > 0 then user_id end) as unique_viewer_count,
        sum(completion_count) as completion_count,
        {{ exact_sum('watch_seconds') }} as watch_seconds,
        {{ exact_sum('foreground_seconds') }} as foreground_seconds,
        {{ exact_sum('background_seconds') }} as background_seconds
    from user_video_days
    group by activity_date, video_id

)

select * from final
