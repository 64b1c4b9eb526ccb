{% macro get_where_subquery(relation) -%}
    {#-
        dbt's `where` config of a data test (the tested relation becomes
        `(select * from relation where <where>) dbt_subquery`), with one placeholder more,
        which dbt documents as the way to give `where` logic of its own:

          __latest_<column>__   the largest value of <column> in the tested relation

        so that `where: "written_in_batch = __latest_written_in_batch__"` tests the rows the
        latest run wrote, and nothing else (SPEC 9.1, issue 12). A full refresh writes every
        row in one batch, so there the test reads the whole table; a daily run tests the
        day's rows instead of the month's. Used only where rows once tested do not change
        until a run rewrites them: the append-only event lines (load_batch) and the models
        rewritten by partition (written_in_batch), never for a check across batches.

        The largest value is looked up when the test compiles, which in a `dbt build` is
        after its model ran, and written into the test as a literal: Spark then skips the
        parquet row groups of other batches by their statistics, which it cannot do for a
        scalar subquery. Before the relation exists (`dbt compile` on an empty warehouse)
        the placeholder becomes that subquery instead.
    -#}
    {%- set where = config.get('where') -%}
    {%- if not where -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set filter = namespace(where=where) -%}
    {%- for column in modules.re.findall('__latest_([a-z0-9_]+?)__', where) | unique -%}
        {%- set filter.where = filter.where.replace(
            '__latest_' ~ column ~ '__', latest_value_literal(relation, column)
        ) -%}
    {%- endfor -%}
    {{ return('(select * from ' ~ relation ~ ' where ' ~ filter.where ~ ') dbt_subquery') }}
{%- endmacro %}


{% macro latest_value_literal(relation, column) -%}
    {#- The largest value of `column` in `relation` as a SQL literal (`null` when the
        relation has no row), or as a scalar subquery when it cannot be read yet -#}
    {%- set subquery = '(select max(' ~ column ~ ') from ' ~ relation ~ ')' -%}
    {%- if not execute -%}
        {{ return(subquery) }}
    {%- endif -%}
    {%- if relation.identifier is defined and load_cached_relation(relation) is none -%}
        {{ return(subquery) }}
    {%- endif -%}
    {%- set value = run_query('select max(' ~ column ~ ') from ' ~ relation).columns[0].values()[0] -%}
    {%- if value is none -%}
        {{ return('null') }}
    {%- elif value is number -%}
        {{ return(value | string) }}
    {%- else -%}
        {{ return(escaped_string_literal(value | string)) }}
    {%- endif -%}
{%- endmacro %}
