-- SPEC 5.8 and 6 daily stats: each product-mart scenario video's days equal expectations.
{{ config(store_failures=true) }}

with actual_days as (

    select
        cast(activity_date as string) as activity_day,
        *
    from {{ ref('fct_daily_video_stats') }}
    where video_id in (
            select expected.video_id
            from {{ ref('scenario_expected_daily_video_stats') }} as expected
        )

),

expected_days as (

    select
        cast(activity_date as string) as activity_day,
        *
    from {{ ref('scenario_expected_daily_video_stats') }}

),

comparison as (

    {{ scenario_mismatches(
        expected='expected_days',
        actual='actual_days',
        key_columns=['video_id', 'activity_day'],
        numeric_columns=[
            'view_count', 'unique_viewer_count', 'completion_count', 'watch_seconds',
            'foreground_seconds', 'background_seconds'
        ],
        exact_columns=[]
    ) }}

)

select * from comparison
