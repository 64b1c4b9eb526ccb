{% macro furthest_position(position_expression, from_time_expression) -%}
    {#- SPEC 5.6: how far an event shows the playhead went: its position, or a seek's
        fromTime when that is further. Used for max positions, durations and the
        position_exceeds_duration check alike. -#}
    greatest({{ position_expression }}, coalesce({{ from_time_expression }}, 0.0))
{%- endmacro %}
