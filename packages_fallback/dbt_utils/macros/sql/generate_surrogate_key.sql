{# Implements dbt_utils.generate_surrogate_key: md5 hash of the listed fields, each cast to string with nulls replaced by '_dbt_utils_surrogate_key_null_', joined with '-'. #}
{%- macro generate_surrogate_key(field_list) -%}

{%- if field_list is string or field_list is mapping -%}
    {{ exceptions.raise_compiler_error(
        "generate_surrogate_key (offline dbt_utils stand-in): pass a list of fields, e.g. generate_surrogate_key(['a', 'b']); got: " ~ field_list
    ) }}
{%- endif -%}

{#- Documented opt-in legacy behaviour: treat nulls like empty strings. -#}
{%- if var('surrogate_key_treat_nulls_as_empty_strings', false) -%}
    {%- set null_text = '' -%}
{%- else -%}
    {%- set null_text = '_dbt_utils_surrogate_key_null_' -%}
{%- endif -%}

{%- set pieces = [] -%}
{%- for field in field_list -%}
    {%- if not loop.first -%}
        {%- do pieces.append("'-'") -%}
    {%- endif -%}
    {%- do pieces.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '" ~ null_text ~ "')") -%}
{%- endfor -%}

{{ dbt.hash(dbt.concat(pieces)) }}

{%- endmacro -%}
