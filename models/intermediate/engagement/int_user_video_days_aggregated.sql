-- The dated activity both daily marts aggregate (SPEC 5.8, 6): per UTC day, video and user,
-- the views that started that day and the watch seconds of the counted segments (SPEC 5.3)
-- and browser-extension ticks (SPEC 5.9) that started that day. A segment that crosses
-- midnight counts on the day it started, which may be a day without a view. Extension
-- views and ticks have no user: they form the user_id-null row of their day and video.
-- The channel is int_videos_resolved's ('unassigned' when unknown).
-- Grain: one row per UTC day, video and user (null for the browser extension).

with videos as (

    select
        video_id,
        coalesce(channel_id, 'unassigned') as channel_id
    from {{ ref('int_videos_resolved') }}

),

views as (

    select
        user_id,
        video_id,
        started_at,
        is_completed
    from {{ ref('int_video_views_unioned') }}

),

watch_slices as (

    select
        user_id,
        video_id,
        started_at,
        visibility,
        watch_seconds
    from {{ ref('int_watch_segments_derived') }}
    where is_counted

    union all

    select
        cast(null as string) as user_id,
        video_id,
        event_at as started_at,
        watch_mode as visibility,
        watch_seconds
    from {{ ref('stg_extension__events') }}
    where event_type = 'watch_tick' and video_id is not null

),

activities as (

    select
        user_id,
        video_id,
        started_at,
        1 as view_count,
        case when is_completed then 1 else 0 end as completion_count,
        cast(null as string) as visibility,
        cast(null as double) as watch_seconds
    from views

    union all

    select
        user_id,
        video_id,
        started_at,
        0 as view_count,
        0 as completion_count,
        visibility,
        watch_seconds
    from watch_slices

),

final as (

    select
        {{ utc_date('activities.started_at') }} as activity_date,
        activities.video_id,
        videos.channel_id,
        activities.user_id,
        sum(activities.view_count) as view_count,
        sum(activities.completion_count) as completion_count,
        coalesce({{ exact_sum('activities.watch_seconds') }}, 0.0) as watch_seconds,
        {{ seconds_by_visibility(
            'activities.visibility', 'activities.watch_seconds', 'foreground'
        ) }} as foreground_seconds,
        {{ seconds_by_visibility(
            'activities.visibility', 'activities.watch_seconds', 'background'
        ) }} as background_seconds
    from activities
    left join videos
        on activities.video_id = videos.video_id
    group by activity_date, activities.video_id, videos.channel_id, activities.user_id

)

select * from final
