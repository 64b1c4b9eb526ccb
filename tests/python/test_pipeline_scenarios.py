"""The scenario suite (SPEC 7) end to end through the real JSON ingestion path.

tests/scenarios/landing/ holds the 25 original scenarios and the project's own, as JSON lines
and a catalog; seeds/scenarios/ holds their hand-computed expected rows. One dbt build runs
the unit tests, every data test and the scenario comparisons; a difference fails with the
scenario, the row and the column, e.g.
"TC-009 alex/video_002 unique_seconds_watched: expected 580.0, got 600.0".
"""

from __future__ import annotations

from pathlib import Path

SCENARIO_LANDING = Path(__file__).resolve().parents[1] / "scenarios" / "landing"
SCHEMA = "ve_test_scenarios"


def test_scenario_suite_builds_and_matches_expectations(dbt_project):
    # The scenario files are mostly edge cases: a share of bad lines far above what the
    # quarantine warning (var quarantine_warn_share) is meant for in production.
    outcome = dbt_project.build(
        SCHEMA,
        SCENARIO_LANDING,
        extra_vars={"scenario_tests": True, "quarantine_warn_share": 0.5},
    )
    assert outcome.success and not outcome.failures, outcome.describe()


def test_scenario_lines_reconcile_per_file(dbt_project):
    rows = dbt_project.query(
        f"select source_name, source_file, raw_line_count, header_line_count, "
        f"staged_row_count, quarantined_row_count, is_reconciled "
        f"from {SCHEMA}.fct_line_reconciliation"
    )
    by_file = {Path(row["source_file"]).name: row for row in rows}
    assert set(by_file) == {
        "tc_player_events.jsonl",
        "xs_player_events.jsonl",
        "pm_player_events.jsonl",
        "sp_streampro_events.jsonl",
        "ex_extension_events.jsonl",
        "videos.csv",
    }
    assert by_file["sp_streampro_events.jsonl"]["source_name"] == "streampro_events"
    assert by_file["ex_extension_events.jsonl"]["source_name"] == "extension_events"
    for row in rows:
        assert row["is_reconciled"], row
    expected_lines = sum(
        1 for _ in (SCENARIO_LANDING / "player_events" / "tc_player_events.jsonl").open("rb")
    )
    assert by_file["tc_player_events.jsonl"]["raw_line_count"] == expected_lines
    # SPEC 7: TC quarantines 6 lines (1 duplicate, 2 missing fields, 1 invalid position,
    # 2 positions beyond the duration)
    assert by_file["tc_player_events.jsonl"]["quarantined_row_count"] == 6


def test_compatibility_view_reads_the_same_rows(dbt_project):
    rows = dbt_project.query(
        f"select userId, videoId, totalWatchTime, engagementTier "
        f"from {SCHEMA}.aggregated_user_video_engagement where userId = 'alex'"
    )
    assert rows == [
        {
            "userId": "alex",
            "videoId": "video_002",
            "totalWatchTime": 640.0,
            "engagementTier": "Medium",
        }
    ]
