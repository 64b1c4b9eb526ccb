{% macro streampro_event_json_schema() -%}
    {{ return(adapter.dispatch('streampro_event_json_schema', 'video_engagement')()) }}
{%- endmacro %}


{% macro spark__streampro_event_json_schema() -%}
    {#- SPEC 3.2 fields, all read as text so that a wrong type is a quarantine reason rather
        than a silent null; `_corrupt_record` receives lines that are not JSON objects.
        `ip` is deliberately not read (SPEC 9: dropped in staging). -#}
    `timestamp` string, account_id string, user_id string, video_id string,
    session_id string, event_name string, `value` string, device string, device_os string,
    app_version string, network_type string, country string,
    _corrupt_record string
{%- endmacro %}


{% macro default__streampro_event_json_schema() -%}
    {{ adapter_not_supported('streampro_event_json_schema') }}
{%- endmacro %}
