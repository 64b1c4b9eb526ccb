{% macro parse_iso_timestamp(text_expression) -%}
    {{ return(adapter.dispatch('parse_iso_timestamp', 'video_engagement')(text_expression)) }}
{%- endmacro %}


{% macro spark__parse_iso_timestamp(text_expression) -%}
    {#-
        SPEC 3.1: an ISO-8601 timestamp, with an offset or `Z`; without one it means UTC.
        Accepted: YYYY-MM-DD, a `T` or a space, HH:MM:SS, an optional fraction, an optional
        `Z` or +HH:MM / +HHMM / +HH offset. Anything else (epoch numbers, slashes, zone names,
        impossible dates) gives null, which staging quarantines as `invalid_timestamp`.
        The naive case gets an explicit +00:00 so the result never depends on the session
        time zone of the engine.
    -#}
    case
        when trim({{ text_expression }}) rlike
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?$'
            then try_cast(
                case
                    when trim({{ text_expression }}) rlike '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$'
                        then trim({{ text_expression }})
                    else concat(trim({{ text_expression }}), '+00:00')
                end as timestamp
            )
    end
{%- endmacro %}


{% macro default__parse_iso_timestamp(text_expression) -%}
    {{ adapter_not_supported('parse_iso_timestamp') }}
{%- endmacro %}
