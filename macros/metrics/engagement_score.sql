{% macro engagement_score(watch_seconds, completion_count, session_count, skip_count) -%}
    {#- SPEC 5.7: round(watch minutes x w1 + completions x w2 + sessions x w3 - skips x w4, 2)
        with the weights of var('engagement_weights'). -#}
    {%- set weights = var('engagement_weights') -%}
    round(
        {{ watch_seconds }} / 60.0 * {{ weights['watch_minute'] }}
        + {{ completion_count }} * {{ weights['completion'] }}
        + {{ session_count }} * {{ weights['session'] }}
        - {{ skip_count }} * {{ weights['skip'] }},
        2
    )
{%- endmacro %}
