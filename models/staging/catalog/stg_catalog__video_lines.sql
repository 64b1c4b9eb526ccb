{{ config(materialized='table') }}

-- One row per raw line of videos.csv, parsed by header name and classified (SPEC 3.4, 4):
-- the header, a staged video (null quarantine_reason) or a quarantined line.

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
        case
            when is_header then null
            when is_missing_header or trim(raw_line) = '' then 'malformed_csv'
            when video_id is null or raw_duration is null then 'missing_required_field'
            when duration_seconds is null or duration_seconds <= 0 then 'invalid_duration'
        end as validation_reason
    from typed

),

valid_ranked as (

    -- One catalog row per video: a repeated video_id keeps its first line (by file, line).
    select
        *,
        row_number() over (
            partition by video_id order by source_file, raw_line
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
        video_id,
        title,
        genre,
        channel_id,
        duration_seconds,
        current_timestamp() as loaded_at
    from valid_ranked

    union all

    select
        source_file,
        raw_line,
        is_header,
        validation_reason as quarantine_reason,
        cast(null as string) as video_id,
        cast(null as string) as title,
        cast(null as string) as genre,
        cast(null as string) as channel_id,
        cast(null as double) as duration_seconds,
        current_timestamp() as loaded_at
    from validated
    where is_header or validation_reason is not null

)

select * from final
