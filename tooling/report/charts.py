"""The report's Plotly figures. Each function takes rows returned by dbt and returns a figure;
none of them reads anything or computes a metric the marts or analyses do not already hold."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tooling.report.data import TIER_ORDER, Row, VideoRetention

VIEWERS_COLOR = "#1f5fa8"
EXITS_COLOR = "#d9822b"
REWATCH_COLOR = "#6a9f3a"
FOREGROUND_COLOR = "#1f5fa8"
BACKGROUND_COLOR = "#9cb9d9"
FLAG_COLOR = "#c0392b"
TIER_COLORS = {"High": "#1b7837", "Medium": "#7fbf7b", "Low": "#f1b6da", "Minimal": "#c51b7d"}
SCOPE_COLORS = {"first_sessions": "#1f5fa8", "all_sessions": "#9cb9d9"}


def _layout(figure: go.Figure, title: str, height: int = 360) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.22, "x": 0},
        hovermode="x unified",
        bargap=0.15,
    )
    return figure


def biggest_exit(rows: list[Row]) -> Row | None:
    """The bucket before the last where most views ended (the first one on a tie); None
    without such exits. Views ending in the last bucket reached the end: not a drop-off."""
    best = None
    for row in rows[:-1]:
        exits = row["exit_count"] or 0
        if exits > 0 and (best is None or exits > best["exit_count"]):
            best = row
    return best


def retention_figure(video: VideoRetention, kind: str) -> go.Figure:
    """Unique viewers per bucket (a step line over each bucket), exits (where views ended) as
    bars and views that watched the bucket more than once, for one video.

    ``kind`` is ``segment`` (fct_video_segment_retention, x in seconds) or ``percent``
    (fct_video_percent_retention, x in % of the duration)."""
    if kind == "segment":
        rows = video.segments
        starts = [row["segment_start_seconds"] for row in rows]
        ends = [row["segment_end_seconds"] for row in rows]
        width = (ends[0] - starts[0]) if rows else 10
        x_title = "position in the video (seconds)"
        title = f"Unique viewers per {width:g} s"
        bucket_names = [f"{start:g}-{end:g} s" for start, end in zip(starts, ends)]
    elif kind == "percent":
        rows = video.percents
        starts = [row["percent_bucket"] for row in rows]
        ends = [bucket + 1 for bucket in starts]
        x_title = "position in the video (% of its duration)"
        title = "Unique viewers per 1 % of the duration"
        bucket_names = [f"{start}-{end} %" for start, end in zip(starts, ends)]
    else:
        raise ValueError(f"unknown retention kind {kind!r}")

    middles = [(start + end) / 2 for start, end in zip(starts, ends)]
    viewers = [row["unique_viewer_count"] for row in rows]
    figure = go.Figure()
    figure.add_bar(
        x=middles,
        y=[row["exit_count"] for row in rows],
        width=[(end - start) * 0.8 for start, end in zip(starts, ends)],
        name="views that ended here (drop-offs)",
        marker_color=EXITS_COLOR,
        customdata=bucket_names,
        hovertemplate="%{customdata}: %{y} views ended<extra></extra>",
    )
    # a step that holds each bucket's count over the whole bucket, closed at the last end
    figure.add_scatter(
        x=[*starts, ends[-1]] if rows else [],
        y=[*viewers, viewers[-1]] if rows else [],
        mode="lines",
        line={"shape": "hv", "color": VIEWERS_COLOR, "width": 2.5},
        name="unique viewers",
        customdata=[*bucket_names, bucket_names[-1]] if rows else [],
        hovertemplate="%{customdata}: %{y} unique viewers<extra></extra>",
    )
    figure.add_scatter(
        x=middles,
        y=[row["rewatch_view_count"] for row in rows],
        mode="lines",
        line={"color": REWATCH_COLOR, "dash": "dot", "width": 1.5},
        name="views that rewatched it",
        customdata=bucket_names,
        hovertemplate="%{customdata}: %{y} views rewatched<extra></extra>",
    )
    exit_row = biggest_exit(rows)
    if exit_row is not None:
        index = rows.index(exit_row)
        figure.add_annotation(
            x=middles[index],
            y=exit_row["exit_count"],
            text=f"biggest drop-off: {bucket_names[index]}",
            showarrow=True,
            arrowhead=2,
            # lean the label away from the nearer edge so that it is not clipped
            ax=40 if index < len(rows) / 3 else (-40 if index > 2 * len(rows) / 3 else 0),
            ay=-40,
            font={"color": EXITS_COLOR},
        )
    figure.update_xaxes(title_text=x_title, rangemode="tozero")
    figure.update_yaxes(title_text="viewers / views", rangemode="tozero")
    return _layout(figure, title)


def tier_figure(tiers: list[Row]) -> go.Figure:
    """User x video rows per engagement tier (SPEC 5.7), most engaged first."""
    total = sum(row["user_video_count"] for row in tiers) or 1
    figure = go.Figure(
        go.Bar(
            x=[row["engagement_tier"] for row in tiers],
            y=[row["user_video_count"] for row in tiers],
            marker_color=[TIER_COLORS.get(row["engagement_tier"], "#888") for row in tiers],
            text=[f"{row['user_video_count'] / total * 100:.1f} %" for row in tiers],
            textposition="outside",
            customdata=[[row["user_count"], row["avg_score"]] for row in tiers],
            hovertemplate=(
                "%{x}: %{y} user x video pairs, %{customdata[0]} users, "
                "mean score %{customdata[1]}<extra></extra>"
            ),
            name="user x video pairs",
        )
    )
    figure.update_xaxes(
        title_text="engagement tier", categoryorder="array", categoryarray=TIER_ORDER
    )
    figure.update_yaxes(title_text="user x video pairs", rangemode="tozero")
    return _layout(figure, "Engagement tier distribution (user x video)")


def daily_watch_figure(daily: list[Row]) -> go.Figure:
    """Watch time per UTC day, stacked foreground over background (SPEC 5.8), in hours."""
    days = [str(row["activity_date"]) for row in daily]
    figure = go.Figure()
    for column, name, color in (
        ("foreground_seconds", "foreground", FOREGROUND_COLOR),
        ("background_seconds", "background", BACKGROUND_COLOR),
    ):
        figure.add_bar(
            x=days,
            y=[round((row[column] or 0) / 3600, 3) for row in daily],
            name=name,
            marker_color=color,
            hovertemplate=f"%{{x}}: %{{y:.2f}} h {name}<extra></extra>",
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title_text="day (UTC)", type="category")
    figure.update_yaxes(title_text="watch time (hours)", rangemode="tozero")
    return _layout(figure, "Daily watch time, foreground and background")


def q1_figure(q1: Row) -> go.Figure:
    """Q1: new users whose first session reached 30 s of watch time, and the others."""
    reached = q1["reached_30s_count"] or 0
    others = (q1["new_user_count"] or 0) - reached
    figure = go.Figure(
        go.Bar(
            x=[reached, others],
            y=["reached 30 s", "did not"],
            orientation="h",
            marker_color=[VIEWERS_COLOR, BACKGROUND_COLOR],
            text=[f"{reached} users", f"{others} users"],
            textposition="auto",
            hovertemplate="%{y}: %{x} new users<extra></extra>",
            name="new users",
        )
    )
    figure.update_xaxes(title_text="new users (first session in the data)", rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(hovermode="closest")
    percentage = q1["reached_30s_percentage"]
    figure.update_yaxes(automargin=True)
    return _layout(
        figure,
        f"Q1: {percentage if percentage is not None else 'n/a'} % of new users reach 30 s "
        f"in their first session",
        height=260,
    )


def q2_figure(q2: list[Row]) -> go.Figure:
    """Q2: share of new users back within 72 h, by genre of their first video, ranked."""
    figure = go.Figure(
        go.Bar(
            x=[row["first_video_genre"] for row in q2],
            y=[row["retention_percentage"] for row in q2],
            marker_color=VIEWERS_COLOR,
            text=[f"{row['retained_3d_count']} of {row['new_user_count']}" for row in q2],
            textposition="outside",
            hovertemplate="%{x}: %{y} % (%{text})<extra></extra>",
            name="retained within 72 h",
        )
    )
    figure.update_xaxes(title_text="genre of the first session's first video")
    figure.update_yaxes(title_text="% back within 72 h", range=[0, 110])
    figure.update_layout(hovermode="closest")
    return _layout(figure, "Q2: second session within 72 h, by first genre")


def q3_figure(q3: list[Row]) -> go.Figure:
    """Q3: drop-off rate per device OS and per app version, first and all sessions; groups
    the analysis flags as abnormal are outlined and named."""
    dimensions = ("device_os", "app_version")
    figure = make_subplots(rows=1, cols=2, subplot_titles=["by device OS", "by app version"])
    for column, dimension in enumerate(dimensions, start=1):
        for scope in ("first_sessions", "all_sessions"):
            rows = [r for r in q3 if r["dimension"] == dimension and r["session_scope"] == scope]
            rows.sort(key=lambda row: str(row["dimension_value"]))
            figure.add_bar(
                x=[str(row["dimension_value"]) for row in rows],
                y=[row["dropoff_percentage"] for row in rows],
                name=scope.replace("_", " "),
                legendgroup=scope,
                showlegend=column == 1,
                marker={
                    "color": SCOPE_COLORS[scope],
                    "line": {
                        "color": [
                            FLAG_COLOR if row["is_abnormal"] else "rgba(0,0,0,0)" for row in rows
                        ],
                        "width": 3,
                    },
                },
                customdata=[
                    [row["session_count"], row["z_score"], "FLAGGED" if row["is_abnormal"] else ""]
                    for row in rows
                ],
                hovertemplate=(
                    "%{x}: %{y} % of %{customdata[0]} sessions dropped off "
                    "(z %{customdata[1]}) %{customdata[2]}<extra>" + scope + "</extra>"
                ),
                row=1,
                col=column,
            )
    figure.update_yaxes(title_text="drop-off rate (%)", rangemode="tozero", row=1, col=1)
    figure.update_layout(barmode="group", hovermode="closest")
    flagged = [row for row in q3 if row["is_abnormal"]]
    title = "Q3: session drop-off rate by device OS and app version"
    title += (
        f" ({len(flagged)} group(s) flagged, outlined in red)" if flagged else " (none flagged)"
    )
    return _layout(figure, title, height=380)
