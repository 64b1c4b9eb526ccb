"""The StreamPro sample (real public data, SPEC 3.2) against the plain-Python reference.

One dbt build over sample_data_streampro/ (every data test included); then every session of
fct_user_sessions, and the answers of the Q1-Q3 analyses, must equal what
streampro_reference.py computes straight from the raw files, written from SPEC alone.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import streampro_reference as reference

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LANDING = PROJECT_ROOT / "sample_data_streampro"
SCHEMA = "ve_test_streampro"

SESSION_COLUMNS = [
    "session_started_at", "session_ended_at", "watch_seconds", "video_count",
    "first_video_id", "first_video_genre", "event_count", "heart_count", "like_count",
    "session_number", "is_first_session", "has_reached_30s", "is_dropoff",
    "next_session_started_at", "is_retained_3d", "device", "device_os", "app_version",
    "country",
]


@pytest.fixture(scope="module")
def streampro_build(dbt_project):
    # unit tests do not depend on the landing: they run once, in the scenario build
    outcome = dbt_project.build(
        SCHEMA, LANDING, extra_args=["--exclude-resource-type", "unit_test"]
    )
    assert outcome.success and not outcome.failures, outcome.describe()
    lines, catalog = reference.load_landing(LANDING)
    events, quarantine = reference.classify(lines)
    return {"lines": lines, "quarantine": quarantine,
            "sessions": reference.sessions(events, catalog)}


def analysis_rows(dbt_project, name: str) -> list[dict]:
    """Compile one analysis (analyses/<name>.sql) and run its SQL on the build's schema."""
    outcome, _ = dbt_project.invoke(["compile", "--select", name], SCHEMA)
    assert outcome.success, outcome.describe()
    compiled = next((PROJECT_ROOT / "target" / "compiled").rglob(f"analyses/{name}.sql"))
    return dbt_project.query(compiled.read_text())


def test_every_line_is_reconciled_and_ip_is_never_staged(dbt_project, streampro_build):
    [row] = dbt_project.query(
        f"select sum(raw_line_count) as raw, sum(staged_row_count) as staged, "
        f"sum(quarantined_row_count) as quarantined, bool_and(is_reconciled) as ok "
        f"from {SCHEMA}.fct_line_reconciliation where source_name = 'streampro_events'"
    )
    expected_quarantined = sum(streampro_build["quarantine"].values())
    assert row == {
        "raw": len(streampro_build["lines"]),
        "staged": len(streampro_build["lines"]) - expected_quarantined,
        "quarantined": expected_quarantined,
        "ok": True,
    }
    columns = {
        field["col_name"]
        for field in dbt_project.query(f"describe {SCHEMA}.stg_streampro__events")
    }
    assert "ip" not in columns and "user_id" in columns


def test_every_session_matches_the_reference(dbt_project, streampro_build):
    actual = {
        (row["user_id"], row["session_id"]): row
        for row in dbt_project.query(
            f"select * from {SCHEMA}.fct_user_sessions where source_format = 'streampro'"
        )
    }
    expected = {(row["user_id"], row["session_id"]): row
                for row in streampro_build["sessions"]}
    assert len(expected) == 792  # SOURCE.md: 300 users over one week
    assert actual.keys() == expected.keys()
    differences = []
    for key, want in sorted(expected.items()):
        got = actual[key]
        for column in SESSION_COLUMNS:
            a, b = got[column], want[column]
            same = math.isclose(a, b, abs_tol=1e-9) if isinstance(b, float) else a == b
            if not same:
                differences.append(f"{key[0]}/{key[1]} {column}: expected {b!r}, got {a!r}")
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:30])


def test_q1_share_of_new_users_reaching_30s(dbt_project, streampro_build):
    [row] = analysis_rows(dbt_project, "q1_first_session_reached_30s")
    want = reference.q1(streampro_build["sessions"])
    assert row["new_user_count"] == want["new_user_count"] == 300
    assert row["new_users_with_first_login"] == 300  # every user logs in first
    assert row["reached_30s_count"] == want["reached_30s_count"]
    assert float(row["reached_30s_percentage"]) == want["reached_30s_percentage"]


def test_q2_retention_by_genre_is_ranked_like_the_reference(dbt_project, streampro_build):
    rows = analysis_rows(dbt_project, "q2_retention_by_first_genre")
    got = [(r["retention_rank"], r["first_video_genre"], r["new_user_count"],
            r["retained_3d_count"], float(r["retention_percentage"]))
           for r in sorted(rows, key=lambda r: r["retention_rank"])]
    want = [(r["rank"], r["genre"], r["new_user_count"], r["retained_3d_count"],
             r["retention_percentage"]) for r in reference.q2(streampro_build["sessions"])]
    assert got == want
    assert sum(r[2] for r in got) == 300


def test_q3_dropoff_rates_and_flags_match_the_reference(dbt_project, streampro_build):
    rows = analysis_rows(dbt_project, "q3_dropoff_by_os_and_app_version")
    got = {
        (r["session_scope"], r["dimension"], r["dimension_value"]): (
            r["session_count"], r["dropoff_count"], float(r["dropoff_percentage"]),
            float(r["overall_dropoff_percentage"]),
            None if r["z_score"] is None else float(r["z_score"]), r["is_abnormal"])
        for r in rows
    }
    want = {
        (r["scope"], r["dimension"], r["group_value"]): (
            r["session_count"], r["dropoff_count"], r["dropoff_percentage"],
            r["overall_dropoff_percentage"], r["z_score"], r["is_abnormal"])
        for r in reference.q3(streampro_build["sessions"])
    }
    assert got.keys() == want.keys()
    for key in sorted(want):
        count, drops, pct, overall, z, flag = got[key]
        w_count, w_drops, w_pct, w_overall, w_z, w_flag = want[key]
        assert (count, drops, pct, overall, flag) == (w_count, w_drops, w_pct, w_overall,
                                                      w_flag), key
        assert (z is None) == (w_z is None), key
        if z is not None:
            assert abs(z - w_z) <= 0.0015, key
