"""Builds over other landing folders: the committed sample data and degenerate ones."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LANDING = PROJECT_ROOT / "sample_data"


def test_sample_data_builds_with_every_data_test(dbt_project):
    schema = "ve_test_sample"
    # every data test on real data; the unit tests do not depend on the landing and run once,
    # in the scenario build
    outcome = dbt_project.build(
        schema, SAMPLE_LANDING, extra_args=["--exclude-resource-type", "unit_test"]
    )
    assert outcome.success and not outcome.failures, outcome.describe()

    reconciliation = dbt_project.query(
        f"select * from {schema}.fct_line_reconciliation where source_name = 'player_events'"
    )
    raw_lines = 0
    for path in sorted((SAMPLE_LANDING / "player_events").rglob("*")):
        if path.is_file():
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rb") as handle:
                raw_lines += sum(1 for _ in handle)
    assert sum(row["raw_line_count"] for row in reconciliation) == raw_lines
    assert all(row["is_reconciled"] for row in reconciliation)
    assert sum(row["quarantined_row_count"] for row in reconciliation) > 0, (
        "the sample data carries some bad lines on purpose"
    )

    [summary] = dbt_project.query(
        f"select count(*) as user_videos, sum(total_watch_seconds) as watch, "
        f"count(distinct engagement_tier) as tiers from {schema}.fct_user_video_engagement"
    )
    assert summary["user_videos"] > 50
    assert summary["watch"] > 0
    assert summary["tiers"] >= 3


def test_empty_landing_folder_builds_empty_marts(dbt_project, tmp_path):
    # SPEC 3: missing folders and files are empty sources, not errors. Models only: data
    # tests over empty tables would pass trivially and cost a minute.
    schema = "ve_test_empty"
    outcome = dbt_project.build(schema, tmp_path, command="run")
    assert outcome.success and not outcome.failures, outcome.describe()
    for model in ("fct_video_views", "fct_user_video_engagement", "fct_line_reconciliation"):
        [row] = dbt_project.query(f"select count(*) as n from {schema}.{model}")
        assert row["n"] == 0, model


def test_landing_without_catalog_uses_max_position_as_duration(dbt_project, tmp_path):
    schema = "ve_test_no_catalog"
    events = tmp_path / "player_events" / "2024" / "01"
    events.mkdir(parents=True)
    lines = [
        {
            "eventId": "n1",
            "timestamp": "2024-01-15T10:00:00Z",
            "userId": "u1",
            "sessionId": "s1",
            "videoId": "v_unknown",
            "eventName": "play",
            "currentTime": 0,
        },
        {
            "eventId": "n2",
            "timestamp": "2024-01-15T10:02:00Z",
            "userId": "u1",
            "sessionId": "s1",
            "videoId": "v_unknown",
            "eventName": "pause",
            "currentTime": 120,
        },
    ]
    # an uncatalogued video whose positions are absurd but valid (finite, >= 0): its inferred
    # duration must neither overflow nor explode the 10 s retention grid (ANSI mode included)
    huge = 1e12
    lines += [
        {
            "eventId": f"h{number}",
            "timestamp": timestamp,
            "userId": "u2",
            "sessionId": "s1",
            "videoId": "v_huge",
            "eventName": name,
            "currentTime": position,
        }
        for number, (timestamp, name, position) in enumerate(
            [("2024-01-15T11:00:00Z", "play", huge), ("2024-01-15T11:00:05Z", "pause", huge + 5)]
        )
    ]
    with gzip.open(events / "part-0.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(line) for line in lines) + "\n")

    outcome = dbt_project.build(
        schema,
        tmp_path,
        command="run",
        extra_args=[
            "--select",
            "+dim_videos",
            "+fct_user_video_engagement",
            "+fct_video_segment_retention",
            "+fct_video_percent_retention",
        ],
    )
    assert outcome.success and not outcome.failures, outcome.describe()
    [video] = dbt_project.query(f"select * from {schema}.dim_videos where video_id = 'v_unknown'")
    assert video["duration_seconds"] == 120.0
    assert video["duration_source"] == "max_position"
    [engagement] = dbt_project.query(
        f"select total_watch_seconds, completion_percentage, is_completed_at_least_once "
        f"from {schema}.fct_user_video_engagement where video_id = 'v_unknown'"
    )
    assert engagement == {
        "total_watch_seconds": 120.0,
        "completion_percentage": 100.0,
        "is_completed_at_least_once": True,
    }

    # v_unknown: 12 segments of 10 s; v_huge: more than var('max_retention_segments') segments,
    # so the percent curve only, its 5 watched seconds all in the last 1 % bucket
    segments = dbt_project.query(
        f"select video_id, count(*) as n from {schema}.fct_video_segment_retention "
        f"group by video_id"
    )
    assert segments == [{"video_id": "v_unknown", "n": 12}]
    percent = dbt_project.query(
        f"select percent_bucket, unique_seconds_watched, exit_count "
        f"from {schema}.fct_video_percent_retention "
        f"where video_id = 'v_huge' and unique_seconds_watched > 0"
    )
    assert len(percent) == 1 and percent[0]["percent_bucket"] == 99, percent
    # doubles near 1e12 are spaced 1.2e-4 apart: the bucket arithmetic is exact to that
    assert abs(percent[0]["unique_seconds_watched"] - 5.0) < 1e-3, percent
