"""A plain-Python reference implementation of SPEC 3.1, 4 and 5 (native player events).

Written from /work/shared/SPEC.md and the conventions of tests/scenarios/README.md only, never
from the project's SQL, so that tests/python/test_differential.py can compare the two. It is
deliberately simple and slow: lists, dicts and loops, one small function per rule.

Entry point: `run_reference(lines, catalog)` where `lines` is a list of
`(source_file, raw_line)` (raw_line without its line end) and `catalog` maps video_id to
duration_seconds. It returns a `ReferenceResult` with the staged events, the quarantined
lines (with reasons), one dict per view (user, session, video) and one per (user, video).

Default dbt vars (dbt_project.yml) are the defaults of `Config`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True)
class Config:
    """The dbt vars of SPEC 4-5 with their default values."""

    position_tolerance_seconds: float = 5
    session_gap_minutes: float = 30
    max_segment_seconds: float = 7200
    plausibility_tolerance_seconds: float = 5
    forward_skip_seconds: float = 5
    backward_skip_seconds: float = 2
    completion_threshold: float = 0.9
    weight_watch_minute: float = 1
    weight_completion: float = 50
    weight_session: float = 5
    weight_skip: float = 2
    tier_high: float = 100
    tier_medium: float = 50
    tier_low: float = 10
    excessive_watch_ratio: float = 1.2
    very_short_watch_seconds: float = 5
    insufficient_watch_percentage: float = 75


DEFAULT = Config()

# --- SPEC 3.1: event names ------------------------------------------------------------------
CANONICAL_NAMES = {"play", "resume", "pause", "ended", "seek", "heartbeat"}
NAME_ALIASES = {
    "end": "ended",
    "complete": "ended",
    "seeked": "seek",
    "timeupdate": "heartbeat",
    "progress": "heartbeat",
}
# SPEC 5.1: rank at equal timestamps
EVENT_RANK = {"heartbeat": 1, "pause": 2, "ended": 3, "seek": 4, "play": 5, "resume": 6}
OPENER_NAMES = {"play", "resume", "heartbeat"}  # plus a seek while playing (5.3)
CLOSER_NAMES = {"pause", "ended", "heartbeat", "seek"}
STOP_NAMES = {"pause", "ended", "seek"}  # 5.4: what a play/resume skip is measured against

TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(Z|[+-]\d{2}:\d{2}|[+-]\d{4}|[+-]\d{2})?$"
)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Event:
    """A staged event (SPEC 3.1 typed) plus what ordering needs."""

    source_file: str
    raw_line: str
    event_id: str | None
    user_id: str
    client_session_id: str | None
    video_id: str
    event_name: str
    event_at_us: int  # microseconds since the epoch, UTC
    position: float
    from_time: float | None
    playback_rate: float
    visibility: str
    session_id: str = ""
    is_derived_session: bool = False

    @property
    def seconds(self) -> float:
        return self.event_at_us / 1_000_000


@dataclass
class LineVerdict:
    """One raw line: the parsed event (if it got that far) and its quarantine reason."""

    source_file: str
    raw_line: str
    reason: str | None
    event: Event | None


@dataclass
class ReferenceResult:
    staged: list[Event]
    quarantined: list[LineVerdict]
    views: dict[tuple[str, str, str], dict[str, Any]]
    user_videos: dict[tuple[str, str], dict[str, Any]]
    durations: dict[str, float | None] = field(default_factory=dict)


# =============================================================================================
# SPEC 4: parsing and classification of one line
# =============================================================================================

def parse_json_object(raw_line: str) -> dict | None:
    """SPEC 4 malformed_json: the line must be one JSON object (a leading BOM is tolerated)."""
    text = raw_line.lstrip("\ufeff")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def required_string(obj: dict, key: str) -> str | None:
    """SPEC 4 missing_required_field: null, absent or empty (after trimming) is missing."""
    value = obj.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value).strip()
    return text or None


def optional_string(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def canonical_event_name(name: str) -> str | None:
    """SPEC 3.1: case-insensitive, optional `video_` prefix, aliases; None when unknown."""
    lowered = name.strip().lower()
    if lowered.startswith("video_"):
        lowered = lowered[len("video_"):]
    lowered = NAME_ALIASES.get(lowered, lowered)
    return lowered if lowered in CANONICAL_NAMES else None


def parse_timestamp_us(text: str) -> int | None:
    """SPEC 3.1/4 invalid_timestamp: strict ISO-8601; no offset means UTC. Microseconds."""
    match = TIMESTAMP_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, offset = match.group(7), match.group(8)
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    offset_minutes = 0
    if offset and offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours = int(digits[:2])
        minutes = int(digits[2:4]) if len(digits) > 2 else 0
        offset_minutes = sign * (hours * 60 + minutes)
    # epoch micros computed with integers: works for year 0001 with a positive offset too
    days = (naive.date() - EPOCH.date()).days
    seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60
    return seconds * 1_000_000 + micros


def parse_position(value: Any) -> float | None:
    """SPEC 4 invalid_position: a JSON number or numeric string, finite and >= 0."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value) if not isinstance(value, int) or abs(value) < 1e308 else math.inf
    elif isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
            return None
        number = float(text)
    else:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def parse_playback_rate(value: Any) -> float:
    """SPEC 3.1: default 1; an unusable value (not a finite number > 0) counts as 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 1.0
    number = float(value)
    return number if math.isfinite(number) and number > 0 else 1.0


def parse_visibility(value: Any) -> str:
    """SPEC 3.1/5.8: `background` (any case) else foreground."""
    if isinstance(value, str) and value.strip().lower() == "background":
        return "background"
    return "foreground"


def classify_line(source_file: str, raw_line: str,
                  catalog: dict[str, float], cfg: Config = DEFAULT) -> LineVerdict:
    """SPEC 4: the first rule a line breaks (duplicates are found later, over all lines)."""
    obj = parse_json_object(raw_line)
    if obj is None:
        return LineVerdict(source_file, raw_line, "malformed_json", None)
    user_id = required_string(obj, "userId")
    video_id = required_string(obj, "videoId")
    raw_name = required_string(obj, "eventName")
    raw_ts = required_string(obj, "timestamp")
    if user_id is None or video_id is None or raw_name is None or raw_ts is None:
        return LineVerdict(source_file, raw_line, "missing_required_field", None)
    name = canonical_event_name(raw_name)
    if name is None:
        return LineVerdict(source_file, raw_line, "unknown_event_name", None)
    event_at = parse_timestamp_us(raw_ts)
    if event_at is None:
        return LineVerdict(source_file, raw_line, "invalid_timestamp", None)
    position = parse_position(obj.get("currentTime"))
    from_time = None
    if obj.get("fromTime") is not None:
        from_time = parse_position(obj.get("fromTime"))
        if from_time is None:
            return LineVerdict(source_file, raw_line, "invalid_position", None)
    if position is None:
        return LineVerdict(source_file, raw_line, "invalid_position", None)
    event = Event(
        source_file=source_file,
        raw_line=raw_line,
        event_id=optional_string(obj, "eventId"),
        user_id=user_id,
        client_session_id=optional_string(obj, "sessionId"),
        video_id=video_id,
        event_name=name,
        event_at_us=event_at,
        position=position,
        from_time=from_time,
        playback_rate=parse_playback_rate(obj.get("playbackRate")),
        visibility=parse_visibility(obj.get("visibility")),
    )
    duration = catalog.get(video_id)
    furthest = max(position, from_time if from_time is not None else 0.0)
    if duration is not None and furthest > duration + cfg.position_tolerance_seconds:
        return LineVerdict(source_file, raw_line, "position_exceeds_duration", event)
    return LineVerdict(source_file, raw_line, None, event)


def mark_duplicates(verdicts: list[LineVerdict]) -> None:
    """SPEC 4 duplicate, among otherwise valid lines: same eventId, or without eventId the same
    (user, session, video, name, instant, position). The copy loaded first is kept (SPEC
    9.1; all lines here are loaded in one run, so by file path, then timestamp and raw line
    within a file); later copies get `duplicate`."""
    valid = [v for v in verdicts if v.reason is None]
    valid.sort(key=lambda v: (v.source_file, v.event.event_at_us, v.raw_line))
    seen: set = set()
    for verdict in valid:
        e = verdict.event
        if e.event_id is not None:
            key = ("id", e.event_id)
        else:
            key = ("content", e.user_id, e.client_session_id, e.video_id, e.event_name,
                   e.event_at_us, e.position)
        if key in seen:
            verdict.reason = "duplicate"
        else:
            seen.add(key)


# =============================================================================================
# SPEC 5.2: sessions
# =============================================================================================

def assign_sessions(events: list[Event], cfg: Config = DEFAULT) -> None:
    """Client sessionId kept (key user + session); sessionless events split per user where
    the gap to the previous sessionless event is strictly above session_gap_minutes; id
    `derived-<epoch microseconds of the session's first event>`."""
    by_user: dict[str, list[Event]] = {}
    for e in events:
        if e.client_session_id is not None:
            e.session_id, e.is_derived_session = e.client_session_id, False
        else:
            by_user.setdefault(e.user_id, []).append(e)
    gap_us = cfg.session_gap_minutes * 60 * 1_000_000
    for user_events in by_user.values():
        user_events.sort(key=lambda e: (e.event_at_us, e.source_file, e.raw_line))
        current, previous_at = None, None
        for e in user_events:
            if previous_at is None or e.event_at_us - previous_at > gap_us:
                current = f"derived-{e.event_at_us}"
            e.session_id, e.is_derived_session = current, True
            previous_at = e.event_at_us


# =============================================================================================
# SPEC 5.1: order within a stream
# =============================================================================================

def stream_order_key(e: Event) -> tuple:
    """Timestamp, event rank, position, eventId (nulls first), then an opaque key."""
    return (e.event_at_us, EVENT_RANK[e.event_name], e.position,
            (0, "") if e.event_id is None else (1, e.event_id), e.source_file, e.raw_line)


def streams(events: list[Event]) -> dict[tuple[str, str, str], list[Event]]:
    """SPEC 5.1: events grouped per (user, session, video), each stream in order."""
    grouped: dict[tuple[str, str, str], list[Event]] = {}
    for e in events:
        grouped.setdefault((e.user_id, e.session_id, e.video_id), []).append(e)
    for stream in grouped.values():
        stream.sort(key=stream_order_key)
    return grouped


# =============================================================================================
# SPEC 5.3 / 5.8: segments
# =============================================================================================

def openers(stream: list[Event]) -> list[bool]:
    """SPEC 5.3 openers: play, resume, heartbeat; a seek when the latest earlier non-seek event is an opener."""
    flags = []
    latest_non_seek = None
    for e in stream:
        if e.event_name == "seek":
            flags.append(latest_non_seek is not None and latest_non_seek in OPENER_NAMES)
        else:
            flags.append(e.event_name in OPENER_NAMES)
            latest_non_seek = e.event_name
    return flags


@dataclass
class Segment:
    start: float
    end: float
    visibility: str

    @property
    def length(self) -> float:
        return self.end - self.start


def counted_segments(stream: list[Event], cfg: Config = DEFAULT) -> list[Segment]:
    """SPEC 5.3/5.8 counted segments: pairs (previous opener, current closer) whose Δposition is in (0, max_segment) and
    plausible against wall time x max(previous rate, 1) + tolerance."""
    opener_flags = openers(stream)
    segments = []
    for i in range(1, len(stream)):
        prev, cur = stream[i - 1], stream[i]
        if not opener_flags[i - 1] or cur.event_name not in CLOSER_NAMES:
            continue
        if cur.event_name == "seek":
            if cur.from_time is None:
                continue
            end = cur.from_time
        else:
            end = cur.position
        delta = end - prev.position
        wall = (cur.event_at_us - prev.event_at_us) / 1_000_000
        if not (0 < delta < cfg.max_segment_seconds):
            continue
        if delta > wall * max(prev.playback_rate, 1.0) + cfg.plausibility_tolerance_seconds:
            continue
        segments.append(Segment(prev.position, end, prev.visibility))
    return segments


# =============================================================================================
# SPEC 5.4: skips
# =============================================================================================

def skips(stream: list[Event], cfg: Config = DEFAULT) -> tuple[int, int]:
    """SPEC 5.4: (forward, backward). play/resume against the latest pause/ended/seek
    position (a seek's target); a seek against its fromTime, else the previous event."""
    forward = backward = 0
    last_stop_position = None
    for i, e in enumerate(stream):
        delta = None
        if e.event_name in ("play", "resume"):
            if last_stop_position is not None:
                delta = e.position - last_stop_position
        elif e.event_name == "seek":
            if e.from_time is not None:
                delta = e.position - e.from_time
            elif i > 0:
                delta = e.position - stream[i - 1].position
        if delta is not None:
            if delta > cfg.forward_skip_seconds:
                forward += 1
            elif delta < -cfg.backward_skip_seconds:
                backward += 1
        if e.event_name in STOP_NAMES:
            last_stop_position = e.position
    return forward, backward


# =============================================================================================
# SPEC 5.5: unique seconds
# =============================================================================================

def union_length(segments: Iterable[Segment]) -> float:
    """SPEC 5.5: merge with a running maximum of ends: [0,100], [20,50], [60,80] -> 100."""
    total = 0.0
    group_start = group_end = None
    for seg in sorted(segments, key=lambda s: (s.start, s.end)):
        if group_end is not None and seg.start <= group_end:
            group_end = max(group_end, seg.end)
        else:
            if group_end is not None:
                total += group_end - group_start
            group_start, group_end = seg.start, seg.end
    if group_end is not None:
        total += group_end - group_start
    return total


# =============================================================================================
# SPEC 5.6: durations
# =============================================================================================

def resolve_durations(events: list[Event], catalog: dict[str, float]) -> dict[str, tuple]:
    """SPEC 5.6: catalog duration, else the largest position (or fromTime) any user reached."""
    resolved: dict[str, tuple] = {}
    for e in events:
        furthest = max(e.position, e.from_time or 0.0)
        if e.video_id in catalog:
            resolved[e.video_id] = (catalog[e.video_id], "catalog")
        else:
            previous = resolved.get(e.video_id, (0.0, "max_position"))[0]
            resolved[e.video_id] = (max(previous, furthest), "max_position")
    # Project rule where SPEC 5.6 is silent: a largest position of 0 says nothing about the
    # length, so the duration is unknown (no completion, no percentages).
    for video_id, (duration, source) in resolved.items():
        if source == "max_position" and not duration:
            resolved[video_id] = (None, "unknown")
    return resolved


def round2(value: float | None) -> float | None:
    """SQL round(x, 2): half up on the decimal representation of the double."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# =============================================================================================
# Views (SPEC 5.3-5.6, 5.8) and user x video metrics (SPEC 5.5-5.7)
# =============================================================================================

def view_metrics(stream: list[Event], duration: float | None, cfg: Config = DEFAULT) -> dict:
    """One view (user, session, video): SPEC 5.3-5.6 and 5.8, columns of fct_video_views."""
    segments = counted_segments(stream, cfg)
    forward, backward = skips(stream, cfg)
    watch = sum(s.length for s in segments)
    max_position = max(max(e.position, e.from_time or 0.0) for e in stream)
    started = min(e.event_at_us for e in stream)
    ended = max(e.event_at_us for e in stream)
    names = [e.event_name for e in stream]
    return {
        "event_count": len(stream),
        "play_count": names.count("play"),
        "pause_count": names.count("pause"),
        "seek_count": names.count("seek"),
        "watch_seconds": watch,
        "unique_seconds_watched": union_length(segments),
        "foreground_seconds": sum(s.length for s in segments if s.visibility == "foreground"),
        "background_seconds": sum(s.length for s in segments if s.visibility == "background"),
        "max_position_seconds": max_position,
        "last_position_seconds": stream[-1].position,
        # SPEC 5.6; an unknown duration (resolve_durations) completes nothing.
        "is_completed": duration is not None
        and max_position >= cfg.completion_threshold * duration,
        "forward_skips": forward,
        "backward_skips": backward,
        "started_at_us": started,
        "ended_at_us": ended,
        "wall_duration_seconds": (ended - started) / 1_000_000,
        "_segments": segments,
    }


def engagement_tier(score: float, cfg: Config = DEFAULT) -> str:
    """SPEC 5.7 tier on the rounded score."""
    if score > cfg.tier_high:
        return "High"
    if score > cfg.tier_medium:
        return "Medium"
    if score > cfg.tier_low:
        return "Low"
    return "Minimal"


def user_video_metrics(views: list[dict], duration: float | None, source: str,
                       cfg: Config = DEFAULT) -> dict:
    """SPEC 5.5-5.7 user x video metrics (fct_user_video_engagement) from its views."""
    total = sum(v["watch_seconds"] for v in views)
    unique = union_length(s for v in views for s in v["_segments"])
    max_position = max(v["max_position_seconds"] for v in views)
    sessions = len(views)
    completions = sum(1 for v in views if v["is_completed"])
    forward = sum(v["forward_skips"] for v in views)
    backward = sum(v["backward_skips"] for v in views)
    has_duration = bool(duration)  # percentages are null for a null or 0 s duration
    watch_pct = round2(total / duration * 100) if has_duration else None
    score = round2(total / 60 * cfg.weight_watch_minute + completions * cfg.weight_completion
                   + sessions * cfg.weight_session - (forward + backward) * cfg.weight_skip)
    if duration is not None and any(v["watch_seconds"] > cfg.excessive_watch_ratio * duration
                            for v in views):
        flag = "excessive_watch_time"
    elif total < cfg.very_short_watch_seconds:
        flag = "very_short_watch"
    elif completions > 0 and watch_pct is not None and watch_pct < cfg.insufficient_watch_percentage:
        flag = "completed_without_sufficient_watch"
    else:
        flag = "ok"
    return {
        "total_watch_seconds": total,
        "unique_seconds_watched": unique,
        "rewatch_seconds": total - unique,
        "max_position_seconds": max_position,
        "watch_percentage": watch_pct,
        "completion_percentage": (round2(min(max_position, duration) / duration * 100)
                                  if has_duration else None),
        "unique_watch_percentage": (round2(min(unique / duration, 1) * 100)
                                    if has_duration else None),
        "session_count": sessions,
        "completion_count": completions,
        "pause_count": sum(v["pause_count"] for v in views),
        "forward_skips": forward,
        "backward_skips": backward,
        "is_replay": sessions > 1,
        "is_fully_watched": duration is not None
        and unique >= cfg.completion_threshold * duration,
        "engagement_score": score,
        "engagement_tier": engagement_tier(score, cfg),
        "data_quality_flag": flag,
        "duration_seconds": duration,
        "duration_source": source,
        "_unrounded": {
            "watch_percentage": total / duration * 100 if has_duration else None,
            "completion_percentage": (min(max_position, duration) / duration * 100
                                      if has_duration else None),
            "unique_watch_percentage": (min(unique / duration, 1) * 100
                                        if has_duration else None),
            "engagement_score": (total / 60 * cfg.weight_watch_minute
                                 + completions * cfg.weight_completion
                                 + sessions * cfg.weight_session
                                 - (forward + backward) * cfg.weight_skip),
        },
    }


def run_reference(lines: list[tuple[str, str]], catalog: dict[str, float],
                  cfg: Config = DEFAULT) -> ReferenceResult:
    """SPEC 4 then 5: lines -> staged/quarantined -> sessions -> views -> user x video."""
    verdicts = [classify_line(path, raw, catalog, cfg) for path, raw in lines]
    mark_duplicates(verdicts)
    staged = [v.event for v in verdicts if v.reason is None]
    quarantined = [v for v in verdicts if v.reason is not None]
    assign_sessions(staged, cfg)
    durations = resolve_durations(staged, catalog)
    views = {}
    for key, stream in streams(staged).items():
        duration, _ = durations[key[2]]
        views[key] = view_metrics(stream, duration, cfg)
    by_user_video: dict[tuple[str, str], list[dict]] = {}
    for (user, _session, video), view in views.items():
        by_user_video.setdefault((user, video), []).append(view)
    user_videos = {}
    for (user, video), user_views in by_user_video.items():
        duration, source = durations[video]
        user_videos[(user, video)] = user_video_metrics(user_views, duration, source, cfg)
    return ReferenceResult(staged, quarantined, views, user_videos,
                           {k: v[0] for k, v in durations.items()})
