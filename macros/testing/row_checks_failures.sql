{% macro row_checks_failures(model, checks) -%}
    {#- Query body of the row_checks generic test (tests/generic/row_checks.sql): one scan of
        `model` counting the rows that break each check (`broken`, a row predicate, or
        `failing`, an aggregate), then one row per broken check. -#}
    {{ adapter.dispatch('row_checks_failures', 'video_engagement')(model, checks) }}
{%- endmacro %}


{% macro default__row_checks_failures(model, checks) %}
    {{ adapter_not_supported('row_checks_failures') }}
{% endmacro %}


{% macro spark__row_checks_failures(model, checks) %}
    with counted as (

        select
            {%- for check in checks %}
            {% if check['failing'] -%}
            {{ check['failing'] }}
            {%- else -%}
            coalesce(sum(case
                when {% if check['where'] %}({{ check['where'] }}) and {% endif -%}
                    ({{ check['broken'] }}) then 1
            end), 0)
            {%- endif %} as check_{{ loop.index }}{{ ',' if not loop.last }}
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


{% macro row_check_label(check) -%}
    {%- set label = check['name'] ~ (' where ' ~ check['where'] if check['where'] else '') -%}
    '{{ label | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
