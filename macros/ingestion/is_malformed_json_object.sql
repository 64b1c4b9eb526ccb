{% macro is_malformed_json_object(fields, json_text) -%}
    {{ return(adapter.dispatch('is_malformed_json_object', 'video_engagement')(
        fields, json_text
    )) }}
{%- endmacro %}


{% macro spark__is_malformed_json_object(fields, json_text) -%}
    {#-
        SPEC 4 malformed_json, for every JSON-lines source: true when a line is not exactly
        one JSON object (arrays, scalars, blank lines, truncated lines, single-quoted
        pseudo-JSON, two objects on one line).
          fields     the from_json(...) struct of the line; its schema must include
                     `_corrupt_record string` (Spark fills it for unparseable lines)
          json_text  the trimmed line, BOM removed
        Spark's parser stops after the first object, so a second object on the line is found
        by looking for `}{` once string literals are blanked out: inside one JSON object a
        `}` is never followed by `{`. The cheap test runs first; the string-blanking regex is
        possessive and unrolled so that very long lines cannot overflow the regex stack.
    -#}
    (
        {{ fields }} is null
        or {{ fields }}._corrupt_record is not null
        or not (left({{ json_text }}, 1) = '{' and right({{ json_text }}, 1) = '}')
        or case
            when {{ json_text }} rlike '[}]\\s*[{]'
                then regexp_replace(
                        {{ json_text }}, '"[^"\\\\]*+(?:\\\\.[^"\\\\]*+)*+"', '""'
                    ) rlike '[}]\\s*[{]'
            else false
        end
    )
{%- endmacro %}


{% macro default__is_malformed_json_object(fields, json_text) -%}
    {{ adapter_not_supported('is_malformed_json_object') }}
{%- endmacro %}
