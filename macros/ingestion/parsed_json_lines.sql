{% macro parsed_json_lines(source_relation, json_schema) -%}
    {{ return(adapter.dispatch('parsed_json_lines', 'video_engagement')(
        source_relation, json_schema
    )) }}
{%- endmacro %}


{% macro spark__parsed_json_lines(source_relation, json_schema) -%}
    {#-
        Query body shared by every JSON-lines staging model (SPEC 3, 4): one row per raw
        line of `source_relation` (a landing text table), with
          source_file  the landing file, from the scan itself
          raw_line     the line exactly as read
          json_text    the line trimmed and without a UTF-8 byte-order mark
          fields       from_json(json_schema) of the line; strict (no single quotes), and
                       `_corrupt_record` (which json_schema must include) set when the line
                       does not parse; see is_malformed_json_object
    -#}
    select
        input_file_name() as source_file,
        value as raw_line,
        trim({{ strip_bom('value') }}) as json_text,
        from_json(
            {{ strip_bom('value') }},
            '{{ json_schema }}',
            map('allowSingleQuotes', 'false')
        ) as fields
    from {{ source_relation }}
{%- endmacro %}


{% macro default__parsed_json_lines(source_relation, json_schema) -%}
    {{ adapter_not_supported('parsed_json_lines') }}
{%- endmacro %}
