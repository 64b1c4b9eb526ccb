"""The report's sections, in page order: what each shows, its charts and its tables."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from tooling.report import charts
from tooling.report.data import ReportData, Row, VideoRetention


@dataclass
class Chart:
    """One Plotly figure. The page draws it into the element ``chart-<chart_id>`` of a
    ``<figure data-chart-id="<chart_id>">`` (the browser test checks each one is drawn)."""

    chart_id: str
    figure: go.Figure
    caption: str = ""


@dataclass
class Section:
    section_id: str
    title: str
    intro: str = ""  # HTML
    charts: list[Chart] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # HTML
    chart_columns: int = 1
    subsections: list[Section] = field(default_factory=list)
    is_subsection: bool = False

    def all_charts(self) -> list[Chart]:
        return [*self.charts, *(c for sub in self.subsections for c in sub.all_charts())]


def build_sections(data: ReportData) -> list[Section]:
    return [
        overview(data),
        retention(data),
        engagement_tiers(data),
        daily_watch(data),
        questions(data),
        player_health(data),
    ]


def overview(data: ReportData) -> Section:
    columns = [
        ("completion_bucket", "completion bucket"),
        ("user_video_count", "user x video"),
        ("user_count", "users"),
        ("video_count", "videos"),
        ("view_count", "views"),
        ("watch_hours", "watch hours"),
        ("unique_watch_hours", "unique watch hours"),
        ("avg_completion_percentage", "mean completion %"),
        ("avg_engagement_score", "mean score"),
    ]
    return Section(
        "overview",
        "At a glance",
        intro=(
            "<p>Headline totals of <code>fct_user_video_engagement</code> (analysis "
            "<code>dashboard_totals</code>), for all user x video pairs and per completion "
            "bucket: high above 75 %, medium 50-75 %, low below 50 %.</p>"
        ),
        tables=[html_table(data.totals, columns)],
    )


def retention_summary(video: VideoRetention) -> str:
    """One sentence with the curve's numbers: viewers at the start, at half the duration and
    in the last segment, and the segment before the last where most views ended."""
    parts = []
    if video.segments:
        first, last = video.segments[0], video.segments[-1]
        parts.append(
            f"{first['unique_viewer_count']} unique viewers in the first segment "
            f"({first['segment_start_seconds']:g}-{first['segment_end_seconds']:g} s)"
        )
    middle = next((row for row in video.percents if row["percent_bucket"] == 50), None)
    if middle is not None:
        parts.append(
            f"{middle['unique_viewer_count']} at 50 % of the duration "
            f"({middle['retention_percentage']:g} % of its viewers)"
        )
    if video.segments:
        parts.append(f"{last['unique_viewer_count']} in the last segment")
        worst = charts.biggest_exit(video.segments)
        if worst is not None:
            parts.append(
                f"biggest drop-off before the end: {worst['exit_count']} views ended in "
                f"{worst['segment_start_seconds']:g}-{worst['segment_end_seconds']:g} s"
            )
        exits = sum(row["exit_count"] or 0 for row in video.segments)
        parts.append(f"{last['exit_count']} of {exits} views ended in the last segment")
    return "; ".join(parts) + "."


def retention(data: ReportData) -> Section:
    section = Section(
        "retention",
        f"Retention of the top {len(data.videos)} videos",
        intro=(
            "<p>Videos ranked as the <code>popular_videos</code> analysis ranks them (valid "
            "views, then watch time). For each: the unique viewers who watched part of each "
            "segment (<code>fct_video_segment_retention</code>) and of each 1 % of the "
            "duration (<code>fct_video_percent_retention</code>, so that videos of different "
            "lengths compare); as bars, the views whose last position fell in the bucket "
            "(drop-offs, <code>exit_count</code>; in the last bucket, views that reached "
            "the end); dotted, the views that played the bucket more than once "
            "(<code>rewatch_view_count</code>). A seek past a segment never counts it.</p>"
        ),
    )
    if not data.videos:
        section.intro += "<p class='note'>No video has a view yet: nothing to draw.</p>"
    for rank, video in enumerate(data.videos, start=1):
        facts = video.video
        section.subsections.append(
            Section(
                f"video-{rank}",
                f"{rank}. {video.label}",
                intro=(
                    f"<p>{html.escape(str(facts.get('genre') or 'no genre'))}, "
                    f"{format_value(facts['duration_seconds'])} s; "
                    f"{format_value(facts['valid_view_count'])} valid views, "
                    f"{format_value(facts['unique_viewer_count'])} unique viewers, completion "
                    f"rate {format_value(facts['completion_rate_percentage'])} %. "
                    f"{html.escape(retention_summary(video))}</p>"
                ),
                charts=[
                    Chart(f"retention-seconds-{rank}", charts.retention_figure(video, "segment")),
                    Chart(f"retention-percent-{rank}", charts.retention_figure(video, "percent")),
                ],
                chart_columns=2,
                is_subsection=True,
            )
        )
    return section


def engagement_tiers(data: ReportData) -> Section:
    return Section(
        "engagement-tiers",
        "Engagement tiers",
        intro=(
            "<p>User x video pairs of <code>fct_user_video_engagement</code> per "
            "<code>engagement_tier</code>: the engagement score (watch minutes, completions, "
            "sessions, skips; SPEC 5.7) against the thresholds of the "
            "<code>engagement_tier_thresholds</code> var.</p>"
        ),
        charts=[Chart("engagement-tiers", charts.tier_figure(data.tiers))],
    )


def daily_watch(data: ReportData) -> Section:
    return Section(
        "daily-watch",
        "Daily watch time",
        intro=(
            "<p>Watch time per UTC day over every video (<code>fct_daily_video_stats</code>; "
            "a segment counts on the day it starts), split by whether the player was in the "
            "foreground or the background (SPEC 5.8).</p>"
        ),
        charts=[Chart("daily-watch", charts.daily_watch_figure(data.daily))],
    )


def questions(data: ReportData) -> Section:
    q1 = data.q1[0] if data.q1 else {}
    settings = data.target
    section = Section(
        "questions",
        "The product team's questions",
        intro=(
            "<p>The answers of the analyses <code>q1_first_session_reached_30s</code>, "
            "<code>q2_retention_by_first_genre</code> and "
            "<code>q3_dropoff_by_os_and_app_version</code>, over "
            f"<code>fct_user_sessions</code> (every format). Q1 counts first sessions with "
            f"at least {settings['first_session_reach_seconds']} s of watch time; Q2 a next "
            f"session starting within {settings['retention_window_hours']} h; a drop-off is "
            f"a session with less than {settings['dropoff_seconds']} s of watch time, and Q3 "
            f"flags a group of at least {settings['abnormal_dropoff_min_sessions']} sessions "
            f"whose rate is above the rest of its scope by a one-sided two-proportion z test "
            f"(z &ge; {settings['abnormal_dropoff_z']}).</p>"
        ),
    )
    if q1:
        section.charts.append(Chart("q1-first-session-30s", charts.q1_figure(q1)))
    section.charts.append(Chart("q2-retention-by-genre", charts.q2_figure(data.q2)))
    section.charts.append(Chart("q3-dropoff-by-os-and-app", charts.q3_figure(data.q3)))
    section.tables.append(
        html_table(
            data.q2,
            [
                ("retention_rank", "rank"),
                ("first_video_genre", "first genre"),
                ("new_user_count", "new users"),
                ("retained_3d_count", "back within 72 h"),
                ("retention_percentage", "%"),
            ],
            caption="Q2",
        )
    )
    section.tables.append(
        html_table(
            data.q3,
            [
                ("session_scope", "scope"),
                ("dimension", "dimension"),
                ("dimension_value", "value"),
                ("session_count", "sessions"),
                ("dropoff_count", "drop-offs"),
                ("dropoff_percentage", "%"),
                ("overall_dropoff_percentage", "scope %"),
                ("z_score", "z"),
                ("is_abnormal", "flagged"),
            ],
            caption="Q3",
        )
    )
    return section


def player_health(data: ReportData) -> Section:
    """Hook for SPEC 10 (player health): not built yet, so no chart.

    Once the SPEC 10 marts exist: read ``fct_daily_video_health`` (and the health columns of
    ``dim_videos``) in :func:`tooling.report.data.load_report_data` into
    ``ReportData.player_health``, draw startup time (median, p95), rebuffer percentage and
    start failures per day and device OS here, and add their chart ids to the browser
    test's expectations (tests/python/test_docs_site_and_report.py).
    """
    return Section(
        "player-health",
        "Player health",
        intro=(
            "<p class='note'>Not available yet: startup time, rebuffering, errors and "
            "bitrate come with SPEC 10 (<code>fct_daily_video_health</code>), which this "
            "project does not build yet.</p>"
        ),
    )


def format_value(value: Any) -> str:
    if value is None:
        return "&ndash;"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def table_cell(value: Any) -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return (
        f"<td class='num'>{format_value(value)}</td>"
        if numeric
        else f"<td>{format_value(value)}</td>"
    )


def html_table(rows: list[Row], columns: list[tuple[str, str]], caption: str = "") -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in columns)
    body = "".join(
        "<tr>" + "".join(table_cell(row.get(name)) for name, _ in columns) + "</tr>" for row in rows
    )
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
