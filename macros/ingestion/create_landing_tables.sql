{#-
    The landing zone (SPEC 3) is exposed to dbt as external tables of raw text lines, one per
    source, in the schema <target schema>_landing. Reading lines as text (never as JSON or CSV)
    is what guarantees that no raw line can be lost: parsing happens in the staging models,
    where a line that does not parse becomes a quarantine row (SPEC 4).

    Each event folder also gets a `binaryFile` table that lists its files (path, size,
    modification time) without reading their content: the base_<source>__event_files models
    record which files were loaded, so that an incremental run reads only new files.

    The tables are declared before every run (on-run-start), so that --vars '{raw_root: ...}'
    takes effect: a table whose definition (columns, format, options, location) is unchanged
    since the last run keeps its metastore entry and only has its file listing refreshed;
    any other is dropped and re-created. A table property holds the definition's md5, so one
    `show table extended` tells which is which (16 metastore writes cost about 3 s a run).
    Dropping an external table never deletes files.
    A folder or file that does not exist reads as an empty table (Spark lists a missing
    table location as empty), which is what SPEC 3 asks for.
-#}

{% macro create_landing_tables() -%}
    {{ return(adapter.dispatch('create_landing_tables', 'video_engagement')()) }}
{%- endmacro %}


{% macro spark__create_landing_tables() -%}
    {%- if execute -%}
        {%- set schema = landing_schema() -%}
        {%- set root = resolved_raw_root() -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- set declared = {} -%}
        {%- for row in run_query('show table extended in ' ~ schema ~ " like '*'") -%}
            {%- do declared.update({row['tableName']: row['information']}) -%}
        {%- endfor -%}
        {%- for name, spec in landing_table_specs().items() -%}
            {%- set options = ["'recursiveFileLookup' = 'true'"] -%}
            {%- if spec.glob -%}
                {%- do options.append("'pathGlobFilter' = '" ~ spec.glob ~ "'") -%}
            {%- endif -%}
            {%- set columns = {
                'text': '(value string)',
                'binaryFile': '(path string, modificationTime timestamp, length bigint,'
                    ~ ' content binary)',
            }[spec.format] -%}
            {%- set definition = 'create table ' ~ schema ~ '.' ~ name ~ ' ' ~ columns
                ~ ' using ' ~ spec.format ~ ' options (' ~ options | join(', ') ~ ')'
                ~ " location '" ~ root ~ '/' ~ spec.path ~ "'" -%}
            {%- set definition_md5 = local_md5(definition) -%}
            {#- show table extended lists the properties as `[ve_landing_spec=<md5>, ...]` -#}
            {%- if ('ve_landing_spec=' ~ definition_md5) in declared.get(name, '') -%}
                {%- do run_query('refresh table ' ~ schema ~ '.' ~ name) -%}
            {%- else -%}
                {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ name) -%}
                {%- do run_query(
                    definition ~ " tblproperties ('ve_landing_spec' = '" ~ definition_md5 ~ "')"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ log('Landing tables in ' ~ schema ~ ' read from ' ~ root, info=true) }}
    {%- endif -%}
    select 1 as landing_tables_ready
{%- endmacro %}


{% macro default__create_landing_tables() -%}
    {{ adapter_not_supported('create_landing_tables') }}
{%- endmacro %}
