-- Daily activity per video (SPEC 5.8, 6). Grain: UTC day x video. Definitions in the
-- daily_engagement_stats macro, shared with fct_daily_channel_stats.

{{ daily_engagement_stats('video_id') }}
