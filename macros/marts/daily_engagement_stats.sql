{% macro daily_engagement_stats(dimension) -%}
    {#-
        Query body of the daily marts (SPEC 5.8, 6), one row per UTC day and `dimension`
        (video_id or channel_id), so both marts share one definition:
          view_count            views that started that day
          unique_viewer_count   distinct users with a view that started that day
          completion_count      completed views (SPEC 5.6) that started that day
          watch_seconds         counted segments (SPEC 5.3) that started that day, split into
          foreground/background_seconds by the opener's visibility (SPEC 5.8), plus the
          browser extension's ticks of that day split by watch_mode (SPEC 5.9)
        A segment that crosses midnight counts on the day it started. Views of both formats
        count; extension views have no user, so they add no unique viewer, and no position,
        so they never complete. Videos without a known channel are grouped under channel_id
        'unassigned'.
    -#}
    {%- if dimension not in ['video_id', 'channel_id'] -%}
        {{ exceptions.raise_compiler_error(
            "daily_engagement_stats: dimension must be video_id or channel_id, got " ~ dimension) }}
    {%- endif -%}
    with catalog as (

        select
            video_id,
            coalesce(channel_id, 'unassigned') as channel_id
        from {{ ref('int_videos_resolved') }}

    ),

    views as (

        select
            views.user_id,
            views.started_at,
            views.is_completed,
            catalog.{{ dimension }}
        from {{ ref('int_video_views_unioned') }} as views
        left join catalog
            on views.video_id = catalog.video_id

    ),

    watch_slices as (

        select
            video_id,
            started_at,
            visibility,
            watch_seconds
        from {{ ref('int_watch_segments_derived') }}
        where is_counted

        union all

        select
            video_id,
            event_at as started_at,
            watch_mode as visibility,
            watch_seconds
        from {{ ref('stg_extension__events') }}
        where event_type = 'watch_tick' and video_id is not null

    ),

    segments as (

        select
            watch_slices.started_at,
            watch_slices.visibility,
            watch_slices.watch_seconds,
            catalog.{{ dimension }}
        from watch_slices
        left join catalog
            on watch_slices.video_id = catalog.video_id

    ),

    view_days as (

        select
            {{ utc_date('started_at') }} as activity_date,
            {{ dimension }},
            count(*) as view_count,
            count(distinct user_id) as unique_viewer_count,
            count_if(is_completed) as completion_count
        from views
        group by {{ utc_date('started_at') }}, {{ dimension }}

    ),

    watch_days as (

        select
            {{ utc_date('started_at') }} as activity_date,
            {{ dimension }},
            sum(watch_seconds) as watch_seconds,
            sum(case when visibility = 'foreground' then watch_seconds else 0.0 end)
                as foreground_seconds,
            sum(case when visibility = 'background' then watch_seconds else 0.0 end)
                as background_seconds
        from segments
        group by {{ utc_date('started_at') }}, {{ dimension }}

    )

    select
        coalesce(view_days.activity_date, watch_days.activity_date) as activity_date,
        coalesce(view_days.{{ dimension }}, watch_days.{{ dimension }}) as {{ dimension }},
        coalesce(view_days.view_count, 0) as view_count,
        coalesce(view_days.unique_viewer_count, 0) as unique_viewer_count,
        coalesce(view_days.completion_count, 0) as completion_count,
        coalesce(watch_days.watch_seconds, 0.0) as watch_seconds,
        coalesce(watch_days.foreground_seconds, 0.0) as foreground_seconds,
        coalesce(watch_days.background_seconds, 0.0) as background_seconds
    from view_days
    full outer join watch_days
        on view_days.activity_date = watch_days.activity_date
        and view_days.{{ dimension }} = watch_days.{{ dimension }}
{%- endmacro %}
