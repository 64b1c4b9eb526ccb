{% macro is_completed(max_position_expression, duration_expression) -%}
    {#- SPEC 5.6: a view is completed when its furthest position reaches completion_threshold
        of the duration; an `ended` event far from the end does not complete it. -#}
    coalesce(
        {{ max_position_expression }}
            >= {{ var('completion_threshold') }} * {{ duration_expression }},
        false
    )
{%- endmacro %}
