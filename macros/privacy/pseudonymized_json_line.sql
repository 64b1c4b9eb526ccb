{#-
    A raw JSON line as staging keeps it for quarantine (SPEC 4) when the var
    `pseudonymize_user_ids` is on: the value of the user id field replaced by its pseudonym
    (pseudonymized_id), and in the values of the other named fields (client session ids) every
    occurrence of that user id replaced the same way (pseudonymized_id_within), as staging
    does with the typed columns. Off, the line is returned as it is.
    A field name matches in any case, in double or single quotes (pseudo-JSON is quarantined,
    and masked too); a value may be a string (also one cut short by a truncated line) or a
    bare token, and keeps its place, so the line still shows what was wrong with it. Values
    are taken as written, trimmed: the pseudonym is the one the marts hold, unless the id
    holds JSON escapes. In a line without a user id (null, empty or missing), the session ids
    are hashed whole, since they may still embed it. A field that occurs twice (two objects on
    one line) gets the value computed for its first occurrence. Text
    outside `"field": value` pairs is not searched: an id in free text stays as it is.
-#}

{% macro pseudonymized_json_line(line_expression, user_id_field, embedding_fields=[]) -%}
    {%- if not pseudonymize_user_ids_enabled() -%}
        {{ return(line_expression) }}
    {%- endif -%}
    {{ return(adapter.dispatch('pseudonymized_json_line', 'video_engagement')(
        line_expression, user_id_field, embedding_fields
    )) }}
{%- endmacro %}


{% macro spark__pseudonymized_json_line(line_expression, user_id_field, embedding_fields) -%}
    {%- set patterns = {} -%}
    {%- set values = {} -%}
    {%- for field_name in [user_id_field] + embedding_fields -%}
        {#- group 1: the key (double or single quotes) and colon; then the value: 2 a double-
            quoted string's text, 3 a single-quoted one's (pseudo-JSON), closing quote
            optional, escapes kept; 4 a bare token (number, true, null) -#}
        {%- set pattern -%}
            '(?i)(["\']{{ field_name }}["\']\\s*:\\s*)(?:"((?:[^"\\\\]|\\\\.)*)"?|\'((?:[^\'\\\\]|\\\\.)*)\'?|([^\\s,}\\]"\']+))'
        {%- endset -%}
        {%- set groups = [] -%}
        {%- for group in [2, 3, 4] -%}
            {%- do groups.append(
                'regexp_extract(' ~ line_expression ~ ', ' ~ pattern ~ ', ' ~ group ~ ')'
            ) -%}
        {%- endfor -%}
        {%- do patterns.update({field_name: pattern}) -%}
        {%- do values.update({
            field_name: "nullif(nullif(trim(concat(" ~ groups | join(', ') ~ ")), ''), 'null')"
        }) -%}
    {%- endfor -%}
    {%- set user_id = values[user_id_field] -%}
    {%- set masked = namespace(line=line_expression) -%}
    {%- for field_name in [user_id_field] + embedding_fields -%}
        {#- a session id may hold `$` or `\`, which a replacement string would interpret -#}
        {%- set escaped_for_replacement -%}
            , '([$\\\\])', '\\\\$1')
        {%- endset -%}
        {#- without a user id in the line, a session id may still embed it: hashed whole -#}
        {%- set embedding_value = "case when " ~ user_id ~ " is null then "
            ~ pseudonymized_id(values[field_name]) ~ " else "
            ~ pseudonymized_id_within(values[field_name], user_id) ~ " end" -%}
        {%- set new_value = pseudonymized_id(user_id) if field_name == user_id_field
            else "regexp_replace(" ~ embedding_value ~ escaped_for_replacement | trim -%}
        {%- set masked.line = "regexp_replace(" ~ masked.line ~ ", " ~ patterns[field_name]
            ~ ", coalesce(concat('$1\"', " ~ new_value ~ ", '\"'), '$0'))" -%}
    {%- endfor -%}
    {{ masked.line }}
{%- endmacro %}


{% macro default__pseudonymized_json_line(line_expression, user_id_field, embedding_fields) -%}
    {{ adapter_not_supported('pseudonymized_json_line') }}
{%- endmacro %}
