-- Every raw line that did not become a staged row, from every source, with its reason
-- (SPEC 4: nothing is lost). Grain: one row per quarantined raw line.

with player_events as (

    select * from {{ ref('stg_player__quarantined_events') }}

),

streampro_events as (

    select * from {{ ref('stg_streampro__quarantined_events') }}

),

extension_events as (

    select * from {{ ref('stg_extension__quarantined_events') }}

),

video_catalog as (

    select
        'videos_csv' as source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from {{ ref('stg_catalog__video_lines') }}
    where quarantine_reason is not null

),

user_catalog as (

    select
        'users_csv' as source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from {{ ref('stg_catalog__user_lines') }}
    where quarantine_reason is not null

),

final as (

    select
        source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from player_events

    union all

    select
        source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from streampro_events

    union all

    select
        source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from extension_events

    union all

    select
        source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from video_catalog

    union all

    select
        source_name,
        source_file,
        raw_line,
        quarantine_reason,
        loaded_at
    from user_catalog

)

select * from final
