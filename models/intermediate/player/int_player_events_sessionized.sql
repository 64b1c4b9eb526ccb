{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'event_key') }}",
) }}

-- SPEC 5.2: every staged event gets a session. A client sessionId is kept, scoped to its
-- user (the key is user + session). Events without one are sessionized per user: a new
-- session starts when the gap to the user's previous sessionless event is above
-- session_gap_minutes; its id is derived from its first event's instant.
-- Grain: one row per staged event.
--
-- Incremental (SPEC 9.1), one partition per session_date (the UTC date a session starts).
-- The classified rows written since the last run (new batches, batches a catalog change
-- re-classified; of a new batch only its valid events, as its quarantined lines were never
-- in a session) can change only the sessions they touch:
--   * a client session with one of their (user, sessionId) keys;
--   * a derived session of one of their sessionless users that starts or ends within
--     session_gap_minutes of one of their instants (a new event joins it, bridges it to
--     the next one, or was one of its events).
-- Those sessions are sessionized again from their previous events (less the rows written
-- since) and the new valid events; a derived session can only touch another through an
-- event within the gap, so every session left alone keeps its events and its id. The run
-- rewrites every partition such a session had or now has, with the sessions it left
-- alone copied over, and marks for finish_partition_rewrite the partitions that end up
-- empty.

{%- set gap_seconds = var('session_gap_minutes') * 60 %}
{%- set watermark = absorbed_batch() %}

{#- the sessions the classified rows written since the last run touch, with their dates,
    found in the relation named __previous_events__: the table itself to choose the
    partitions to rewrite, then those partitions -#}
{%- set touched_sessions_query -%}
    with changed_events as (
        -- a quarantined line of a new batch was never in a session: only the lines of a
        -- batch already absorbed (re-classified since) can leave one, so a re-send of an
        -- event loaded long ago does not rewrite that old date
        select user_id, client_session_id, event_at
        from {{ ref('int_player_events_classified') }}
        where written_in_batch > {{ watermark }}
            and (quarantine_reason is null or load_batch <= {{ watermark }})
    ),

    changed_users as (
        select distinct user_id from changed_events
    ),

    previous_sessions as (
        -- a day's users are a small set beside the table's: broadcast, so the events of
        -- the others are skipped in the scan, not shuffled
        select /*+ broadcast(changed_users) */
            previous_events.user_id,
            previous_events.session_id,
            previous_events.is_derived_session,
            previous_events.session_date,
            min(previous_events.event_at) as started_at,
            max(previous_events.event_at) as ended_at
        from __previous_events__ as previous_events
        left semi join changed_users
            on previous_events.user_id = changed_users.user_id
        group by
            previous_events.user_id,
            previous_events.session_id,
            previous_events.is_derived_session,
            previous_events.session_date
    ),

    changed_client_sessions as (
        select distinct user_id, client_session_id
        from changed_events
        where client_session_id is not null
    ),

    changed_sessionless_events as (
        select user_id, event_at
        from changed_events
        where client_session_id is null
    )

    -- two semi-joins, each on its own key, rather than one join on an OR of both
    select
        previous_sessions.user_id,
        previous_sessions.session_id,
        previous_sessions.session_date,
        previous_sessions.started_at,
        previous_sessions.ended_at
    from previous_sessions
    left semi join changed_client_sessions
        on previous_sessions.user_id = changed_client_sessions.user_id
            and previous_sessions.session_id = changed_client_sessions.client_session_id
    where not previous_sessions.is_derived_session

    union

    select
        previous_sessions.user_id,
        previous_sessions.session_id,
        previous_sessions.session_date,
        previous_sessions.started_at,
        previous_sessions.ended_at
    from previous_sessions
    left semi join changed_sessionless_events
        on previous_sessions.user_id = changed_sessionless_events.user_id
            and previous_sessions.started_at - interval {{ gap_seconds }} seconds
            <= changed_sessionless_events.event_at
            and previous_sessions.ended_at + interval {{ gap_seconds }} seconds
            >= changed_sessionless_events.event_at
    where previous_sessions.is_derived_session
{%- endset %}

{%- if is_incremental() %}
    {#- every date a touched session spans, and every date of a changed valid event: a
        session sessionized again starts on one of them -#}
    {%- set rewritten_dates_query -%}
        with touched_sessions as (
            {{ touched_sessions_query | replace('__previous_events__', this | string) }}
        )

        select explode(sequence(to_date(started_at), to_date(ended_at))) as session_date
        from touched_sessions
        union
        select to_date(event_at) as session_date
        from {{ ref('int_player_events_classified') }}
        where written_in_batch > {{ watermark }}
            and quarantine_reason is null
    {%- endset %}
    {%- set rewritten_predicate = values_in_query_predicate(
        'session_date', rewritten_dates_query
    ) %}
{%- endif %}

with changed_events as (

    select * from {{ ref('int_player_events_classified') }}
    {%- if is_incremental() %}
        where written_in_batch > {{ watermark }}
    {%- endif %}

),

{% if is_incremental() %}
    rewritten_partitions as (

        select * from {{ this }}
        where {{ rewritten_predicate }}

    ),

    touched_sessions as (

        -- noqa: disable=LT09, ST09
        -- (sqlfluff misreads the layout of this rendered query with its own WITH)
        {{ touched_sessions_query | replace('__previous_events__', 'rewritten_partitions') }}
        -- noqa: enable=LT09, ST09

    ),

    previous_events as (

        -- the events the touched sessions had, less the rows written since (re-classified
        -- rows come back below if still valid); one row per event even if a killed run
        -- left a session in two partitions
        select
            rewritten_partitions.*,
            row_number() over (
                partition by rewritten_partitions.event_key
                order by rewritten_partitions.session_date
            ) as copy_number
        from rewritten_partitions
        left semi join touched_sessions
            on rewritten_partitions.user_id = touched_sessions.user_id
                and rewritten_partitions.session_id = touched_sessions.session_id
                and rewritten_partitions.session_date = touched_sessions.session_date
        left anti join changed_events
            on rewritten_partitions.event_key = changed_events.event_key

    ),

    untouched_events as (

        select rewritten_partitions.*
        from rewritten_partitions
        left anti join touched_sessions
            on rewritten_partitions.user_id = touched_sessions.user_id
                and rewritten_partitions.session_id = touched_sessions.session_id
                and rewritten_partitions.session_date = touched_sessions.session_date

    ),

{% endif %}
events as (

    select
        event_key,
        event_id,
        user_id,
        client_session_id,
        video_id,
        event_name,
        event_at,
        position_seconds,
        from_time_seconds,
        playback_rate,
        visibility,
        device,
        device_os,
        app_version,
        country,
        source_file
    from changed_events
    where quarantine_reason is null
    {%- if is_incremental() %}

        union all

        select
            event_key,
            event_id,
            user_id,
            case when not is_derived_session then session_id end as client_session_id,
            video_id,
            event_name,
            event_at,
            position_seconds,
            from_time_seconds,
            playback_rate,
            visibility,
            device,
            device_os,
            app_version,
            country,
            source_file
        from previous_events
        where copy_number = 1
    {%- endif %}

),

client_sessions as (

    select
        *,
        client_session_id as session_id,
        false as is_derived_session,
        to_date(min(event_at) over (partition by user_id, client_session_id)) as session_date
    from events
    where client_session_id is not null

),

sessionless_events as (

    select
        *,
        lag(event_at) over (
            partition by user_id
            order by event_at, event_key
        ) as previous_event_at
    from events
    where client_session_id is null

),

sessionless_flagged as (

    select
        *,
        case
            when previous_event_at is null then 1
            when {{ epoch_seconds('event_at') }} - {{ epoch_seconds('previous_event_at') }}
                > {{ gap_seconds }}
                then 1
            else 0
        end as starts_new_session
    from sessionless_events

),

sessionless_numbered as (

    select
        *,
        sum(starts_new_session) over (
            partition by user_id
            order by event_at, event_key
            rows between unbounded preceding and current row
        ) as derived_session_number
    from sessionless_flagged

),

derived_starts as (

    select
        *,
        min(event_at) over (
            partition by user_id, derived_session_number
        ) as session_started_at
    from sessionless_numbered

),

derived_sessions as (

    select
        *,
        -- deterministic: the same events always give the same id
        concat('derived-', cast(unix_micros(session_started_at) as string)) as session_id,
        true as is_derived_session,
        to_date(session_started_at) as session_date
    from derived_starts

),

{%- set columns = [
    'event_key', 'event_id', 'user_id', 'session_id', 'is_derived_session', 'video_id',
    'event_name', 'event_at', 'position_seconds', 'from_time_seconds', 'playback_rate',
    'visibility', 'device', 'device_os', 'app_version', 'country', 'source_file'
] %}

dated as (

    select
        {{ columns | join(',\n        ') }},
        session_date
    from client_sessions

    union all

    select
        {{ columns | join(',\n        ') }},
        session_date
    from derived_sessions
    {%- if is_incremental() %}

        union all

        select
            {{ columns | join(',\n            ') }},
            session_date
        from untouched_events
    {%- endif %}

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from dated
    {%- if is_incremental() %}

        union all

        -- a partition this run empties gets a marker row (finish_partition_rewrite drops it)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'dated') }}
    {%- endif %}

)

select * from final
