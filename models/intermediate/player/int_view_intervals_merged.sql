{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    on_schema_change='fail',
    partition_by=['session_date'],
    post_hook="{{ finish_partition_rewrite('session_date', 'user_id') }}",
) }}

-- SPEC 5.5 at view grain: the counted segments of one view (user, session, video) merged
-- into disjoint half-open intervals, for a view's unique seconds and for retention curves.
-- Grain: one row per view and merged interval.
-- Incremental (SPEC 9.1) like int_player_events_sequenced: partition by partition (a view
-- lies within one session, hence one session_date).

{%- set rewritten_predicate = changed_partitions_predicate(ref('int_watch_segments_derived')) %}

with counted_segments as (

    select
        user_id,
        session_id,
        video_id,
        start_position_seconds,
        end_position_seconds,
        session_date
    from {{ ref('int_watch_segments_derived') }}
    where is_counted
        and {{ rewritten_predicate }}

),

merged as (

    {{ merge_intervals(
        'counted_segments',
        ['user_id', 'session_id', 'video_id', 'session_date'],
        'start_position_seconds',
        'end_position_seconds'
    ) }}

),

{%- set columns = [
    'user_id', 'session_id', 'video_id', 'interval_number', 'interval_start_seconds',
    'interval_end_seconds', 'interval_seconds'
] %}

intervals as (

    select
        user_id,
        session_id,
        video_id,
        merged_group_number as interval_number,
        interval_start as interval_start_seconds,
        interval_end as interval_end_seconds,
        interval_end - interval_start as interval_seconds,
        session_date
    from merged

),

final as (

    select
        {{ columns | join(',\n        ') }},
        {{ load_batch_id() }} as written_in_batch,
        session_date
    from intervals
    {%- if is_incremental() %}

        union all

        -- a partition left without intervals gets a marker row (finish_partition_rewrite)
        {{ emptied_partition_markers(columns, rewritten_predicate, 'intervals') }}
    {%- endif %}

)

select * from final
