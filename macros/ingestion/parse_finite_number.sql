{% macro parse_finite_number(text_expression) -%}
    {{ return(adapter.dispatch('parse_finite_number', 'video_engagement')(text_expression)) }}
{%- endmacro %}


{% macro spark__parse_finite_number(text_expression) -%}
    {#-
        A JSON number (or a numeric string such as "12.5") as a double; null for anything
        that is not a finite number: text, booleans, NaN, Infinity, overflowing exponents.
        try_cast keeps this safe when the engine runs with ANSI mode on (Databricks SQL).
    -#}
    case
        when not isnan(try_cast(trim({{ text_expression }}) as double))
            and abs(try_cast(trim({{ text_expression }}) as double)) < double('Infinity')
            then try_cast(trim({{ text_expression }}) as double)
    end
{%- endmacro %}


{% macro default__parse_finite_number(text_expression) -%}
    {{ adapter_not_supported('parse_finite_number') }}
{%- endmacro %}
