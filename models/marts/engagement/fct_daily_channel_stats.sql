-- Daily activity per channel of the catalog (SPEC 5.8, 6). Grain: UTC day x channel.
-- Definitions in the daily_engagement_stats macro, shared with fct_daily_video_stats.

{{ daily_engagement_stats('channel_id') }}
