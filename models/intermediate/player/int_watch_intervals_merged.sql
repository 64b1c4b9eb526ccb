-- SPEC 5.5: the union of all counted segments of a user and video, across sessions.
-- Overlapping replays merge into one interval, so their seconds count once.
-- Grain: one row per user, video and merged (half-open) interval of positions.

with counted_segments as (

    select
        user_id,
        video_id,
        start_position_seconds,
        end_position_seconds
    from {{ ref('int_watch_segments_derived') }}
    where is_counted

),

merged as (

    {{ merge_intervals(
        'counted_segments',
        ['user_id', 'video_id'],
        'start_position_seconds',
        'end_position_seconds'
    ) }}

),

final as (

    select
        user_id,
        video_id,
        merged_group_number as interval_number,
        interval_start as interval_start_seconds,
        interval_end as interval_end_seconds,
        interval_end - interval_start as interval_seconds
    from merged

)

select * from final
