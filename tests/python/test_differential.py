"""Differential test ("Prove it"): the dbt marts against a plain-Python reference.

tests/python/reference_model.py re-implements SPEC 3.1, 4 and 5 in Python, from the SPEC text
and the lead's conventions only. This test generates many random cases of native player
events, writes all of them into ONE landing folder, runs ONE `dbt build`, and compares every
view metric (fct_video_views), every user x video metric (fct_user_video_engagement) and the
quarantine reason counts (fct_quarantined_lines) with the reference, case by case.

How the cases are generated (deterministic, with hypothesis)
------------------------------------------------------------
One dbt build is far too slow to run per hypothesis example, so hypothesis is used as a
*generator*, not as a runner: `draw_cases(n)` wraps a collector in
`@given(case_strategy())` with `settings(max_examples=n, derandomize=True, database=None,
phases=[Phase.generate])`. Hypothesis then calls the collector n times with n different
cases (the first ones are its simplest, the rest random), derived from a fixed seed
(`derandomize=True` seeds from the collector's source), and nothing is read from or written
to an example database. The case list is therefore the same on every run and machine for the
same code and hypothesis version. Shrinking is not available across one build; instead the
failing case with the fewest lines is printed with its raw lines.

Isolation: every case has its own user-id prefix (`c0007_...`), eventId prefix and its own
video missing from the catalog (`c0007_vx`: a missing video's duration is the largest
position any user reached, so sharing it would couple cases). The catalog videos (60, 300
and 1800.5 s) are shared; nothing else in SPEC 4-5 crosses users (the `eventId` duplicate
rule is global, hence the prefix).

Numbers are multiples of 0.25 (positions, wall seconds) and rates are 0.5, 1, 1.5 or 2, so
sums and the boundary cases (Δ = wall + 5, gap = 30:00) are exact in binary floating point
in both implementations.

Size: 300 cases by default (CI, about 6-7 thousand lines); more with
`python -m pytest tests/python/test_differential.py --differential-cases 3000`.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reference_model import ReferenceResult, run_reference

SCHEMA = "ve_test_differential"
CATALOG = {"v060": 60.0, "v300": 300.0, "v1800": 1800.5}
UNCATALOGUED_LENGTH = 200.0  # simulated length of each case's video missing from the catalog
# 2024-03-10T21:00:00Z, so that many cases cross midnight UTC and in local offsets
BASE_INSTANT_US = 1_710_104_400_000_000

FILES = [
    "player_events/a.jsonl",
    "player_events/2024/03/b.json",
    "player_events/c.jsonl.gz",
]
COMPARED_MARTS = ["fct_video_views", "fct_user_video_engagement", "fct_quarantined_lines",
                  "fct_line_reconciliation"]
SECONDS_TOLERANCE = 1e-6
VIEW_COLUMNS = [
    "event_count", "play_count", "pause_count", "seek_count", "watch_seconds",
    "unique_seconds_watched", "foreground_seconds", "background_seconds", "max_position_seconds",
    "last_position_seconds", "is_completed", "forward_skips", "backward_skips",
    "started_at_us", "ended_at_us", "wall_duration_seconds",
]
USER_VIDEO_COLUMNS = [
    "total_watch_seconds", "unique_seconds_watched", "rewatch_seconds", "max_position_seconds",
    "watch_percentage", "completion_percentage", "unique_watch_percentage", "session_count",
    "completion_count", "pause_count", "forward_skips", "backward_skips", "is_replay",
    "is_fully_watched", "engagement_score", "engagement_tier", "data_quality_flag",
    "duration_seconds", "duration_source",
]
ROUNDED_COLUMNS = {"watch_percentage", "completion_percentage", "unique_watch_percentage",
                   "engagement_score"}


# =============================================================================================
# Generation: abstract events (hypothesis) -> rendered JSON lines
# =============================================================================================

@dataclass
class AbstractEvent:
    """One event before rendering: instants in microseconds, positions in seconds."""

    user: str
    session: str | None
    video: str
    name: str
    at_us: int
    position: float
    from_time: float | None = None
    rate: float | None = None
    visibility: str | None = None
    with_event_id: bool = True
    # rendering choices
    offset_minutes: int = 0
    ts_style: str = "Z"
    name_style: int = 0
    position_as_string: bool = False


@dataclass
class Case:
    events: list[AbstractEvent]
    duplicates: list[tuple[int, str, int]]  # (event index, mode, shift in ms)
    bad_lines: list[tuple[str, int]]  # (kind, event index the bad line is based on)
    file_choices: list[int] = field(default_factory=list)
    case_id: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)  # (relative file, raw line)


DTS = [0.0, 0.25, 1.0, 4.75, 10.0, 10.0, 15.5, 30.0, 60.0, 120.0, 600.0]
NOISE = [0.0] * 8 + [3.0, 5.0, 6.0, 40.0, -10.0, 7300.0]
RATES = [1.0] * 5 + [1.5, 2.0, 0.5, 0.0, -1.0]  # 0 and -1 are unusable: they count as 1
SESSION_GAPS = [60.0, 1799.75, 1800.0, 1800.25, 1860.0, 10800.0, -30.0]
ACTIONS = (["play"] * 3 + ["resume"] * 2 + ["pause"] * 3 + ["heartbeat"] * 6
           + ["seek_from"] * 2 + ["seek"] + ["ended"])
NAME_VARIANTS = {
    "play": ["play", "PLAY", "video_play", "Video_Play"],
    "resume": ["resume", "VIDEO_RESUME", "Resume"],
    "pause": ["pause", "Video_Pause", "PAUSE"],
    "ended": ["ended", "end", "complete", "video_ended", "Complete"],
    "seek": ["seek", "seeked", "video_seeked", "SEEK"],
    "heartbeat": ["heartbeat", "timeupdate", "progress", "Heartbeat", "video_timeupdate"],
}
OFFSETS = [0, 0, 0, 120, -300, 330, 60, -600]
BAD_KINDS = ["truncated", "array", "scalar", "missing_user", "empty_video", "unknown_name",
             "bad_timestamp", "negative_position", "string_position", "bad_from_time",
             "beyond_duration"]


def quarter(value: float) -> float:
    return math.floor(value * 4) / 4


@st.composite
def view_strategy(draw, user: str, session: str | None, video: str, start_us: int):
    """A plausible-ish player: a position that advances with wall time while playing, with
    seeks, pauses, heartbeats, ties and a few implausible jumps (SPEC 5.3-5.4)."""
    length = CATALOG.get(video, UNCATALOGUED_LENGTH)
    position = draw(st.sampled_from([0.0, 0.0, 0.0, 12.5, 100.0]))
    position = min(position, length)
    playing, rate, at_us = False, 1.0, start_us
    events = []
    for step in range(draw(st.integers(1, 9))):
        action = draw(st.sampled_from(ACTIONS))
        if step == 0 and draw(st.integers(0, 9)) < 6:
            action = "play"
        dt = draw(st.sampled_from(DTS))
        at_us += int(dt * 1_000_000)
        if playing:
            effective = rate if rate > 0 else 1.0
            position = quarter(position + dt * effective + draw(st.sampled_from(NOISE)))
            position = max(0.0, position)
            if position > length and draw(st.integers(0, 9)) > 0:
                position = length
        from_time = None
        if action in ("play", "resume"):
            if draw(st.integers(0, 4)) == 0:
                position = quarter(draw(st.floats(0, length)))
            playing = True
            rate = draw(st.sampled_from(RATES))
        elif action == "pause":
            playing = False
        elif action == "ended":
            playing = False
            if draw(st.booleans()):
                position = length
        elif action.startswith("seek"):
            target = quarter(draw(st.floats(0, length)))
            if action == "seek_from":
                from_time = position
            position = target
        name = "seek" if action.startswith("seek") else action
        events.append(AbstractEvent(
            user=user, session=session, video=video, name=name, at_us=at_us,
            position=position, from_time=from_time,
            rate=rate if (playing and (rate != 1.0 or draw(st.integers(0, 3)) == 0)) else None,
            visibility=draw(st.sampled_from([None] * 6 + ["foreground", "background",
                                                          "BACKGROUND"])),
            with_event_id=draw(st.integers(0, 9)) < 7,
            offset_minutes=draw(st.sampled_from(OFFSETS)),
            ts_style=draw(st.sampled_from(["Z", "naive", "colon", "compact", "hours",
                                           "space"])),
            name_style=draw(st.integers(0, 4)),
            position_as_string=draw(st.integers(0, 9)) == 0,
        ))
    return events


@st.composite
def case_strategy(draw):
    """One case: 1-3 users, 1-3 sessions each (client or derived), 1-2 videos per session,
    exact and eventId duplicates, and a few bad lines."""
    events: list[AbstractEvent] = []
    for user_no in range(draw(st.integers(1, 3))):
        user = f"u{user_no}" if draw(st.integers(0, 9)) else f"ü{user_no}"
        at_us = BASE_INSTANT_US + draw(st.integers(0, 20)) * 900_000_000
        for session_no in range(draw(st.integers(1, 3))):
            session = f"s{session_no}" if draw(st.integers(0, 3)) else None
            videos = draw(st.lists(st.sampled_from(["v060", "v300", "v1800", "vx"]),
                                   min_size=1, max_size=2, unique=True))
            session_end = at_us
            for video in videos:
                view_start = at_us + draw(st.sampled_from([0, 0, 5, 90])) * 1_000_000
                view = draw(view_strategy(user, session, video, view_start))
                events.extend(view)
                session_end = max(session_end, max(e.at_us for e in view))
            at_us = session_end + int(draw(st.sampled_from(SESSION_GAPS)) * 1_000_000)
    duplicates = draw(st.lists(
        st.tuples(st.integers(0, len(events) - 1),
                  st.sampled_from(["same_line", "same_id_later", "same_id_earlier",
                                   "same_content_other_offset"]),
                  st.sampled_from([0, 250, 1000, 60000])),
        max_size=3))
    bad_lines = draw(st.lists(
        st.tuples(st.sampled_from(BAD_KINDS), st.integers(0, len(events) - 1)), max_size=2))
    case = Case(events=events, duplicates=duplicates, bad_lines=bad_lines)
    line_count = len(events) + len(duplicates) + len(bad_lines)
    case.file_choices = draw(st.lists(st.integers(0, len(FILES) - 1),
                                      min_size=line_count, max_size=line_count))
    return case


def draw_cases(count: int) -> list[Case]:
    """`count` cases from hypothesis, deterministically (see the module docstring)."""
    cases: list[Case] = []

    @settings(max_examples=count, derandomize=True, database=None, phases=[Phase.generate],
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(case_strategy())
    def collect(case: Case) -> None:
        cases.append(case)

    collect()
    return cases[:count]


# --- rendering ---------------------------------------------------------------------------

def render_timestamp(at_us: int, offset_minutes: int, style: str) -> str:
    """The instant in one of the accepted ISO shapes (naive means UTC, so no offset there)."""
    if style == "naive":
        offset_minutes = 0
    local = datetime(1970, 1, 1) + timedelta(microseconds=at_us + offset_minutes * 60_000_000)
    text = local.strftime("%Y-%m-%d" + (" " if style == "space" else "T") + "%H:%M:%S")
    if local.microsecond:
        text += f".{local.microsecond // 1000:03d}"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    if style == "naive":
        return text
    if offset_minutes == 0 and style in ("Z", "space"):
        return text + "Z"
    if style == "compact":
        return text + f"{sign}{hours:02d}{minutes:02d}"
    if style == "hours" and minutes == 0:
        return text + f"{sign}{hours:02d}"
    return text + f"{sign}{hours:02d}:{minutes:02d}"


def format_number(value: float) -> float | int:
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def event_dict(case_id: str, index: int, e: AbstractEvent) -> dict:
    variants = NAME_VARIANTS[e.name]
    obj: dict = {"case": case_id}
    if e.with_event_id:
        obj["eventId"] = f"{case_id}-e{index}"
    obj["timestamp"] = render_timestamp(e.at_us, e.offset_minutes, e.ts_style)
    obj["userId"] = f"{case_id}_{e.user}"
    if e.session is not None:
        obj["sessionId"] = e.session
    obj["videoId"] = f"{case_id}_vx" if e.video == "vx" else e.video
    obj["eventName"] = variants[e.name_style % len(variants)]
    position = format_number(e.position)
    obj["currentTime"] = str(position) if e.position_as_string else position
    if e.from_time is not None:
        obj["fromTime"] = format_number(e.from_time)
    if e.rate is not None:
        obj["playbackRate"] = format_number(e.rate)
    if e.visibility is not None:
        obj["visibility"] = e.visibility
    if index % 5 == 0:
        obj["device"] = "tv"
    return obj


def bad_line(case_id: str, kind: str, base: dict) -> str:
    obj = dict(base)
    obj.pop("eventId", None)
    if kind == "truncated":
        text = json.dumps(obj)
        return text[: max(len(text) // 2, 20)]
    if kind == "array":
        return json.dumps([obj])
    if kind == "scalar":
        return json.dumps(f"case {case_id}")
    if kind == "missing_user":
        obj["userId"] = None
    elif kind == "empty_video":
        obj["videoId"] = "  "
    elif kind == "unknown_name":
        obj["eventName"] = "buffering"
    elif kind == "bad_timestamp":
        obj["timestamp"] = "10/03/2024 21:00"
    elif kind == "negative_position":
        obj["currentTime"] = -3
    elif kind == "string_position":
        obj["currentTime"] = "abc"
    elif kind == "bad_from_time":
        obj["eventName"] = "seek"
        obj["fromTime"] = -1
    elif kind == "beyond_duration":
        obj["videoId"] = "v060"
        obj["currentTime"] = 65.25
    return json.dumps(obj, ensure_ascii=False)


def render_case(case: Case) -> list[tuple[str, str]]:
    """The case's raw lines, each with the (relative) file it goes to."""
    lines: list[str] = []
    dicts = [event_dict(case.case_id, i, e) for i, e in enumerate(case.events)]
    for obj in dicts:
        lines.append(json.dumps(obj, ensure_ascii=False))
    for index, mode, shift_ms in case.duplicates:
        obj = dict(dicts[index])
        event = case.events[index]
        if mode == "same_line":
            lines.append(json.dumps(obj, ensure_ascii=False))
            continue
        if mode in ("same_id_later", "same_id_earlier"):
            if "eventId" not in obj:
                lines.append(json.dumps(obj, ensure_ascii=False))
                continue
            sign = 1 if mode == "same_id_later" else -1
            obj["timestamp"] = render_timestamp(event.at_us + sign * shift_ms * 1000, 0, "Z")
        else:  # same content without eventId, same instant written with another offset
            obj.pop("eventId", None)
            obj["timestamp"] = render_timestamp(event.at_us, 180, "colon")
            obj["eventName"] = NAME_VARIANTS[event.name][-1]
            obj["note"] = "resent"
        lines.append(json.dumps(obj, ensure_ascii=False))
    for kind, index in case.bad_lines:
        lines.append(bad_line(case.case_id, kind, dicts[index]))
    return [(FILES[choice], line) for choice, line in zip(case.file_choices, lines)]


def write_landing(root: Path, cases: list[Case]) -> dict[str, list[str]]:
    """All cases into one landing folder; lines of a file in a shuffled-looking order
    (sorted by a hash), so arrival order never follows event time."""
    per_file: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        for relative, line in case.lines:
            per_file[relative].append(line)
    for relative in FILES:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = sorted(per_file[relative], key=lambda text: hash_key(text))
        payload = "".join(line + "\n" for line in lines)
        if relative.endswith(".gz"):
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                handle.write(payload)
        else:
            path.write_text(payload, encoding="utf-8")
    with (root / "videos.csv").open("w", encoding="utf-8") as handle:
        handle.write("video_id,title,duration_seconds\n")
        for video, duration in CATALOG.items():
            handle.write(f"{video},Differential {video},{duration}\n")
    return per_file


def hash_key(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# =============================================================================================
# Comparison
# =============================================================================================

CASE_RE = re.compile(r'"case": ?"(c\d{4,})')


def case_of(text: str) -> str:
    match = CASE_RE.search(text) or re.search(r"(c\d{4,})", text)
    return match.group(1) if match else "?"


def values_equal(column: str, expected, actual, unrounded=None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, (bool, str)):
        return expected == actual
    if isinstance(expected, int) and column not in ROUNDED_COLUMNS and not column.endswith(
            "_seconds"):
        return expected == actual
    if column in ROUNDED_COLUMNS:
        if abs(float(actual) - expected) <= 1e-9:
            return True
        # a value within float noise of a half-cent boundary may round either way
        if unrounded is not None and abs(abs(unrounded * 100 % 1) - 0.5) < 1e-6:
            return abs(float(actual) - expected) <= 0.01 + 1e-9
        return False
    return abs(float(actual) - float(expected)) <= SECONDS_TOLERANCE


def compare(reference: ReferenceResult, views: list[dict], user_videos: list[dict],
            quarantine: list[dict]) -> list[dict]:
    differences: list[dict] = []

    actual_views = {(r["user_id"], r["session_id"], r["video_id"]): r for r in views}
    for key in sorted(set(reference.views) | set(actual_views)):
        user, session, video = key
        base = {"case": case_of(user), "user": user, "session": session, "video": video}
        if key not in actual_views or key not in reference.views:
            differences.append({**base, "table": "fct_video_views", "column": "<row>",
                                "expected": key in reference.views, "actual": key in actual_views})
            continue
        expected, actual = reference.views[key], actual_views[key]
        for column in VIEW_COLUMNS:
            if not values_equal(column, expected[column], actual[column]):
                differences.append({**base, "table": "fct_video_views", "column": column,
                                    "expected": expected[column], "actual": actual[column]})

    actual_uv = {(r["user_id"], r["video_id"]): r for r in user_videos}
    for key in sorted(set(reference.user_videos) | set(actual_uv)):
        user, video = key
        base = {"case": case_of(user), "user": user, "session": "*", "video": video}
        if key not in actual_uv or key not in reference.user_videos:
            differences.append({**base, "table": "fct_user_video_engagement", "column": "<row>",
                                "expected": key in reference.user_videos,
                                "actual": key in actual_uv})
            continue
        expected, actual = reference.user_videos[key], actual_uv[key]
        for column in USER_VIDEO_COLUMNS:
            unrounded = expected["_unrounded"].get(column)
            if not values_equal(column, expected[column], actual[column], unrounded):
                differences.append({**base, "table": "fct_user_video_engagement",
                                    "column": column, "expected": expected[column],
                                    "actual": actual[column]})

    expected_reasons = Counter((case_of(v.raw_line), v.reason) for v in reference.quarantined)
    actual_reasons = Counter((case_of(r["raw_line"]), r["quarantine_reason"]) for r in quarantine)
    for case_id, reason in sorted(set(expected_reasons) | set(actual_reasons)):
        if expected_reasons[(case_id, reason)] != actual_reasons[(case_id, reason)]:
            differences.append({"case": case_id, "user": "*", "session": "*", "video": "*",
                                "table": "fct_quarantined_lines", "column": reason,
                                "expected": expected_reasons[(case_id, reason)],
                                "actual": actual_reasons[(case_id, reason)]})
    return differences


def describe(differences: list[dict], cases: dict[str, Case], limit: int = 40) -> str:
    lines = [f"{len(differences)} differences between the marts and reference_model.py "
             f"in {len({d['case'] for d in differences})} cases; first {limit}:"]
    for d in differences[:limit]:
        lines.append(f"  {d['case']} {d['table']} user={d['user']} session={d['session']} "
                     f"video={d['video']} {d['column']}: expected {d['expected']!r}, "
                     f"got {d['actual']!r}")
    failing = [cases[c] for c in {d["case"] for d in differences} if c in cases]
    if failing:
        smallest = min(failing, key=lambda c: (len(c.lines), c.case_id))
        lines.append(f"smallest failing case {smallest.case_id} ({len(smallest.lines)} lines):")
        lines.extend(f"  {relative}: {line}" for relative, line in smallest.lines)
        lines.append("  its differences:")
        lines.extend(f"    {d['table']} {d['user']}/{d['session']}/{d['video']} {d['column']}: "
                     f"expected {d['expected']!r}, got {d['actual']!r}"
                     for d in differences if d["case"] == smallest.case_id)
    return "\n".join(lines)


# =============================================================================================
# The test
# =============================================================================================

_CASES_CACHE: dict[int, list[Case]] = {}


def build_cases(count: int, cached: bool = True) -> list[Case]:
    """Draw and render `count` cases (memoized per count within one pytest process)."""
    if cached and count in _CASES_CACHE:
        return _CASES_CACHE[count]
    cases = draw_cases(count)
    for number, case in enumerate(cases, start=1):
        case.case_id = f"c{number:04d}"
        case.lines = render_case(case)
    if cached:
        _CASES_CACHE[count] = cases
    return cases


def test_generated_cases_match_the_reference(dbt_project, differential_cases, tmp_path):
    cases = build_cases(differential_cases)
    root = tmp_path / "landing"
    write_landing(root, cases)
    all_lines = [(str(root / relative), line) for case in cases for relative, line in case.lines]
    reference = run_reference(all_lines, CATALOG)
    print(f"differential: {len(cases)} cases, {len(all_lines)} lines, "
          f"{len(reference.staged)} staged, {len(reference.quarantined)} quarantined, "
          f"{len(reference.views)} views, {len(reference.user_videos)} user x video rows")

    # Only the compared marts and their upstreams, models only: the data and unit tests run
    # in the other pipeline tests, and about 170 of them at ~1 s each would double this
    # test's time without adding a comparison.
    outcome = dbt_project.build(
        SCHEMA, root, extra_vars={"quarantine_warn_share": 1.0},
        extra_args=["--select", *(f"+{model}" for model in COMPARED_MARTS),
                    "--exclude-resource-type", "test", "unit_test"],
    )
    assert outcome.success and not outcome.failures, outcome.describe()

    views = dbt_project.query(
        f"select user_id, session_id, video_id, event_count, play_count, pause_count, "
        f"seek_count, watch_seconds, unique_seconds_watched, foreground_seconds, "
        f"background_seconds, "
        f"max_position_seconds, last_position_seconds, is_completed, forward_skips, "
        f"backward_skips, unix_micros(started_at) as started_at_us, "
        f"unix_micros(ended_at) as ended_at_us, wall_duration_seconds "
        f"from {SCHEMA}.fct_video_views"
    )
    user_videos = dbt_project.query(
        f"select user_id, video_id, {', '.join(USER_VIDEO_COLUMNS)} "
        f"from {SCHEMA}.fct_user_video_engagement"
    )
    quarantine = dbt_project.query(
        f"select raw_line, quarantine_reason from {SCHEMA}.fct_quarantined_lines "
        f"where source_name = 'player_events'"
    )
    reconciliation = dbt_project.query(
        f"select source_file, raw_line_count, is_reconciled from {SCHEMA}.fct_line_reconciliation "
        f"where source_name = 'player_events'"
    )
    assert sum(r["raw_line_count"] for r in reconciliation) == len(all_lines)
    assert all(r["is_reconciled"] for r in reconciliation), reconciliation

    view_keys = Counter((r["user_id"], r["session_id"], r["video_id"]) for r in views)
    assert max(view_keys.values()) == 1, "fct_video_views grain broken"
    user_video_keys = Counter((r["user_id"], r["video_id"]) for r in user_videos)
    assert max(user_video_keys.values()) == 1, "fct_user_video_engagement grain broken"

    differences = compare(reference, views, user_videos, quarantine)
    assert not differences, describe(differences, {c.case_id: c for c in cases})


def test_case_generation_is_deterministic_and_varied():
    first = [c.lines for c in build_cases(40, cached=False)]
    second = [c.lines for c in build_cases(40, cached=False)]
    assert first == second
    cases = build_cases(300)
    text = "\n".join(line for c in cases for _, line in c.lines)
    for needle in ('"fromTime"', '"playbackRate"', '"background"', "timeupdate", "+05:30",
                   '"sessionId"', "buffering", "c0300_vx"):
        assert needle in text, needle
    assert any('"sessionId"' not in line for c in cases for _, line in c.lines)
