{% macro csv_lines_with_header(source_relation, key_column) -%}
    {{ return(adapter.dispatch('csv_lines_with_header', 'video_engagement')(
        source_relation, key_column
    )) }}
{%- endmacro %}


{% macro spark__csv_lines_with_header(source_relation, key_column) -%}
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


{% macro default__csv_lines_with_header(source_relation, key_column) -%}
    {{ adapter_not_supported('csv_lines_with_header') }}
{%- endmacro %}
