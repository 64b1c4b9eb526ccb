{#-
    CSV catalogs are read as raw lines and parsed here, by header name (SPEC 3.4): the
    columns may come in any order and extra columns are ignored. Fields follow RFC 4180
    quoting on one line (a quoted field may contain commas and doubled quotes; a line break
    inside a quoted field is not supported and makes the line malformed).
-#}

{% macro csv_split_fields(line_expression) -%}
    {{ return(adapter.dispatch('csv_split_fields', 'video_engagement')(line_expression)) }}
{%- endmacro %}


{% macro spark__csv_split_fields(line_expression) -%}
    {#- Split on commas that are outside double quotes, then unquote each field. -#}
    transform(
        split({{ strip_bom(line_expression) }}, ',(?=(?:[^"]*"[^"]*")*[^"]*$)'),
        field -> regexp_replace(regexp_replace(trim(field), '^"|"$', ''), '""', '"')
    )
{%- endmacro %}


{% macro default__csv_split_fields(line_expression) -%}
    {{ adapter_not_supported('csv_split_fields') }}
{%- endmacro %}
