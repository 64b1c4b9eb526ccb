-- SPEC 5.6: one duration per video. The catalog's duration_seconds when it has one; else
-- the largest position any user reached (the native format reports no duration of its
-- own). duration_source says which. Grain: one row per video in the catalog or in events
-- of any format (browser-extension videos carry no positions: unknown unless catalogued).

with catalog as (

    select
        video_id,
        duration_seconds
    from {{ ref('stg_catalog__videos') }}

),

observed_positions as (

    select
        video_id,
        {{ furthest_position('position_seconds', 'from_time_seconds') }} as position_seconds
    from {{ ref('stg_player__events') }}

    union all

    select
        video_id,
        cast(null as double) as position_seconds
    from {{ ref('stg_extension__events') }}
    where video_id is not null

),

observed as (

    select
        video_id,
        max(position_seconds) as max_position_seconds
    from observed_positions
    group by video_id

),

final as (

    select
        coalesce(catalog.video_id, observed.video_id) as video_id,
        -- a largest position of 0 says nothing about the length: the duration stays unknown
        -- (otherwise a view that never moved would count as completed, 0 >= 0.9 x 0)
        coalesce(catalog.duration_seconds, nullif(observed.max_position_seconds, 0))
            as duration_seconds,
        case
            when catalog.duration_seconds is not null then 'catalog'
            when observed.max_position_seconds > 0 then 'max_position'
            else 'unknown'
        end as duration_source
    from catalog
    full outer join observed
        on catalog.video_id = observed.video_id

)

select * from final
