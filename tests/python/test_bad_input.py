"""Bad-input corpus (SPEC 3.1 and 4): every odd line is staged with the right typed values or
quarantined with the right reason, and nothing is lost (raw = staged + quarantined per file).

tests/bad_input/landing/ holds the committed part of the corpus: player_events/bad_input.jsonl
(one case per line, each with a `"case"` field naming it), an EMPTY file, a nested `.json`
file, and a catalog. The test copies it to a temporary folder and adds the files whose bytes
are awkward to commit: a gzipped file, a file with a UTF-8 BOM and CRLF line ends, and a file
with a line of more than 100 KB (a long unknown field).

Lines that cannot carry a `case` field (a scalar, `null`, a blank line) are looked up by their
raw text. Cases whose treatment SPEC leaves open are asserted only where the behaviour is
sensible, and are listed in QUESTIONABLE with what the project does today.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BAD_INPUT_LANDING = PROJECT_ROOT / "tests" / "bad_input" / "landing"
SCHEMA = "ve_test_bad_input"

US = 1_000_000
T0 = 1_714_557_600 * US  # 2024-05-01T10:00:00Z


def staged(**overrides):
    """A staged line: the typed values of the corpus's default event, with overrides."""
    return ("staged", overrides)


def quarantined(reason: str):
    return ("quarantined", reason)


# case -> expected outcome (SPEC 4, with the lead's conventions)
EXPECTED = {
    "ok_basic": staged(),
    # malformed_json: not one JSON object
    "truncated": quarantined("malformed_json"),
    "array": quarantined("malformed_json"),
    "trailing_comma": quarantined("malformed_json"),
    "trailing_garbage": quarantined("malformed_json"),
    # invalid_position: currentTime must be a finite number >= 0 (or a numeric string)
    "pos_abc": quarantined("invalid_position"),
    "pos_true": quarantined("invalid_position"),
    "pos_1e400": quarantined("invalid_position"),
    "pos_nan_string": quarantined("invalid_position"),
    "pos_infinity_string": quarantined("invalid_position"),
    "pos_negative": quarantined("invalid_position"),
    "pos_missing": quarantined("invalid_position"),
    "pos_null": quarantined("invalid_position"),
    "pos_object": quarantined("invalid_position"),
    "pos_numeric_string": staged(position_seconds=12.5),
    "pos_exponent": staged(position_seconds=15.0),
    "pos_huge": quarantined("position_exceeds_duration"),
    "pos_beyond_tolerance": quarantined("position_exceeds_duration"),
    "pos_at_tolerance": staged(position_seconds=105.0),
    "fromtime_negative": quarantined("invalid_position"),
    "fromtime_string": quarantined("invalid_position"),
    "fromtime_beyond": quarantined("position_exceeds_duration"),
    "fromtime_ok": staged(event_name="seek", from_time_seconds=50.0),
    # missing_required_field
    "user_null": quarantined("missing_required_field"),
    "user_empty": quarantined("missing_required_field"),
    "user_whitespace": quarantined("missing_required_field"),
    "user_missing": quarantined("missing_required_field"),
    "video_null": quarantined("missing_required_field"),
    "video_empty": quarantined("missing_required_field"),
    "name_empty": quarantined("missing_required_field"),
    "name_null": quarantined("missing_required_field"),
    "timestamp_null": quarantined("missing_required_field"),
    "timestamp_missing": quarantined("missing_required_field"),
    # ids: trimmed, any Unicode kept as is; eventId optional
    "user_padded": staged(user_id="bi_user_padded"),
    "user_non_ascii": staged(user_id="usér_ü", client_session_id="séance"),
    "user_cjk": staged(user_id="用户", video_id="视频"),
    "event_id_null": staged(event_id=None),
    "event_id_empty": staged(event_id=None),  # an empty eventId is no eventId
    # event names
    "name_unknown": quarantined("unknown_event_name"),
    "name_video_stop": quarantined("unknown_event_name"),
    "name_no_underscore": quarantined("unknown_event_name"),
    "name_padded": staged(),
    "name_alias_caps": staged(event_name="seek"),
    "name_alias_progress": staged(event_name="heartbeat"),
    "name_alias_complete": staged(event_name="ended"),
    # timestamps: strict ISO, offsets converted to UTC, naive is UTC
    "ts_slash": quarantined("invalid_timestamp"),
    "ts_date_only": quarantined("invalid_timestamp"),
    "ts_epoch_number": quarantined("invalid_timestamp"),
    "ts_month13": quarantined("invalid_timestamp"),
    "ts_feb30": quarantined("invalid_timestamp"),
    "ts_hour24": quarantined("invalid_timestamp"),
    "ts_named_zone": quarantined("invalid_timestamp"),
    "ts_free_text": quarantined("invalid_timestamp"),
    "ts_offset_colon": staged(),
    "ts_offset_compact": staged(),
    "ts_offset_hours": staged(),
    "ts_offset_date_line": staged(),
    "ts_space_naive": staged(),
    "ts_millis_z": staged(event_at_us=T0 + 250_000),
    "ts_micros": staged(event_at_us=T0 + 123_456),
    "ts_nanos": staged(event_at_us=T0 + 123_456),  # truncated to Spark's microseconds
    "ts_lowercase": quarantined("invalid_timestamp"),  # strict ISO: upper-case T and Z
    "ts_far_future": staged(event_at_us=253_402_300_799 * US),
    "ts_far_past": staged(event_at_us=-62_135_596_800 * US),
    # playback rate: a finite number > 0, else 1; visibility: background (any case) else fg
    "rate_zero": staged(playback_rate=1.0),
    "rate_negative": staged(playback_rate=1.0),
    "rate_one_and_half": staged(playback_rate=1.5),
    "visibility_caps": staged(visibility="background"),
    "visibility_other": staged(visibility="foreground"),
    # duplicates: earliest by timestamp kept (the re-send is written first in the file)
    "dup_id_original": staged(user_id="bi_dup_id", event_id="bi-dup-1"),
    "dup_id_resend": quarantined("duplicate"),
    "dup_noid_a": staged(user_id="bi_dup_noid", event_id=None),
    "dup_noid_b": quarantined("duplicate"),
    "dup_noid_near_miss": staged(user_id="bi_dup_noid", event_id=None, position_seconds=11.0),
    "dup_of_invalid_bad": quarantined("invalid_position"),
    "dup_of_invalid_good": staged(user_id="bi_dup_inv", event_id="bi-dup-2"),
    # out-of-order arrival
    "ooo_pause": staged(user_id="bi_ooo", event_name="pause", position_seconds=70.0,
                        event_at_us=T0 + 60 * US),
    "ooo_play": staged(user_id="bi_ooo"),
    # files written by the test
    "nested_json_file": staged(),
    "gz_first": staged(),
    "gz_second": staged(event_name="pause", position_seconds=40.0, event_at_us=T0 + 30 * US,
                        user_id="bi_gz_first"),
    "bom_crlf_first": staged(),
    "crlf_second": staged(event_name="pause", position_seconds=40.0, event_at_us=T0 + 30 * US,
                          user_id="bi_bom_crlf_first"),
    "long_line": staged(),
    "long_line_next": staged(),
}
# lines without a case field, by raw text
EXPECTED_UNMARKED = {
    '"case scalar_string"': "malformed_json",
    "42": "malformed_json",
    "null": "malformed_json",
    "": "malformed_json",
    "   ": "malformed_json",
}
# two lines of the same case: exactly one staged and one duplicate
EXPECTED_PAIRS = {"dup_exact": {None: 1, "duplicate": 1}}
# SPEC is silent and the behaviour is debatable: recorded, not asserted (see the report)
# - two_objects (`{...}{...}` on one line) and single_quotes (`{'case': ...}`): asserted as
#   malformed_json by test_lines_that_are_not_one_json_object_are_malformed below; the
#   project stages them (Spark's lenient JSON reader).
# - pos_nan_literal: a bare `NaN` (not JSON): invalid_position or malformed_json both fine.
# - rate_string: `"playbackRate": "2"` is read as 2 (numeric strings are numbers, as for
#   currentTime); the lead's convention says "a finite number".
QUESTIONABLE = {"two_objects", "single_quotes", "pos_nan_literal", "rate_string"}
ACCEPTABLE_REASONS = {"pos_nan_literal": {"invalid_position", "malformed_json"}}

CASE_RE = re.compile(r"""['"]case['"]:\s*['"]([^'"]+)['"]""")


def default_values(case: str) -> dict:
    return {
        "user_id": f"bi_{case}", "client_session_id": "s1", "video_id": "bi_v100",
        "event_name": "play", "event_at_us": T0, "position_seconds": 10.0,
        "from_time_seconds": None, "playback_rate": 1.0, "visibility": "foreground",
        "event_id": f"bi-{case}",
    }


def event_line(case: str, **overrides) -> str:
    obj = {"case": case, "eventId": f"bi-{case}", "timestamp": "2024-05-01T10:00:00Z",
           "userId": f"bi_{case}", "sessionId": "s1", "videoId": "bi_v100",
           "eventName": "play", "currentTime": 10, **overrides}
    return json.dumps(obj, ensure_ascii=False)


def write_awkward_files(root: Path) -> None:
    """The files that are awkward to commit: gzip, BOM + CRLF, a line over 100 KB."""
    events = root / "player_events"
    with gzip.open(events / "gz_part.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(event_line("gz_first") + "\n")
        handle.write(event_line("gz_second", eventName="pause", currentTime=40,
                                timestamp="2024-05-01T10:00:30Z", userId="bi_gz_first",
                                eventId="bi-gz_second") + "\n")
    crlf = ("\ufeff" + event_line("bom_crlf_first") + "\r\n"
            + event_line("crlf_second", eventName="pause", currentTime=40,
                         timestamp="2024-05-01T10:00:30Z", userId="bi_bom_crlf_first",
                         eventId="bi-crlf_second") + "\r\n")
    (events / "crlf_bom.jsonl").write_bytes(crlf.encode("utf-8"))
    long_line = event_line("long_line", padding="x" * 150_000)
    assert len(long_line) > 100_000
    (events / "long_line.jsonl").write_text(long_line + "\n" + event_line("long_line_next") + "\n",
                                            encoding="utf-8")


def raw_line_count(path: Path) -> int:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return len(data.splitlines())


@pytest.fixture(scope="module")
def bad_input_landing(dbt_project, tmp_path_factory) -> Path:
    """The corpus, copied and completed, built once for every test of this module."""
    landing = tmp_path_factory.mktemp("bad_input") / "landing"
    shutil.copytree(BAD_INPUT_LANDING, landing)
    write_awkward_files(landing)
    # The staging layer, the views and the reconciliation, with their data tests: the
    # marts above them get the same lines through the differential test.
    outcome = dbt_project.build(
        SCHEMA, landing, extra_vars={"quarantine_warn_share": 1.0},
        extra_args=["--select", "+fct_line_reconciliation", "+fct_video_views",
                    "--indirect-selection", "cautious",
                    "--exclude-resource-type", "unit_test"],
    )
    assert outcome.success and not outcome.failures, outcome.describe()
    return landing


def player_lines_with_reasons() -> str:
    """Every raw player line with its final SPEC 4 reason (null: staged): the rules a line
    breaks on its own are applied in base_player__event_lines, the catalog and duplicate
    rules in int_player_events_classified, which holds every line that passed the first."""
    columns = (
        "source_file, raw_line, quarantine_reason, event_id, user_id, client_session_id, "
        "video_id, event_name, unix_micros(event_at) as event_at_us, position_seconds, "
        "from_time_seconds, playback_rate, visibility"
    )
    return (
        f"select {columns} from {SCHEMA}.base_player__event_lines "
        f"where quarantine_reason is not null "
        f"union all select {columns} from {SCHEMA}.int_player_events_classified"
    )


def test_bad_input_corpus_is_staged_or_quarantined_case_by_case(dbt_project, bad_input_landing):
    landing = bad_input_landing

    rows = dbt_project.query(player_lines_with_reasons())
    by_case: dict[str, list[dict]] = {}
    unmarked: dict[str, list[dict]] = {}
    for row in rows:
        match = CASE_RE.search(row["raw_line"])
        if match:
            by_case.setdefault(match.group(1), []).append(row)
        else:
            unmarked.setdefault(row["raw_line"].lstrip("\ufeff"), []).append(row)

    problems = []
    for case, (kind, detail) in EXPECTED.items():
        found = by_case.get(case, [])
        if len(found) != 1:
            problems.append(f"{case}: expected one line, found {len(found)}")
            continue
        row = found[0]
        if kind == "quarantined":
            if row["quarantine_reason"] != detail:
                problems.append(f"{case}: expected quarantine {detail!r}, "
                                f"got {row['quarantine_reason']!r}")
            continue
        if row["quarantine_reason"] is not None:
            problems.append(f"{case}: expected staged, got quarantine "
                            f"{row['quarantine_reason']!r}")
            continue
        expected = {**default_values(case), **detail}
        for column, value in expected.items():
            actual = row[column]
            if isinstance(value, float) and actual is not None:
                ok = abs(actual - value) < 1e-9
            else:
                ok = actual == value
            if not ok:
                problems.append(f"{case}: {column} expected {value!r}, got {actual!r}")
    for raw, reason in EXPECTED_UNMARKED.items():
        found = unmarked.get(raw, [])
        if [r["quarantine_reason"] for r in found] != [reason]:
            problems.append(f"line {raw!r}: expected one {reason!r}, got "
                            f"{[r['quarantine_reason'] for r in found]}")
    for case, reasons in EXPECTED_PAIRS.items():
        got = Counter(r["quarantine_reason"] for r in by_case.get(case, []))
        if got != Counter(reasons):
            problems.append(f"{case}: expected {reasons}, got {dict(got)}")
    unknown = set(by_case) - set(EXPECTED) - set(EXPECTED_PAIRS) - QUESTIONABLE
    leftovers = set(unmarked) - set(EXPECTED_UNMARKED)
    if unknown or leftovers:
        problems.append(f"lines the test does not know: {sorted(unknown)} {sorted(leftovers)}")
    for case, reasons in ACCEPTABLE_REASONS.items():
        got = [r["quarantine_reason"] for r in by_case.get(case, [])]
        if len(got) != 1 or got[0] not in reasons:
            problems.append(f"{case}: expected one of {sorted(reasons)}, got {got}")
    questionable = {case: [(r["quarantine_reason"], r["event_at_us"], r["position_seconds"],
                            r["playback_rate"], r["event_id"]) for r in by_case.get(case, [])]
                    for case in sorted(QUESTIONABLE)}
    print("questionable cases (reason, event_at_us, position, rate, event_id):")
    for case, found in questionable.items():
        print(f"  {case}: {found}")
    assert not problems, "\n".join(problems)

    # staged lines reach the sessionized events (per user id), quarantined ones do not
    staged_users = Counter(r["user_id"] for r in rows if r["quarantine_reason"] is None)
    events = dbt_project.query(f"select user_id, count(*) as n "
                               f"from {SCHEMA}.int_player_events_sessionized group by user_id")
    assert {r["user_id"]: r["n"] for r in events} == dict(staged_users)

    # SPEC 4: raw = staged + quarantined, per file, counted from the files themselves
    reconciliation = dbt_project.query(
        f"select source_file, raw_line_count, header_line_count, staged_row_count, "
        f"quarantined_row_count, is_reconciled from {SCHEMA}.fct_line_reconciliation "
        f"where source_name = 'player_events'"
    )
    by_name = {Path(r["source_file"].replace("file:", "")).name: r for r in reconciliation}
    files = {p.name: p for p in (landing / "player_events").rglob("*") if p.is_file()}
    for name, path in files.items():
        if raw_line_count(path) == 0:
            # an empty file has no line to account for; it may or may not be listed
            assert name not in by_name or by_name[name]["raw_line_count"] == 0, by_name[name]
            continue
        row = by_name.get(name)
        assert row is not None, f"{name} missing from fct_line_reconciliation"
        assert row["raw_line_count"] == raw_line_count(path), (name, row)
        assert row["staged_row_count"] + row["quarantined_row_count"] == row["raw_line_count"], row
        assert row["is_reconciled"], row
    per_file_staged = Counter(Path(r["source_file"].replace("file:", "")).name
                              for r in rows if r["quarantine_reason"] is None)
    for name, row in by_name.items():
        assert row["staged_row_count"] == per_file_staged.get(name, 0), row


def test_out_of_order_lines_make_one_ordinary_view(dbt_project, bad_input_landing):
    """The pause written before its play still closes it: 60 s watched (SPEC 5.1, 5.3)."""
    [view] = dbt_project.query(
        f"select watch_seconds, event_count from {SCHEMA}.fct_video_views where user_id = 'bi_ooo'"
    )
    assert view == {"watch_seconds": 60.0, "event_count": 2}


@pytest.mark.parametrize("case", ["two_objects", "single_quotes"])
def test_lines_that_are_not_one_json_object_are_malformed(dbt_project, bad_input_landing, case):
    """SPEC 4: `malformed_json` when "the line is not a JSON object". Spark's lenient JSON
    reader accepts `{...}{...}` (two objects: it stages the first and the second event is
    lost without a trace) and `{'case': ...}` (single quotes, not JSON); a trailing `xyz` or
    a trailing comma is already malformed_json (cases trailing_garbage, trailing_comma)."""
    rows = dbt_project.query(player_lines_with_reasons())
    reasons = [r["quarantine_reason"] for r in rows
               if (match := CASE_RE.search(r["raw_line"])) and match.group(1) == case]
    assert reasons == ["malformed_json"], f"{case}: {reasons}"
