{{ config(materialized='incremental', incremental_strategy='append') }}

-- noqa: disable=RF03, RF06
-- (struct fields of the parsed JSON are read unqualified; `schema`, `timestamp` and
-- `value` are quoted because they are SQL keywords)

-- One row per raw line of the StreamPro app-event files (SPEC 3.2), parsed once and
-- classified (SPEC 4): a null quarantine_reason means the line becomes a staged event,
-- anything else names the first rule it breaks. The `ip` field is never read (SPEC 9).
-- stg_streampro__events and stg_streampro__quarantined_events split it.

with parsed as (

    {{ parsed_json_lines(
        source('streampro', 'streampro_event_lines'),
        ref('base_streampro__event_files'),
        streampro_event_json_schema()
    ) }}

),

typed as (

    select
        source_file,
        load_batch,
        -- the raw line is kept for quarantine with the value of `ip` masked (SPEC 9), also
        -- on a line truncated inside that value
        regexp_replace(raw_line, '("ip"\\s*:\\s*")[^"]*', '$1<removed>') as raw_line,
        {{ is_malformed_json_object('fields', 'json_text') }} as is_malformed,
        nullif(trim(fields.account_id), '') as account_id,
        nullif(trim(fields.user_id), '') as user_id,
        nullif(trim(fields.session_id), '') as session_id,
        nullif(trim(fields.video_id), '') as video_id,
        nullif(trim(fields.event_name), '') as raw_event_name,
        case
            when lower(trim(fields.event_name)) in (
                    'first_login', 'session_start', 'watch_time', 'heart', 'like', 'session_end'
                ) then lower(trim(fields.event_name))
        end as event_name,
        nullif(trim(fields.`timestamp`), '') as raw_timestamp,
        {{ parse_iso_timestamp('fields.`timestamp`') }} as event_at,
        -- a JSON number or numeric string; booleans and text are not numbers
        case
            when lower(trim(fields.`value`)) not in ('true', 'false')
                then {{ parse_finite_number('fields.`value`') }}
        end as watch_value,
        nullif(trim(fields.device), '') as device,
        nullif(trim(fields.device_os), '') as device_os,
        nullif(trim(fields.app_version), '') as app_version,
        nullif(trim(fields.network_type), '') as network_type,
        nullif(trim(fields.country), '') as country
    from parsed

),

validated as (

    select
        *,
        -- SPEC 4 (rules equivalent to the native format's), first match wins
        case
            when is_malformed then 'malformed_json'
            when user_id is null
                or session_id is null
                or raw_event_name is null
                or raw_timestamp is null
                or (lower(raw_event_name) in ('watch_time', 'heart', 'like') and video_id is null)
                then 'missing_required_field'
            when event_name is null then 'unknown_event_name'
            when event_at is null then 'invalid_timestamp'
            -- SPEC 4: a watch_time must carry a non-negative number of seconds
            when event_name = 'watch_time'
                and (watch_value is null or watch_value < 0)
                then 'invalid_watch_value'
        end as validation_reason
    from typed

),

keyed as (

    -- SPEC 4 duplicate: the format has no event id, so a duplicate is the same user,
    -- session, event, video, instant and value as an earlier row
    select
        *,
        to_json(named_struct(
            'user_id', user_id,
            'session_id', session_id,
            'event_name', event_name,
            'video_id', video_id,
            'event_at', event_at,
            'watch_value', case when event_name = 'watch_time' then watch_value end
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
        account_id,
        user_id,
        session_id,
        video_id,
        event_name,
        event_at,
        -- SPEC 5.9: seconds of watch time, on watch_time events only
        case when event_name = 'watch_time' then watch_value end as watch_seconds,
        device,
        device_os,
        app_version,
        network_type,
        country,
        current_timestamp() as loaded_at
    from classified

)

select * from final
