{% macro pseudonymize_user_ids_enabled() -%}
    {#- SPEC 9: whether staging pseudonymizes user ids, the var `pseudonymize_user_ids` (off by
        default), read the same way by every privacy macro: true or 'true' switch it on. -#}
    {{ return((var('pseudonymize_user_ids', false) | string | lower) == 'true') }}
{%- endmacro %}
