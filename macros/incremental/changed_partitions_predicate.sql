{% macro changed_partitions_predicate(parent_relations, also_rewrite_query=none, partition_column='session_date') -%}
    {#-
        SPEC 9.1, for a model whose partition P is computed from its parents' partitions P
        alone (same partition column), and possibly small tables read whole: a literal
        predicate naming the partitions a run rewrites. Those where a parent has rows
        written since the model last finished (`written_in_batch` after absorbed_batch),
        those the model has and no parent has any more (it marks them emptied, see
        finish_partition_rewrite), and those `also_rewrite_query` returns (the model's own
        reason, e.g. a video whose duration changed). `true` on a full build. Called from
        the model: `this` is its table.
    -#}
    {%- if is_incremental() -%}
        {%- set parents = [parent_relations] if parent_relations is string
            or parent_relations.identifier is defined else parent_relations -%}
        {%- set watermark = absorbed_batch() -%}
        {%- set query -%}
            {%- for parent in parents %}
            select {{ partition_column }} from {{ parent }}
            where written_in_batch > {{ watermark }}
            union
            {%- endfor %}
            (
                select {{ partition_column }} from {{ this }}
                {%- for parent in parents %}
                except
                select {{ partition_column }} from {{ parent }}
                {%- endfor %}
            )
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
