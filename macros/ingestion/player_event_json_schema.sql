{% macro player_event_json_schema() -%}
    {{ return(adapter.dispatch('player_event_json_schema', 'video_engagement')()) }}
{%- endmacro %}


{% macro spark__player_event_json_schema() -%}
    {#- SPEC 3.1 fields, all read as text so that a wrong type is a quarantine reason rather
        than a silent null; `_corrupt_record` receives lines that are not JSON objects. -#}
    `timestamp` string, userId string, sessionId string, videoId string, eventName string,
    currentTime string, eventId string, fromTime string, playbackRate string,
    visibility string, device string, deviceOs string, appVersion string, country string,
    _corrupt_record string
{%- endmacro %}


{% macro default__player_event_json_schema() -%}
    {{ adapter_not_supported('player_event_json_schema') }}
{%- endmacro %}
