{#-
    A text that may embed a user id (a client session id such as StreamPro's
    `s_<user_id>_0001`) with every occurrence of that id replaced by its pseudonym
    (pseudonymized_id), when the var `pseudonymize_user_ids` is on; off, the text is returned
    as it is, and so is a text whose id is null. The rest of the text is kept, so texts of one
    user keep their order: a tie broken on a session id (SPEC 5.2, 6) is broken the same way.
-#}

{% macro pseudonymized_id_within(text_expression, id_expression) -%}
    {%- if not pseudonymize_user_ids_enabled() -%}
        {{ return(text_expression) }}
    {%- endif -%}
    {{ return(adapter.dispatch('pseudonymized_id_within', 'video_engagement')(
        text_expression, id_expression
    )) }}
{%- endmacro %}


{% macro spark__pseudonymized_id_within(text_expression, id_expression) -%}
    {#- replace() is null when the id is: the text is kept then -#}
    coalesce(
        replace({{ text_expression }}, {{ id_expression }}, {{ pseudonymized_id(id_expression) }}),
        {{ text_expression }}
    )
{%- endmacro %}


{% macro default__pseudonymized_id_within(text_expression, id_expression) -%}
    {{ adapter_not_supported('pseudonymized_id_within') }}
{%- endmacro %}
