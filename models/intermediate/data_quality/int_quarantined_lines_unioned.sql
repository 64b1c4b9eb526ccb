{{ config(materialized='view') }}

-- Every raw line that did not become a staged row, from every source, with its reason
-- (SPEC 4: nothing is lost): the lines each staging model quarantined on their own, and the
-- player events that int_player_events_classified quarantined against the catalog or as
-- duplicates. Grain: one row per quarantined raw line.
--
-- A view, not a table: its two readers take different columns (fct_quarantined_lines every
-- one, fct_line_reconciliation a count per file), so each reads only what it needs from the
-- parquet underneath, and no run rewrites a copy of every quarantined line (9.5 s of a
-- 10M-event daily run with nothing new, BENCHMARKS.md).

{#- the models of quarantined lines; each already names its source #}
{%- set quarantined_line_models = [
    ref('stg_player__quarantined_events'),
    ref('stg_streampro__quarantined_events'),
    ref('stg_extension__quarantined_events'),
    ref('stg_catalog__quarantined_lines'),
] %}

with classified_player_events as (

    select * from {{ ref('int_player_events_classified') }}

),

final as (

    select
        'player_events' as source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from classified_player_events
    where quarantine_reason is not null
    {% for relation in quarantined_line_models %}
        union all
        select
            source_name,
            source_file,
            raw_line,
            quarantine_reason,
            loaded_at
        from {{ relation }}
    {% endfor %}
)

select * from final
