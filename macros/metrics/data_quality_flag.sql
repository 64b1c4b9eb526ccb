{% macro data_quality_flag(
    max_view_watch_seconds, total_watch_seconds, completion_count, watch_percentage, duration
) -%}
    {#- SPEC 5.7: the first matching flag wins. -#}
    case
        when {{ max_view_watch_seconds }}
            > {{ var('excessive_watch_ratio') }} * {{ duration }}
            then 'excessive_watch_time'
        when {{ total_watch_seconds }} < {{ var('very_short_watch_seconds') }}
            then 'very_short_watch'
        when {{ completion_count }} > 0
            and {{ watch_percentage }} < {{ var('insufficient_watch_percentage') }}
            then 'completed_without_sufficient_watch'
        else 'ok'
    end
{%- endmacro %}
