{#-
    A raw CSV line with the field of one column replaced by its pseudonym (pseudonymized_id),
    for the catalog lines that staging keeps (SPEC 4 quarantine) when the var
    `pseudonymize_user_ids` is on; off, the line is returned as it is. The column is found by
    name in the file's header line, as staging reads it (SPEC 3.4); the other fields are kept
    exactly as written, so the line still shows what was wrong with it. In a line whose file
    has no header, any field could be the id: every non-empty field is pseudonymized.
-#}

{% macro pseudonymized_csv_line(line_expression, header_line_expression, column_name) -%}
    {%- if not pseudonymize_user_ids_enabled() -%}
        {{ return(line_expression) }}
    {%- endif -%}
    {{ return(adapter.dispatch('pseudonymized_csv_line', 'video_engagement')(
        line_expression, header_line_expression, column_name
    )) }}
{%- endmacro %}


{% macro spark__pseudonymized_csv_line(line_expression, header_line_expression, column_name) -%}
    {#- the raw fields, split as csv_split_fields splits (commas outside quotes), so that
        joining them with commas gives the line back; csv_split_fields gives their values -#}
    concat_ws(',', transform(
        split({{ line_expression }}, ',(?=(?:[^"]*"[^"]*")*[^"]*$)', -1),
        (raw_field, field_index) -> case
            when {{ header_line_expression }} is null
                or field_index + 1 = array_position(
                    transform({{ csv_split_fields(header_line_expression) }}, name -> lower(name)),
                    '{{ column_name }}'
                )
                then coalesce(
                    {{ pseudonymized_id(
                        "nullif(element_at(" ~ csv_split_fields(line_expression)
                        ~ ", field_index + 1), '')"
                    ) }},
                    raw_field
                )
            else raw_field
        end
    ))
{%- endmacro %}


{% macro default__pseudonymized_csv_line(line_expression, header_line_expression, column_name) -%}
    {{ adapter_not_supported('pseudonymized_csv_line') }}
{%- endmacro %}
