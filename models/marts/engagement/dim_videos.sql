-- One row per video known from the catalog or from player events (SPEC 6), with the
-- duration every percentage uses and where that duration came from (SPEC 5.6).

with durations as (

    select * from {{ ref('int_videos_duration_resolved') }}

),

catalog as (

    select * from {{ ref('stg_catalog__videos') }}

),

final as (

    select
        durations.video_id,
        catalog.title,
        catalog.genre,
        catalog.channel_id,
        durations.duration_seconds,
        durations.duration_source,
        catalog.video_id is not null as is_in_catalog
    from durations
    left join catalog
        on durations.video_id = catalog.video_id

)

select * from final
