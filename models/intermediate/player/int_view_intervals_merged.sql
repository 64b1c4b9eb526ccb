-- SPEC 5.5 at view grain: the counted segments of one view (user, session, video) merged
-- into disjoint half-open intervals, for a view's unique seconds and for retention curves.
-- Grain: one row per view and merged interval.

with counted_segments as (

    select
        user_id,
        session_id,
        video_id,
        start_position_seconds,
        end_position_seconds
    from {{ ref('int_watch_segments_derived') }}
    where is_counted

),

merged as (

    {{ merge_intervals(
        'counted_segments',
        ['user_id', 'session_id', 'video_id'],
        'start_position_seconds',
        'end_position_seconds'
    ) }}

),

final as (

    select
        user_id,
        session_id,
        video_id,
        merged_group_number as interval_number,
        interval_start as interval_start_seconds,
        interval_end as interval_end_seconds,
        interval_end - interval_start as interval_seconds
    from merged

)

select * from final
