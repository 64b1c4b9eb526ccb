{% macro video_retention_by_bucket(bucket_kind) -%}
    {#-
        Query body of the retention marts (SPEC 6), one row per video and position bucket,
        every bucket present (zeros included), so both marts share one definition:
          bucket_kind 'segment'  buckets of var('segment_seconds') seconds
          bucket_kind 'percent'  100 buckets of 1 % of the duration (compares videos)
        Coverage comes from merged watched intervals (int_view_intervals_merged), so a seek
        past a bucket never counts it; intervals are clipped at the duration.
          view_count             views whose merged intervals cover part of the bucket
          unique_viewer_count    distinct users among them
          rewatch_view_count     views whose counted segments cover part of the bucket twice
          watch_seconds          seconds of counted segments inside the bucket (replays too);
                                 summed over buckets: the video's watch time within its
                                 duration
          unique_watch_seconds   seconds of each viewer's union of intervals over all their
                                 sessions (int_watch_intervals_merged) inside the bucket,
                                 summed over viewers; summed over buckets: the video's
                                 unique seconds (SPEC 5.5) within its duration
          retention_percentage   unique viewers / the video's unique viewers x 100
          dropoff_count          views whose last position falls in the bucket (a position at
                                 the very end counts in the last bucket)
        Output: video_id, bucket_number (0-based), bucket_start_seconds, bucket_end_seconds
        (half-open) and the measures above.
    -#}
    {%- if bucket_kind == 'segment' -%}
        {%- set width = '(' ~ var('segment_seconds') ~ ' * 1.0)' -%}
        {%- set bucket_count = 'cast(ceil(duration_seconds / ' ~ width ~ ') as int)' -%}
        {%- set max_buckets_sql -%}
            select coalesce(max(cast(ceil(duration_seconds / {{ width }}) as int)), 1)
            from {{ ref('int_videos_duration_resolved') }}
        {%- endset -%}
        {#- the grid needs the longest video; before the first build (compile, lint, docs on
            an empty warehouse) the durations table does not exist yet and 1 will do -#}
        {%- set durations_relation = load_relation(ref('int_videos_duration_resolved'))
            if execute else none -%}
        {%- if durations_relation is not none -%}
            {%- set max_buckets = run_query(max_buckets_sql).columns[0].values()[0] -%}
        {%- else -%}
            {%- set max_buckets = 1 -%}
        {%- endif -%}
    {%- elif bucket_kind == 'percent' -%}
        {%- set width = '(duration_seconds / 100.0)' -%}
        {%- set bucket_count = '100' -%}
        {%- set max_buckets = 100 -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "video_retention_by_bucket: bucket_kind must be 'segment' or 'percent', got "
            ~ bucket_kind) }}
    {%- endif -%}
    {%- set max_buckets = [max_buckets | int, 1] | max -%}
    {%- set tiny = 0.000001 -%}
    with durations as (

        select
            video_id,
            duration_seconds,
            {{ width }} as bucket_width_seconds,
            {{ bucket_count }} as bucket_count
        from {{ ref('int_videos_duration_resolved') }}
        where duration_seconds > 0

    ),

    series as (

        -- cast: dbt_utils builds the numbers with power(), a double on Spark
        select cast(generated_number as int) as generated_number
        from ({{ dbt_utils.generate_series(max_buckets) }}) as generated

    ),

    grid as (

        select
            durations.video_id,
            durations.bucket_width_seconds,
            durations.bucket_count,
            series.generated_number - 1 as bucket_number,
            (series.generated_number - 1) * durations.bucket_width_seconds
                as bucket_start_seconds,
            least(
                series.generated_number * durations.bucket_width_seconds,
                durations.duration_seconds
            ) as bucket_end_seconds
        from durations
        inner join series
            on series.generated_number <= durations.bucket_count

    ),

    views as (

        select
            user_id,
            session_id,
            video_id,
            last_position_seconds
        from {{ ref('fct_video_views') }}
        -- retention is positional: only native player views have watched intervals
        where source_format = 'player'

    ),

    video_viewers as (

        select
            video_id,
            count(distinct user_id) as video_viewer_count
        from views
        group by video_id

    ),

    clipped_intervals as (

        select
            'merged' as interval_kind,
            merged.user_id,
            merged.session_id,
            merged.video_id,
            merged.interval_start_seconds as start_seconds,
            least(merged.interval_end_seconds, durations.duration_seconds) as end_seconds,
            durations.bucket_width_seconds,
            durations.bucket_count
        from {{ ref('int_view_intervals_merged') }} as merged
        inner join durations
            on merged.video_id = durations.video_id

        union all

        select
            'counted' as interval_kind,
            segments.user_id,
            segments.session_id,
            segments.video_id,
            segments.start_position_seconds as start_seconds,
            least(segments.end_position_seconds, durations.duration_seconds) as end_seconds,
            durations.bucket_width_seconds,
            durations.bucket_count
        from {{ ref('int_watch_segments_derived') }} as segments
        inner join durations
            on segments.video_id = durations.video_id
        where segments.is_counted

        union all

        select
            'viewer_merged' as interval_kind,
            merged.user_id,
            cast(null as string) as session_id,
            merged.video_id,
            merged.interval_start_seconds as start_seconds,
            least(merged.interval_end_seconds, durations.duration_seconds) as end_seconds,
            durations.bucket_width_seconds,
            durations.bucket_count
        from {{ ref('int_watch_intervals_merged') }} as merged
        inner join durations
            on merged.video_id = durations.video_id

    ),

    interval_buckets as (

        -- each interval fans out to the buckets it touches, no range join needed
        select
            *,
            explode(sequence(
                cast(floor(start_seconds / bucket_width_seconds) as int),
                least(cast(ceil(end_seconds / bucket_width_seconds) as int), bucket_count) - 1
            )) as bucket_number
        from clipped_intervals
        where end_seconds > start_seconds

    ),

    bucket_coverage as (

        select
            interval_kind,
            user_id,
            session_id,
            video_id,
            bucket_number,
            least(end_seconds, (bucket_number + 1) * bucket_width_seconds)
                - greatest(start_seconds, bucket_number * bucket_width_seconds)
                as covered_seconds
        from interval_buckets

    ),

    view_buckets as (

        select
            user_id,
            session_id,
            video_id,
            bucket_number,
            sum(case when interval_kind = 'merged' then covered_seconds else 0.0 end)
                as unique_seconds,
            sum(case when interval_kind = 'counted' then covered_seconds else 0.0 end)
                as watch_seconds
        from bucket_coverage
        where covered_seconds > {{ tiny }}
            and interval_kind in ('merged', 'counted')
        group by user_id, session_id, video_id, bucket_number

    ),

    bucket_unique_seconds as (

        select
            video_id,
            bucket_number,
            sum(covered_seconds) as unique_watch_seconds
        from bucket_coverage
        where interval_kind = 'viewer_merged'
        group by video_id, bucket_number

    ),

    bucket_views as (

        select
            video_id,
            bucket_number,
            count(*) as view_count,
            count(distinct user_id) as unique_viewer_count,
            count_if(watch_seconds > unique_seconds + {{ tiny }}) as rewatch_view_count,
            sum(watch_seconds) as watch_seconds
        from view_buckets
        group by video_id, bucket_number

    ),

    dropoffs as (

        select
            views.video_id,
            least(
                cast(floor(
                    least(views.last_position_seconds, durations.duration_seconds)
                    / durations.bucket_width_seconds
                ) as int),
                durations.bucket_count - 1
            ) as bucket_number,
            count(*) as dropoff_count
        from views
        inner join durations
            on views.video_id = durations.video_id
        group by 1, 2

    )

    select
        grid.video_id,
        grid.bucket_number,
        grid.bucket_start_seconds,
        grid.bucket_end_seconds,
        coalesce(bucket_views.view_count, 0) as view_count,
        coalesce(bucket_views.unique_viewer_count, 0) as unique_viewer_count,
        coalesce(bucket_views.rewatch_view_count, 0) as rewatch_view_count,
        coalesce(bucket_views.watch_seconds, 0.0) as watch_seconds,
        coalesce(bucket_unique_seconds.unique_watch_seconds, 0.0) as unique_watch_seconds,
        round(
            coalesce(bucket_views.unique_viewer_count, 0)
            / nullif(video_viewers.video_viewer_count, 0) * 100,
            2
        ) as retention_percentage,
        coalesce(dropoffs.dropoff_count, 0) as dropoff_count
    from grid
    left join bucket_views
        on grid.video_id = bucket_views.video_id
        and grid.bucket_number = bucket_views.bucket_number
    left join bucket_unique_seconds
        on grid.video_id = bucket_unique_seconds.video_id
        and grid.bucket_number = bucket_unique_seconds.bucket_number
    left join dropoffs
        on grid.video_id = dropoffs.video_id
        and grid.bucket_number = dropoffs.bucket_number
    left join video_viewers
        on grid.video_id = video_viewers.video_id
{%- endmacro %}
