{{ config(store_failures=true) }}

-- noqa: disable=CP02
-- (modificationTime is the column name of Spark's binaryFile listing)

-- SPEC 9.1: landing files are immutable once loaded. Every event file an earlier run loaded
-- (recorded in base_<source>__event_files) must still be in its folder with the size and
-- modification time it had then; an incremental run never re-reads a loaded file, so a
-- change would otherwise go unnoticed. One row per changed or vanished file, naming it;
-- `dbt build --full-refresh` reloads everything from the files as they are now.

{%- set event_sources = [
    ('player_events', ref('base_player__event_files'), source('player', 'player_event_files')),
    ('streampro_events', ref('base_streampro__event_files'),
        source('streampro', 'streampro_event_files')),
    ('extension_events', ref('base_extension__event_files'),
        source('extension', 'extension_event_files')),
] %}

with compared as (
    {% for source_name, recorded_files, listing in event_sources %}
        select
            '{{ source_name }}' as source_name,
            recorded.source_file,
            recorded.file_size_bytes as loaded_size_bytes,
            listing.length as current_size_bytes,
            recorded.file_modified_at as loaded_modified_at,
            listing.modificationTime as current_modified_at,
            case
                when listing.path is null then 'file removed since it was loaded'
                when listing.length != recorded.file_size_bytes
                    then 'file size changed since it was loaded'
                when listing.modificationTime != recorded.file_modified_at
                    then 'file modified since it was loaded'
            end as problem
        from {{ recorded_files }} as recorded
        left join {{ listing }} as listing
            on recorded.source_file = listing.path
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}
)

select * from compared
where problem is not null
