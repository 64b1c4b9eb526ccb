{% macro retention_bucket_sizes(videos) -%}
    {#-
        CTE body: the bucket layouts of the retention marts (SPEC 6), one row per video with
        a known duration and bucket kind, from `videos` (a CTE with video_id and
        duration_seconds):
          'segment'  buckets of var('segment_seconds') seconds, the last one ends at the
                     duration; only for videos of at most var('max_retention_segments')
                     segments
          'percent'  100 buckets of 1 % of the duration, so videos of different lengths
                     compare
    -#}
    {%- if not videos -%}
        {{ exceptions.raise_compiler_error(
            "retention_bucket_sizes: pass the name of a CTE with video_id, duration_seconds") }}
    {%- endif -%}
    select *
    from (
        select
            video_id,
            duration_seconds,
            bucket_kind,
            case bucket_kind
                when 'segment' then cast({{ var('segment_seconds') }} as double)
                else duration_seconds / 100.0
            end as bucket_width_seconds,
            case
                when bucket_kind = 'percent' then 100
                -- compared before the cast, so an absurd inferred duration (a position of
                -- 1e300 on an uncatalogued video) neither overflows nor explodes the grid
                when duration_seconds / {{ var('segment_seconds') }}
                    <= {{ var('max_retention_segments') }}
                    then cast(ceil(duration_seconds / {{ var('segment_seconds') }}) as int)
            end as bucket_count
        from {{ videos }}
        lateral view explode(array('segment', 'percent')) bucket_kinds as bucket_kind
        where duration_seconds > 0
    ) as layouts
    -- a video longer than var('max_retention_segments') segments gets the percent layout only
    where bucket_count is not null
{%- endmacro %}
