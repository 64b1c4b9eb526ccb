"""Deterministic generator of realistic raw native player events (SPEC 3.1).

Writes a landing folder laid out per SPEC 3::

    OUT/player_events/part-00000.jsonl[.gz] ...   native player events, chunked
    OUT/videos.csv                                 catalog (SPEC 3.4)
    OUT/users.csv                                  user attributes (SPEC 3.4)
    OUT/_generator_manifest.json                   arguments and counts (Spark skips `_` files)

Usage::

    python -m tooling.generate_events --out DIR --events 1000000 --seed 42

How it works
------------
* The catalog, the users and each user's budget of good events are drawn up front from
  ``Random(f"{seed}/catalog")`` and ``Random(f"{seed}/users")``; budgets add up exactly to the
  number of good events, so the event count is exact up to the random share of bad lines
  and duplicates.
* Users are cut into fixed blocks of ``BLOCK_USERS``. Each block has its own
  ``Random(f"{seed}/block/{i}")`` and simulates its users' sessions in start-time order:
  views one after another, play / heartbeat / pause / resume / seek / ended with wall-clock
  timestamps consistent with positions (position advances by wall seconds x rate while
  playing, a little less while buffering), heartbeats every ``--heartbeat-seconds`` of
  wall-clock time while playing, abandonment without a closing event, replays resuming an
  earlier position on a later day, background segments, 1.5x / 2x playback.
* Per session the "SDK" is fixed: context fields, timestamp style (``Z`` with ms, whole
  seconds, local offset or naive UTC), event-name dialect (standard ``video_*``, HTML5
  ``play``/``timeupdate``/``seeked`` without ``fromTime``, upper-case TV aliases), and
  whether it sends ``sessionId`` (an old app version does not), ``playbackRate`` and
  ``visibility``. Events of one view are at least ``MIN_EVENT_SPACING`` apart, so the
  SPEC 5.1 order restores the true order even with whole-second timestamps.
* Bad lines (one defect each, own ``eventId``) and exact re-sent duplicates are drawn per
  good event; the manifest counts them per kind and per expected SPEC 4 quarantine reason.
* Time is cut into slices. For each slice every block emits the sessions starting in it;
  the main process sorts the slice's lines by *arrival time* (event time + network latency,
  plus late and batched uploads and re-sent duplicates) and writes them in that order, carrying
  lines that arrive after the slice into the next one. Output therefore depends only on the
  arguments and the seed, never on ``--workers``, and memory is bounded by one slice.
* With ``--workers K > 1`` the blocks are spread over K worker processes that keep their
  blocks' state across slices; the result is byte-identical to ``--workers 1``.

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import gzip
import heapq
import json
import math
import multiprocessing
import operator
import os
import random
import sys
import time
import traceback
from array import array
from dataclasses import dataclass
from typing import Any

GENERATOR_VERSION = "1.0"

BLOCK_USERS = 200  # users per simulation block (part of the determinism contract)
SLICE_TARGET_EVENTS = 100_000  # lines per time slice, on average (bounds memory)
SESSION_GAP_MIN_SECONDS = 45 * 60  # sessions of one user start >= 45 min after the last ended
MIN_EVENT_SPACING = 1.1  # seconds between consecutive events of one view (see _simulate_view)
LEGACY_APP_VERSION = "3.8.1"  # old SDK that sends no sessionId

# Event codes and the names the player SDK "dialects" use for them (SPEC 3.1 aliases).
PLAY, PAUSE, RESUME, SEEK, HEARTBEAT, ENDED = range(6)
EVENT_TYPES = ("play", "pause", "resume", "seek", "heartbeat", "ended")
DIALECT_STANDARD = (
    "video_play",
    "video_pause",
    "video_resume",
    "video_seek",
    "video_heartbeat",
    "video_ended",
)
# HTML5 media element events: resume is a second `play`, `seeked` carries no `fromTime`.
DIALECT_HTML5 = ("play", "pause", "play", "seeked", "timeupdate", "ended")
# An old TV app: upper case names and aliases.
DIALECT_LEGACY_TV = ("PLAY", "PAUSE", "RESUME", "SEEK", "PROGRESS", "COMPLETE")

BAD_KINDS = (
    "truncated_json",
    "json_array",
    "missing_user_id",
    "unknown_event_name",
    "invalid_timestamp",
    "negative_position",
    "non_numeric_position",
    "position_beyond_duration",
)
# The SPEC 4 quarantine reason each kind of bad line must end up with.
BAD_KIND_REASON = {
    "truncated_json": "malformed_json",
    "json_array": "malformed_json",
    "missing_user_id": "missing_required_field",
    "unknown_event_name": "unknown_event_name",
    "invalid_timestamp": "invalid_timestamp",
    "negative_position": "invalid_position",
    "non_numeric_position": "invalid_position",
    "position_beyond_duration": "position_exceeds_duration",
}
UNKNOWN_EVENT_NAMES = (
    "video_buffering",
    "ad_start",
    "ad_complete",
    "quality_change",
    "fullscreen_enter",
    "volume_change",
    "video_load",
    "CAPTIONS_ON",
)
BAD_TIMESTAMPS = (
    "not-a-timestamp",
    "2024-13-45T25:61:00Z",
    "N/A",
    "Tuesday morning",
    "00/00/0000 99:99",
)
BAD_POSITIONS = ('"abc"', '"n/a"', '"twelve"', '"12s"')

# (country, weight, UTC offset in minutes). Offsets only change how a timestamp is written.
COUNTRIES = (
    ("US", 26, -300),
    ("GB", 10, 0),
    ("DE", 10, 60),
    ("FR", 7, 60),
    ("IN", 9, 330),
    ("BR", 7, -180),
    ("JP", 5, 540),
    ("CA", 5, -300),
    ("ES", 4, 60),
    ("NL", 3, 60),
    ("FI", 2, 120),
    ("ZA", 2, 120),
    ("MX", 4, -360),
    ("AU", 3, 600),
    ("PL", 3, 60),
)
COUNTRY_CODES = tuple(c[0] for c in COUNTRIES)
COUNTRY_WEIGHTS = tuple(c[1] for c in COUNTRIES)
COUNTRY_OFFSET_MIN = {c[0]: c[2] for c in COUNTRIES}

# (device, weight, operating systems, supports background playback and visibility)
DEVICES = (
    ("mobile", 50, ("iOS 17.2", "iOS 16.7", "Android 14", "Android 13", "Android 12")),
    ("desktop", 28, ("Windows 11", "Windows 10", "macOS 14.2", "macOS 13.6", "Linux")),
    ("tablet", 10, ("iPadOS 17.2", "Android 13")),
    ("tv", 12, ("tvOS 17.2", "Android TV 12", "webOS 6.0", "Tizen 7.0")),
)
DEVICE_WEIGHTS = tuple(d[1] for d in DEVICES)
APP_VERSIONS = ("5.4.0", "5.3.2", "5.2.1", "5.1.0", "4.9.7")
APP_VERSION_WEIGHTS = (35, 30, 18, 11, 6)

# Local hour-of-day weights for session starts (evening peak).
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 1, 2, 4, 5, 5, 5, 5, 6, 6, 5, 5, 6, 8, 10, 12, 13, 12, 9, 5)

GENRES = (
    ("Education", ("Linear Algebra", "World History", "Grammar", "Statistics", "Chemistry")),
    ("Technology", ("Apache Spark", "dbt Models", "Kubernetes", "Python Typing", "SQL Windows")),
    ("Entertainment", ("Late Night Sketches", "Movie Trailers", "Stand-up Sets", "Pranks")),
    ("Sports", ("Football Highlights", "Marathon Training", "Tennis Drills", "Climbing")),
    ("Music", ("Live Sessions", "Guitar Lessons", "Lo-fi Mix", "Jazz Standards")),
    ("News", ("Morning Briefing", "Markets Today", "Election Night", "Weather Week")),
    ("Gaming", ("Speedruns", "Strategy Guides", "Indie Spotlight", "Esports Finals")),
    ("Cooking", ("Sourdough", "Weeknight Pasta", "Knife Skills", "Vegan Baking")),
    ("Travel", ("Lisbon", "Kyoto", "Patagonia", "Road Trips")),
    ("Science", ("Black Holes", "CRISPR", "Climate Models", "Quantum Computing")),
)
TITLE_TEMPLATES = (
    "{topic} in 10 Minutes",
    "{topic}, Explained",
    "The Beginner's Guide to {topic}",
    "{topic}: Tips, Tricks and Traps",
    "Why {topic} Matters",
    "{topic} Deep Dive",
    "Everything About {topic}",
    "{topic} Q&A",
    "{topic}, Part {part}",
    "{topic} Live",
)
SUBSCRIPTION_TIERS = (("free", 60), ("basic", 25), ("premium", 15))
AGE_GROUPS = (("18-24", 22), ("25-34", 30), ("35-44", 22), ("45-54", 14), ("55+", 9), ("", 3))
GENDERS = (("female", 46), ("male", 46), ("non_binary", 3), ("", 5))
N_CHANNELS = 12
_ARRIVAL = operator.itemgetter(0)


# --------------------------------------------------------------------------------------
# Arguments and the up-front plan
# --------------------------------------------------------------------------------------


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value < 0.5:
        raise argparse.ArgumentTypeError(f"must be in [0, 0.5): {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1: {text}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.generate_events",
        description="Generate a deterministic landing folder of raw native player events "
        "(SPEC 3.1) with videos.csv and users.csv.",
    )
    parser.add_argument("--out", required=True, help="landing folder to write (created)")
    parser.add_argument("--events", type=_positive_int, required=True, help="total lines, about")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--bad-line-share", type=_share, default=0.01)
    parser.add_argument("--duplicate-share", type=_share, default=0.01)
    parser.add_argument("--users", type=_positive_int, help="default: events / 200")
    parser.add_argument("--videos", type=_positive_int, help="default: events / 2000, 10..5000")
    parser.add_argument("--days", type=_positive_int, default=30)
    parser.add_argument("--start-date", type=_date, default=dt.date(2024, 1, 1))
    parser.add_argument("--chunk-events", type=_positive_int, default=250_000)
    parser.add_argument(
        "--gzip-share", type=float, default=0.0, help="share of chunks written as .jsonl.gz"
    )
    parser.add_argument("--heartbeat-seconds", type=float, default=10.0)
    parser.add_argument(
        "--missing-session-share",
        type=_share,
        default=0.03,
        help="share of sessions from an old SDK that sends no sessionId",
    )
    parser.add_argument("--workers", type=_positive_int, default=1, help="processes")
    parser.add_argument("--quiet", action="store_true")
    return parser


@dataclass
class Plan:
    """Everything the blocks need; picklable for worker processes."""

    seed: int
    n_events: int
    n_good: int
    p_bad: float  # per good event
    p_dup: float  # per good event
    n_days: int
    period_start: float  # epoch seconds, start date 00:00 UTC
    heartbeat_seconds: float
    missing_session_share: float
    video_ids: list[str]
    video_durations: list[int]
    popularity_cum: list[int]
    user_ids: list[str]
    user_countries: list[str]
    user_signup_days: list[int]  # relative to period start; negative = before the period
    user_budgets: list[int]
    n_blocks: int
    slice_ends: list[float]


def _weighted(rng: random.Random, items: tuple, weights: tuple):
    return rng.choices(items, weights)[0]


def make_catalog(seed: int, n_videos: int) -> tuple[list[dict[str, Any]], list[int]]:
    """Videos (SPEC 3.4) and integer popularity weights (Zipf-like, shuffled)."""
    rng = random.Random(f"{seed}/catalog")
    channels = []
    for i in range(N_CHANNELS):
        genre_index = i % len(GENRES)
        channels.append((f"channel_{i + 1:03d}", genre_index))
    videos = []
    for i in range(n_videos):
        channel_id, genre_index = channels[rng.randrange(N_CHANNELS)]
        if rng.random() < 0.15:  # channels sometimes leave their main genre
            genre_index = rng.randrange(len(GENRES))
        genre, topics = GENRES[genre_index]
        template = rng.choice(TITLE_TEMPLATES)
        title = template.format(topic=rng.choice(topics), part=rng.randint(2, 9))
        duration = int(round(rng.lognormvariate(math.log(330), 0.75)))
        duration = min(3600, max(60, duration))
        videos.append(
            {
                "video_id": f"video_{i + 1:05d}",
                "title": title,
                "genre": genre,
                "channel_id": channel_id,
                "duration_seconds": duration,
            }
        )
    ranks = list(range(1, n_videos + 1))
    rng.shuffle(ranks)
    popularity = [max(1, int(1_000_000 / rank**1.1)) for rank in ranks]
    return videos, popularity


def make_users(seed: int, n_users: int, n_days: int, start: dt.date) -> list[dict[str, Any]]:
    rng = random.Random(f"{seed}/users")
    tiers, tier_w = zip(*SUBSCRIPTION_TIERS)
    ages, age_w = zip(*AGE_GROUPS)
    genders, gender_w = zip(*GENDERS)
    users = []
    for i in range(n_users):
        if rng.random() < 0.3:  # signs up during the period: a new user
            signup_day = rng.randrange(n_days)
        else:
            signup_day = -rng.randint(1, 900)
        users.append(
            {
                "user_id": f"user_{i + 1:06d}",
                "signup_date": (start + dt.timedelta(days=signup_day)).isoformat(),
                "subscription_tier": _weighted(rng, tiers, tier_w),
                "age_group": _weighted(rng, ages, age_w),
                "gender": _weighted(rng, genders, gender_w),
                "country": _weighted(rng, COUNTRY_CODES, COUNTRY_WEIGHTS),
                "_signup_day": signup_day,
                "_weight": int(rng.lognormvariate(0.0, 0.9) * 10_000) + 1,
            }
        )
    return users


def make_plan(args: argparse.Namespace) -> tuple[Plan, list[dict], list[dict]]:
    n_events = args.events
    n_users = args.users or max(10, round(n_events / 200))
    n_videos = args.videos or min(5000, max(10, round(n_events / 2000)))
    n_bad = round(n_events * args.bad_line_share)
    n_dup = round(n_events * args.duplicate_share)
    n_good = max(1, n_events - n_bad - n_dup)
    videos, popularity = make_catalog(args.seed, n_videos)
    users = make_users(args.seed, n_users, args.days, args.start_date)

    # Exact split of the good events over users, proportional to integer weights.
    total_weight = sum(u["_weight"] for u in users)
    budgets, cum, previous = [], 0, 0
    for user in users:
        cum += user["_weight"]
        upto = n_good * cum // total_weight
        budgets.append(upto - previous)
        previous = upto

    popularity_cum, acc = [], 0
    for weight in popularity:
        acc += weight
        popularity_cum.append(acc)

    period_start = dt.datetime.combine(args.start_date, dt.time(), dt.timezone.utc).timestamp()
    n_slices = max(args.days, math.ceil(n_events / SLICE_TARGET_EVENTS))
    slice_seconds = args.days * 86400 / n_slices
    slice_ends = [period_start + (k + 1) * slice_seconds for k in range(n_slices - 1)]
    slice_ends.append(math.inf)  # the last slice also takes sessions spilling past the period

    plan = Plan(
        seed=args.seed,
        n_events=n_events,
        n_good=n_good,
        p_bad=n_bad / n_good,
        p_dup=n_dup / n_good,
        n_days=args.days,
        period_start=period_start,
        heartbeat_seconds=args.heartbeat_seconds,
        missing_session_share=args.missing_session_share,
        video_ids=[v["video_id"] for v in videos],
        video_durations=[v["duration_seconds"] for v in videos],
        popularity_cum=popularity_cum,
        user_ids=[u["user_id"] for u in users],
        user_countries=[u["country"] for u in users],
        user_signup_days=[u["_signup_day"] for u in users],
        user_budgets=budgets,
        n_blocks=math.ceil(n_users / BLOCK_USERS),
        slice_ends=slice_ends,
    )
    return plan, videos, users


# --------------------------------------------------------------------------------------
# Simulation of one block of users
# --------------------------------------------------------------------------------------


def _num(x: float) -> str:
    """A JSON number with at most 3 decimals and no trailing zeros."""
    text = f"{x:.3f}".rstrip("0")
    return text[:-1] if text.endswith(".") else text


# "SS.mmm" for every millisecond of a minute
_SECONDS_MS = tuple("%02d.%03d" % divmod(ms, 1000) for ms in range(60_000))
# minute since the epoch -> "YYYY-MM-DDTHH:MM:", shared by all blocks of a process
_MINUTE_PREFIX: dict[int, str] = {}
_UUID_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}


def _uuid4(bits: int) -> str:
    """A version-4 UUID string from 128 random bits (uuid.UUID is slower)."""
    h = "%032x" % bits
    return (
        h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + _UUID_VARIANT[h[16]] + h[17:20]
        + "-" + h[20:]
    )


class _User:
    __slots__ = (
        "uid",
        "country",
        "offset_ms",
        "offset_str",
        "profiles",
        "starts",
        "sizes",
        "next_session",
        "unfinished",
        "finished",
        "completion_bias",
    )


class BlockSim:
    """Simulates the users of one block; ``run_until`` emits sessions slice by slice."""

    def __init__(self, plan: Plan, block: int) -> None:
        self.plan = plan
        self.block = block
        self.rng = rng = random.Random(f"{plan.seed}/block/{block}")
        self.heap: list[tuple[float, int]] = []
        self.users: list[_User] = []
        self.stats = new_stats()
        lo = block * BLOCK_USERS
        hi = min(len(plan.user_ids), lo + BLOCK_USERS)
        for local, ui in enumerate(range(lo, hi)):
            user = self._plan_user(rng, ui)
            self.users.append(user)
            if user.starts:
                self.heap.append((user.starts[0], local))
        self.heap.sort()

    # -- planning ---------------------------------------------------------------------

    def _plan_user(self, rng: random.Random, ui: int) -> _User:
        plan = self.plan
        user = _User()
        user.uid = plan.user_ids[ui]
        user.country = plan.user_countries[ui]
        offset_min = COUNTRY_OFFSET_MIN[user.country]
        user.offset_ms = offset_min * 60_000
        sign = "+" if offset_min >= 0 else "-"
        user.offset_str = f"{sign}{abs(offset_min) // 60:02d}:{abs(offset_min) % 60:02d}"
        profiles = []
        for _ in range(2):  # a primary and a secondary device
            device, _, systems = _weighted(rng, DEVICES, DEVICE_WEIGHTS)
            profiles.append(
                (device, rng.choice(systems), _weighted(rng, APP_VERSIONS, APP_VERSION_WEIGHTS))
            )
        user.profiles = profiles
        user.completion_bias = rng.uniform(0.6, 1.4)
        user.unfinished = {}  # video index -> last position, most recent last
        user.finished = []
        user.next_session = 0

        # Session sizes (good events) until the user's budget is used up.
        budget = plan.user_budgets[ui]
        sizes = []
        while budget > 0:
            if rng.random() < 0.08:
                size = rng.choice((1, 2))  # drop-off session: a play, maybe a quick pause
            else:
                size = max(3, min(4000, int(rng.lognormvariate(math.log(40), 0.85))))
            size = min(size, budget)
            sizes.append(size)
            budget -= size
        user.sizes = sizes

        # Start times: a new user's first session is on the signup day.
        signup_day = plan.user_signup_days[ui]
        first_day = max(0, signup_day)
        last_day = plan.n_days - 1
        if rng.random() < 0.25:  # churns: active only until some day
            last_day = rng.randint(first_day, last_day)
        starts = []
        for i in range(len(sizes)):
            day = first_day if (i == 0 and signup_day >= 0) else rng.randint(first_day, last_day)
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            local_seconds = hour * 3600 + rng.random() * 3600
            start = plan.period_start + day * 86400 + local_seconds - offset_min * 60
            # not before the period, nor before the signup date (a UTC date)
            floor = plan.period_start + first_day * 86400 + rng.random() * 600
            starts.append(max(floor, start))
        starts.sort()
        user.starts = starts
        return user

    # -- output -----------------------------------------------------------------------

    def run_until(self, slice_end: float) -> list[tuple[float, str]]:
        """Lines (arrival time, text) of all sessions starting before ``slice_end``."""
        heap = self.heap
        out: list[tuple[float, str]] = []
        while heap and heap[0][0] < slice_end:
            start, local = heap[0]
            user = self.users[local]
            index = user.next_session
            end = self._simulate_session(user, start, user.sizes[index], out)
            index += 1
            user.next_session = index
            if index < len(user.starts):
                gap = SESSION_GAP_MIN_SECONDS + self.rng.expovariate(1 / 1800)
                nxt = max(user.starts[index], end + gap)
                heapq.heapreplace(heap, (nxt, local))
            else:
                heapq.heappop(heap)
        return out

    def _fmt_ts(self, t: float, style: int, user: _User) -> str:
        """ISO-8601 text of epoch seconds ``t``. style 0: `Z` with milliseconds,
        1: `Z` in whole seconds (truncated), 2: the user's local offset, 3: naive UTC."""
        ms = int(t * 1000.0 + 0.5)
        if style == 2:
            ms += user.offset_ms
        minute, rem = divmod(ms, 60_000)
        prefix = _MINUTE_PREFIX.get(minute)
        if prefix is None:  # "YYYY-MM-DDTHH:MM:" of this minute
            day, minute_of_day = divmod(minute, 1440)
            date = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
            prefix = "%sT%02d:%02d:" % (date, minute_of_day // 60, minute_of_day % 60)
            if len(_MINUTE_PREFIX) > 100_000:  # a pure function: clearing is harmless
                _MINUTE_PREFIX.clear()
            _MINUTE_PREFIX[minute] = prefix
        if style == 0:
            return prefix + _SECONDS_MS[rem] + "Z"
        if style == 1:
            return prefix + _SECONDS_MS[rem][:2] + "Z"
        if style == 2:
            return prefix + _SECONDS_MS[rem] + user.offset_str
        return prefix + _SECONDS_MS[rem]

    # -- one session ------------------------------------------------------------------

    def _simulate_session(
        self, user: _User, start: float, budget: int, out: list[tuple[float, str]]
    ) -> float:
        plan = self.plan
        rng = self.rng
        stats = self.stats
        rand = rng.random
        getrandbits = rng.getrandbits
        durations = plan.video_durations
        p_bad = plan.p_bad
        p_bad_dup = plan.p_bad + plan.p_dup
        hb = plan.heartbeat_seconds
        fmt_ts = self._fmt_ts
        counts = stats["events_by_type"]

        # Session context: constant for the whole session.
        device, device_os, app_version = user.profiles[0 if rand() < 0.8 else 1]
        has_session_id = rand() >= plan.missing_session_share
        if not has_session_id:
            app_version = LEGACY_APP_VERSION
        country = user.country if rand() >= 0.03 else rng.choice(COUNTRY_CODES)  # travelling
        r = rand()
        if device == "desktop" and r < 0.15:
            names = DIALECT_HTML5
        elif device == "tv" and r < 0.3:
            names = DIALECT_LEGACY_TV
        else:
            names = DIALECT_STANDARD
        sends_from_time = names is not DIALECT_HTML5
        r = rand()
        style = 2 if r < 0.07 else 3 if r < 0.11 else 1 if r < 0.15 else 0
        can_background = device != "tv"  # TV apps: no background, no speed control
        sends_rate_1 = can_background and rand() < 0.3
        sends_visibility = can_background and rand() < 0.6
        user_part = f'"userId":"{user.uid}",'
        session_part = f'"sessionId":"{getrandbits(64):016x}",' if has_session_id else ""
        tail = (
            f',"device":"{device}","deviceOs":"{device_os}",'
            f'"appVersion":"{app_version}","country":"{country}"}}'
        )
        stats["sessions"] += 1
        if not has_session_id:
            stats["sessions_without_session_id"] += 1

        events: list[tuple[float, str]] = []
        duplicates: list[int] = []
        bad: list[tuple[float, str]] = []
        # View state read by emit(); rebound by the view loop below.
        state = {"head": "", "duration": 0, "rate": 1.0, "bg": False}

        rate_visibility: dict[tuple[float, bool], str] = {}

        def emit(code: int, pos: float, t: float, from_pos: float | None = None) -> None:
            event_id = _uuid4(getrandbits(128))
            ts = fmt_ts(t, style, user)
            key = (state["rate"], state["bg"])
            extra = rate_visibility.get(key)
            if extra is None:
                extra = ""
                if key[0] != 1.0:
                    extra = ',"playbackRate":' + _num(key[0])
                elif sends_rate_1:
                    extra = ',"playbackRate":1'
                if sends_visibility:
                    extra += ',"visibility":"' + ("background" if key[1] else "foreground") + '"'
                rate_visibility[key] = extra
            if from_pos is not None and sends_from_time:
                extra = ',"fromTime":' + _num(from_pos) + extra
            head = state["head"]
            pos_text = _num(pos)
            events.append(
                (
                    t,
                    '{"eventId":"' + event_id + '","timestamp":"' + ts + '",' + head
                    + '"eventName":"' + names[code] + '","currentTime":' + pos_text
                    + extra + tail,
                )
            )
            counts[code] += 1
            r = rand()
            if r < p_bad_dup:
                if r < p_bad:
                    bad.append(
                        (
                            t,
                            self._bad_line(
                                names[code], ts, pos_text, extra, head, tail, state["duration"]
                            ),
                        )
                    )
                else:
                    duplicates.append(len(events) - 1)

        t = start
        in_session: set[int] = set()
        dropoff_session = budget <= 2
        while budget > 0:
            video, start_pos = self._choose_video(user, in_session)
            in_session.add(video)
            duration = durations[video]
            state["head"] = user_part + session_part + f'"videoId":"{plan.video_ids[video]}",'
            state["duration"] = duration
            r = rand()
            state["rate"] = 1.0 if (r < 0.88 or not can_background) else 1.5 if r < 0.96 else 2.0
            state["bg"] = False
            stats["views"] += 1
            # How much the viewer means to watch (position seconds of playback).
            if dropoff_session:
                intent = rng.uniform(1.5, 8.0)
            else:
                p_complete = 0.5 if duration <= 300 else 0.32 if duration <= 900 else 0.18
                r = rand()
                if r < p_complete * user.completion_bias:
                    intent = math.inf
                elif r > 0.85:
                    intent = rng.uniform(1.0, 30.0)  # early abandonment
                else:
                    intent = (duration - start_pos) * rng.random() ** 1.3
            t, budget, last_pos, completed = self._simulate_view(
                emit,
                state,
                t,
                start_pos,
                duration,
                intent,
                budget,
                hb,
                can_background and sends_visibility,
                can_background,
                dropoff_session,
            )
            if completed:
                stats["views_ended"] += 1
                user.unfinished.pop(video, None)
                if video not in user.finished:
                    user.finished.append(video)
                    if len(user.finished) > 20:
                        del user.finished[0]
            elif 10.0 < last_pos < 0.9 * duration:
                user.unfinished.pop(video, None)
                user.unfinished[video] = last_pos
                if len(user.unfinished) > 8:
                    del user.unfinished[next(iter(user.unfinished))]
            # Browse to the next video (autoplay after an ended is quicker).
            t += rng.uniform(1.5, 6.0) if completed and rand() < 0.5 else rng.uniform(3.0, 90.0)

        # Arrival times: normal latency, a few late lines, whole sessions uploaded late
        # (offline playback), re-sent duplicates.
        session_end = events[-1][0] if events else start
        if rand() < 0.02:
            stats["sessions_uploaded_late"] += 1
            upload = session_end + rng.uniform(60.0, 6 * 3600.0)
            arrivals = [upload + rand() * 2.0 for _ in events]  # batch, in no order
        else:
            arrivals = []
            for ts_event, _ in events:
                if rand() < 0.005:
                    arrivals.append(ts_event + rng.uniform(60.0, 3 * 3600.0))
                    stats["lines_late"] += 1
                else:
                    arrivals.append(ts_event + 0.05 + rand() * 1.5)
        for arrival, (_, line) in zip(arrivals, events):
            out.append((arrival, line))
        for index in duplicates:
            delay = rng.uniform(0.5, 30.0) if rand() < 0.7 else rng.uniform(30.0, 3 * 3600.0)
            out.append((arrivals[index] + delay, events[index][1]))
        for ts_event, line in bad:
            out.append((ts_event + 0.05 + rand() * 1.5, line))
        stats["good_events"] += len(events)
        stats["duplicates"] += len(duplicates)
        return session_end

    def _choose_video(self, user: _User, in_session: set[int]) -> tuple[int, float]:
        rng = self.rng
        r = rng.random()
        if r < 0.22 and user.unfinished:
            candidates = [v for v in list(user.unfinished)[-3:] if v not in in_session]
            if candidates:
                video = rng.choice(candidates)
                if rng.random() < 0.85:  # "continue watching": resume where they left
                    self.stats["views_resumed"] += 1
                    return video, user.unfinished[video]
                return video, 0.0
        elif r > 0.95 and user.finished:
            video = rng.choice(user.finished)
            if video not in in_session:
                return video, 0.0  # rewatch from the start
        cum = self.plan.popularity_cum
        for _ in range(6):
            video = bisect.bisect_right(cum, rng.random() * cum[-1])
            if video not in in_session:
                break
        return video, 0.0

    def _simulate_view(
        self,
        emit,
        state: dict,
        t: float,
        pos: float,
        duration: int,
        intent: float,
        budget: int,
        hb: float,
        visibility_changes: bool,
        speed_changes: bool,
        dropoff: bool,
    ) -> tuple[float, int, float, bool]:
        """Play one video. Returns (wall time, budget left, last position, ended?).

        Invariants the pipeline relies on (SPEC 5.3): while playing, position advances by
        at most wall seconds x rate; positions stay within [0, duration + 1]; consecutive
        events of a view are at least MIN_EVENT_SPACING apart, so even whole-second
        timestamps keep their order.
        """
        rng = self.rng
        rand = rng.random
        uniform = rng.uniform
        expovariate = rng.expovariate
        emit(PLAY, pos, t)
        budget -= 1
        watch_left = intent
        while budget > 0:
            # ---- one playing run from (t, pos) ----
            rate = state["rate"]
            eff = rate if rand() >= 0.05 else rate * uniform(0.8, 0.98)  # buffering stalls
            d_end = max(0.0, (duration - pos) / eff)
            d_intent = watch_left / eff
            d_pause = expovariate(1 / 420.0)
            d_seek = expovariate(1 / 480.0)
            d = min(d_end, d_intent, d_pause, d_seek)
            if d == d_end:
                action = ENDED
            elif d == d_intent:
                action = None  # the viewer stops watching
            elif d == d_pause:
                action = PAUSE
            else:
                action = SEEK
            if d < MIN_EVENT_SPACING:
                # keep events apart; position then advances less than wall x rate (allowed)
                d = MIN_EVENT_SPACING
                if pos + d * eff >= duration:
                    action = ENDED
            # heartbeats while playing: a player timer, every hb seconds of wall-clock time
            # (a little late each time), so at 2x a heartbeat covers 2 x hb of position
            tick = hb + rand() * 0.25
            while tick < d - MIN_EVENT_SPACING:
                if visibility_changes:  # app or tab goes to the background and back
                    if state["bg"]:
                        if rand() < 0.08:
                            state["bg"] = False
                    elif rand() < 0.012:
                        state["bg"] = True
                emit(HEARTBEAT, pos + tick * eff, t + tick)
                budget -= 1
                if budget == 0:
                    return t + tick, 0, pos + tick * eff, False
                tick += hb + rand() * 0.25
            t += d
            if action == ENDED:
                # the media file may run a little past the catalog's whole seconds
                end_pos = duration + (uniform(0.0, 0.9) if rand() < 0.3 else 0.0)
                emit(ENDED, end_pos, t)
                return t, budget - 1, end_pos, True
            pos = min(float(duration), pos + d * eff)
            watch_left -= d * eff
            if action is None:
                # leaves: a pause (then navigates away) or no closing event at all
                if dropoff or rand() < 0.4:
                    emit(PAUSE, pos, t)
                    budget -= 1
                return t, budget, pos, False
            if action == PAUSE:
                emit(PAUSE, pos, t)
                budget -= 1
                if budget == 0:
                    break
                r = rand()
                if r < 0.7:
                    gap = uniform(2.0, 60.0)
                elif r < 0.92:
                    gap = uniform(60.0, 600.0)
                elif r < 0.99:
                    gap = uniform(600.0, 1700.0)
                else:
                    gap = uniform(1800.0, 4 * 3600.0)  # a long pause in one session
                if gap > 3 * MIN_EVENT_SPACING and rand() < 0.12:
                    # scrubs while paused: the seek is not an opener (SPEC 5.3)
                    target = self._seek_target(pos, duration)
                    seek_t = t + uniform(MIN_EVENT_SPACING, gap - MIN_EVENT_SPACING)
                    emit(SEEK, target, seek_t, pos)
                    budget -= 1
                    if budget == 0:
                        break
                    pos = target
                t += gap
                if rand() < 0.03 and speed_changes:  # changes speed before resuming
                    state["rate"] = rng.choice((1.0, 1.5, 2.0))
                emit(RESUME, pos, t)
                budget -= 1
            else:  # seek while playing: the seek closes one segment and opens the next
                target = self._seek_target(pos, duration)
                emit(SEEK, target, t, pos)
                budget -= 1
                if budget > 0 and rand() < 0.1:  # dragging the scrubber: a second seek
                    t += uniform(MIN_EVENT_SPACING, 2.5)
                    second = self._seek_target(target, duration)
                    emit(SEEK, second, t, target)
                    budget -= 1
                    target = second
                pos = target
        return t, budget, pos, False

    def _seek_target(self, pos: float, duration: int) -> float:
        rng = self.rng
        r = rng.random()
        if r < 0.15:  # small nudge, below the skip thresholds
            target = pos + rng.uniform(-1.5, 4.0)
        elif r < 0.6:  # forward skip
            target = pos + rng.uniform(6.0, max(7.0, 0.35 * (duration - pos)))
        else:  # backward skip
            target = pos - rng.uniform(3.0, 90.0)
        return round(min(max(0.0, target), duration - 1.5), 3)

    def _bad_line(
        self,
        name: str,
        ts: str,
        pos_text: str,
        extra: str,
        head: str,
        tail: str,
        duration: int,
    ) -> str:
        rng = self.rng
        event_id = _uuid4(rng.getrandbits(128))
        kind_index = rng.randrange(len(BAD_KINDS))
        self.stats["bad_lines_by_kind"][BAD_KINDS[kind_index]] += 1
        if kind_index == 2:  # missing userId: absent, null or empty
            user_part = rng.choice(("", '"userId":null,', '"userId":"",'))
            head = user_part + head[head.index(",") + 1 :]
        elif kind_index == 3:
            name = rng.choice(UNKNOWN_EVENT_NAMES)
        elif kind_index == 4:
            ts = rng.choice(BAD_TIMESTAMPS)
        elif kind_index == 5:
            pos_text = _num(-rng.uniform(0.5, 120.0))
        elif kind_index == 6:
            pos_text = rng.choice(BAD_POSITIONS)
        elif kind_index == 7:
            pos_text = _num(duration * rng.uniform(1.5, 4.0) + 60.0)
        line = (
            '{"eventId":"' + event_id + '","timestamp":"' + ts + '",' + head
            + '"eventName":"' + name + '","currentTime":' + pos_text + extra + tail
        )
        if kind_index == 0:
            return line[: rng.randint(12, len(line) - 2)]
        if kind_index == 1:
            return "[" + line + "]"
        return line


def new_stats() -> dict[str, Any]:
    return {
        "good_events": 0,
        "duplicates": 0,
        "bad_lines_by_kind": {kind: 0 for kind in BAD_KINDS},
        "events_by_type": [0] * len(EVENT_TYPES),
        "sessions": 0,
        "sessions_without_session_id": 0,
        "sessions_uploaded_late": 0,
        "lines_late": 0,
        "views": 0,
        "views_ended": 0,
        "views_resumed": 0,
    }


def merge_stats(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            for k, v in value.items():
                total[key][k] += v
        elif isinstance(value, list):
            for i, v in enumerate(value):
                total[key][i] += v
        else:
            total[key] += value


# --------------------------------------------------------------------------------------
# Block runners: in-process or in worker processes (same output)
# --------------------------------------------------------------------------------------


class _InlineRunner:
    def __init__(self, plan: Plan) -> None:
        self.sims = [BlockSim(plan, b) for b in range(plan.n_blocks)]

    def request(self, slice_end: float) -> None:
        self.slice_end = slice_end

    def collect(self) -> list[tuple[float, str]]:
        out: list[tuple[float, str]] = []
        for sim in self.sims:
            out.extend(sim.run_until(self.slice_end))
        return out

    def finish(self) -> dict[str, Any]:
        stats = new_stats()
        for sim in self.sims:
            merge_stats(stats, sim.stats)
        return stats


def _pack(lines: list[tuple[float, str]]) -> tuple[bytes, str]:
    """(arrival, line) pairs as two flat objects: far cheaper to pickle than tuples.
    Sorted by arrival first, which leaves the main process's stable sort the same result
    and less work."""
    lines.sort(key=_ARRIVAL)
    return array("d", [a for a, _ in lines]).tobytes(), "\n".join([t for _, t in lines])


def _unpack(packed: tuple[bytes, str]) -> list[tuple[float, str]]:
    arrivals = array("d")
    arrivals.frombytes(packed[0])
    if not arrivals:
        return []
    return list(zip(arrivals, packed[1].split("\n")))


def _worker_main(conn, plan: Plan, blocks: list[int]) -> None:
    try:
        sims = [BlockSim(plan, b) for b in blocks]
        while True:
            message = conn.recv()
            if message is None:
                stats = new_stats()
                for sim in sims:
                    merge_stats(stats, sim.stats)
                conn.send(("stats", stats))
                break
            conn.send(("lines", [_pack(sim.run_until(message)) for sim in sims]))
    except BaseException:  # report, the main process raises
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


class _ProcessRunner:
    """Block b lives in worker b % K; results are reassembled in block order."""

    def __init__(self, plan: Plan, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.assignment = [list(range(w, plan.n_blocks, workers)) for w in range(workers)]
        self.n_blocks = plan.n_blocks
        self.conns, self.procs = [], []
        for blocks in self.assignment:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker_main, args=(child, plan, blocks), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def _recv(self, conn, expected: str):
        kind, payload = conn.recv()
        if kind == "error":
            self.close()
            raise RuntimeError(f"generator worker failed:\n{payload}")
        assert kind == expected, kind
        return payload

    def request(self, slice_end: float) -> None:
        for conn in self.conns:
            conn.send(slice_end)

    def collect(self) -> list[tuple[float, str]]:
        per_block: list[list[tuple[float, str]]] = [[] for _ in range(self.n_blocks)]
        for conn, blocks in zip(self.conns, self.assignment):
            for block, packed in zip(blocks, self._recv(conn, "lines")):
                per_block[block] = _unpack(packed)
        out: list[tuple[float, str]] = []
        for lines in per_block:
            out.extend(lines)
        return out

    def finish(self) -> dict[str, Any]:
        stats = new_stats()
        for conn in self.conns:
            conn.send(None)
        for conn in self.conns:
            merge_stats(stats, self._recv(conn, "stats"))
        self.close()
        return stats

    def close(self) -> None:
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


class ChunkWriter:
    """Writes lines to part-NNNNN.jsonl files of at most ``chunk_events`` lines."""

    def __init__(self, folder: str, chunk_events: int, gzip_share: float) -> None:
        self.folder = folder
        self.chunk_events = chunk_events
        self.gzip_share = gzip_share
        self.index = -1
        self.in_chunk = 0
        self.handle = None
        self.raw = None
        self.files: list[dict[str, Any]] = []

    def _is_gzipped(self, index: int) -> bool:
        # Exactly floor(n * share) of the first n chunks are gzipped, spread evenly.
        share = self.gzip_share
        return math.floor((index + 1) * share + 1e-9) > math.floor(index * share + 1e-9)

    def _open_next(self) -> None:
        self._close()
        self.index += 1
        gz = self._is_gzipped(self.index)
        name = f"part-{self.index:05d}.jsonl" + (".gz" if gz else "")
        path = os.path.join(self.folder, name)
        if gz:
            self.raw = open(path, "wb")
            # mtime=0 and no file name in the header: byte-identical reruns
            self.handle = gzip.GzipFile(
                filename="", mode="wb", fileobj=self.raw, compresslevel=6, mtime=0
            )
        else:
            self.raw = None
            self.handle = open(path, "wb")
        self.files.append({"file": f"player_events/{name}", "lines": 0, "gzip": gz})
        self.in_chunk = 0

    def write(self, lines: list[str]) -> None:
        start = 0
        while start < len(lines):
            if self.handle is None or self.in_chunk >= self.chunk_events:
                self._open_next()
            take = min(len(lines) - start, self.chunk_events - self.in_chunk, 20_000)
            batch = lines[start : start + take]
            self.handle.write(("\n".join(batch) + "\n").encode("utf-8"))
            self.in_chunk += take
            self.files[-1]["lines"] += take
            start += take

    def _close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            if self.raw is not None:
                self.raw.close()
        self.handle = None
        self.raw = None

    def close(self) -> None:
        self._close()


def write_csv(path: str, header: list[str], rows: list[dict[str, Any]]) -> None:
    # RFC 4180 quoting (titles with a comma are quoted); \n line ends.
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[column] for column in header])


def _prepare_out(out: str) -> str:
    events_dir = os.path.join(out, "player_events")
    os.makedirs(events_dir, exist_ok=True)
    for name in os.listdir(events_dir):  # stale parts of an earlier, bigger run
        if name.startswith("part-") and (name.endswith(".jsonl") or name.endswith(".jsonl.gz")):
            os.remove(os.path.join(events_dir, name))
    return events_dir


class _Progress:
    def __init__(self, total: int, quiet: bool) -> None:
        self.total = total
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.next_step = 0.1

    def update(self, done: int) -> None:
        if self.quiet:
            return
        fraction = done / self.total if self.total else 1.0
        elapsed = time.monotonic() - self.started
        text = f"generate_events: {done:,} lines ({fraction:.0%}) in {elapsed:.1f}s"
        if self.tty:
            print("\r" + text, end="", file=sys.stderr, flush=True)
        elif fraction >= self.next_step:
            print(text, file=sys.stderr, flush=True)
            while self.next_step <= fraction:
                self.next_step += 0.1

    def done(self) -> None:
        if not self.quiet and self.tty:
            print(file=sys.stderr)


def generate(args: argparse.Namespace) -> dict[str, Any]:
    """Write the landing folder; returns the manifest."""
    started = time.monotonic()
    plan, videos, users = make_plan(args)
    os.makedirs(args.out, exist_ok=True)
    events_dir = _prepare_out(args.out)
    write_csv(
        os.path.join(args.out, "videos.csv"),
        ["video_id", "title", "genre", "channel_id", "duration_seconds"],
        videos,
    )
    write_csv(
        os.path.join(args.out, "users.csv"),
        ["user_id", "signup_date", "subscription_tier", "age_group", "gender", "country"],
        users,
    )

    workers = min(args.workers, plan.n_blocks)
    runner = _ProcessRunner(plan, workers) if workers > 1 else _InlineRunner(plan)
    writer = ChunkWriter(events_dir, args.chunk_events, args.gzip_share)
    progress = _Progress(plan.n_events, args.quiet)
    arrival_key = _ARRIVAL
    carry: list[tuple[float, str]] = []
    written = 0
    try:
        runner.request(plan.slice_ends[0])
        for k, slice_end in enumerate(plan.slice_ends):
            lines = runner.collect()
            if k + 1 < len(plan.slice_ends):
                runner.request(plan.slice_ends[k + 1])  # workers go on while we write
            # Lines are written in arrival order; what arrives after this slice waits.
            # Sessions of later slices start at or after slice_end, so the output as a
            # whole is in arrival order (stable sort: ties keep block order).
            carry.extend(lines)
            carry.sort(key=arrival_key)
            cut = bisect.bisect_left(carry, slice_end, key=arrival_key)
            ready, carry = carry[:cut], carry[cut:]
            writer.write([line for _, line in ready])
            written += len(ready)
            progress.update(written)
        stats = runner.finish()
    finally:
        writer.close()
        if isinstance(runner, _ProcessRunner):
            runner.close()
    progress.done()
    assert not carry

    bad_total = sum(stats["bad_lines_by_kind"].values())
    reasons: dict[str, int] = {}
    for kind, count in stats["bad_lines_by_kind"].items():
        reason = BAD_KIND_REASON[kind]
        reasons[reason] = reasons.get(reason, 0) + count
    reasons["duplicate"] = stats["duplicates"]
    manifest = {
        "generator": "tooling.generate_events",
        "generator_version": GENERATOR_VERSION,
        "arguments": {  # only what shapes the output (not --out, --workers, --quiet)
            "events": args.events,
            "seed": args.seed,
            "bad_line_share": args.bad_line_share,
            "duplicate_share": args.duplicate_share,
            "users": len(users),
            "videos": len(videos),
            "days": args.days,
            "start_date": args.start_date.isoformat(),
            "chunk_events": args.chunk_events,
            "gzip_share": args.gzip_share,
            "heartbeat_seconds": args.heartbeat_seconds,
            "missing_session_share": args.missing_session_share,
        },
        "period": {
            "start": args.start_date.isoformat() + "T00:00:00Z",
            "end_exclusive": (args.start_date + dt.timedelta(days=args.days)).isoformat()
            + "T00:00:00Z",
            "note": "sessions start in the period; a few late sessions may run past its end",
        },
        "counts": {
            "lines": written,
            "good_events": stats["good_events"],
            "duplicates": stats["duplicates"],
            "bad_lines": bad_total,
            "bad_lines_by_kind": stats["bad_lines_by_kind"],
            "expected_quarantine_by_reason": dict(sorted(reasons.items())),
            "good_events_by_type": dict(zip(EVENT_TYPES, stats["events_by_type"])),
            "users": len(users),
            "users_with_events": sum(1 for b in plan.user_budgets if b > 0),
            "videos": len(videos),
            "sessions": stats["sessions"],
            "sessions_without_session_id": stats["sessions_without_session_id"],
            "sessions_uploaded_late": stats["sessions_uploaded_late"],
            "lines_arriving_late": stats["lines_late"],
            "views": stats["views"],
            "views_ended": stats["views_ended"],
            "views_resumed_from_earlier_position": stats["views_resumed"],
        },
        "files": writer.files,
    }
    with open(os.path.join(args.out, "_generator_manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")
    elapsed = time.monotonic() - started
    print(
        f"generate_events: {written:,} lines ({stats['good_events']:,} events, "
        f"{bad_total:,} bad lines, {stats['duplicates']:,} duplicates) in "
        f"{len(writer.files)} files, {elapsed:.1f}s -> {args.out}",
        file=sys.stderr,
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 0.0 <= args.gzip_share <= 1.0:
        build_parser().error("--gzip-share must be in [0, 1]")
    if args.bad_line_share + args.duplicate_share >= 0.5:
        build_parser().error("--bad-line-share + --duplicate-share must stay below 0.5")
    if args.heartbeat_seconds < 2 * MIN_EVENT_SPACING:
        build_parser().error(f"--heartbeat-seconds must be >= {2 * MIN_EVENT_SPACING}")
    generate(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
