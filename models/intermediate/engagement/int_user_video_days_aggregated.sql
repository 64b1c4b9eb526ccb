{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['activity_date'],
    post_hook="{{ finish_partition_rewrite('activity_date', 'view_count') }}",
) }}

-- The dated activity both daily marts aggregate (SPEC 5.8, 6): per UTC day, video and user,
-- the views that started that day and the watch seconds of the counted segments (SPEC 5.3)
-- and browser-extension ticks (SPEC 5.9) that started that day (a segment crossing midnight
-- counts on the day it started). Extension rows have no user and no session_date.
-- Grain: one row per UTC day, session_date (of the player session), video and user.
--
-- Incremental (SPEC 9.1), one partition per activity_date. A run rewrites the days that a
-- parent session_date partition written or dropped since the last run reaches, now (the
-- parents' rows) or before (this table's session_date column), the days of extension
-- lines loaded since and of their video session's first event before and after them, and
-- the days a killed run left a marker in, reading only the parent partitions that can
-- feed those days (changed, or feeding them as this table says).

{%- set watermark = absorbed_batch() %}

{%- if is_incremental() %}
    {#- parent session_date partitions written since the last run, or dropped since (this
        table's dates no longer a partition of both parents, as the metastore lists them) -#}
    {%- set segment_dates = partition_values(ref('int_watch_segments_derived')) %}
    {%- set parent_date_literals = [] %}
    {%- for value in partition_values(ref('int_player_views_aggregated'))
        if value in segment_dates %}
        {%- do parent_date_literals.append(escaped_string_literal(value)) %}
    {%- endfor %}
    {%- set changed_session_dates_query -%}
        select session_date from {{ ref('int_player_views_aggregated') }}
        where written_in_batch > {{ watermark }}
        union
        select session_date from {{ ref('int_watch_segments_derived') }}
        where written_in_batch > {{ watermark }}
        union
        select session_date from {{ this }}
        where {{ 'session_date not in (' ~ parent_date_literals | join(', ') ~ ')'
            if parent_date_literals else 'session_date is not null' }}
    {%- endset %}
    {%- set changed_predicate = values_in_query_predicate(
        'session_date', changed_session_dates_query
    ) %}

    {%- set rewritten_dates_query -%}
        with changed_video_sessions as (
            -- the extension's video sessions with a line loaded since: their first event
            -- before it and now
            select
                min(event_at) filter (where load_batch <= {{ watermark }}) as started_before,
                min(event_at) as started_now
            from {{ ref('stg_extension__events') }}
            where video_session_id is not null
            group by video_session_id
            having max(load_batch) > {{ watermark }}
        )

        select activity_date from {{ this }}
        where {{ changed_predicate }} or view_count is null
        union
        select {{ utc_date('started_at') }} from {{ ref('int_player_views_aggregated') }}
        where {{ changed_predicate }}
        union
        select {{ utc_date('started_at') }} from {{ ref('int_watch_segments_derived') }}
        where {{ changed_predicate }}
        union
        select {{ utc_date('event_at') }} from {{ ref('stg_extension__events') }}
        where load_batch > {{ watermark }}
        union
        select {{ utc_date('started_before') }} from changed_video_sessions
        union
        select {{ utc_date('started_now') }} from changed_video_sessions
    {%- endset %}
    {%- set rewritten_predicate = values_in_query_predicate(
        'activity_date', rewritten_dates_query
    ) %}

    {#- the parent partitions that can feed those days: changed, or said so by this table -#}
    {%- set fed_dates_query -%}
        select session_date from {{ this }}
        where {{ rewritten_predicate }} and session_date is not null
    {%- endset %}
    {%- set read_predicate = '((' ~ changed_predicate ~ ') or ('
        ~ values_in_query_predicate('session_date', fed_dates_query) ~ '))' %}
{%- else %}
    {%- set rewritten_predicate = 'true' %}
    {%- set read_predicate = 'true' %}
{%- endif %}

with player_views as (

    select
        user_id,
        video_id,
        {{ utc_date('started_at') }} as activity_date,
        1 as view_count,
        case when is_completed then 1 else 0 end as completion_count,
        cast(null as string) as visibility,
        cast(null as double) as watch_seconds,
        session_date
    from {{ ref('int_player_views_aggregated') }}

),

player_segments as (

    select
        user_id,
        video_id,
        {{ utc_date('started_at') }} as activity_date,
        0 as view_count,
        0 as completion_count,
        visibility,
        watch_seconds,
        session_date
    from {{ ref('int_watch_segments_derived') }}
    where is_counted

),

extension_activities as (

    -- one view per video session (int_extension_views), which has no completion, and ticks
    select
        cast(null as string) as user_id,
        video_id,
        {{ utc_date('started_at') }} as activity_date,
        1 as view_count,
        0 as completion_count,
        cast(null as string) as visibility,
        cast(null as double) as watch_seconds,
        cast(null as date) as session_date
    from {{ ref('int_extension_views') }}
    union all
    select
        cast(null as string) as user_id,
        video_id,
        {{ utc_date('event_at') }} as activity_date,
        0 as view_count,
        0 as completion_count,
        watch_mode as visibility,
        watch_seconds,
        cast(null as date) as session_date
    from {{ ref('stg_extension__events') }}
    where event_type = 'watch_tick' and video_id is not null

),

activities as (

    -- read_predicate prunes the parents' partitions, rewritten_predicate picks the days
    select * from player_views
    where {{ read_predicate }} and {{ rewritten_predicate }}
    union all
    select * from player_segments
    where {{ read_predicate }} and {{ rewritten_predicate }}
    union all
    select * from extension_activities
    where {{ rewritten_predicate }}

),

aggregated as (

    select
        session_date,
        video_id,
        user_id,
        sum(view_count) as view_count,
        sum(completion_count) as completion_count,
        coalesce({{ exact_sum('watch_seconds') }}, 0.0) as watch_seconds,
        {{ seconds_by_visibility('visibility', 'watch_seconds', 'foreground') }}
            as foreground_seconds,
        {{ seconds_by_visibility('visibility', 'watch_seconds', 'background') }}
            as background_seconds,
        {{ load_batch_id() }} as written_in_batch,
        activity_date
    from activities
    group by activity_date, session_date, video_id, user_id

),

final as (

    select * from aggregated
    {%- if is_incremental() %}
        union all
        -- a day left without activity gets a marker row (finish_partition_rewrite)
        {{ emptied_partition_markers([
            'session_date', 'video_id', 'user_id', 'view_count', 'completion_count',
            'watch_seconds', 'foreground_seconds', 'background_seconds'
        ], rewritten_predicate, 'aggregated', 'activity_date') }}
    {%- endif %}

)

select * from final
