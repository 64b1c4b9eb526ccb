{{ config(materialized='table') }}

-- One row per raw line of users.csv (optional file), parsed by header name and classified
-- (SPEC 3.4, 4): the header, a staged user (null quarantine_reason) or a quarantined line.

with parsed_lines as (

    {{ csv_lines_with_header(source('catalog', 'user_catalog_lines'), 'user_id') }}

),

typed as (

    select
        source_file,
        raw_line,
        is_header,
        header_fields is null as is_missing_header,
        {{ csv_field('fields', 'header_fields', 'user_id') }} as user_id,
        {{ csv_field('fields', 'header_fields', 'signup_date') }} as raw_signup_date,
        try_cast({{ csv_field('fields', 'header_fields', 'signup_date') }} as date)
            as signup_date,
        {{ csv_field('fields', 'header_fields', 'subscription_tier') }} as subscription_tier,
        {{ csv_field('fields', 'header_fields', 'age_group') }} as age_group,
        {{ csv_field('fields', 'header_fields', 'gender') }} as gender,
        {{ csv_field('fields', 'header_fields', 'country') }} as country
    from parsed_lines

),

validated as (

    select
        *,
        case
            when is_header then null
            when is_missing_header or trim(raw_line) = '' then 'malformed_csv'
            when user_id is null then 'missing_required_field'
            when raw_signup_date is not null and signup_date is null then 'invalid_date'
        end as validation_reason
    from typed

),

valid_ranked as (

    select
        *,
        row_number() over (
            partition by user_id order by source_file, raw_line
        ) as copy_number
    from validated
    where not is_header and validation_reason is null

),

final as (

    select
        source_file,
        raw_line,
        false as is_header,
        case when copy_number > 1 then 'duplicate' end as quarantine_reason,
        user_id,
        signup_date,
        subscription_tier,
        age_group,
        gender,
        country,
        current_timestamp() as loaded_at
    from valid_ranked

    union all

    select
        source_file,
        raw_line,
        is_header,
        validation_reason as quarantine_reason,
        cast(null as string) as user_id,
        cast(null as date) as signup_date,
        cast(null as string) as subscription_tier,
        cast(null as string) as age_group,
        cast(null as string) as gender,
        cast(null as string) as country,
        current_timestamp() as loaded_at
    from validated
    where is_header or validation_reason is not null

)

select * from final
