{{ config(materialized='incremental', incremental_strategy='append') }}

-- noqa: disable=CP02, RF03, RF06
-- (the JSON field names of SPEC 3.1 are camelCase and read as struct fields)

-- One row per raw line of the player event files, parsed once and classified by the rules
-- of SPEC 4 that a line breaks on its own: a null quarantine_reason means the line is a
-- typed event (stg_player__events), anything else names the first rule it breaks
-- (stg_player__quarantined_events). The two rules that need more than the line, a position
-- beyond the catalog's duration and a duplicate, are applied in int_player_events_classified.
-- Incremental (append, SPEC 9.1): a run parses only the files base_player__event_files
-- recorded since the last one; a line's verdict here depends on the line alone, so rows
-- once written never change.

with parsed as (

    {{ parsed_json_lines(
        source('player', 'player_event_lines'),
        ref('base_player__event_files'),
        player_event_json_schema()
    ) }}

),

typed as (

    select
        source_file,
        load_batch,
        raw_line,
        -- SPEC 4 malformed_json: not exactly one JSON object
        {{ is_malformed_json_object('fields', 'json_text') }} as is_malformed,
        nullif(trim(fields.eventId), '') as event_id,
        nullif(trim(fields.userId), '') as user_id,
        nullif(trim(fields.sessionId), '') as client_session_id,
        nullif(trim(fields.videoId), '') as video_id,
        nullif(trim(fields.eventName), '') as raw_event_name,
        {{ canonical_player_event_name('fields.eventName') }} as event_name,
        nullif(trim(fields.`timestamp`), '') as raw_timestamp,
        {{ parse_iso_timestamp('fields.`timestamp`') }} as event_at,
        {{ parse_finite_number('fields.currentTime') }} as position_seconds,
        nullif(trim(fields.fromTime), '') as raw_from_time,
        {{ parse_finite_number('fields.fromTime') }} as from_time_seconds,
        -- optional rate: an unusable value counts as absent, i.e. 1 (documented in the yml)
        coalesce(
            case
                when {{ parse_finite_number('fields.playbackRate') }} > 0
                    then {{ parse_finite_number('fields.playbackRate') }}
            end,
            1.0
        ) as playback_rate,
        case
            when lower(trim(fields.visibility)) = 'background' then 'background'
            else 'foreground'
        end as visibility,
        nullif(trim(fields.device), '') as device,
        nullif(trim(fields.deviceOs), '') as device_os,
        nullif(trim(fields.appVersion), '') as app_version,
        nullif(trim(fields.country), '') as country
    from parsed

),

classified as (

    select
        *,
        -- SPEC 4: the first rule a line breaks, in the order of the SPEC table
        case
            when is_malformed then 'malformed_json'
            when user_id is null
                or video_id is null
                or raw_event_name is null
                or raw_timestamp is null
                then 'missing_required_field'
            when event_name is null then 'unknown_event_name'
            when event_at is null then 'invalid_timestamp'
            -- a seek's optional fromTime, when present, must be a valid position as well
            when position_seconds is null
                or position_seconds < 0
                or (raw_from_time is not null and from_time_seconds is null)
                or from_time_seconds < 0
                then 'invalid_position'
        end as quarantine_reason
    from typed

),

final as (

    select
        md5(concat(source_file, '\n', raw_line)) as line_key,
        source_file,
        load_batch,
        raw_line,
        quarantine_reason,
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
        current_timestamp() as loaded_at
    from classified

)

select * from final
