-- SPEC 6 retention curve: every segment of each product-mart scenario video equals its
-- expectation (segments missing or extra for those videos fail too).
{{ config(store_failures=true) }}

with actual_segments as (

    select
        cast(segment_number as string) as segment_key,
        *
    from {{ ref('fct_video_segment_retention') }}
    where video_id in (
            select expected.video_id
            from {{ ref('scenario_expected_segment_retention') }} as expected
        )

),

expected_segments as (

    select
        cast(segment_number as string) as segment_key,
        *
    from {{ ref('scenario_expected_segment_retention') }}

),

comparison as (

    {{ scenario_mismatches(
        expected='expected_segments',
        actual='actual_segments',
        key_columns=['video_id', 'segment_key'],
        numeric_columns=[
            'segment_start_seconds', 'segment_end_seconds', 'view_count',
            'unique_viewer_count', 'rewatch_view_count', 'watch_seconds',
            'retention_percentage', 'exit_count'
        ],
        exact_columns=[]
    ) }}

)

select * from comparison
