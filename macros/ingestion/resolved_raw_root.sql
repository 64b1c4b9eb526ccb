{% macro resolved_raw_root() -%}
    {#- Absolute location of the landing root. Spark would resolve a relative LOCATION against
        the warehouse folder, so relative paths are anchored at the project folder here. -#}
    {%- set root = var('raw_root') | string -%}
    {%- if root | trim == '' -%}
        {{ exceptions.raise_compiler_error(
            "var('raw_root') is empty: set it to the landing folder (SPEC 3), "
            ~ "e.g. --vars '{raw_root: /abs/path}'") }}
    {%- endif -%}
    {%- set is_absolute = root.startswith('/') or '://' in root or root[1:3] == ':\\' -%}
    {%- if not is_absolute -%}
        {%- set project_dir = flags.PROJECT_DIR or env_var('PWD', '') -%}
        {%- set root = (project_dir | string).rstrip('/') ~ '/' ~ root -%}
    {%- endif -%}
    {{ return(root.rstrip('/')) }}
{%- endmacro %}
