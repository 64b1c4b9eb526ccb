-- One row per video known from the catalog or from events of any format, with everything
-- the marts need to know about it, resolved once:
--   duration (SPEC 5.6): the catalog's duration_seconds when it has one; else the largest
--     position (or seek fromTime) any user reached (the native format reports no duration of
--     its own); duration_source says which. Browser-extension videos carry no positions:
--     their duration is unknown unless catalogued.
--   catalog attributes (title, genre) and the channel: the catalog's, else the one the
--     browser extension last reported for the video (SPEC 3.3).

with catalog as (

    select
        video_id,
        title,
        genre,
        channel_id,
        duration_seconds
    from {{ ref('stg_catalog__videos') }}

),

player_events as (

    select
        video_id,
        position_seconds,
        from_time_seconds
    from {{ ref('stg_player__events') }}

),

extension_events as (

    select
        video_id,
        channel_id,
        event_at
    from {{ ref('stg_extension__events') }}
    where video_id is not null

),

observed_positions as (

    select
        video_id,
        {{ furthest_position('position_seconds', 'from_time_seconds') }} as position_seconds
    from player_events

    union all

    select
        video_id,
        cast(null as double) as position_seconds
    from extension_events

),

observed as (

    select
        video_id,
        max(position_seconds) as max_position_seconds
    from observed_positions
    group by video_id

),

extension_channels as (

    select
        video_id,
        max_by(channel_id, event_at) as channel_id
    from extension_events
    where channel_id is not null
    group by video_id

),

final as (

    select
        coalesce(catalog.video_id, observed.video_id) as video_id,
        catalog.title,
        catalog.genre,
        coalesce(catalog.channel_id, extension_channels.channel_id) as channel_id,
        -- a largest position of 0 says nothing about the length: the duration stays unknown
        -- (otherwise a view that never moved would count as completed, 0 >= 0.9 x 0)
        coalesce(catalog.duration_seconds, nullif(observed.max_position_seconds, 0))
            as duration_seconds,
        case
            when catalog.duration_seconds is not null then 'catalog'
            when observed.max_position_seconds > 0 then 'max_position'
            else 'unknown'
        end as duration_source,
        catalog.video_id is not null as is_in_catalog
    from catalog
    full outer join observed
        on catalog.video_id = observed.video_id
    left join extension_channels
        on coalesce(catalog.video_id, observed.video_id) = extension_channels.video_id

)

select * from final
