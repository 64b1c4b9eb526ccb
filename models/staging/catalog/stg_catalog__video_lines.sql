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

{{ classify_catalog_lines(
    typed_relation='typed',
    key_column='video_id',
    rules=[
        ['video_id is null or raw_duration is null', 'missing_required_field'],
        ['duration_seconds is null or duration_seconds <= 0', 'invalid_duration'],
    ],
    columns=[
        ['video_id', 'string'], ['title', 'string'], ['genre', 'string'],
        ['channel_id', 'string'], ['duration_seconds', 'double'],
    ],
) }}
