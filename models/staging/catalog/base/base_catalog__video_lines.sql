{{ config(materialized='table') }}

-- One row per raw line of videos.csv, parsed by header name and classified (SPEC 3.4, 4):
-- the header, a typed video (null quarantine_reason, stg_catalog__videos) or a quarantined
-- line (stg_catalog__quarantined_lines).

with parsed_lines as (

    {{ csv_lines_with_header(source('catalog', 'video_catalog_lines'), 'video_id') }}

),

typed as (

    select
        source_file,
        raw_line,
        is_header,
        header_fields is null as is_missing_header,
        {{ csv_field('fields', 'header_fields', 'video_id') }} as video_id,
        {{ csv_field('fields', 'header_fields', 'title') }} as title,
        {{ csv_field('fields', 'header_fields', 'genre') }} as genre,
        {{ csv_field('fields', 'header_fields', 'channel_id') }} as channel_id,
        {{ csv_field('fields', 'header_fields', 'duration_seconds') }} as raw_duration,
        {{ parse_finite_number(csv_field('fields', 'header_fields', 'duration_seconds')) }}
            as duration_seconds
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
            when video_id is null or raw_duration is null then 'missing_required_field'
            when duration_seconds is null or duration_seconds <= 0 then 'invalid_duration'
        end as validation_reason
    from typed

),

classified as (

    -- SPEC 4 duplicate: a video_id already listed; the first line by file and text is kept
    select
        *,
        not is_header and validation_reason is null as is_typed,
        case
            when not is_header then {{ first_copy_quarantine_reason(
                ['is_header', 'video_id'], order_expressions=['source_file', 'raw_line']
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
        case when is_typed then video_id end as video_id,
        case when is_typed then title end as title,
        case when is_typed then genre end as genre,
        case when is_typed then channel_id end as channel_id,
        case when is_typed then duration_seconds end as duration_seconds,
        current_timestamp() as loaded_at
    from classified

)

select * from final
