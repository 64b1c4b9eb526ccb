"""SPEC 9.1 incremental runs: after any sequence of runs, every mart equals a full refresh.

A property test over generated arrivals (tests/python/incremental_landing.py): N cases (40
by default, `--incremental-cases N` for more) of native player events, StreamPro events,
extension ticks and catalog rows, all in one landing, arrive in BATCH_COUNT batches with
late events, re-sends of earlier lines, out-of-order file names and dates, and catalog
snapshots that change between batches. For each batch its files are landed and one
`dbt build` with no flags runs (models only) into one schema; then every mart must equal
the marts of one `dbt build --full-refresh` over the same files (the session fixture
`incremental_full_refresh`), row for row, except what SPEC 9.1 sets apart (load times,
per-file reconciliation, which copy of a duplicate is quarantined: see mart_comparison.py).

Then one more `dbt build`, with every data test, over the same files: nothing changes (SPEC
9: a re-run without new data changes nothing), and every data test passes except the one
that must name the already-loaded files this step changes in place: one gets a new
modification time, one grows by an empty gzip member (more bytes, the same lines).

Hypothesis generates, it does not run, the examples (one dbt build per example would take
hours; see test_differential's module doc): the cases are the same on every run.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from incremental_landing import (
    BATCH_COUNT,
    BATCH_FILES,
    DBT_VARS,
    MODELS_ONLY,
    VIDEOS_HEADER,
    build_incremental_cases,
    describe_plans,
    write_batch,
)
from mart_comparison import all_mart_snapshots, empty_marts, snapshot_differences

SCHEMA = "ve_test_incremental"
FULL_REFRESH = "full refresh"
INCREMENTAL = "incremental runs"
# Landed files changed in place before the last run (SPEC 9.1: "a loaded file whose size or
# modification time has changed is named by a failing data test"): neither change alters
# the lines a re-read would see, so the marts must not change whichever way a run reads.
TOUCHED_FILE = BATCH_FILES[0]["streampro_events"][0]  # new modification time, same bytes
GROWN_FILE = BATCH_FILES[0]["player_events"][1]  # + an empty gzip member: bigger, same lines
# A real line appended to a loaded file: the run never re-reads a loaded file (SPEC 9.1), so
# the marts stay unchanged, and the failing data test names the file.
APPEND_A_LINE = True
APPENDED_FILE = BATCH_FILES[0]["extension_events"][0]


@pytest.fixture(scope="module")
def incremental_runs(dbt_project, incremental_cases, tmp_path_factory):
    """Land the batches one by one, a `dbt build` with no flags after each."""
    plans = build_incremental_cases(incremental_cases)
    print(f"incremental: {describe_plans(plans)}")
    root = tmp_path_factory.mktemp("incremental") / "landing"
    for batch in range(BATCH_COUNT):
        write_batch(root, plans, batch)
        started = time.monotonic()
        outcome = dbt_project.build(SCHEMA, root, extra_vars=DBT_VARS, extra_args=MODELS_ONLY)
        assert outcome.success and not outcome.failures, f"batch {batch}: {outcome.describe()}"
        print(f"incremental: batch {batch} built in {time.monotonic() - started:.0f} s")
    return root, all_mart_snapshots(dbt_project.query, SCHEMA)


def test_incremental_runs_end_with_the_marts_of_a_full_refresh(
    incremental_runs, incremental_full_refresh
):
    _, snapshots = incremental_runs
    assert not empty_marts(snapshots), empty_marts(snapshots)
    differences = snapshot_differences(
        incremental_full_refresh, snapshots, (FULL_REFRESH, INCREMENTAL)
    )
    assert not differences, (
        f"{len(differences)} marts differ after {BATCH_COUNT} incremental runs:\n"
        + "\n".join(differences)
    )


def change_landed_files_in_place(root: Path) -> list[str]:
    """Change already-loaded files without changing their lines (see the constants)."""
    touched = root / TOUCHED_FILE
    later = time.time() + 3600
    os.utime(touched, (later, later))
    with (root / GROWN_FILE).open("ab") as handle:
        handle.write(gzip.compress(b""))
    changed = [TOUCHED_FILE, GROWN_FILE]
    if APPEND_A_LINE:
        with (root / APPENDED_FILE).open("a", encoding="utf-8") as handle:
            handle.write('{"schema": 1, "event_id": "appended", "event_type": "video_start"}\n')
        changed.append(APPENDED_FILE)
    return changed


def names_file(failure: dict, relative: str) -> bool:
    """Whether a failing node's message or stored failing rows mention the landing file."""
    text = "\n".join([str(failure["message"]), *map(str, failure["rows"])])
    return relative in text or quote(relative) in text


@pytest.fixture(scope="module")
def rerun(dbt_project, incremental_runs):
    """One more `dbt build` (models and every data test; unit tests run in the scenario
    build) over the same files, some of them changed in place."""
    root, _ = incremental_runs
    changed = change_landed_files_in_place(root)
    outcome = dbt_project.build(
        SCHEMA, root, extra_vars=DBT_VARS, extra_args=["--exclude-resource-type", "unit_test"]
    )
    return changed, outcome, all_mart_snapshots(dbt_project.query, SCHEMA)


def test_a_run_without_new_files_changes_nothing_and_passes_every_data_test(
    incremental_runs, rerun
):
    _, before = incremental_runs
    changed, outcome, after = rerun
    unexpected = [
        failure
        for failure in outcome.failures
        if failure["resource_type"] != "test"
        or not any(names_file(failure, relative) for relative in changed)
    ]
    assert not unexpected, outcome.describe()
    differences = snapshot_differences(before, after, ("run before", "run without new files"))
    assert not differences, "a run without new files changed marts:\n" + "\n".join(differences)


# The data test of SPEC 9.1 is tests/data_quality/assert_landed_files_unchanged.sql; it stores
# its failing rows, which hold the changed files' paths.
def test_a_changed_loaded_file_is_named_by_a_failing_data_test(rerun):
    changed, outcome, _ = rerun
    failing_tests = [f for f in outcome.failures if f["resource_type"] == "test"]
    for relative in changed:
        assert any(names_file(failure, relative) for failure in failing_tests), (
            f"no failing data test names {relative}, changed after it was loaded:\n"
            + outcome.describe()
        )


# A late day before a loaded day of the same viewer and video. Retention counts a viewer's
# union of positions over all their days (SPEC 5.5, 6), summed per day as the union through
# that day minus the union before it, so a late day changes the share of every later day
# the viewer watched the video on: the run must rewrite those days too. The property test
# cannot show it (a catalog change there re-classifies whole batches, so most days are
# rewritten anyway); here a fixed catalog and one viewer: the 12th lands first, then the 10th.
LATE_DAY_BATCHES = [
    ("player_events/2024/03/12/part-000.jsonl", "2024-03-12", "s_later", 30),
    ("player_events/2024/03/10/late-000.jsonl", "2024-03-10", "s_first", 40),
]


def late_day_lines(day: str, session: str, watched_to: int) -> list[str]:
    """u1 plays v060 from 0, a heartbeat every 10 s, and pauses at `watched_to` seconds."""
    steps = [("video_play", 0)]
    steps += [("video_heartbeat", second) for second in range(10, watched_to, 10)]
    steps.append(("video_pause", watched_to))
    return [
        json.dumps(
            {
                "eventId": f"{session}-{number}",
                "timestamp": f"{day}T21:00:{second:02d}Z",
                "userId": "u1",
                "sessionId": session,
                "videoId": "v060",
                "eventName": name,
                "currentTime": second,
            }
        )
        for number, (name, second) in enumerate(steps)
    ]


def test_a_late_day_rewrites_the_later_days_of_its_viewer(dbt_project, tmp_path):
    root = tmp_path / "landing"
    root.mkdir()
    (root / "videos.csv").write_text(f"{VIDEOS_HEADER}\nv060,Clip,drama,ch_a,60\n")
    schema = "ve_test_late_day"
    for relative, day, session, watched_to in LATE_DAY_BATCHES:
        path = root / relative
        path.parent.mkdir(parents=True)
        path.write_text("\n".join(late_day_lines(day, session, watched_to)) + "\n")
        outcome = dbt_project.build(schema, root, extra_vars=DBT_VARS, extra_args=MODELS_ONLY)
        assert outcome.success and not outcome.failures, outcome.describe()
    incremental = all_mart_snapshots(dbt_project.query, schema)
    outcome = dbt_project.build(
        f"{schema}_full", root, extra_vars=DBT_VARS, extra_args=["--full-refresh", *MODELS_ONLY]
    )
    assert outcome.success and not outcome.failures, outcome.describe()
    full_refresh = all_mart_snapshots(dbt_project.query, f"{schema}_full")
    differences = snapshot_differences(full_refresh, incremental, (FULL_REFRESH, INCREMENTAL))
    assert not differences, "\n".join(differences)
    # the case is what it claims: one viewer over [0, 40) of the 60 s video, counted once
    # where both days watched, and the union's seconds, not the two days' sum
    rows = dbt_project.query(
        "select max(unique_viewer_count) as viewers, "
        "round(sum(unique_seconds_watched), 6) as seconds "
        f"from {schema}.fct_video_percent_retention where video_id = 'v060'"
    )
    assert (rows[0]["viewers"], rows[0]["seconds"]) == (1, 40.0), rows
