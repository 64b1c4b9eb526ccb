{% macro extension_event_json_schema() -%}
    {{ return(adapter.dispatch('extension_event_json_schema', 'video_engagement')()) }}
{%- endmacro %}


{% macro spark__extension_event_json_schema() -%}
    {#- SPEC 3.3 fields, all read as text so that a wrong type is a quarantine reason rather
        than a silent null; `_corrupt_record` receives lines that are not JSON objects. -#}
    `schema` string, event_id string, event_ts string, event_type string,
    client_session_id string, tab_id string, video_id string, video_session_id string,
    channel_id string, channel_name string, watch_ms_delta string, watch_mode string,
    is_visible string, position_s string, playback_rate string,
    _corrupt_record string
{%- endmacro %}


{% macro default__extension_event_json_schema() -%}
    {{ adapter_not_supported('extension_event_json_schema') }}
{%- endmacro %}
