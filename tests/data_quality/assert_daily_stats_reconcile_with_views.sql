-- SPEC 5.8 / 6: the daily marts add up to the views fact. Per video, over all days:
-- views, completions and watch / foreground / background seconds equal fct_video_views';
-- and per day, the channel mart's totals equal the video mart's. One row per broken check.

with daily_by_video as (

    select
        video_id,
        sum(view_count) as view_count,
        sum(completion_count) as completion_count,
        sum(watch_seconds) as watch_seconds,
        sum(foreground_seconds) as foreground_seconds,
        sum(background_seconds) as background_seconds
    from {{ ref('fct_daily_video_stats') }}
    group by video_id

),

views_by_video as (

    select
        video_id,
        count(*) as view_count,
        count_if(is_completed) as completion_count,
        sum(watch_seconds) as watch_seconds,
        sum(foreground_seconds) as foreground_seconds,
        sum(background_seconds) as background_seconds
    from {{ ref('int_video_views_unioned') }}
    group by video_id

),

video_check as (

    select
        'video ' || coalesce(daily.video_id, views.video_id) as checked,
        coalesce(daily.view_count, 0) - coalesce(views.view_count, 0) as view_difference,
        coalesce(daily.completion_count, 0) - coalesce(views.completion_count, 0)
            as completion_difference,
        greatest(
            abs(coalesce(daily.watch_seconds, 0) - coalesce(views.watch_seconds, 0)),
            abs(coalesce(daily.foreground_seconds, 0) - coalesce(views.foreground_seconds, 0)),
            abs(coalesce(daily.background_seconds, 0) - coalesce(views.background_seconds, 0))
        ) as seconds_difference
    from daily_by_video as daily
    full outer join views_by_video as views
        on daily.video_id = views.video_id

),

video_days as (

    select
        activity_date,
        sum(view_count) as view_count,
        sum(completion_count) as completion_count,
        sum(watch_seconds) as watch_seconds
    from {{ ref('fct_daily_video_stats') }}
    group by activity_date

),

channel_days as (

    select
        activity_date,
        sum(view_count) as view_count,
        sum(completion_count) as completion_count,
        sum(watch_seconds) as watch_seconds
    from {{ ref('fct_daily_channel_stats') }}
    group by activity_date

),

day_check as (

    select
        'day ' || cast(coalesce(video_days.activity_date, channel_days.activity_date) as string)
            as checked,
        coalesce(video_days.view_count, 0) - coalesce(channel_days.view_count, 0)
            as view_difference,
        coalesce(video_days.completion_count, 0) - coalesce(channel_days.completion_count, 0)
            as completion_difference,
        abs(coalesce(video_days.watch_seconds, 0) - coalesce(channel_days.watch_seconds, 0))
            as seconds_difference
    from video_days
    full outer join channel_days
        on video_days.activity_date = channel_days.activity_date

),

checks as (

    select * from video_check
    union all
    select * from day_check

)

select *
from checks
where view_difference != 0
    or completion_difference != 0
    or seconds_difference > 0.001
