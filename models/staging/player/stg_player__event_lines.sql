{{ config(materialized='table') }}

-- noqa: disable=CP02, RF03, RF06
-- (the JSON field names of SPEC 3.1 are camelCase and read as struct fields)

-- One row per raw line of the player event files, parsed once and classified (SPEC 4):
-- a null quarantine_reason means the line becomes a staged event, anything else names the
-- first rule it breaks. stg_player__events and stg_player__quarantined_events split it.

-- SPEC 4: without an event id, copies are lines with the same values of these columns
{%- set copy_key_without_event_id -%}
    case when event_id is null then named_struct(
        'user_id', user_id,
        'session_id', client_session_id,
        'video_id', video_id,
        'event_name', event_name,
        'event_at', event_at,
        'position_seconds', position_seconds
    ) end
{%- endset %}

with parsed as (

    {{ parsed_json_lines(
        source('player', 'player_event_lines'),
        player_event_json_schema()
    ) }}

),

video_catalog as (

    select
        video_id,
        duration_seconds
    from {{ ref('stg_catalog__videos') }}

),

typed as (

    select
        source_file,
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

validated as (

    select
        typed.*,
        -- SPEC 4: the first rule a line breaks, in the order of the SPEC table
        case
            when typed.is_malformed then 'malformed_json'
            when typed.user_id is null
                or typed.video_id is null
                or typed.raw_event_name is null
                or typed.raw_timestamp is null
                then 'missing_required_field'
            when typed.event_name is null then 'unknown_event_name'
            when typed.event_at is null then 'invalid_timestamp'
            -- a seek's optional fromTime, when present, must be a valid position as well
            when typed.position_seconds is null
                or typed.position_seconds < 0
                or (typed.raw_from_time is not null and typed.from_time_seconds is null)
                or typed.from_time_seconds < 0
                then 'invalid_position'
            when {{ furthest_position('typed.position_seconds', 'typed.from_time_seconds') }}
                > video_catalog.duration_seconds + {{ var('position_tolerance_seconds') }}
                then 'position_exceeds_duration'
        end as validation_reason
    from typed
    left join video_catalog
        on typed.video_id = video_catalog.video_id

),

classified as (

    -- SPEC 4 duplicate: same eventId as an earlier row; without eventId the same user,
    -- session, video, event name, instant and position. The earliest copy is kept.
    select
        *,
        {{ first_copy_quarantine_reason([
            "event_id", copy_key_without_event_id
        ]) }} as quarantine_reason
    from validated

),

final as (

    select
        md5(concat(source_file, '\n', raw_line)) as line_key,
        source_file,
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
