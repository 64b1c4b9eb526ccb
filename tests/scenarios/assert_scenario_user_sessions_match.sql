-- SPEC 5.9 and 6: each StreamPro scenario session equals its hand-computed expectation
-- (SP-nnn); sessions of other scenarios' users are not compared.
{{ config(store_failures=true) }}

with actual_sessions as (

    select *
    from {{ ref('fct_user_sessions') }}

),

expected_sessions as (

    select *
    from {{ ref('scenario_expected_user_sessions') }}

),

comparison as (

    {{ scenario_mismatches(
        expected='expected_sessions',
        actual='actual_sessions',
        key_columns=['source_format', 'user_id', 'session_id'],
        numeric_columns=[
            'watch_seconds', 'video_count', 'event_count', 'heart_count', 'like_count',
            'session_number'
        ],
        exact_columns=[
            'session_started_at', 'session_ended_at', 'first_video_id', 'first_video_genre',
            'is_first_session', 'has_reached_30s', 'is_dropoff', 'next_session_started_at',
            'is_retained_3d'
        ],
        only_expected_rows=true,
        null_checked_columns=['first_video_id', 'first_video_genre', 'next_session_started_at']
    ) }}

)

select * from comparison
