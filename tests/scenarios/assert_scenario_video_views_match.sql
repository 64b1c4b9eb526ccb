-- SPEC 7: every scenario view (user, session, video) equals its hand-computed expectation.
{{ config(store_failures=true) }}

{{ scenario_mismatches(
    expected=ref('scenario_expected_video_views'),
    actual=ref('fct_video_views'),
    key_columns=['user_id', 'session_id', 'video_id'],
    numeric_columns=[
        'event_count', 'play_count', 'pause_count', 'seek_count', 'watch_seconds',
        'unique_seconds_watched', 'foreground_seconds', 'background_seconds', 'max_position_seconds',
        'forward_skips', 'backward_skips', 'wall_duration_seconds'
    ],
    exact_columns=['is_completed', 'started_at', 'ended_at']
) }}
