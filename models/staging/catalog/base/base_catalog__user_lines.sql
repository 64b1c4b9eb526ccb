{{ config(materialized='table') }}

-- One row per raw line of users.csv (optional file), parsed by header name and classified
-- (SPEC 3.4, 4): the header, a typed user (null quarantine_reason, stg_catalog__users) or a
-- quarantined line (stg_catalog__quarantined_lines).

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
        -- SPEC 3.4, 4: the header is kept with no reason; a blank line, or a line of a file
        -- without a header, is malformed_csv; then the catalog's own rules, first match wins
        case
            when is_header then null
            when {{ is_malformed_csv_line('is_missing_header', 'raw_line') }} then 'malformed_csv'
            when user_id is null then 'missing_required_field'
            when raw_signup_date is not null and signup_date is null then 'invalid_date'
        end as validation_reason
    from typed

),

classified as (

    -- SPEC 4 duplicate: a user_id already listed; the first line by file and text is kept
    select
        *,
        not is_header and validation_reason is null as is_typed,
        case
            when not is_header then {{ first_copy_quarantine_reason(
                ['is_header', 'user_id'], order_expressions=['source_file', 'raw_line']
            ) }}
        end as quarantine_reason
    from validated

),

final as (

    -- the typed columns are null on the header and on lines that broke a rule of their own
    select
        source_file,
        raw_line,
        is_header,
        quarantine_reason,
        case when is_typed then user_id end as user_id,
        case when is_typed then signup_date end as signup_date,
        case when is_typed then subscription_tier end as subscription_tier,
        case when is_typed then age_group end as age_group,
        case when is_typed then gender end as gender,
        case when is_typed then country end as country,
        current_timestamp() as loaded_at
    from classified

)

select * from final
