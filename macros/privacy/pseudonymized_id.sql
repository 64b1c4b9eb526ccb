{#-
    SPEC 9: user ids can be pseudonymized with a salted hash. With the var
    `pseudonymize_user_ids` on, an id becomes sha2(salt || id, 256) as 64 hex characters; the
    salt comes from the environment variable VE_USER_ID_SALT and is never stored in the
    project. The same id and salt always give the same pseudonym, in every format and run, so
    joins, counts and distinct counts are unchanged. Off (the default), the id is returned as
    it is. A null id stays null.
-#}

{% macro pseudonymized_id(id_expression) -%}
    {%- if not pseudonymize_user_ids_enabled() -%}
        {{ return(id_expression) }}
    {%- endif -%}
    {%- set salt = env_var('VE_USER_ID_SALT', '') -%}
    {%- if salt | length < 16 -%}
        {{ exceptions.raise_compiler_error(
            "var('pseudonymize_user_ids') is on but the environment variable VE_USER_ID_SALT "
            ~ ('is not set' if salt == '' else 'is shorter than 16 characters')
            ~ ": set it to a long random secret (e.g. `openssl rand -hex 32`), the same on "
            ~ "every run, and keep it out of the repository.") }}
    {%- endif -%}
    {{ return(adapter.dispatch('pseudonymized_id', 'video_engagement')(id_expression, salt)) }}
{%- endmacro %}


{% macro spark__pseudonymized_id(id_expression, salt) -%}
    sha2(concat({{ escaped_string_literal(salt) }}, {{ id_expression }}), 256)
{%- endmacro %}


{% macro default__pseudonymized_id(id_expression, salt) -%}
    {{ adapter_not_supported('pseudonymized_id') }}
{%- endmacro %}
