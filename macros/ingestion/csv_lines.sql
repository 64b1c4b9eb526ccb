{#-
    CSV catalogs are read as raw lines and parsed here, by header name (SPEC 3.4): the
    columns may come in any order and extra columns are ignored. Fields follow RFC 4180
    quoting on one line (a quoted field may contain commas and doubled quotes; a line break
    inside a quoted field is not supported and makes the line malformed).
-#}

{% macro csv_split_fields(line_expression) -%}
    {#- Split on commas that are outside double quotes, then unquote each field. -#}
    transform(
        split({{ strip_bom(line_expression) }}, ',(?=(?:[^"]*"[^"]*")*[^"]*$)'),
        field -> regexp_replace(regexp_replace(trim(field), '^"|"$', ''), '""', '"')
    )
{%- endmacro %}


{% macro csv_field(fields_column, header_column, column_name) -%}
    {#- The value of `column_name` in a parsed line, by its header position; null if the
        header has no such column, the line is too short, or the value is empty. -#}
    nullif(
        case
            when array_position({{ header_column }}, '{{ column_name }}') > 0
                then try_element_at(
                    {{ fields_column }},
                    cast(array_position({{ header_column }}, '{{ column_name }}') as int)
                )
        end,
        ''
    )
{%- endmacro %}


{% macro csv_lines_with_header(source_relation, key_column) -%}
    {#-
        Query body: one row per raw line with `source_file`, `raw_line`, `fields` (array),
        `is_header` and the `header_fields` of the line's file. A header is the line whose
        fields contain `key_column` (the catalog's required id column), lowercased.
    -#}
    select
        lines.source_file,
        lines.raw_line,
        lines.fields,
        lines.is_header,
        headers.header_fields
    from (
        select
            source_file,
            raw_line,
            fields,
            array_contains(transform(fields, field -> lower(field)), '{{ key_column }}')
                as is_header
        from (
            select
                input_file_name() as source_file,
                value as raw_line,
                {{ csv_split_fields('value') }} as fields
            from {{ source_relation }}
        ) as split_lines
    ) as lines
    left join (
        select
            input_file_name() as source_file,
            max_by(
                transform({{ csv_split_fields('value') }}, field -> lower(field)),
                value
            ) as header_fields
        from {{ source_relation }}
        where array_contains(
            transform({{ csv_split_fields('value') }}, field -> lower(field)), '{{ key_column }}'
        )
        group by input_file_name()
    ) as headers
        on lines.source_file = headers.source_file
{%- endmacro %}
