-- noqa: disable=AL09
-- (with the var pseudonymize_user_ids off, the privacy macros return the column as it is)

-- Typed, normalized native player events (SPEC 3.1): the lines of base_player__event_lines
-- that break none of the rules a line can break on its own (SPEC 4). Duplicates and
-- positions beyond the catalog's duration are still here: int_player_events_classified
-- applies those two rules, which need other lines and the catalog.
-- Grain: one row per raw line that is a well-formed event.

with event_lines as (

    select * from {{ ref('base_player__event_lines') }}

),

final as (

    select
        line_key as event_key,
        event_id,
        {{ pseudonymized_id('user_id') }} as user_id,
        -- user_id below is event_lines' own (a from-clause column wins over an alias)
        {{ pseudonymized_id_within('client_session_id', 'user_id') }} as client_session_id,
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
        source_file,
        load_batch,
        {{ pseudonymized_json_line('raw_line', 'userId', ['sessionId']) }} as raw_line,
        loaded_at
    from event_lines
    where quarantine_reason is null

)

select * from final
