-- The video catalog (SPEC 3.4). Grain: one row per video_id.

with video_lines as (

    select * from {{ ref('base_catalog__video_lines') }}

),

final as (

    select
        video_id,
        title,
        genre,
        channel_id,
        duration_seconds,
        source_file
    from video_lines
    where not is_header and quarantine_reason is null

)

select * from final
