-- Every raw line that did not become a staged row, from every source, with its reason
-- (SPEC 4: nothing is lost). Grain: one row per quarantined raw line.

with quarantined_lines as (

    select * from {{ ref('int_quarantined_lines_unioned') }}

),

final as (

    select
        source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from quarantined_lines

)

select * from final
