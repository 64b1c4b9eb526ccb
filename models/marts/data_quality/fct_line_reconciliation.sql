-- SPEC 4 reconciliation: per source and file, the raw lines counted straight from the
-- landing files must equal header lines + staged rows + quarantined rows.
-- Grain: one row per source and raw file.

-- It counts each layer's rows straight from that layer, raw lines from the base models
-- (one row per raw line read, every line of every loaded file) and files from the files
-- each base model recorded (SPEC 9.1), so that a line lost by any later step shows: that is
-- why, alone among the marts, it reads base and staging models (documented exceptions in
-- its yml). A loaded file without a single line still gets its row.

{#- every landing source: its name, its model of raw lines, its model of loaded files (none:
    the catalog file is read whole on every run), its model of staged rows (player events
    are staged once the catalog and duplicate rules pass too: the valid, first-seen events,
    one row each in int_player_events_sessionized) #}
{%- set landing_sources = [
    ('player_events', ref('base_player__event_lines'), ref('base_player__event_files'),
        ref('int_player_events_sessionized')),
    ('streampro_events', ref('base_streampro__event_lines'),
        ref('base_streampro__event_files'), ref('stg_streampro__events')),
    ('extension_events', ref('base_extension__event_lines'),
        ref('base_extension__event_files'), ref('stg_extension__events')),
    ('videos_csv', ref('base_catalog__video_lines'), none, ref('stg_catalog__videos')),
    ('users_csv', ref('base_catalog__user_lines'), none, ref('stg_catalog__users')),
] %}

with raw_counts as (
    {% for source_name, lines_model, files_model, staged_model in landing_sources %}
        select
            '{{ source_name }}' as source_name,
            source_file,
            count(*) as raw_line_count
        from {{ lines_model }}
        group by source_file
        {% if files_model is not none %}
            union all
            select
                '{{ source_name }}' as source_name,
                source_file,
                0 as raw_line_count
            from {{ files_model }}
        {% endif %}
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}
),

raw_totals as (

    select
        source_name,
        source_file,
        sum(raw_line_count) as raw_line_count
    from raw_counts
    group by source_name, source_file

),

staged_counts as (
    {% for source_name, lines_model, files_model, staged_model in landing_sources %}
        select
            '{{ source_name }}' as source_name,
            source_file,
            count(*) as staged_row_count
        from {{ staged_model }}
        group by source_file
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}
),

header_counts as (

    select
        'videos_csv' as source_name,
        source_file,
        count(*) as header_line_count
    from {{ ref('base_catalog__video_lines') }}
    where is_header
    group by source_file

    union all

    select
        'users_csv' as source_name,
        source_file,
        count(*) as header_line_count
    from {{ ref('base_catalog__user_lines') }}
    where is_header
    group by source_file

),

quarantined_counts as (

    select
        source_name,
        source_file,
        count(*) as quarantined_row_count
    from {{ ref('int_quarantined_lines_unioned') }}
    group by source_name, source_file

),

files as (

    select
        source_name,
        source_file
    from raw_totals
    union
    select
        source_name,
        source_file
    from staged_counts
    union
    select
        source_name,
        source_file
    from quarantined_counts

),

final as (

    select
        files.source_name,
        files.source_file,
        coalesce(raw_totals.raw_line_count, 0) as raw_line_count,
        coalesce(header_counts.header_line_count, 0) as header_line_count,
        coalesce(staged_counts.staged_row_count, 0) as staged_row_count,
        coalesce(quarantined_counts.quarantined_row_count, 0) as quarantined_row_count,
        coalesce(quarantined_counts.quarantined_row_count, 0)
        / nullif(coalesce(raw_totals.raw_line_count, 0), 0) as quarantined_share,
        coalesce(raw_totals.raw_line_count, 0)
        = coalesce(header_counts.header_line_count, 0)
        + coalesce(staged_counts.staged_row_count, 0)
        + coalesce(quarantined_counts.quarantined_row_count, 0) as is_reconciled
    from files
    left join raw_totals
        on files.source_name = raw_totals.source_name
            and files.source_file = raw_totals.source_file
    left join header_counts
        on files.source_name = header_counts.source_name
            and files.source_file = header_counts.source_file
    left join staged_counts
        on files.source_name = staged_counts.source_name
            and files.source_file = staged_counts.source_file
    left join quarantined_counts
        on files.source_name = quarantined_counts.source_name
            and files.source_file = quarantined_counts.source_file

)

select * from final
