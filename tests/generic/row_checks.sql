{% test row_checks(
    model,
    not_null=none,
    accepted_values=none,
    between=none,
    expressions=none,
    unique=none
) %}
    {#-
        Every row-wise data test of one model in ONE scan of it (issue 12: the data tests of a
        production build cost a Spark job each, about 0.2 s at 1M events, whatever they
        check). Each argument keeps the meaning of the dbt test it replaces:
          not_null         [column, ...] or [{column:, where:}, ...]        (dbt not_null)
          accepted_values  {column: [value, ...]} or {column: {values:, where:}}
                           nulls pass                             (dbt accepted_values)
          between          {column: {min_value:, max_value:, strictly:, where:}}, either
                           bound optional, nulls pass   (dbt_utils.accepted_range,
                           dbt_expectations.expect_column_values_to_be_between)
          expressions      ["boolean SQL that must hold", ...] or [{expression:, where:}]
                           a null result passes                (dbt_utils.expression_is_true)
          unique           [column, [column, ...], {columns: [...], where:}, ...]: a
                           single column ignores nulls (dbt unique); a list is a combination
                           whose nulls count as values (dbt_utils.unique_combination_of_columns)
        A uniqueness check counts the rows beyond the first of each key, with a count of
        distinct keys in the same scan (Spark aggregates the distinct keys in its own
        shuffle, which the unique test it replaces also paid).
        The test returns one row per broken check with its number of failing rows, and
        fails by their sum, so dbt reports the rows like the tests it replaces.
    -#}
    {{ config(fail_calc='coalesce(sum(failing_row_count), 0)') }}
    {#- each check: its name, `failing` (the aggregate counting its failing rows in the one
        scan) and its where (named in the result) -#}
    {%- set checks = [] -%}

    {%- for item in (not_null or []) -%}
        {%- set spec = item if item is mapping else {'column': item} -%}
        {%- do checks.append({
            'name': 'not_null(' ~ spec['column'] ~ ')',
            'failing': row_check_count(spec['column'] ~ ' is null', spec.get('where')),
            'where': spec.get('where')}) -%}
    {%- endfor -%}

    {%- for column, spec in (accepted_values or {}).items() -%}
        {%- set spec = spec if spec is mapping else {'values': spec} -%}
        {%- set literals = [] -%}
        {%- for value in spec['values'] -%}
            {%- do literals.append(value if value is number else "'" ~ value ~ "'") -%}
        {%- endfor -%}
        {%- set broken = column ~ ' not in (' ~ literals | join(', ') ~ ')' -%}
        {%- do checks.append({
            'name': 'accepted_values(' ~ column ~ ')',
            'failing': row_check_count(broken, spec.get('where')),
            'where': spec.get('where')}) -%}
    {%- endfor -%}

    {%- for column, spec in (between or {}).items() -%}
        {%- set low = '>' if spec.get('strictly') else '>=' -%}
        {%- set high = '<' if spec.get('strictly') else '<=' -%}
        {%- set bounds = [] -%}
        {%- if spec.get('min_value') is not none -%}
            {%- do bounds.append(column ~ ' ' ~ low ~ ' ' ~ spec['min_value']) -%}
        {%- endif -%}
        {%- if spec.get('max_value') is not none -%}
            {%- do bounds.append(column ~ ' ' ~ high ~ ' ' ~ spec['max_value']) -%}
        {%- endif -%}
        {%- if not bounds -%}
            {{ exceptions.raise_compiler_error(
                "row_checks on " ~ model ~ ": between." ~ column
                ~ " needs min_value or max_value") }}
        {%- endif -%}
        {%- do checks.append({
            'name': 'between(' ~ bounds | join(' and ') ~ ')',
            'failing': row_check_count('not (' ~ bounds | join(' and ') ~ ')', spec.get('where')),
            'where': spec.get('where')}) -%}
    {%- endfor -%}

    {%- for item in (expressions or []) -%}
        {%- set spec = item if item is mapping else {'expression': item} -%}
        {%- do checks.append({
            'name': spec['expression'],
            'failing': row_check_count('not (' ~ spec['expression'] ~ ')', spec.get('where')),
            'where': spec.get('where')}) -%}
    {%- endfor -%}

    {%- for item in (unique or []) -%}
        {%- set spec = item if item is mapping else {'columns': item} -%}
        {%- set columns = [spec['columns']] if spec['columns'] is string else spec['columns'] -%}
        {%- if spec['columns'] is string -%}
            {%- set key = columns[0] -%}
            {%- set counted = columns[0] ~ ' is not null' -%}
        {%- else -%}
            {%- set parts = [] -%}
            {%- for column in columns -%}
                {%- do parts.append("'" ~ column ~ "', " ~ column) -%}
            {%- endfor -%}
            {%- set key = 'named_struct(' ~ parts | join(', ') ~ ')' -%}
            {%- set counted = 'true' -%}
        {%- endif -%}
        {%- set scope = '(' ~ spec['where'] ~ ') and ' if spec.get('where') else '' -%}
        {%- do checks.append({
            'name': 'unique(' ~ columns | join(', ') ~ ')',
            'failing': 'count_if(' ~ scope ~ counted ~ ') - count(distinct case when '
                ~ scope ~ counted ~ ' then ' ~ key ~ ' end)',
            'where': spec.get('where')}) -%}
    {%- endfor -%}

    {%- if not checks -%}
        {{ exceptions.raise_compiler_error("row_checks on " ~ model ~ ": no check given") }}
    {%- endif -%}

    {{ row_checks_failures(model, checks) }}
{% endtest %}
