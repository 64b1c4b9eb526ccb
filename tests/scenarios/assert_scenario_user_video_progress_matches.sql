-- SPEC 6 resume watching: each product-mart scenario's progress row equals its expectation.
{{ config(store_failures=true) }}

{{ scenario_mismatches(
    expected=ref('scenario_expected_user_video_progress'),
    actual=ref('fct_user_video_progress'),
    key_columns=['user_id', 'video_id'],
    numeric_columns=['resume_position_seconds', 'progress_percentage', 'session_count'],
    exact_columns=['is_completed_at_least_once', 'first_watched_at', 'last_watched_at'],
    only_expected_rows=true
) }}
