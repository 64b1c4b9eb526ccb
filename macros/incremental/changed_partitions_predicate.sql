{% macro changed_partitions_predicate(parent_relations, also_rewrite_query=none, partition_column='session_date') -%}
    {#-
        SPEC 9.1, for a model whose partition P is computed from its parents' partitions P
        alone (same partition column), and possibly small tables read whole: a literal
        predicate naming the partitions a run rewrites. Those where a parent has rows
        written since the model last finished (`written_in_batch` after absorbed_batch),
        those the model has and no parent has any more (it marks them emptied, see
        finish_partition_rewrite; both lists come from the metastore, no file is read), and
        those `also_rewrite_query` returns (the model's own reason, e.g. a video whose
        duration changed). `true` on a full build. Called from the model: `this` is its
        table.
    -#}
    {%- if is_incremental() -%}
        {%- set parents = [parent_relations] if parent_relations is string
            or parent_relations.identifier is defined else parent_relations -%}
        {%- set watermark = absorbed_batch() -%}
        {%- set parent_partitions = [] -%}
        {%- for parent in parents -%}
            {%- do parent_partitions.extend(partition_values(parent)) -%}
        {%- endfor -%}
        {%- set query -%}
            {%- for parent in parents %}
            select distinct {{ partition_column }} from {{ parent }}
            where written_in_batch > {{ watermark }}
            {%- if not loop.last %}
            union
            {%- endif %}
            {%- endfor %}
            {%- for value in partition_values(this) if value not in parent_partitions %}
            union
            select {{ escaped_string_literal(value) }}
            {%- endfor %}
            {%- if also_rewrite_query %}
            union
            ({{ also_rewrite_query }})
            {%- endif %}
        {%- endset -%}
        {{ return(values_in_query_predicate(partition_column, query)) }}
    {%- else -%}
        {{ return('true') }}
    {%- endif -%}
{%- endmacro %}


{% macro partition_values(relation) -%}
    {#- The values of a table partitioned by one column, from the metastore
        (`show partitions` lists `column=value`; a value is escaped there as in a path,
        which dates and batch numbers never need) -#}
    {%- set values = [] -%}
    {%- if execute -%}
        {%- for row in run_query('show partitions ' ~ relation) -%}
            {%- do values.append(row[0].split('=', 1)[1]) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(values) }}
{%- endmacro %}
