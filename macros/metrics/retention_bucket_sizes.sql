{% macro retention_bucket_sizes(videos) -%}
    {#-
        CTE body: the bucket layouts of the retention marts (SPEC 6), one row per video with
        a known duration and bucket kind, from `videos` (a CTE with video_id and
        duration_seconds):
          'segment'  buckets of var('segment_seconds') seconds, the last one ends at the
                     duration
          'percent'  100 buckets of 1 % of the duration, so videos of different lengths
                     compare
    -#}
    {%- if not videos -%}
        {{ exceptions.raise_compiler_error(
            "retention_bucket_sizes: pass the name of a CTE with video_id, duration_seconds") }}
    {%- endif -%}
    select
        video_id,
        duration_seconds,
        bucket_kind,
        case bucket_kind
            when 'segment' then cast({{ var('segment_seconds') }} as double)
            else duration_seconds / 100.0
        end as bucket_width_seconds,
        case bucket_kind
            when 'segment'
                then cast(ceil(duration_seconds / {{ var('segment_seconds') }}) as int)
            else 100
        end as bucket_count
    from {{ videos }}
    lateral view explode(array('segment', 'percent')) bucket_kinds as bucket_kind
    where duration_seconds > 0
{%- endmacro %}
