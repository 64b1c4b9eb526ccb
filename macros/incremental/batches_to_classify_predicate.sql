{% macro batches_to_classify_predicate(staged_relation, catalog_relation) -%}
    {#-
        SPEC 4 and 9.1, for int_player_events_classified (one partition per load batch): a
        literal predicate on `load_batch` naming the batches a run (re)classifies. The
        batches staged (`staged_relation`) and not classified yet (the table's partitions,
        from the metastore); and, when the catalog (`catalog_relation`) no longer gives a
        video the duration its lines were judged with (`catalog_duration_seconds`), the
        batches of that video's lines and of lines sharing an eventId with one (their
        duplicate verdicts may follow). `true` on a full build. Called from the model:
        `this` is its table.
    -#}
    {%- if not is_incremental() -%}
        {{ return('true') }}
    {%- endif -%}

    {#- the videos whose catalog duration is not the one their lines were judged with -#}
    {%- set changed_videos_query -%}
        select applied_durations.video_id
        from (
            select distinct video_id, catalog_duration_seconds from {{ this }}
        ) as applied_durations
        left join {{ catalog_relation }} as video_catalog
            on applied_durations.video_id = video_catalog.video_id
        where not (applied_durations.catalog_duration_seconds <=> video_catalog.duration_seconds)
    {%- endset %}
    {%- set catalog_changed = execute and run_query(changed_videos_query) | length > 0 %}
    {#- the batches staged and not classified yet (the table's partitions, from the
        metastore), and when the catalog changed the batches of those videos' lines and of
        lines sharing an eventId with one -#}
    {%- set batches_to_classify -%}
        select distinct load_batch from {{ staged_relation }}
        where load_batch not in ({{ (partition_values(this) or ['-1']) | join(', ') }})
        {%- if catalog_changed %}
            union
            select load_batch from {{ this }}
            where video_id in ({{ changed_videos_query }})
                or event_id in (
                    select event_id from {{ this }}
                    where video_id in ({{ changed_videos_query }})
                )
        {%- endif %}
    {%- endset %}
    {{ return(values_in_query_predicate('load_batch', batches_to_classify)) }}
{%- endmacro %}
