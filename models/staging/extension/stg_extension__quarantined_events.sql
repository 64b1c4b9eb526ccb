-- Extension event lines that cannot be trusted, each with the first SPEC 4 rule it breaks.
-- Grain: one row per quarantined raw line (an exact re-sent line appears once per copy).

with event_lines as (

    select * from {{ ref('base_extension__event_lines') }}

),

final as (

    select
        'extension_events' as source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from event_lines
    where quarantine_reason is not null

)

select * from final
