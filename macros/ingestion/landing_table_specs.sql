{% macro landing_table_specs() -%}
    {#-
        name -> relative path under raw_root, file-name glob (none: the path is one file) and
        format: `text` tables give every raw line; `binaryFile` tables list the event files
        (path, size, modification time) without reading them, which is how an incremental
        run finds the files it has not loaded yet (SPEC 9.1, ENGINE.md).
    -#}
    {%- set event_glob = '*.{jsonl,json,jsonl.gz,json.gz}' -%}
    {{ return({
        'player_event_lines': {'path': 'player_events', 'glob': event_glob, 'format': 'text'},
        'player_event_files': {
            'path': 'player_events', 'glob': event_glob, 'format': 'binaryFile'
        },
        'streampro_event_lines': {
            'path': 'streampro_events', 'glob': event_glob, 'format': 'text'
        },
        'streampro_event_files': {
            'path': 'streampro_events', 'glob': event_glob, 'format': 'binaryFile'
        },
        'extension_event_lines': {
            'path': 'extension_events', 'glob': event_glob, 'format': 'text'
        },
        'extension_event_files': {
            'path': 'extension_events', 'glob': event_glob, 'format': 'binaryFile'
        },
        'video_catalog_lines': {'path': 'videos.csv', 'glob': none, 'format': 'text'},
        'user_catalog_lines': {'path': 'users.csv', 'glob': none, 'format': 'text'},
    }) }}
{%- endmacro %}
