"""Mutation check: break one SPEC rule at a time and confirm the test suite catches it.

For each mutation below the script edits one model or macro, runs the scenario build (unit
tests, data tests and scenario comparisons) in-process, records which tests failed, and
restores the file. A mutation that no test catches is reported as SURVIVED: a rule without a
test that bites. Slow (one build per mutation), so it is a developer tool, not part of CI:

    source scripts/env.sh && python scripts/check_tests_bite.py [--only 5.4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

from dbt_harness import DbtProject  # noqa: E402

# (SPEC rule, file, text to replace, replacement, what the mutation does)
MUTATIONS = [
    ("5.1", "macros/metrics/player_event_rank.sql",
     "when 'heartbeat' then 1", "when 'heartbeat' then 7",
     "heartbeat sorts last instead of first at equal timestamps"),
    ("5.2", "models/intermediate/player/int_player_events_sessionized.sql",
     "> {{ gap_seconds }}", ">= {{ gap_seconds }}",
     "a gap of exactly 30 minutes starts a new derived session"),
    ("5.3", "models/intermediate/player/int_watch_segments_derived.sql",
     "wall_seconds * greatest(playback_rate, 1.0)", "wall_seconds",
     "plausibility ignores the playback rate"),
    ("5.3", "models/intermediate/player/int_player_events_sequenced.sql",
     "event_name in ('pause', 'ended', 'heartbeat', 'seek') as is_closer",
     "event_name in ('pause', 'ended', 'heartbeat', 'seek', 'play') as is_closer",
     "play also closes a segment (TC-025)"),
    ("5.4", "models/intermediate/player/int_player_events_sequenced.sql",
     "case when event_name in ('pause', 'ended', 'seek') then position_seconds end, true",
     "case when event_name in ('pause', 'ended') then position_seconds end, true",
     "a resume after a seek measures from the last pause, counting the seek twice"),
    ("5.5", "macros/intervals/merge_intervals.sql",
     "order by {{ start_column }}, {{ end_column }}\n                        rows between unbounded preceding and 1 preceding",
     "order by {{ start_column }}, {{ end_column }}\n                        rows between 1 preceding and 1 preceding",
     "merge compares with the previous interval only, not the running maximum"),
    ("5.6", "macros/metrics/is_completed.sql",
     ">= {{ var('completion_threshold') }}", "> {{ var('completion_threshold') }}",
     "completion needs strictly more than 90 %"),
    ("5.6", "macros/metrics/furthest_position.sql",
     "greatest({{ position_expression }}, coalesce({{ from_time_expression }}, 0.0))",
     "{{ position_expression }}",
     "max position ignores a seek's fromTime"),
    ("5.7", "macros/metrics/engagement_tier.sql",
     "> {{ thresholds['medium'] }}", ">= {{ thresholds['medium'] }}",
     "a score of exactly 50 is Medium"),
    ("5.7", "macros/metrics/data_quality_flag.sql",
     "< {{ var('very_short_watch_seconds') }}", "<= {{ var('very_short_watch_seconds') }}",
     "exactly 5 s of watch is flagged very short"),
    ("4", "macros/ingestion/first_copy_quarantine_reason.sql",
     "order_expressions=['load_batch', 'source_file', 'event_at', 'raw_line']",
     "order_expressions=['load_batch', 'source_file', 'event_at desc', 'raw_line']",
     "within a file, the latest copy of a duplicate is kept instead of the earliest"),
    ("5.9", "macros/metrics/is_retained.sql",
     "<= {{ var('retention_window_hours') }} * 3600.0",
     "< {{ var('retention_window_hours') }} * 3600.0",
     "a next session exactly 72 h later is not retained"),
    ("5.9", "models/intermediate/streampro/int_streampro_sessions.sql",
     "max(case when event_name = 'session_end' then event_at end),",
     "max(case when event_name = 'session_end' then null end),",
     "a StreamPro session ends at its last event, ignoring session_end"),
    ("5.9", "models/intermediate/extension/int_extension_views.sql",
     "seconds_by_visibility('watch_mode', 'watch_seconds', 'background')",
     "0.0",
     "extension background seconds are dropped"),
    ("4", "models/staging/extension/base/base_extension__event_lines.sql",
     "or watch_ms_delta > 60000", "or watch_ms_delta >= 60000",
     "an extension tick of exactly 60,000 ms is quarantined"),
    ("6", "models/intermediate/engagement/int_video_buckets_measured.sql",
     "count_if(is_rewatched) as rewatch_view_count", "count(*) as rewatch_view_count",
     "a view that replayed anything counts as a rewatch in every bucket it touches"),
    ("6", "models/intermediate/engagement/int_video_buckets_measured.sql",
     "sum(case when interval_kind = 'viewer_merged' then full_delta else 0 end)",
     "sum(case when interval_kind = 'counted' then full_delta else 0 end)",
     "a bucket's unique seconds include replays"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only mutations of this SPEC rule, e.g. 5.4")
    args = parser.parse_args()

    spark_dir = ROOT / ".spark" / "mutations"
    shutil.rmtree(spark_dir, ignore_errors=True)
    os.environ["VE_SPARK_DIR"] = str(spark_dir)
    project = DbtProject(ROOT)
    landing = ROOT / "tests" / "scenarios" / "landing"
    variables = {"scenario_tests": True, "quarantine_warn_share": 0.5}

    baseline = project.build("ve_mutations", landing, variables)
    if not baseline.success or baseline.failures:
        print("baseline build is not green; fix it first:\n" + baseline.describe())
        return 1

    report = []
    for rule, relative, old, new, label in MUTATIONS:
        if args.only and rule != args.only:
            continue
        path = ROOT / relative
        original = path.read_text()
        if original.count(old) != 1:
            print(f"[{rule}] cannot apply '{label}': text not found once in {relative}")
            report.append({"rule": rule, "mutation": label, "caught_by": None, "error": True})
            continue
        path.write_text(original.replace(old, new))
        try:
            outcome = project.build("ve_mutations", landing, variables)
        finally:
            path.write_text(original)
        caught_by = [failure["name"] for failure in outcome.failures]
        verdict = "CAUGHT" if (caught_by or not outcome.success) else "SURVIVED"
        print(f"[{rule}] {verdict}: {label}")
        for failure in outcome.failures:
            print(f"      {failure['name']}: " + "; ".join(failure.get("rows", [])[:3]))
        report.append({"rule": rule, "mutation": label, "caught_by": caught_by})

    (ROOT / "target").mkdir(exist_ok=True)
    (ROOT / "target" / "mutation_report.json").write_text(json.dumps(report, indent=2))
    survived = [item for item in report if not item["caught_by"]]
    print(f"{len(report) - len(survived)} of {len(report)} mutations caught")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
