-- SPEC 7: every scenario's user x video row equals its hand-computed expectation.
{{ config(store_failures=true) }}

{{ scenario_mismatches(
    expected=ref('scenario_expected_user_video_engagement'),
    actual=ref('fct_user_video_engagement'),
    key_columns=['user_id', 'video_id'],
    numeric_columns=[
        'total_watch_seconds', 'unique_seconds_watched', 'max_position_seconds',
        'watch_percentage', 'completion_percentage', 'unique_watch_percentage',
        'session_count', 'completion_count', 'pause_count', 'forward_skips',
        'backward_skips', 'engagement_score'
    ],
    exact_columns=['engagement_tier', 'data_quality_flag', 'is_fully_watched']
) }}
