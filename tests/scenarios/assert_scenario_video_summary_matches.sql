-- SPEC 6 dim_videos summary: each product-mart scenario video equals its expectation.
{{ config(store_failures=true) }}

{{ scenario_mismatches(
    expected=ref('scenario_expected_video_summary'),
    actual=ref('dim_videos'),
    key_columns=['video_id'],
    numeric_columns=[
        'view_count', 'valid_view_count', 'unique_viewer_count', 'unique_completer_count',
        'total_watch_seconds', 'avg_watch_seconds_per_view', 'avg_completion_percentage',
        'completion_rate_percentage', 'avg_pauses_per_view', 'avg_skips_per_view',
        'dropoff_rate_percentage'
    ],
    exact_columns=['first_watched_at', 'last_watched_at'],
    only_expected_rows=true
) }}
