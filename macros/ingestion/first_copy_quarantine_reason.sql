{% macro first_copy_quarantine_reason(
    key_expressions,
    order_expressions=['load_batch', 'source_file', 'event_at', 'raw_line']
) -%}
    {#-
        SPEC 4, the last rule of every format: a line's quarantine reason is the first rule it
        breaks (the model's `validation_reason` column), else `duplicate` when an earlier copy
        of the same record exists, else null (staged). Copies share `key_expressions`; the
        copy kept is the first by `order_expressions` (events, SPEC 9.1: the copy loaded
        first, by load batch, then file path, then event_at and raw_line within a file;
        catalogs: source_file, then raw_line). Duplicates are
        looked for among otherwise valid lines only: invalid lines are numbered in partitions
        of their own. One window over all lines, so each line is parsed once.
    -#}
    coalesce(
        validation_reason,
        case
            when row_number() over (
                    partition by
                        validation_reason is null,
                        {{ key_expressions | join(',\n                        ') }}
                    order by {{ order_expressions | join(', ') }}
                ) > 1
                then 'duplicate'
        end
    )
{%- endmacro %}
