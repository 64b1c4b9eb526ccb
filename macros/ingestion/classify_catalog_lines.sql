{% macro classify_catalog_lines(typed_relation, key_column, rules, columns) -%}
    {#-
        The classification shared by every CSV catalog (SPEC 3.4, 4), as the CTEs that
        follow a model's `typed` CTE, ending in `select * from final`:
          - the header line is kept, flagged is_header, with no reason;
          - a blank line, or a line of a file without a header, is malformed_csv;
          - then the catalog's own rules, in order, first match wins;
          - a key already listed (first line by file and text wins) is duplicate.
        Output: source_file, raw_line, is_header, quarantine_reason, the `columns` (null on
        the header and quarantined lines), loaded_at.

        typed_relation  CTE with source_file, raw_line, is_header, is_missing_header and the
                        parsed columns
        key_column      the catalog's id column (one row per id)
        rules           list of [condition, reason] pairs
        columns         list of [column name, SQL type] pairs to output
    -#}
    validated as (

        select
            *,
            case
                when is_header then null
                when is_missing_header or trim(raw_line) = '' then 'malformed_csv'
                {%- for condition, reason in rules %}
                when {{ condition }} then '{{ reason }}'
                {%- endfor %}
            end as validation_reason
        from {{ typed_relation }}

    ),

    valid_ranked as (

        select
            *,
            row_number() over (
                partition by {{ key_column }} order by source_file, raw_line
            ) as copy_number
        from validated
        where not is_header and validation_reason is null

    ),

    final as (

        select
            source_file,
            raw_line,
            false as is_header,
            case when copy_number > 1 then 'duplicate' end as quarantine_reason,
            {%- for name, type in columns %}
            {{ name }},
            {%- endfor %}
            current_timestamp() as loaded_at
        from valid_ranked

        union all

        select
            source_file,
            raw_line,
            is_header,
            validation_reason as quarantine_reason,
            {%- for name, type in columns %}
            cast(null as {{ type }}) as {{ name }},
            {%- endfor %}
            current_timestamp() as loaded_at
        from validated
        where is_header or validation_reason is not null

    )

    select * from final
{%- endmacro %}
