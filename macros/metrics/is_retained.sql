{% macro is_retained(started_at_expression, next_started_at_expression) -%}
    {#- SPEC 6 fct_user_sessions.is_retained_3d: the user's next session starts within
        var('retention_window_hours') (72) of this session's start, bounds included. No next
        session: not retained. -#}
    coalesce(
        {{ epoch_seconds(next_started_at_expression) }}
        - {{ epoch_seconds(started_at_expression) }}
        <= {{ var('retention_window_hours') }} * 3600.0,
        false
    )
{%- endmacro %}
