{% macro adapter_not_supported(macro_name) -%}
    {#- The default__ of every engine-specific macro: fail at compile time, naming the macro
        and the override that would support the current adapter, rather than render SQL that
        fails (or, worse, silently means something else) on another engine. -#}
    {{ exceptions.raise_compiler_error(
        macro_name ~ ": no implementation for adapter '" ~ adapter.type() ~ "'. This project "
        ~ "runs on Spark and Databricks (dbt-spark, dbt-databricks); to support another engine, "
        ~ "add a macro " ~ adapter.type() ~ "__" ~ macro_name ~ " (dispatch namespace "
        ~ "'video_engagement')."
    ) }}
{%- endmacro %}
