{% macro canonical_player_event_name(text_expression) -%}
    {#-
        SPEC 3.1: event names are case-insensitive, a `video_` prefix is optional, and
        aliases map to one canonical name. Unknown names give null (`unknown_event_name`).
    -#}
    {%- set name = "regexp_replace(lower(trim(" ~ text_expression ~ ")), '^video_', '')" -%}
    case {{ name }}
        when 'play' then 'play'
        when 'resume' then 'resume'
        when 'pause' then 'pause'
        when 'ended' then 'ended'
        when 'end' then 'ended'
        when 'complete' then 'ended'
        when 'seek' then 'seek'
        when 'seeked' then 'seek'
        when 'heartbeat' then 'heartbeat'
        when 'timeupdate' then 'heartbeat'
        when 'progress' then 'heartbeat'
    end
{%- endmacro %}
