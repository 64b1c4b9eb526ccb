-- noqa: disable=AL09
-- (with the var pseudonymize_user_ids off, the privacy macros return the column as it is)

-- Typed and deduplicated StreamPro app events (SPEC 3.2, 4), `ip` dropped: the lines of
-- base_streampro__event_lines that broke no rule. Grain: one row per distinct event.

with event_lines as (

    select * from {{ ref('base_streampro__event_lines') }}

),

final as (

    select
        line_key as event_key,
        account_id,
        {{ pseudonymized_id('user_id') }} as user_id,
        -- user_id below is event_lines' own (a from-clause column wins over an alias)
        {{ pseudonymized_id_within('session_id', 'user_id') }} as session_id,
        video_id,
        event_name,
        event_at,
        watch_seconds,
        device,
        device_os,
        app_version,
        network_type,
        country,
        source_file
    from event_lines
    where quarantine_reason is null

)

select * from final
