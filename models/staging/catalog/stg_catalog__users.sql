-- noqa: disable=AL09
-- (with the var pseudonymize_user_ids off, the privacy macros return the column as it is)

-- User attributes (SPEC 3.4, optional file). Grain: one row per user_id.

with user_lines as (

    select * from {{ ref('base_catalog__user_lines') }}

),

final as (

    select
        {{ pseudonymized_id('user_id') }} as user_id,
        signup_date,
        subscription_tier,
        age_group,
        gender,
        country,
        source_file
    from user_lines
    where not is_header and quarantine_reason is null

)

select * from final
