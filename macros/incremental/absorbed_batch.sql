{% macro absorbed_batch() -%}
    {#-
        SPEC 9.1, the progress of an incremental model that rewrites partitions: the latest
        `written_in_batch` of its parent that it has taken in, kept as the table property
        `ve_absorbed_batch` by its post-hook (finish_partition_rewrite). A run reads the
        parent rows written in a later batch. 0 (everything is new) on a first or full
        build, or when no run has finished since the table was made: the hook sets the
        property only after the partitions are written, so a killed run leaves it as it was
        and the next run redoes that run's work. Called from the model: `this` is its table.
    -#}
    {%- if execute and is_incremental() -%}
        {%- for row in run_query('show tblproperties ' ~ this) -%}
            {%- if row[0] == 've_absorbed_batch' -%}
                {{ return(row[1] | int) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(0) }}
{%- endmacro %}
