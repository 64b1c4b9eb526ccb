{{ config(materialized='view') }}

-- One row per view: a user watching a video within one session (SPEC 6). A view is defined
-- here, once; every mart that counts or sums views reads this model. Two formats, named by
-- source_format:
--   player     native player events (SPEC 3.1, 5): every metric (int_player_views_aggregated)
--   extension  browser-extension ticks (SPEC 3.3, 5.9): one view per video_session_id
--              (its session_id), watch time and its foreground/background split; the format
--              has no user and no watched intervals, so user_id and the position-based
--              metrics (unique seconds, positions, completion, skips) are null
--
-- A view, not a table: a union of two tables costs its readers no more than one table
-- would, and a table here was rewritten whole on every run (7.1 s of a 10M-event daily run
-- with nothing new, BENCHMARKS.md).

with player_views as (

    -- all but the partition columns of the incremental model
    select * except (written_in_batch, session_date)
    from {{ ref('int_player_views_aggregated') }}

),

extension_views as (

    select * from {{ ref('int_extension_views') }}

),

extension_view_metrics as (

    select
        extension_views.view_id,
        'extension' as source_format,
        cast(null as string) as user_id,
        extension_views.video_session_id as session_id,
        extension_views.video_id,
        false as is_derived_session,
        extension_views.started_at,
        extension_views.ended_at,
        extension_views.wall_duration_seconds,
        extension_views.event_count,
        cast(null as bigint) as play_count,
        cast(null as bigint) as resume_count,
        cast(null as bigint) as pause_count,
        cast(null as bigint) as seek_count,
        cast(null as bigint) as heartbeat_count,
        cast(null as bigint) as ended_count,
        cast(null as bigint) as counted_segment_count,
        extension_views.watch_seconds,
        cast(null as double) as unique_seconds_watched,
        cast(null as double) as rewatch_seconds,
        extension_views.foreground_seconds,
        extension_views.background_seconds,
        cast(null as double) as max_position_seconds,
        cast(null as double) as last_position_seconds,
        extension_views.duration_seconds,
        extension_views.duration_source,
        cast(null as double) as completion_percentage,
        cast(null as boolean) as is_completed,
        extension_views.is_valid_view,
        extension_views.is_dropoff,
        cast(null as bigint) as forward_skips,
        cast(null as bigint) as backward_skips,
        cast(null as string) as device,
        cast(null as string) as device_os,
        cast(null as string) as app_version,
        cast(null as string) as country
    from extension_views

),

final as (

    select * from player_views
    union all
    select * from extension_view_metrics

)

select * from final
