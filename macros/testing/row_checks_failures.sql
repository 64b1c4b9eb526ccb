{% macro row_checks_failures(model, checks) -%}
    {#- Query body of the row_checks generic test (tests/generic/row_checks.sql): one scan of
        `model` computing each check's `failing` aggregate, then one row per broken check. -#}
    {{ adapter.dispatch('row_checks_failures', 'video_engagement')(model, checks) }}
{%- endmacro %}


{% macro default__row_checks_failures(model, checks) %}
    {{ adapter_not_supported('row_checks_failures') }}
{% endmacro %}


{% macro spark__row_checks_failures(model, checks) %}
    with counted as (

        select
            {%- for check in checks %}
            {{ check['failing'] }} as check_{{ loop.index }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ model }}

    ),

    unpivoted as (

        select
            stack(
                {{ checks | length }},
                {%- for check in checks %}
                {{ row_check_label(check) }}, check_{{ loop.index }}{{ ',' if not loop.last }}
                {%- endfor %}
            ) as (check_name, failing_row_count)
        from counted

    )

    select
        check_name,
        failing_row_count
    from unpivoted
    where failing_row_count > 0
{% endmacro %}


{% macro row_check_count(broken, where) -%}
    {#- The aggregate counting the rows (within `where`, if given) for which `broken` holds;
        a null `broken` is no failure, as in the dbt tests row_checks replaces. -#}
    {{- 'count_if(' ~ ('(' ~ where ~ ') and ' if where else '') ~ '(' ~ broken ~ '))' -}}
{%- endmacro %}


{% macro row_check_label(check) -%}
    {%- set label = check['name'] ~ (' where ' ~ check['where'] if check['where'] else '') -%}
    {{ escaped_string_literal(label) }}
{%- endmacro %}
