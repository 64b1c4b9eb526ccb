-- Daily activity per channel (SPEC 5.8, 6). Grain: UTC day x channel. Views, unique viewers and
-- completions count views by the day they started; watch seconds count counted segments and
-- extension ticks by the day they started. Dated in int_user_video_days_aggregated, shared
-- with fct_daily_video_stats; the channel is int_videos_resolved's, 'unassigned' when
-- unknown (joined here, so a channel corrected in the catalog rewrites no dated row).

with user_video_days as (

    select * from {{ ref('int_user_video_days_aggregated') }}

),

videos as (

    select
        video_id,
        coalesce(channel_id, 'unassigned') as channel_id
    from {{ ref('int_videos_resolved') }}

),

channel_days as (

    select
        user_video_days.*,
        videos.channel_id
    from user_video_days
    left join videos
        on user_video_days.video_id = videos.video_id

),

final as (

    select
        activity_date,
        channel_id,
        sum(view_count) as view_count,
        -- distinct users across the channel's videos, never a sum of per-video counts
        count(distinct case when view_count > 0 then user_id end) as unique_viewer_count,
        sum(completion_count) as completion_count,
        {{ exact_sum('watch_seconds') }} as watch_seconds,
        {{ exact_sum('foreground_seconds') }} as foreground_seconds,
        {{ exact_sum('background_seconds') }} as background_seconds
    from channel_days
    group by activity_date, channel_id

)

select * from final
