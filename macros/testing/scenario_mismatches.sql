{% macro scenario_mismatches(expected, actual, key_columns, numeric_columns, exact_columns,
                             tolerance=0.001, only_expected_rows=false,
                             null_checked_columns=[]) -%}
    {#-
        Query body for a scenario test (SPEC 7): one row per difference between an expected
        seed and a mart, naming the scenario, the row and the column, so a failure reads
        "TC-009 alex/video_002 unique_seconds_watched: expected 580.0, got 600.0". Keys join
        null-safe (extension views have no user); numeric columns compare within tolerance,
        exact columns for equality; an empty expected cell is not checked unless the column
        is null-checked (then it must be null). A missing or extra row is one difference.
    -#}
    {{ return(adapter.dispatch('scenario_mismatches', 'video_engagement')(expected, actual,
        key_columns, numeric_columns, exact_columns, tolerance, only_expected_rows,
        null_checked_columns)) }}
{%- endmacro %}

{% macro spark__scenario_mismatches(expected, actual, key_columns, numeric_columns,
                                    exact_columns, tolerance, only_expected_rows,
                                    null_checked_columns) -%}
    {%- set key_label -%}
        concat_ws('/', {% for key in key_columns -%}
            coalesce(expected_rows.{{ key }}, actual_rows.{{ key }}){{ ', ' if not loop.last }}
        {%- endfor %})
    {%- endset -%}
    with expected_rows as (

        select
            *,
            true as is_expected_row_marker
        from {{ expected }}

    ),

    actual_rows as (

        select
            *,
            true as is_actual_row_marker
        from {{ actual }}

    ),

    joined as (

        select
            expected_rows.scenario as expected_scenario,
            {{ key_label }} as row_label,
            coalesce(expected_rows.is_expected_row_marker, false) as has_expected_row,
            coalesce(actual_rows.is_actual_row_marker, false) as has_actual_row,
            {%- for column in numeric_columns + exact_columns %}
            expected_rows.{{ column }} as expected_{{ column }},
            actual_rows.{{ column }} as actual_{{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from expected_rows
        {{ 'left join' if only_expected_rows else 'full outer join' }} actual_rows
            on {% for key in key_columns -%}
                expected_rows.{{ key }} <=> actual_rows.{{ key }}{{ ' and ' if not loop.last }}
            {%- endfor %}

    ),

    differences as (

        select
            coalesce(expected_scenario, '(no scenario)') as scenario,
            row_label,
            '(row)' as column_name,
            case when has_expected_row then 'present' else 'absent' end as expected_value,
            case when has_actual_row then 'present' else 'absent' end as actual_value
        from joined
        where not (has_expected_row and has_actual_row)
        {%- for column in numeric_columns + exact_columns %}
        {%- set is_numeric = loop.index0 < numeric_columns | length %}

        union all

        select
            expected_scenario as scenario,
            row_label,
            '{{ column }}' as column_name,
            cast(expected_{{ column }} as string) as expected_value,
            cast(actual_{{ column }} as string) as actual_value
        from joined
        where has_expected_row and has_actual_row
            {%- if not is_numeric and column in null_checked_columns %}
            and not (expected_{{ column }} <=> actual_{{ column }})
            {%- else %}
            and expected_{{ column }} is not null
            {%- if is_numeric %}
            and not coalesce(
                abs(expected_{{ column }} - actual_{{ column }}) <= {{ tolerance }}, false
            )
            {%- else %}
            and not coalesce(expected_{{ column }} = actual_{{ column }}, false)
            {%- endif %}
            {%- endif %}
        {%- endfor %}

    )

    select
        scenario,
        row_label,
        column_name,
        expected_value,
        actual_value,
        concat(
            scenario, ' ', row_label, ' ', column_name,
            ': expected ', coalesce(expected_value, 'null'),
            ', got ', coalesce(actual_value, 'null')
        ) as difference
    from differences
{%- endmacro %}

{% macro default__scenario_mismatches(expected, actual, key_columns, numeric_columns,
                                      exact_columns, tolerance, only_expected_rows,
                                      null_checked_columns) -%}
    {{ adapter_not_supported('scenario_mismatches') }}
{%- endmacro %}
