{% macro landing_table_specs() -%}
    {#- name -> relative path under raw_root, file-name glob (none: the path is one file) -#}
    {{ return({
        'player_event_lines': {
            'path': 'player_events',
            'glob': '*.{jsonl,json,jsonl.gz,json.gz}',
        },
        'streampro_event_lines': {
            'path': 'streampro_events',
            'glob': '*.{jsonl,json,jsonl.gz,json.gz}',
        },
        'extension_event_lines': {
            'path': 'extension_events',
            'glob': '*.{jsonl,json,jsonl.gz,json.gz}',
        },
        'video_catalog_lines': {'path': 'videos.csv', 'glob': none},
        'user_catalog_lines': {'path': 'users.csv', 'glob': none},
    }) }}
{%- endmacro %}
