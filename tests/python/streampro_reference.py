"""A plain-Python reference implementation of the StreamPro format (SPEC 3.2, 4, 5.9, 6).

Written from /work/shared/SPEC.md and the rules of the task that asked for it, never from the
project's SQL, so that a differential test can compare it with the dbt marts. It is meant to
be read: lists, dicts and loops, one small function per rule, standard library only.

Pipeline, one function per step:

    lines, catalog = load_landing(raw_root)      # SPEC 3: raw lines + video catalog (3.4)
    events, quarantine = classify(lines)         # SPEC 4: staged events + reason counts
    rows = sessions(events, catalog)             # SPEC 5.9 + 6: fct_user_sessions
    q1(rows); q2(rows); q3(rows)                 # SPEC 6: the three product questions

Conventions (decided here, stated once):

- Timestamps are naive `datetime` objects holding UTC (an offset is converted to UTC, no
  offset means UTC), with microsecond precision; digits beyond the sixth fraction digit are
  truncated. Every staged event also carries `event_at_us`, integer microseconds since
  1970-01-01T00:00:00 UTC, which is what all ordering uses.
- Percentages are `100 * part / whole` computed exactly and rounded half-up to 2 decimals
  (the way SQL `round` does, not Python's binary `round`); z scores are rounded half-up to 3
  decimals. A percentage over an empty set is None.
- Sums of watch seconds use `math.fsum` (exactly rounded, independent of order).
- "File order" is (file path relative to raw_root, 0-based line number in that file).
- Every output list is sorted, so two runs over the same input print the same thing.

Run it as a script to print the answers for one landing folder (see `main`).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

DEFAULT_RAW_ROOT = Path(__file__).resolve().parents[2] / "sample_data_streampro"


@dataclass(frozen=True)
class Config:
    """The thresholds of SPEC 6 (fct_user_sessions); `dropoff_seconds` is the dbt var."""

    reached_seconds: float = 30  # has_reached_30s: watch seconds >= this
    dropoff_seconds: float = 10  # is_dropoff: watch seconds < this (dbt var dropoff_seconds)
    retention_hours: float = 72  # is_retained_3d: next session starts within this


DEFAULT = Config()

# SPEC 3.2: the StreamPro event names, and those that must name a video
EVENT_NAMES = ("first_login", "session_start", "watch_time", "heart", "like", "session_end")
VIDEO_EVENT_NAMES = {"watch_time", "heart", "like"}

# SPEC 4: quarantine reasons for StreamPro lines, in precedence order (first match wins)
REASONS = (
    "malformed_json",
    "missing_required_field",
    "unknown_event_name",
    "invalid_timestamp",
    "invalid_watch_value",
    "duplicate",
)

# SPEC 3.2: context fields copied onto the session from its earliest event that has them
CONTEXT_FIELDS = ("device", "device_os", "app_version", "country")
OTHER_STRING_FIELDS = ("account_id", "network_type", "ip")

NO_VIDEO_GENRE = "(no video watched)"  # Q2 label for a first session without a genre
UNKNOWN_GROUP = "(unknown)"  # Q3 label for a null device_os / app_version

EVENT_FILE_SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz")

EPOCH = datetime(1970, 1, 1)
TIMESTAMP_RE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)
NUMBER_TEXT_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class RawLine(str):
    """One raw line (line end removed, nothing else changed) that remembers where it came from.

    It *is* a `str`, so `load_landing` returns a plain `list[str]`; `source_file` (path
    relative to raw_root) and `line_number` (0-based) give the file order that the duplicate
    rule and the context-field tie-break need (SPEC 4). A bare `str` passed to `classify`
    counts as file "" in the order it was given.
    """

    source_file: str
    line_number: int

    def __new__(cls, text: str, source_file: str, line_number: int) -> RawLine:
        line = super().__new__(cls, text)
        line.source_file = source_file
        line.line_number = line_number
        return line


# =============================================================================================
# SPEC 3: the landing zone
# =============================================================================================

def _is_hidden(relative: Path) -> bool:
    """Spark (Hadoop) skips files and folders whose name starts with `.` or `_`; so do we."""
    return any(part.startswith((".", "_")) for part in relative.parts)


def event_files(folder: Path) -> list[Path]:
    """SPEC 3: every `*.jsonl` / `*.json` file under `folder`, recursively, optionally `.gz`.

    A missing folder is an empty source, not an error. Sorted by path for determinism.
    """
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        if not path.is_file() or _is_hidden(path.relative_to(folder)):
            continue
        if path.name.lower().endswith(EVENT_FILE_SUFFIXES):
            found.append(path)
    return sorted(found, key=lambda p: p.as_posix())


def read_raw_lines(path: Path, source_file: str) -> list[RawLine]:
    """SPEC 4: every line of one file, blank ones included (they become malformed_json).

    Lines end at `\\n`, `\\r\\n` or `\\r`; a final line end does not start an extra line.
    Bytes that are not UTF-8 are replaced (U+FFFD), so such a line still gets a verdict.
    """
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return [
        RawLine(raw.decode("utf-8", errors="replace"), source_file, number)
        for number, raw in enumerate(data.splitlines())
    ]


def _catalog_text(row: dict[str, str | None], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _positive_number(text: str | None) -> float | None:
    if text is None or not NUMBER_TEXT_RE.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) and number > 0 else None


def load_catalog(videos_csv: Path) -> dict[str, dict]:
    """SPEC 3.4: the video catalog, {video_id: {"genre", "duration_seconds", "title"}}.

    Columns are found by header name (case-insensitive, trimmed); extra columns such as
    `patent_id` are ignored. `video_id` and `duration_seconds` are required: a row without
    a video id, or whose duration is missing or not a positive number, is not in the catalog
    (SPEC 4 keeps it in quarantine instead). If a video id appears more than once, the row
    kept is the first by raw line text (the tie-break SPEC 4 uses for duplicates).
    Empty strings are None. A missing file is an empty catalog (SPEC 3).
    """
    if not videos_csv.is_file():
        return {}
    text = videos_csv.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if not lines:
        return {}
    header = [name.strip().lower() for name in next(csv.reader([lines[0]]))]
    candidates: dict[str, list[tuple[str, dict]]] = {}
    for raw_line in lines[1:]:
        if not raw_line.strip():
            continue
        cells = next(csv.reader(io.StringIO(raw_line)), [])
        row = {name: (cells[i] if i < len(cells) else None) for i, name in enumerate(header)}
        video_id = _catalog_text(row, "video_id")
        duration = _positive_number(_catalog_text(row, "duration_seconds"))
        if video_id is None or duration is None:
            continue
        entry = {
            "genre": _catalog_text(row, "genre"),
            "duration_seconds": duration,
            "title": _catalog_text(row, "title"),
        }
        candidates.setdefault(video_id, []).append((raw_line, entry))
    return {video_id: min(rows, key=lambda r: r[0])[1]
            for video_id, rows in sorted(candidates.items())}


def load_landing(raw_root: Path, events_files: Iterable[Path] | None = None,
                 videos_file: Path | None = None) -> tuple[list[str], dict[str, dict]]:
    """SPEC 3: the raw StreamPro lines and the video catalog of one landing folder.

    Lines come from every event file under `raw_root/streampro_events/` (see `event_files`),
    files in path order, lines in file order; each is a `RawLine` (a `str`). The catalog is
    `raw_root/videos.csv` (see `load_catalog`).

    `events_files` / `videos_file` override those locations, for flat folders such as
    /work/shared/data/streampro whose events sit in one `events.jsonl`. A file's
    `source_file` is its path relative to raw_root when it lies under it, else its absolute
    path.
    """
    raw_root = Path(raw_root)
    if events_files is None:
        folder = raw_root / "streampro_events"
        files = [(path, path.relative_to(raw_root).as_posix()) for path in event_files(folder)]
    else:
        files = []
        for path in (Path(p) for p in events_files):
            try:
                name = path.resolve().relative_to(raw_root.resolve()).as_posix()
            except ValueError:
                name = path.resolve().as_posix()
            files.append((path, name))
        files.sort(key=lambda f: f[1])
    lines: list[str] = []
    for path, name in files:
        if path.is_file():
            lines.extend(read_raw_lines(path, name))
    catalog = load_catalog(Path(videos_file) if videos_file else raw_root / "videos.csv")
    return lines, catalog


# =============================================================================================
# SPEC 4: parsing and classification of one line
# =============================================================================================

def parse_json_object(raw_line: str) -> dict | None:
    """SPEC 4 malformed_json: after removing a UTF-8 BOM and surrounding whitespace, the line
    must be exactly one JSON object (not an array, scalar, blank, or object plus trailing text).

    Python's parser accepts the non-standard literals NaN / Infinity (as Spark's JSON reader
    does by default), so `"value": NaN` reaches invalid_watch_value. A key given twice keeps
    its last value.
    """
    text = raw_line.lstrip("\ufeff").strip()
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def text_field(obj: dict, key: str) -> str | None:
    """A string field, trimmed (SPEC 4). Null, absent, empty or whitespace-only is None.

    Numbers become their JSON text (`7` -> "7"), booleans "true"/"false"; a JSON object or
    array is not a usable value and counts as None.
    """
    value = obj.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, (int, float)):
        value = json.dumps(value)
    text = str(value).strip()
    return text or None


def parse_timestamp_us(text: str) -> int | None:
    """SPEC 3.2 / 4 invalid_timestamp: ISO-8601 date and time to microseconds since the epoch.

    Accepted: `YYYY-MM-DD`, `T` (or a space), `HH:MM:SS`, an optional fraction of any length
    (truncated to microseconds), an optional offset `Z`, `+HH:MM`, `+HHMM` or `+HH`. No offset
    means UTC; an offset is converted to UTC. Anything else (or an impossible date, hour 24,
    second 60, an offset of 24 h or more) is None.
    """
    match = TIMESTAMP_RE.fullmatch(text)
    if not match:
        return None
    try:
        day = datetime.strptime(match["date"], "%Y-%m-%d")
    except ValueError:
        return None
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    if hour > 23 or minute > 59 or second > 59:
        return None
    micros = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    offset_seconds = 0
    offset = match["offset"]
    if offset and offset not in ("Z", "z"):
        digits = offset[1:].replace(":", "")
        off_hours, off_minutes = int(digits[:2]), int(digits[2:] or 0)
        if off_hours > 23 or off_minutes > 59:
            return None
        sign = -1 if offset[0] == "-" else 1
        offset_seconds = sign * (off_hours * 3600 + off_minutes * 60)
    local_seconds = (day - EPOCH).days * 86400 + hour * 3600 + minute * 60 + second
    return (local_seconds - offset_seconds) * 1_000_000 + micros


def us_to_datetime(event_at_us: int) -> datetime | None:
    """Microseconds since the epoch to a naive UTC datetime (None outside years 1..9999)."""
    try:
        return EPOCH + timedelta(microseconds=event_at_us)
    except OverflowError:
        return None


def parse_watch_value(value: Any) -> float | None:
    """SPEC 4 invalid_watch_value: a finite number >= 0, else None.

    JSON numbers and numeric strings (`"12"`, `" 12.5 "`, `"1e2"`) are numbers; booleans,
    null, objects, arrays, other strings, negatives, NaN and infinities (including a number
    too large for a double) are not.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = float(value) if abs(value) <= 1e308 else math.inf
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not NUMBER_TEXT_RE.fullmatch(text):
            return None
        number = float(text)
    else:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number + 0.0  # -0.0 becomes 0.0


def check_line(raw_line: str) -> tuple[str | None, dict | None]:
    """SPEC 4: the first rule one line breaks, or (None, staged event).

    Rules in order: malformed_json, missing_required_field, unknown_event_name,
    invalid_timestamp, invalid_watch_value. Duplicates need every line: see `classify`.

    missing_required_field: `user_id`, `session_id`, `event_name` or `timestamp` missing,
    null, empty or whitespace-only; or `video_id` so on a watch_time / heart / like event
    (the event name is trimmed and lower-cased to decide that).
    """
    obj = parse_json_object(raw_line)
    if obj is None:
        return "malformed_json", None

    user_id = text_field(obj, "user_id")
    session_id = text_field(obj, "session_id")
    raw_name = text_field(obj, "event_name")
    raw_timestamp = text_field(obj, "timestamp")
    video_id = text_field(obj, "video_id")
    if user_id is None or session_id is None or raw_name is None or raw_timestamp is None:
        return "missing_required_field", None
    event_name = raw_name.lower()
    if event_name in VIDEO_EVENT_NAMES and video_id is None:
        return "missing_required_field", None

    if event_name not in EVENT_NAMES:
        return "unknown_event_name", None

    event_at_us = parse_timestamp_us(raw_timestamp)
    event_at = us_to_datetime(event_at_us) if event_at_us is not None else None
    if event_at is None:
        return "invalid_timestamp", None

    # SPEC 3.2: `value` is watch seconds on watch_time events and null on the others, so a
    # value on another event is not staged (and plays no part in the duplicate rule).
    value = None
    if event_name == "watch_time":
        value = parse_watch_value(obj.get("value"))
        if value is None:
            return "invalid_watch_value", None

    event = {
        "source_file": getattr(raw_line, "source_file", ""),
        "line_number": getattr(raw_line, "line_number", 0),
        "raw_line": str(raw_line),
        "user_id": user_id,
        "session_id": session_id,
        "event_name": event_name,
        "video_id": video_id,
        "event_at": event_at,
        "event_at_us": event_at_us,
        "value": value,
    }
    for key in CONTEXT_FIELDS + OTHER_STRING_FIELDS:
        event[key] = text_field(obj, key)
    return None, event


def duplicate_key(event: dict) -> tuple:
    """SPEC 4 duplicate: same user, session, canonical event name, video, instant and value."""
    return (event["user_id"], event["session_id"], event["event_name"], event["video_id"],
            event["event_at_us"], event["value"])


def copy_preference(event: dict) -> tuple:
    """SPEC 4 and 9.1: among copies the one kept is the one loaded first; all lines here load
    in one run, so by file path, then timestamp and raw line."""
    return (event["source_file"], event["event_at_us"], event["raw_line"])


def file_order(event: dict) -> tuple:
    return (event["source_file"], event["line_number"])


def classify(lines: Iterable[str]) -> tuple[list[dict], dict[str, int]]:
    """SPEC 4: every raw line becomes a staged event or a quarantine count, never both.

    Returns the staged events (dicts, see `check_line`; sorted by user, session, timestamp,
    file order) and {reason: number of lines} for every reason of `REASONS` (0 included).
    `len(lines) == len(events) + sum(counts.values())` always holds.

    Duplicates are looked for only among lines that broke no other rule. Of a group of
    copies, the one kept is the first by `copy_preference`; the others are `duplicate`.
    A bare `str` (not a `RawLine`) gets file "" and its index in `lines` as line number.
    """
    counts = dict.fromkeys(REASONS, 0)
    valid: list[dict] = []
    for index, raw_line in enumerate(lines):
        if not isinstance(raw_line, RawLine):
            raw_line = RawLine(raw_line, "", index)
        reason, event = check_line(raw_line)
        if reason is None:
            valid.append(event)
        else:
            counts[reason] += 1

    groups: dict[tuple, list[dict]] = {}
    for event in valid:
        groups.setdefault(duplicate_key(event), []).append(event)
    staged = []
    for copies in groups.values():
        copies.sort(key=copy_preference)
        staged.append(copies[0])
        counts["duplicate"] += len(copies) - 1

    staged.sort(key=lambda e: (e["user_id"], e["session_id"], e["event_at_us"], file_order(e)))
    return staged, counts


# =============================================================================================
# SPEC 5.9 and 6: fct_user_sessions (user x session)
# =============================================================================================

def _earliest_with(events: list[dict], key: str) -> str | None:
    """The value of `key` on the session's earliest event that has one (ties: file order)."""
    having = [e for e in events if e[key] is not None]
    if not having:
        return None
    return min(having, key=lambda e: (e["event_at_us"], file_order(e)))[key]


def session_row(user_id: str, session_id: str, events: list[dict],
                catalog: dict[str, dict], cfg: Config) -> dict:
    """SPEC 5.9: the metrics of one session, from its staged events alone.

    - session_started_at: earliest `session_start`, else earliest event of any kind.
    - session_ended_at: latest `session_end`, else latest event of any kind. (It can be
      earlier than the session's last watch_time: SOURCE.md says so; the rule is kept.)
    - watch_seconds: sum of `value` of its watch_time events (0.0 without any).
    - video_count: distinct video ids of its watch_time events.
    - first_video_id: video of its earliest watch_time (ties: smallest video id);
      first_video_genre from the catalog, None when the video is not there or has no genre.
    - event_count: its staged (deduplicated) events, first_login included.
    - heart_count / like_count: its heart / like events.
    - device, device_os, app_version, country: see `_earliest_with`.
    - has_reached_30s: watch >= 30 s; is_dropoff: watch < 10 s (SPEC 6, Config).
    Per-user columns (session_number, next session, retention) are added by `sessions`.
    """
    starts = [e["event_at_us"] for e in events if e["event_name"] == "session_start"]
    ends = [e["event_at_us"] for e in events if e["event_name"] == "session_end"]
    all_times = [e["event_at_us"] for e in events]
    started_us = min(starts) if starts else min(all_times)
    ended_us = max(ends) if ends else max(all_times)

    watches = [e for e in events if e["event_name"] == "watch_time"]
    watch_seconds = math.fsum(e["value"] for e in watches)
    first_video_id = None
    if watches:
        first_video_id = min(watches, key=lambda e: (e["event_at_us"], e["video_id"]))["video_id"]
    first_video_genre = catalog.get(first_video_id, {}).get("genre") if first_video_id else None

    row = {
        "user_id": user_id,
        "session_id": session_id,
        "session_started_at": us_to_datetime(started_us),
        "session_ended_at": us_to_datetime(ended_us),
        "watch_seconds": watch_seconds,
        "video_count": len({e["video_id"] for e in watches}),
        "first_video_id": first_video_id,
        "first_video_genre": first_video_genre,
        "event_count": len(events),
        "heart_count": sum(1 for e in events if e["event_name"] == "heart"),
        "like_count": sum(1 for e in events if e["event_name"] == "like"),
        "session_number": None,
        "is_first_session": None,
        "has_reached_30s": watch_seconds >= cfg.reached_seconds,
        "is_dropoff": watch_seconds < cfg.dropoff_seconds,
        "next_session_started_at": None,
        "is_retained_3d": None,
    }
    for key in CONTEXT_FIELDS:
        row[key] = _earliest_with(events, key)
    row["_started_us"] = started_us
    return row


def sessions(events: list[dict], catalog: dict[str, dict],
             cfg: Config = DEFAULT) -> list[dict]:
    """SPEC 6 fct_user_sessions: one dict per (user_id, session_id) of the staged events.

    Per user, sessions are numbered 1.. by session_started_at, then session_id.
    - is_first_session: session_number == 1.
    - next_session_started_at: start of the user's next session by that order (None if last).
    - is_retained_3d: a next session exists and starts at most 72 h after this one's start
      (`next_start <= start + 72 h`, inclusive).
    Timestamps are naive UTC datetimes. Sorted by user_id, session_number.
    """
    by_session: dict[tuple[str, str], list[dict]] = {}
    for event in events:
        by_session.setdefault((event["user_id"], event["session_id"]), []).append(event)
    rows_by_user: dict[str, list[dict]] = {}
    for (user_id, session_id), session_events in by_session.items():
        row = session_row(user_id, session_id, session_events, catalog, cfg)
        rows_by_user.setdefault(user_id, []).append(row)

    window_us = round(cfg.retention_hours * 3600 * 1_000_000)
    result = []
    for user_id in sorted(rows_by_user):
        rows = sorted(rows_by_user[user_id], key=lambda r: (r["_started_us"], r["session_id"]))
        starts_us = [row.pop("_started_us") for row in rows]
        for index, row in enumerate(rows):
            has_next = index + 1 < len(rows)
            row["session_number"] = index + 1
            row["is_first_session"] = index == 0
            if has_next:
                row["next_session_started_at"] = rows[index + 1]["session_started_at"]
                row["is_retained_3d"] = starts_us[index + 1] <= starts_us[index] + window_us
            else:
                row["next_session_started_at"] = None
                row["is_retained_3d"] = False
            result.append(row)
    return result


# =============================================================================================
# SPEC 6: the product questions (analyses Q1, Q2, Q3)
# =============================================================================================

def round_half_up(value: Fraction | float, digits: int) -> float:
    """SQL-style rounding: half away from zero on the exact value."""
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(
        value, Fraction) else Decimal(repr(value))
    quantum = Decimal(1).scaleb(-digits)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def percentage(part: int, whole: int) -> float | None:
    """100 * part / whole, exact, rounded half-up to 2 decimals; None when whole is 0."""
    if whole == 0:
        return None
    return round_half_up(Fraction(100 * part, whole), 2)


def first_sessions(rows: list[dict]) -> list[dict]:
    """Each user's first session: the 'new users' of Q1 and Q2 (SPEC 6)."""
    return [row for row in rows if row["is_first_session"]]


def q1(rows: list[dict]) -> dict:
    """SPEC 6 Q1: % of new users whose first session reaches 30 s of watch time."""
    firsts = first_sessions(rows)
    reached = sum(1 for row in firsts if row["has_reached_30s"])
    return {
        "new_user_count": len(firsts),
        "reached_30s_count": reached,
        "reached_30s_percentage": percentage(reached, len(firsts)),
    }


def q2(rows: list[dict]) -> list[dict]:
    """SPEC 6 Q2: 2nd-session retention within 3 days by genre of the first session's first
    video.

    One row per genre over users' first sessions; a None genre is labelled
    "(no video watched)". retained_3d_count counts first sessions with is_retained_3d.
    Ranked by retention_percentage (the rounded value) desc, new_user_count desc, genre asc;
    rank is a row number 1..n.
    """
    groups: dict[str, list[dict]] = {}
    for row in first_sessions(rows):
        genre = row["first_video_genre"] if row["first_video_genre"] is not None else NO_VIDEO_GENRE
        groups.setdefault(genre, []).append(row)
    table = []
    for genre, members in groups.items():
        retained = sum(1 for row in members if row["is_retained_3d"])
        table.append({
            "genre": genre,
            "new_user_count": len(members),
            "retained_3d_count": retained,
            "retention_percentage": percentage(retained, len(members)),
        })
    table.sort(key=lambda r: (-r["retention_percentage"], -r["new_user_count"], r["genre"]))
    for rank, row in enumerate(table, start=1):
        row["rank"] = rank
    return table


def two_proportion_z(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float | None:
    """Pooled two-proportion z statistic of sample a against sample b (unrounded).

    z = (p_a - p_b) / sqrt(p (1 - p) (1/n_a + 1/n_b)), p = (hits_a + hits_b) / (n_a + n_b).
    None when either sample is empty or p is 0 or 1 (no variance).
    """
    if n_a == 0 or n_b == 0:
        return None
    pooled = (hits_a + hits_b) / (n_a + n_b)
    if pooled <= 0 or pooled >= 1:
        return None
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return (hits_a / n_a - hits_b / n_b) / standard_error


def q3(rows: list[dict], min_sessions: int = 30, z_threshold: float = 1.96) -> list[dict]:
    """SPEC 6 Q3: drop-off (< 10 s) rate by device OS and by app version, first sessions and
    all sessions, with a flag for groups abnormally above the overall rate.

    The rule: for each dimension ("device_os", "app_version") and scope ("first_sessions",
    "all_sessions"), each group value (None -> "(unknown)") is compared with all other
    sessions of the same scope by a pooled two-proportion z test. The group is abnormal when
    it has at least `min_sessions` sessions and z >= `z_threshold` (one-sided, about 2.5 %
    false alarms per group). The comparison uses the unrounded z; the row shows it rounded
    half-up to 3 decimals (None as in `two_proportion_z`).

    Rows are ordered by dimension (as above), scope (as above), group value asc.
    """
    scopes = {"first_sessions": first_sessions(rows), "all_sessions": list(rows)}
    result = []
    for dimension in ("device_os", "app_version"):
        for scope, members in scopes.items():
            total = len(members)
            total_dropoffs = sum(1 for row in members if row["is_dropoff"])
            groups: dict[str, list[dict]] = {}
            for row in members:
                value = row[dimension] if row[dimension] is not None else UNKNOWN_GROUP
                groups.setdefault(value, []).append(row)
            for value in sorted(groups):
                count = len(groups[value])
                dropoffs = sum(1 for row in groups[value] if row["is_dropoff"])
                z = two_proportion_z(dropoffs, count, total_dropoffs - dropoffs, total - count)
                result.append({
                    "dimension": dimension,
                    "scope": scope,
                    "group_value": value,
                    "session_count": count,
                    "dropoff_count": dropoffs,
                    "dropoff_percentage": percentage(dropoffs, count),
                    "overall_dropoff_percentage": percentage(total_dropoffs, total),
                    "z_score": round_half_up(z, 3) if z is not None else None,
                    "is_abnormal": count >= min_sessions and z is not None and z >= z_threshold,
                })
    return result


# =============================================================================================
# Script: print the answers for one landing folder
# =============================================================================================

def _table(rows: list[dict], columns: list[str]) -> str:
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python streampro_reference.py [RAW_ROOT] [--events-file F ...] [--videos CSV]`.

    Prints the line reconciliation, the quarantine counts, the session count and the answers
    to Q1, Q2 and Q3 (with `--json`, one JSON document instead).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_root", nargs="?", type=Path, default=DEFAULT_RAW_ROOT,
                        help=f"landing folder (SPEC 3), default {DEFAULT_RAW_ROOT}")
    parser.add_argument("--events-file", action="append", type=Path, default=None,
                        help="event file to read instead of RAW_ROOT/streampro_events/ "
                             "(repeatable; e.g. the flat events.jsonl of the shared folder)")
    parser.add_argument("--videos", type=Path, default=None,
                        help="videos.csv to use instead of RAW_ROOT/videos.csv")
    parser.add_argument("--min-sessions", type=int, default=30)
    parser.add_argument("--z-threshold", type=float, default=1.96)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)

    events_files = args.events_file
    if events_files is None and not (args.raw_root / "streampro_events").is_dir() \
            and (args.raw_root / "events.jsonl").is_file():
        events_files = [args.raw_root / "events.jsonl"]  # the shared folder's flat layout
    lines, catalog = load_landing(args.raw_root, events_files, args.videos)
    events, quarantine = classify(lines)
    rows = sessions(events, catalog)
    answers = {
        "raw_lines": len(lines),
        "staged_events": len(events),
        "quarantine": quarantine,
        "catalog_videos": len(catalog),
        "sessions": len(rows),
        "users": len({row["user_id"] for row in rows}),
        "q1": q1(rows),
        "q2": q2(rows),
        "q3": q3(rows, args.min_sessions, args.z_threshold),
    }
    if args.json:
        print(json.dumps(answers, indent=2, default=str))
        return 0

    print(f"raw lines {answers['raw_lines']} = staged {answers['staged_events']} "
          f"+ quarantined {sum(quarantine.values())}")
    print("quarantine: " + ", ".join(f"{k}={v}" for k, v in quarantine.items()))
    print(f"catalog videos {answers['catalog_videos']}; sessions {answers['sessions']} "
          f"of {answers['users']} users")
    print("\nQ1 first session reaches 30 s of watch time")
    print(_table([answers["q1"]], list(answers["q1"])))
    print("\nQ2 retention within 3 days by genre of the first session's first video")
    print(_table(answers["q2"], ["rank", "genre", "new_user_count", "retained_3d_count",
                                 "retention_percentage"]))
    print(f"\nQ3 drop-off (< {DEFAULT.dropoff_seconds:g} s) by device_os and app_version "
          f"(abnormal: sessions >= {args.min_sessions} and z >= {args.z_threshold})")
    print(_table(answers["q3"], ["dimension", "scope", "group_value", "session_count",
                                 "dropoff_count", "dropoff_percentage",
                                 "overall_dropoff_percentage", "z_score", "is_abnormal"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
