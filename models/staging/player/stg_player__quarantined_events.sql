-- noqa: disable=AL09
-- (with the var pseudonymize_user_ids off, the privacy macros return the column as it is)

-- Player event lines that cannot be trusted, each with the first SPEC 4 rule it breaks on
-- its own (the catalog and duplicate rules are applied in int_player_events_classified).
-- Grain: one row per quarantined raw line (an exact re-sent line appears once per copy).

with event_lines as (

    select * from {{ ref('base_player__event_lines') }}

),

final as (

    select
        'player_events' as source_name,
        source_file,
        {{ pseudonymized_json_line('raw_line', 'userId', ['sessionId']) }} as raw_line,
        quarantine_reason,
        loaded_at
    from event_lines
    where quarantine_reason is not null

)

select * from final
