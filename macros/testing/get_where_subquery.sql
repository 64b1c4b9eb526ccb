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
    -#}
    {%- set where = config.get('where') -%}
    {%- if not where -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set latest_value = '(select max(\\1) from ' ~ relation ~ ')' -%}
    {%- set where = modules.re.sub('__latest_([a-z0-9_]+?)__', latest_value, where) -%}
    {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
{%- endmacro %}
