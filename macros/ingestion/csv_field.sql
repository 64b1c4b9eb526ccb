{% macro csv_field(fields_column, header_column, column_name) -%}
    {{ return(adapter.dispatch('csv_field', 'video_engagement')(
        fields_column, header_column, column_name
    )) }}
{%- endmacro %}


{% macro spark__csv_field(fields_column, header_column, column_name) -%}
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


{% macro default__csv_field(fields_column, header_column, column_name) -%}
    {{ adapter_not_supported('csv_field') }}
{%- endmacro %}
