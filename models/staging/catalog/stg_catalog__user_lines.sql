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

{{ classify_catalog_lines(
    typed_relation='typed',
    key_column='user_id',
    rules=[
        ['user_id is null', 'missing_required_field'],
        ['raw_signup_date is not null and signup_date is null', 'invalid_date'],
    ],
    columns=[
        ['user_id', 'string'], ['signup_date', 'date'], ['subscription_tier', 'string'],
        ['age_group', 'string'], ['gender', 'string'], ['country', 'string'],
    ],
) }}
