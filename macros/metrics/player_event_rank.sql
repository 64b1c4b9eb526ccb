{% macro player_event_rank(event_name_expression) -%}
    {#- SPEC 5.1: at equal timestamps events are ordered heartbeat, pause, ended, seek, play,
        resume, so that what closes a segment sorts before what opens the next one. -#}
    case {{ event_name_expression }}
        when 'heartbeat' then 1
        when 'pause' then 2
        when 'ended' then 3
        when 'seek' then 4
        when 'play' then 5
        when 'resume' then 6
    end
{%- endmacro %}
