"""What the report reads: one query per dataset, every one through dbt (tooling.report.marts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tooling.report.marts import MartReader, Row, sql_string_list

# The engagement tiers of SPEC 5.7, from the most engaged down (macros/metrics/engagement_tier).
TIER_ORDER = ("High", "Medium", "Low", "Minimal")

# The vars the answers to Q1-Q3 depend on (dbt_project.yml), shown beside them.
QUESTION_VARS = (
    "first_session_reach_seconds",
    "retention_window_hours",
    "dropoff_seconds",
    "abnormal_dropoff_min_sessions",
    "abnormal_dropoff_z",
)

RETENTION_COLUMNS = (
    "view_count, unique_viewer_count, rewatch_view_count, retention_percentage, exit_count"
)


@dataclass
class VideoRetention:
    """One top video: its popular_videos row and its two retention curves, in bucket order."""

    video: Row
    segments: list[Row]
    percents: list[Row]

    @property
    def video_id(self) -> str:
        return self.video["video_id"]

    @property
    def label(self) -> str:
        title = self.video.get("title")
        return f"{title} ({self.video_id})" if title else self.video_id

    @property
    def has_curve(self) -> bool:
        return any((row["unique_viewer_count"] or 0) > 0 for row in self.segments)


@dataclass
class ReportData:
    """Everything the page shows, as rows returned by dbt. ``target``: the target's name and
    schema and the QUESTION_VARS in effect."""

    target: Row
    totals: list[Row]
    videos: list[VideoRetention]
    tiers: list[Row]
    daily: list[Row]
    q1: list[Row]
    q2: list[Row]
    q3: list[Row]
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def load_report_data(reader: MartReader, top_videos: int = 5) -> ReportData:
    """Runs every query of the report. Empty marts (an empty landing folder) give a report
    of empty charts, not an error; missing marts make dbt show fail (ReportError)."""
    target = reader.query(
        "select '{{ target.name }}' as target_name, '{{ target.schema }}' as schema_name, "
        + ", ".join(f"{{{{ var('{name}') }}}} as {name}" for name in QUESTION_VARS)
    )[0]
    popular = reader.analysis("popular_videos")
    top = popular[:top_videos]
    top_ids = [row["video_id"] for row in top] or [""]  # `in ()` is not valid SQL
    segments = _by_video(
        reader.query(
            f"select video_id, segment_number, segment_start_seconds, segment_end_seconds, "
            f"{RETENTION_COLUMNS} from {ref('fct_video_segment_retention')} "
            f"where video_id in ({sql_string_list(top_ids)}) order by video_id, segment_number"
        )
    )
    percents = _by_video(
        reader.query(
            f"select video_id, percent_bucket, bucket_start_seconds, bucket_end_seconds, "
            f"{RETENTION_COLUMNS} from {ref('fct_video_percent_retention')} "
            f"where video_id in ({sql_string_list(top_ids)}) order by video_id, percent_bucket"
        )
    )
    videos = [
        VideoRetention(row, segments.get(row["video_id"], []), percents.get(row["video_id"], []))
        for row in top
    ]
    tiers = reader.query(
        "select engagement_tier, count(*) as user_video_count, "
        "count(distinct user_id) as user_count, round(avg(engagement_score), 2) as avg_score "
        f"from {ref('fct_user_video_engagement')} group by engagement_tier"
    )
    tiers.sort(key=lambda row: _tier_rank(row["engagement_tier"]))
    daily = reader.query(
        "select activity_date, sum(view_count) as view_count, "
        "sum(watch_seconds) as watch_seconds, sum(foreground_seconds) as foreground_seconds, "
        "sum(background_seconds) as background_seconds "
        f"from {ref('fct_daily_video_stats')} group by activity_date order by activity_date"
    )
    return ReportData(
        target=target,
        totals=reader.analysis("dashboard_totals"),
        videos=videos,
        tiers=tiers,
        daily=daily,
        q1=reader.analysis("q1_first_session_reached_30s"),
        q2=reader.analysis("q2_retention_by_first_genre"),
        q3=reader.analysis("q3_dropoff_by_os_and_app_version"),
    )


def ref(model: str) -> str:
    """A model's relation in inline SQL, as dbt resolves it on the active target."""
    return "{{ ref('" + model + "') }}"


def _by_video(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row["video_id"], []).append(row)
    return grouped


def _tier_rank(tier: str | None) -> int:
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)
