{% macro parsed_json_lines(source_relation, files_relation, json_schema) -%}
    {{ return(adapter.dispatch('parsed_json_lines', 'video_engagement')(
        source_relation, files_relation, json_schema
    )) }}
{%- endmacro %}


{% macro spark__parsed_json_lines(source_relation, files_relation, json_schema) -%}
    {#-
        Query body shared by every JSON-lines base model (SPEC 3, 4, 9.1): one row per raw
        line of the files still to load (pending_files_predicate) of `source_relation` (a
        landing text table), with
          source_file  the landing file, from the scan itself
          load_batch   the batch that recorded the file (`files_relation`)
          raw_line     the line exactly as read
          json_text    the line trimmed and without a UTF-8 byte-order mark
          fields       from_json(json_schema) of the line; strict (no single quotes), and
                       `_corrupt_record` (which json_schema must include) set when the line
                       does not parse; see is_malformed_json_object
    -#}
    select
        lines.source_file,
        files.load_batch,
        lines.raw_line,
        trim({{ strip_bom('lines.raw_line') }}) as json_text,
        from_json(
            {{ strip_bom('lines.raw_line') }},
            '{{ json_schema }}',
            map('allowSingleQuotes', 'false')
        ) as fields
    from (
        select
            _metadata.file_path as source_file,
            value as raw_line
        from {{ source_relation }}
        where {{ pending_files_predicate(files_relation) }}
    ) as lines
    inner join {{ files_relation }} as files
        on lines.source_file = files.source_file
{%- endmacro %}


{% macro default__parsed_json_lines(source_relation, files_relation, json_schema) -%}
    {{ adapter_not_supported('parsed_json_lines') }}
{%- endmacro %}
