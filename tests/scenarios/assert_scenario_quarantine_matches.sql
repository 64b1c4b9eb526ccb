-- SPEC 4 and 7: each scenario quarantines exactly the expected lines, for the expected
-- reasons. The scenario of a raw line is read from its "scenario" field with a regex, so
-- malformed and truncated lines are attributed too.
{{ config(store_failures=true) }}

with quarantined as (

    select
        regexp_extract(raw_line, '"scenario"\\s*:\\s*"([^"]+)"', 1) as scenario,
        quarantine_reason as reason,
        count(*) as line_count
    from {{ ref('fct_quarantined_lines') }}
    where source_name in ('player_events', 'streampro_events', 'extension_events')
    group by
        regexp_extract(raw_line, '"scenario"\\s*:\\s*"([^"]+)"', 1),
        quarantine_reason

),

actual_counts as (

    select
        nullif(scenario, '') as scenario,
        reason,
        line_count
    from quarantined

),

expected_counts as (

    select
        scenario,
        reason,
        line_count
    from {{ ref('scenario_expected_quarantine') }}

),

comparison as (

    {{ scenario_mismatches(
        expected='expected_counts',
        actual='actual_counts',
        key_columns=['scenario', 'reason'],
        numeric_columns=['line_count'],
        exact_columns=[]
    ) }}

)

select * from comparison
