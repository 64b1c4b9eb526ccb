{% macro engagement_tier(score_expression) -%}
    {#- SPEC 5.7: High above the high threshold, Medium above medium, Low above low, else
        Minimal (thresholds from var('engagement_tier_thresholds'), strict comparisons). -#}
    {%- set thresholds = var('engagement_tier_thresholds') -%}
    case
        when {{ score_expression }} > {{ thresholds['high'] }} then 'High'
        when {{ score_expression }} > {{ thresholds['medium'] }} then 'Medium'
        when {{ score_expression }} > {{ thresholds['low'] }} then 'Low'
        else 'Minimal'
    end
{%- endmacro %}
