-- noqa: disable=AL09
-- (with the var pseudonymize_user_ids off, the privacy macros return the column as it is)

-- StreamPro event lines that cannot be trusted, each with the first SPEC 4 rule it breaks
-- (the raw line's `ip` masked). Grain: one row per quarantined raw line.

with event_lines as (

    select * from {{ ref('base_streampro__event_lines') }}

),

final as (

    select
        'streampro_events' as source_name,
        source_file,
        {{ pseudonymized_json_line('raw_line', 'user_id', ['session_id']) }} as raw_line,
        quarantine_reason,
        loaded_at
    from event_lines
    where quarantine_reason is not null

)

select * from final
