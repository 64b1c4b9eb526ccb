{% macro earlier_copy_keys() -%}
    {#-
        SPEC 4 and 9.1, for the incremental base models that apply the duplicate rule: a
        derived table of the `copy_key` of every line earlier runs staged (the first copies),
        one row per key, to mark a new line that repeats one as `duplicate`. Empty on a full
        refresh, when every line is in the run. Called from the model: `this` is its table.
    -#}
    {%- if is_incremental() -%}
        (
            select distinct copy_key
            from {{ this }}
            where quarantine_reason is null
        )
    {%- else -%}
        (
            select cast(null as string) as copy_key
            where false
        )
    {%- endif -%}
{%- endmacro %}
