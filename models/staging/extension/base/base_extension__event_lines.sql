{{ config(materialized='incremental', incremental_strategy='append') }}

-- noqa: disable=RF03, RF06
-- (struct fields of the parsed JSON are read unqualified; `schema`, `timestamp` and
-- `value` are quoted because they are SQL keywords)

-- One row per raw line of the browser-extension tick files (SPEC 3.3), parsed once and
-- classified (SPEC 4): a null quarantine_reason means the line becomes a staged event,
-- anything else names the first rule it breaks. stg_extension__events and
-- stg_extension__quarantined_events split it.

-- SPEC 4: without an event id, copies are lines with the same values of these columns
{%- set copy_key_without_event_id -%}
    case when event_id is null then named_struct(
        'video_session_id', video_session_id,
        'client_session_id', client_session_id,
        'event_type', event_type,
        'event_at', event_at,
        'watch_ms_delta', watch_ms_delta
    ) end
{%- endset %}

with parsed as (

    {{ parsed_json_lines(
        source('extension', 'extension_event_lines'),
        ref('base_extension__event_files'),
        extension_event_json_schema()
    ) }}

),

typed as (

    select
        source_file,
        load_batch,
        raw_line,
        {{ is_malformed_json_object('fields', 'json_text') }} as is_malformed,
        nullif(trim(fields.`schema`), '') as raw_schema_version,
        {{ parse_finite_number('fields.`schema`') }} as schema_version,
        nullif(trim(fields.event_id), '') as event_id,
        nullif(trim(fields.event_type), '') as raw_event_type,
        case
            when lower(trim(fields.event_type)) in (
                    'video_start', 'watch_tick', 'video_stop', 'visibility_change',
                    'player_state_change', 'context_missing'
                ) then lower(trim(fields.event_type))
        end as event_type,
        nullif(trim(fields.event_ts), '') as raw_event_ts,
        -- epoch milliseconds (a number or a numeric string); negative instants are not valid
        case
            when {{ parse_finite_number('fields.event_ts') }} >= 0
                then timestamp_micros(
                        cast(round({{ parse_finite_number('fields.event_ts') }} * 1000) as bigint)
                    )
        end as event_at,
        nullif(trim(fields.client_session_id), '') as client_session_id,
        nullif(trim(fields.tab_id), '') as tab_id,
        nullif(trim(fields.video_id), '') as video_id,
        nullif(trim(fields.video_session_id), '') as video_session_id,
        nullif(trim(fields.channel_id), '') as channel_id,
        nullif(trim(fields.channel_name), '') as channel_name,
        nullif(trim(fields.watch_ms_delta), '') as raw_watch_ms_delta,
        {{ parse_finite_number('fields.watch_ms_delta') }} as watch_ms_delta,
        -- SPEC 5.8 by analogy: background when the extension says so, or, without a
        -- watch_mode, when the tab was not visible; foreground otherwise
        case
            when lower(trim(fields.watch_mode)) = 'background' then 'background'
            when lower(trim(fields.watch_mode)) = 'foreground' then 'foreground'
            when lower(trim(fields.is_visible)) = 'false' then 'background'
            else 'foreground'
        end as watch_mode,
        case lower(trim(fields.is_visible))
            when 'true' then true
            when 'false' then false
        end as is_visible,
        case
            when {{ parse_finite_number('fields.position_s') }} >= 0
                then {{ parse_finite_number('fields.position_s') }}
        end as position_seconds,
        case
            when {{ parse_finite_number('fields.playback_rate') }} > 0
                then {{ parse_finite_number('fields.playback_rate') }}
        end as playback_rate
    from parsed

),

validated as (

    select
        *,
        -- SPEC 4 (rules equivalent to the native format's), first match wins
        case
            when is_malformed then 'malformed_json'
            -- a missing `schema` is read as version 1, the only one SPEC 3.3 defines
            when raw_schema_version is not null and coalesce(schema_version, -1) != 1
                then 'unsupported_schema'
            when raw_event_type is null
                or raw_event_ts is null
                or (
                    lower(raw_event_type) in ('video_start', 'watch_tick', 'video_stop')
                    and (video_id is null or video_session_id is null)
                )
                then 'missing_required_field'
            when event_type is null then 'unknown_event_name'
            when event_at is null then 'invalid_timestamp'
            -- SPEC 4: a tick's watch_ms_delta must be a number within 0..60000
            when event_type = 'watch_tick'
                and (
                    raw_watch_ms_delta is null
                    or watch_ms_delta is null
                    or watch_ms_delta < 0
                    or watch_ms_delta > 60000
                )
                then 'invalid_watch_delta'
        end as validation_reason
    from typed

),

keyed as (

    -- SPEC 4 duplicate: same event_id as an earlier row; without event_id the same video
    -- session, event type, instant and watch delta
    select
        *,
        to_json(named_struct(
            'event_id', event_id,
            'copy', {{ copy_key_without_event_id }}
        )) as copy_key
    from validated

),

ranked as (

    -- the copy loaded first is kept (SPEC 9.1): among this run's lines, by file path
    select
        *,
        {{ first_copy_quarantine_reason(['copy_key']) }} as run_quarantine_reason
    from keyed

),

classified as (

    -- and a line whose copy an earlier run staged is a duplicate
    select
        ranked.*,
        case
            when ranked.run_quarantine_reason is null
                and earlier_copies.copy_key is not null
                then 'duplicate'
            else ranked.run_quarantine_reason
        end as quarantine_reason
    from ranked
    left join {{ earlier_copy_keys() }} as earlier_copies
        on ranked.copy_key = earlier_copies.copy_key

),

final as (

    select
        md5(concat(source_file, '\n', raw_line)) as line_key,
        source_file,
        load_batch,
        raw_line,
        quarantine_reason,
        copy_key,
        event_id,
        event_type,
        event_at,
        client_session_id,
        tab_id,
        video_id,
        video_session_id,
        channel_id,
        channel_name,
        -- SPEC 5.9: a tick's watch time in seconds
        case when event_type = 'watch_tick' then watch_ms_delta / 1000.0 end as watch_seconds,
        watch_mode,
        is_visible,
        position_seconds,
        playback_rate,
        current_timestamp() as loaded_at
    from classified

)

select * from final
