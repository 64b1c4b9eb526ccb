{% macro video_retention_by_bucket(bucket_kind) -%}
    {#-
        Query body of the retention marts (SPEC 6), one row per video and position bucket,
        every bucket present (zeros included), so both marts share one definition:
          bucket_kind 'segment'  buckets of var('segment_seconds') seconds
          bucket_kind 'percent'  100 buckets of 1 % of the duration (compares videos)
        Coverage comes from merged watched intervals (int_view_intervals_merged), so a seek
        past a bucket never counts it; intervals are clipped at the duration.
          view_count             views whose merged intervals cover part of the bucket
          unique_viewer_count    distinct users whose intervals (over all their views) cover
                                 part of the bucket
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
        Cost: counts and seconds come from a difference array (each interval adds at most six
        rows whatever its length; a running sum per video turns them into per-bucket
        values), so the work grows with the number of intervals, not intervals x buckets.
        Only rewatch needs a view's seconds per bucket, and only views that replayed
        something (fct_video_views.rewatch_seconds > 0) are fanned out for it.
    -#}
    {%- if bucket_kind == 'segment' -%}
        {%- set width = '(' ~ var('segment_seconds') ~ ' * 1.0)' -%}
        {%- set bucket_count = 'cast(ceil(duration_seconds / ' ~ width ~ ') as int)' -%}
        {%- set max_buckets_sql -%}
            select coalesce(max(cast(ceil(duration_seconds / {{ width }}) as int)), 1)
            from {{ ref('int_videos_resolved') }}
        {%- endset -%}
        {#- the grid needs the longest video; before the first build (compile, lint, docs on
            an empty warehouse) the durations table does not exist yet and 1 will do -#}
        {%- set durations_relation = load_relation(ref('int_videos_resolved'))
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
        from {{ ref('int_videos_resolved') }}
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
            last_position_seconds,
            rewatch_seconds
        from {{ ref('int_video_views_unioned') }}
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

        -- merged: one view's watched intervals; viewer_merged: one viewer's, over all their
        -- views; counted: the counted segments, replays included. All clipped at the duration.
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

    ),

    interval_ranges as (

        -- the buckets an interval reaches (first..last), and those it covers by more than a
        -- rounding error (touched), which are the ones that count a view or viewer
        select
            *,
            cast(floor(start_seconds / bucket_width_seconds) as int) as first_bucket,
            least(cast(ceil(end_seconds / bucket_width_seconds) as int), bucket_count) - 1
                as last_bucket,
            cast(floor((start_seconds + {{ tiny }}) / bucket_width_seconds) as int)
                as first_touched_bucket,
            least(
                cast(ceil((end_seconds - {{ tiny }}) / bucket_width_seconds) as int),
                bucket_count
            ) - 1 as last_touched_bucket
        from clipped_intervals
        where end_seconds > start_seconds

    ),

    counting_ranges as (

        -- the merged intervals of one view (or viewer) are disjoint, but two of them can
        -- touch the same bucket; starting each range after the previous one's last bucket
        -- makes the ranges of one view disjoint, so each view counts once per bucket
        select
            *,
            greatest(
                first_touched_bucket,
                coalesce(
                    max(last_touched_bucket) over (
                        partition by interval_kind, user_id, session_id, video_id
                        order by start_seconds
                        rows between unbounded preceding and 1 preceding
                    ) + 1,
                    first_touched_bucket
                )
            ) as counted_from_bucket
        from interval_ranges
        where interval_kind in ('merged', 'viewer_merged')

    ),

    deltas as (

        -- a difference array: each interval adds a few rows, whatever its length.
        --   count_delta    +1 where a view's (viewer's) range starts, -1 after it ends
        --   full_delta     +1 at the first bucket the interval fills, -1 after the last
        --   point_seconds  the partial coverage of its first and last bucket
        -- A running sum over the buckets turns deltas into per-bucket counts and seconds.
        select
            video_id,
            interval_kind,
            inline(array(
                named_struct(
                    'bucket_number', counted_from_bucket,
                    'count_delta', 1, 'full_delta', 0, 'point_seconds', 0.0D
                ),
                named_struct(
                    'bucket_number', last_touched_bucket + 1,
                    'count_delta', -1, 'full_delta', 0, 'point_seconds', 0.0D
                )
            ))
        from counting_ranges
        where counted_from_bucket <= last_touched_bucket

        union all

        select
            video_id,
            interval_kind,
            inline(array(
                -- first bucket (the whole interval when it stays inside one bucket)
                named_struct(
                    'bucket_number', first_bucket,
                    'count_delta', 0, 'full_delta', 0,
                    'point_seconds',
                    least(end_seconds, (first_bucket + 1) * bucket_width_seconds)
                    - start_seconds
                ),
                -- last bucket, when it is another one
                named_struct(
                    'bucket_number', case when last_bucket > first_bucket then last_bucket end,
                    'count_delta', 0, 'full_delta', 0,
                    'point_seconds', end_seconds - last_bucket * bucket_width_seconds
                ),
                -- the buckets in between are full
                named_struct(
                    'bucket_number',
                    case when last_bucket - first_bucket >= 2 then first_bucket + 1 end,
                    'count_delta', 0, 'full_delta', 1, 'point_seconds', 0.0D
                ),
                named_struct(
                    'bucket_number',
                    case when last_bucket - first_bucket >= 2 then last_bucket end,
                    'count_delta', 0, 'full_delta', -1, 'point_seconds', 0.0D
                )
            ))
        from interval_ranges
        where interval_kind in ('counted', 'viewer_merged')

    ),

    bucket_deltas as (

        select
            video_id,
            bucket_number,
            sum(case when interval_kind = 'merged' then count_delta else 0 end)
                as view_delta,
            sum(case when interval_kind = 'viewer_merged' then count_delta else 0 end)
                as viewer_delta,
            sum(case when interval_kind = 'counted' then full_delta else 0 end)
                as watch_full_delta,
            sum(case when interval_kind = 'counted' then point_seconds else 0.0 end)
                as watch_point_seconds,
            sum(case when interval_kind = 'viewer_merged' then full_delta else 0 end)
                as unique_full_delta,
            sum(case when interval_kind = 'viewer_merged' then point_seconds else 0.0 end)
                as unique_point_seconds
        from deltas
        where bucket_number is not null
        group by video_id, bucket_number

    ),

    bucket_running as (

        select
            grid.video_id,
            grid.bucket_number,
            sum(coalesce(bucket_deltas.view_delta, 0)) over running as view_count,
            sum(coalesce(bucket_deltas.viewer_delta, 0)) over running as unique_viewer_count,
            coalesce(bucket_deltas.watch_point_seconds, 0.0)
            + sum(coalesce(bucket_deltas.watch_full_delta, 0)) over running
            * grid.bucket_width_seconds as watch_seconds,
            coalesce(bucket_deltas.unique_point_seconds, 0.0)
            + sum(coalesce(bucket_deltas.unique_full_delta, 0)) over running
            * grid.bucket_width_seconds as unique_watch_seconds
        from grid
        left join bucket_deltas
            on grid.video_id = bucket_deltas.video_id
            and grid.bucket_number = bucket_deltas.bucket_number
        window running as (
            partition by grid.video_id
            order by grid.bucket_number
            rows between unbounded preceding and current row
        )

    ),

    rewatch_intervals as (

        -- rewatch needs each view's own seconds per bucket; only views that replayed
        -- anything (rewatch_seconds > 0) can have a bucket with more counted than merged
        -- seconds, so only their intervals fan out to the buckets they touch
        select interval_ranges.*
        from interval_ranges
        left semi join views
            on interval_ranges.user_id = views.user_id
            and interval_ranges.session_id = views.session_id
            and interval_ranges.video_id = views.video_id
            and views.rewatch_seconds > {{ tiny }}
        where interval_ranges.interval_kind in ('merged', 'counted')

    ),

    rewatch_coverage as (

        select
            interval_kind,
            user_id,
            session_id,
            video_id,
            bucket_number,
            least(end_seconds, (bucket_number + 1) * bucket_width_seconds)
            - greatest(start_seconds, bucket_number * bucket_width_seconds)
                as covered_seconds
        from rewatch_intervals
        lateral view explode(sequence(first_bucket, last_bucket)) buckets as bucket_number

    ),

    rewatch_view_buckets as (

        select
            video_id,
            bucket_number,
            sum(case when interval_kind = 'counted' then covered_seconds else 0.0 end)
                > sum(case when interval_kind = 'merged' then covered_seconds else 0.0 end)
                + {{ tiny }} as is_rewatched
        from rewatch_coverage
        group by user_id, session_id, video_id, bucket_number

    ),

    bucket_rewatches as (

        select
            video_id,
            bucket_number,
            count_if(is_rewatched) as rewatch_view_count
        from rewatch_view_buckets
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
        bucket_running.view_count,
        bucket_running.unique_viewer_count,
        coalesce(bucket_rewatches.rewatch_view_count, 0) as rewatch_view_count,
        bucket_running.watch_seconds,
        bucket_running.unique_watch_seconds,
        round(
            bucket_running.unique_viewer_count
            / nullif(video_viewers.video_viewer_count, 0) * 100,
            2
        ) as retention_percentage,
        coalesce(dropoffs.dropoff_count, 0) as dropoff_count
    from grid
    inner join bucket_running
        on grid.video_id = bucket_running.video_id
        and grid.bucket_number = bucket_running.bucket_number
    left join bucket_rewatches
        on grid.video_id = bucket_rewatches.video_id
        and grid.bucket_number = bucket_rewatches.bucket_number
    left join dropoffs
        on grid.video_id = dropoffs.video_id
        and grid.bucket_number = dropoffs.bucket_number
    left join video_viewers
        on grid.video_id = video_viewers.video_id
{%- endmacro %}
