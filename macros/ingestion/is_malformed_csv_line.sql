{% macro is_malformed_csv_line(is_missing_header_column, raw_line_column) -%}
    {#- SPEC 3.4, 4 for every CSV catalog: a line is malformed_csv when it is blank or its file
        has no header (columns are found by header name, so without one nothing is known). -#}
    ({{ is_missing_header_column }} or trim({{ raw_line_column }}) = '')
{%- endmacro %}
