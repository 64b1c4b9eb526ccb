-- StreamPro event lines that cannot be trusted, each with the first SPEC 4 rule it breaks
-- (the raw line's `ip` masked). Grain: one row per quarantined raw line.

with event_lines as (

    select * from {{ ref('base_streampro__event_lines') }}

),

final as (

    select
        'streampro_events' as source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from event_lines
    where quarantine_reason is not null

)

select * from final
