{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'view_id') }}",
) }}

-- One row per native player view: a user watching a video within one session (SPEC 6),
-- with every metric of a view computed once from the intermediate steps: watch time and
-- its foreground/background split from counted segments (SPEC 5.3, 5.8), unique seconds
-- from the view's merged intervals (5.5), skips (5.4), positions and completion (5.6).
-- int_video_views_unioned adds the browser extension's views to these.
--
-- Incremental (SPEC 9.1), partitioned by session_date like its four parents (a view lies
-- within one session): a run rewrites the partitions a parent rewrote since it last
-- finished, and those holding a view of a video whose resolved duration (or its source)
-- is no longer the one the view was measured with.

{%- set duration_changed_query -%}
    select views.session_date
    from {{ this }} as views
    left join {{ ref('int_videos_resolved') }} as durations
        on views.video_id = durations.video_id
    where not (
        views.duration_seconds <=> durations.duration_seconds
        and views.duration_source <=> durations.duration_source
    )
{%- endset %}
{%- set rewritten_predicate = changed_partitions_predicate(
    [
        ref('int_player_events_sequenced'),
        ref('int_watch_segments_derived'),
        ref('int_player_skips_detected'),
        ref('int_view_intervals_merged'),
    ],
    also_rewrite_query=duration_changed_query,
) %}

with events as (

    select * from {{ ref('int_player_events_sequenced') }}
    where {{ rewritten_predicate }}

),

segments as (

    select * from {{ ref('int_watch_segments_derived') }}
    where {{ rewritten_predicate }}

),

skips as (

    select * from {{ ref('int_player_skips_detected') }}
    where {{ rewritten_predicate }}

),

view_intervals as (

    select * from {{ ref('int_view_intervals_merged') }}
    where {{ rewritten_predicate }}

),

durations as (

    select * from {{ ref('int_videos_resolved') }}

),

view_events as (

    select
        user_id,
        session_id,
        video_id,
        bool_or(is_derived_session) as is_derived_session,
        min(event_at) as started_at,
        max(event_at) as ended_at,
        count(*) as event_count,
        count_if(event_name = 'play') as play_count,
        count_if(event_name = 'resume') as resume_count,
        count_if(event_name = 'pause') as pause_count,
        count_if(event_name = 'seek') as seek_count,
        count_if(event_name = 'heartbeat') as heartbeat_count,
        count_if(event_name = 'ended') as ended_count,
        -- SPEC 5.6: largest position, a seek's fromTime included
        max({{ furthest_position('position_seconds', 'from_time_seconds') }})
            as max_position_seconds,
        -- where the viewer was at the view's last event (the resume point)
        max_by(position_seconds, event_sequence_number) as last_position_seconds,
        -- context of the view: the first value the player reported
        min_by(device, event_sequence_number) filter (where device is not null) as device,
        min_by(device_os, event_sequence_number) filter (where device_os is not null)
            as device_os,
        min_by(app_version, event_sequence_number) filter (where app_version is not null)
            as app_version,
        min_by(country, event_sequence_number) filter (where country is not null) as country,
        session_date
    from events
    group by user_id, session_id, video_id, session_date

),

view_watch as (

    select
        user_id,
        session_id,
        video_id,
        {{ exact_sum('watch_seconds') }} as watch_seconds,
        {{ seconds_by_visibility('visibility', 'watch_seconds', 'foreground') }}
            as foreground_seconds,
        {{ seconds_by_visibility('visibility', 'watch_seconds', 'background') }}
            as background_seconds,
        count_if(is_counted) as counted_segment_count
    from segments
    group by user_id, session_id, video_id

),

view_unique as (

    select
        user_id,
        session_id,
        video_id,
        {{ exact_sum('interval_seconds') }} as unique_seconds_watched
    from view_intervals
    group by user_id, session_id, video_id

),

view_skips as (

    select
        user_id,
        session_id,
        video_id,
        count_if(skip_direction = 'forward') as forward_skips,
        count_if(skip_direction = 'backward') as backward_skips
    from skips
    group by user_id, session_id, video_id

),

joined as (

    select
        view_events.*,
        coalesce(view_watch.watch_seconds, 0.0) as watch_seconds,
        coalesce(view_unique.unique_seconds_watched, 0.0) as unique_seconds_watched,
        coalesce(view_watch.foreground_seconds, 0.0) as foreground_seconds,
        coalesce(view_watch.background_seconds, 0.0) as background_seconds,
        coalesce(view_watch.counted_segment_count, 0) as counted_segment_count,
        coalesce(view_skips.forward_skips, 0) as forward_skips,
        coalesce(view_skips.backward_skips, 0) as backward_skips,
        durations.duration_seconds,
        durations.duration_source
    from view_events
    left join view_watch
        on view_events.user_id = view_watch.user_id
            and view_events.session_id = view_watch.session_id
            and view_events.video_id = view_watch.video_id
    left join view_unique
        on view_events.user_id = view_unique.user_id
            and view_events.session_id = view_unique.session_id
            and view_events.video_id = view_unique.video_id
    left join view_skips
        on view_events.user_id = view_skips.user_id
            and view_events.session_id = view_skips.session_id
            and view_events.video_id = view_skips.video_id
    left join durations
        on view_events.video_id = durations.video_id

),

player_views as (

    select
        {{ dbt_utils.generate_surrogate_key(['user_id', 'session_id', 'video_id']) }}
            as view_id,
        'player' as source_format,
        user_id,
        session_id,
        video_id,
        is_derived_session,
        started_at,
        ended_at,
        {{ epoch_seconds('ended_at') }} - {{ epoch_seconds('started_at') }}
            as wall_duration_seconds,
        event_count,
        play_count,
        resume_count,
        pause_count,
        seek_count,
        heartbeat_count,
        ended_count,
        counted_segment_count,
        watch_seconds,
        unique_seconds_watched,
        watch_seconds - unique_seconds_watched as rewatch_seconds,
        foreground_seconds,
        background_seconds,
        max_position_seconds,
        last_position_seconds,
        duration_seconds,
        duration_source,
        {{ percentage_of_duration(
            'max_position_seconds', 'duration_seconds', cap_at_duration=true
        ) }}
            as completion_percentage,
        {{ is_completed('max_position_seconds', 'duration_seconds') }} as is_completed,
        {{ is_valid_view('watch_seconds', 'duration_seconds') }} as is_valid_view,
        {{ is_dropoff('watch_seconds') }} as is_dropoff,
        forward_skips,
        backward_skips,
        device,
        device_os,
        app_version,
        country,
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from joined

),

final as (

    select * from player_views
    {%- if is_incremental() %}

        union all

        -- a partition left without views gets a marker row (finish_partition_rewrite)
        {{ emptied_partition_markers(none, rewritten_predicate, 'player_views') }}
    {%- endif %}

)

select * from final
