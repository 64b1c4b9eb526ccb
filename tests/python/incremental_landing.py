"""A landing zone that grows in arrival batches, for the incremental tests (SPEC 9.1).

Each generated case is one differential case of native player events (test_differential's
`case_strategy`: sessions, seeks, rates, duplicates, bad lines), plus a few StreamPro events
and browser-extension ticks of its own users and videos, plus its rows of the two catalogs.
Hypothesis then decides how the case arrives over `BATCH_COUNT` batches:

- every event of a view arrives in the view's batch, or late, in any other batch (before
  or after the rest of its view): late and out-of-order events of earlier views, sessions,
  users and days;
- in some cases (12 of the default 40) the first viewer watches the video again two days
  later, and that view arrives in the first batch, before the first day's view: a viewer's
  union over days (SPEC 5.5, retention 6) built from days landed in any order. (Here a
  catalog change re-classifies whole batches, so later runs rewrite most dates anyway;
  test_incremental.py checks a late day before a loaded one on a landing of its own.)
- re-sends: byte-exact copies of earlier lines in a later batch's files (SPEC 9.1: still
  `duplicate`, the copy loaded first is kept, so the marts do not depend on which copy);
- the catalog snapshot of each batch: the case's video missing from the differential
  catalog (`<case>_vx`) appears, disappears or has its duration corrected (200 s of
  positions against 90, 150, 199.75 or 260 s: position_exceeds_duration quarantines
  follow), titles, genres and channels change, bad and duplicate catalog rows come and go,
  and users.csv, absent at first, adds and changes users.

Lines of one SPEC 4 duplicate key (one eventId, or one set of content fields) always arrive
together unless they are byte-exact copies: otherwise "the copy loaded first" would keep
other content than a full refresh, which takes files in path order, and the marts would
differ by design, not by a bug.

The files of each batch are new files, never appended to (`write_batch` checks it), in
nested folders, some of them sorting before every earlier file and some copied in with an
old modification time (as `cp -p` or `rsync -a` do): the next run must load exactly the
files it has not loaded, whatever their names and dates. Cases are isolated by id prefixes
(`c0007_...`), as in the differential test.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from test_differential import (
    BASE_INSTANT_US,
    CATALOG,
    AbstractEvent,
    Case,
    case_strategy,
    hash_key,
    render_case,
)

BATCH_COUNT = 3
# vars of every build of the incremental tests: generated cases quarantine far more than the
# production warning threshold is meant for
DBT_VARS = {"quarantine_warn_share": 1.0}
# models only: the data tests run once, on the last incremental state (test_incremental.py)
MODELS_ONLY = ["--exclude-resource-type", "test", "unit_test"]
# batch -> source folder -> the new files of that batch (relative to the landing root)
BATCH_FILES: list[dict[str, list[str]]] = [
    {
        "player_events": [
            "player_events/2024/03/10/part-000.jsonl",
            "player_events/2024/03/10/part-001.json.gz",
        ],
        "streampro_events": ["streampro_events/day=2024-03-10/events.jsonl"],
        "extension_events": ["extension_events/2024-03-10.jsonl"],
    },
    {
        # sorts before every file of batch 0
        "player_events": [
            "player_events/2024/03/09/late-000.jsonl",
            "player_events/2024/03/11/part-000.jsonl.gz",
        ],
        "streampro_events": ["streampro_events/day=2024-03-09/late.jsonl"],
        "extension_events": ["extension_events/2024-03-11/ticks.jsonl.gz"],
    },
    {
        # the first sorts before everything; the second lands in a folder of batch 0
        "player_events": [
            "player_events/0-resent/part-000.json",
            "player_events/2024/03/10/part-000b.jsonl",
        ],
        "streampro_events": ["streampro_events/day=2024-03-11/events.jsonl.gz"],
        "extension_events": ["extension_events/2024-03-09-late.json"],
    },
]
# files copied in with their original modification time, older than any file landed before
BACKDATED_FILES = {
    "player_events/2024/03/09/late-000.jsonl": datetime(2024, 3, 9, 23, 0),
    "extension_events/2024-03-09-late.json": datetime(2024, 3, 9, 12, 0),
}
# users.csv is missing (an empty source) until this batch
USERS_CSV_FROM_BATCH = 1
VIDEOS_HEADER = "video_id,title,genre,channel_id,duration_seconds"
USERS_HEADER = "user_id,signup_date,subscription_tier,age_group,gender,country"
VX_DURATIONS = [None, None, 90.0, 150.0, 199.75, 260.0]  # None: not in the catalog
GENRES = [None, "drama", "comedy", "action"]
CHANNELS = [None, "ch_a", "ch_b"]
SP_WATCH_VALUES = [0, 7, 12, 12, 30, 45, 200, None, -3]  # None and -3: invalid_watch_value
SP_GAPS = [600, 3600, 72 * 3600 - 1, 72 * 3600, 72 * 3600 + 1, 4 * 86400]
TICK_DELTAS = [0, 1500, 5000, 5000, 15000, 60000, 60001, 1234]  # 60001: invalid_watch_delta


@dataclass
class Arrival:
    """One line of a case: the batch it arrives in and its file among the batch's files."""

    batch: int
    file_index: int
    line: str = ""


@dataclass
class IncrementalCase:
    player: Case
    player_batches: list[int]  # per rendered differential line
    player_files: list[int]
    player_resends: list[tuple[int, int, int]]  # (line index, batch, file index)
    streampro: list[dict]  # abstract StreamPro events, each with "batch" and "file"
    streampro_resends: list[tuple[int, int]]  # (event index, batch)
    extension: list[dict]
    extension_resends: list[tuple[int, int]]
    vx_states: list[tuple]  # per batch: (duration or None, title, genre, channel)
    other_video_states: list[list[tuple]]  # per StreamPro/extension video, per batch
    bad_catalog_rows: list[tuple[int, str]]  # (batch, kind)
    user_states: dict[str, list[tuple | None]]  # user suffix -> per batch
    case_id: str = ""
    arrivals: list[tuple[int, str, str]] = field(default_factory=list)  # (batch, file, line)
    videos_rows: list[list[str]] = field(default_factory=list)  # per batch
    users_rows: list[list[str]] = field(default_factory=list)  # per batch


# --- which lines must arrive together ---------------------------------------------------------


def player_line_groups(case: Case) -> list[int]:
    """A group number per rendered line (events, then duplicates, then bad lines, the order
    of render_case): lines sharing a SPEC 4 duplicate key, and each bad line with the event
    it was made from, are one group."""
    events = case.events
    line_count = len(events) + len(case.duplicates) + len(case.bad_lines)
    parent = list(range(line_count))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(left: int, right: int) -> None:
        parent[find(left)] = find(right)

    def content_key(index: int) -> tuple:
        e = events[index]
        return ("content", e.user, e.session, e.video, e.name, e.at_us, e.position)

    owners: dict[tuple, int] = {}
    for index, event in enumerate(events):
        key = ("id", index) if event.with_event_id else content_key(index)
        union(index, owners.setdefault(key, index))
    for number, (index, mode, _) in enumerate(case.duplicates):
        line = len(events) + number
        union(line, index)
        if mode == "same_content_other_offset":  # an id-less copy: its content is its key
            union(line, owners.setdefault(content_key(index), line))
    for number, (_, index) in enumerate(case.bad_lines):
        union(len(events) + len(case.duplicates) + number, index)
    return [find(line) for line in range(line_count)]


def source_event_index(case: Case, line: int) -> int:
    """The event a rendered line was made from."""
    if line < len(case.events):
        return line
    line -= len(case.events)
    if line < len(case.duplicates):
        return case.duplicates[line][0]
    return case.bad_lines[line - len(case.duplicates)][1]


# --- strategies -------------------------------------------------------------------------------


def arrival_batch(draw, usual: int) -> int:
    """The usual batch, or now and then any batch: a late (or early) arrival."""
    return usual if draw(st.integers(0, 4)) else draw(st.integers(0, BATCH_COUNT - 1))


def resends(draw, batches: list[int]) -> list[tuple[int, int]]:
    """Up to three (index, later batch) of byte-exact copies of earlier lines."""
    later = [index for index, batch in enumerate(batches) if batch < BATCH_COUNT - 1]
    if not later:
        return []
    chosen = draw(st.lists(st.sampled_from(later), max_size=3, unique=True))
    return [(index, draw(st.integers(batches[index] + 1, BATCH_COUNT - 1))) for index in chosen]


@st.composite
def streampro_strategy(draw) -> list[dict]:
    """0-2 users of the case, 1-3 sessions each; instants strictly increase per user, so two
    events never share the format's duplicate key unless one is a re-send."""
    events: list[dict] = []
    for user in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, 40)) * 900
        for session in range(draw(st.integers(1, 3))):
            batch = draw(st.integers(0, BATCH_COUNT - 1))

            def add(name: str, video, value, at: int, session=session, user=user, batch=batch):
                events.append(
                    {
                        "user": user,
                        "session": session,
                        "name": name,
                        "video": video,
                        "value": value,
                        "at": at,
                        "batch": arrival_batch(draw, batch),
                        "file": 0,
                    }
                )

            if user == 0 and session == 0 and draw(st.booleans()):
                add("first_login", None, None, at)
                at += 1
            if draw(st.integers(0, 4)):
                add("session_start", None, None, at)
            for _ in range(draw(st.integers(0, 4))):
                at += draw(st.sampled_from([5, 20, 60, 300]))
                name = draw(st.sampled_from(["watch_time"] * 4 + ["heart", "like"]))
                value = draw(st.sampled_from(SP_WATCH_VALUES)) if name == "watch_time" else None
                add(name, draw(st.integers(0, 1)), value, at)
            if draw(st.integers(0, 3)):
                at += draw(st.sampled_from([1, 30]))
                add("session_end", None, None, at)
            at += draw(st.sampled_from(SP_GAPS))
    return events


@st.composite
def extension_strategy(draw) -> list[dict]:
    """0-2 extension views (video sessions) of the case, with ticks of both watch modes."""
    events: list[dict] = []
    for view in range(draw(st.integers(0, 2))):
        at_ms = draw(st.integers(0, 100)) * 60_000
        video = draw(st.integers(0, 1))
        batch = draw(st.integers(0, BATCH_COUNT - 1))
        kinds = ["video_start"] if draw(st.integers(0, 9)) else []
        kinds += ["watch_tick"] * draw(st.integers(1, 4))
        if draw(st.booleans()):
            kinds.insert(len(kinds) - 1, "visibility_change")
        if draw(st.booleans()):
            kinds.append("video_stop")
        for kind in kinds:
            at_ms += draw(st.sampled_from([1000, 5000, 15000, 60000]))
            events.append(
                {
                    "view": view,
                    "video": video,
                    "type": kind,
                    "at_ms": at_ms,
                    "delta": draw(st.sampled_from(TICK_DELTAS)) if kind == "watch_tick" else None,
                    "mode": draw(st.sampled_from(["foreground", "background"])),
                    "with_id": draw(st.integers(0, 9)) > 0,
                    "batch": arrival_batch(draw, batch),
                    "file": 0,
                }
            )
    return events


# every other view starts within about 8 hours of BASE_INSTANT_US (21:00 UTC)
LATER_DAY_US = 2 * 86_400_000_000
# the later day's view of the first viewer and video: (event, seconds after its start,
# position)
LATER_DAY_VIEW = [
    ("play", 0, 0.0),
    ("heartbeat", 10, 10.0),
    ("heartbeat", 20, 20.0),
    ("pause", 30, 30.0),
]


def add_later_day_view(case: Case) -> tuple:
    """Append a view of the case's first (user, video) two days after the case's start (a
    UTC date no other view has), in a client session of its own; the file choices of its
    lines go where the event lines end. Returns (first view, later day's view)."""
    first = case.events[0]
    start_us = BASE_INSTANT_US + LATER_DAY_US
    added = [
        AbstractEvent(
            user=first.user,
            session="s_later_day",
            video=first.video,
            name=name,
            at_us=start_us + seconds * 1_000_000,
            position=position,
        )
        for name, seconds, position in LATER_DAY_VIEW
    ]
    at = len(case.events)
    case.events.extend(added)
    case.file_choices[at:at] = [0] * len(added)
    return (first.user, first.session, first.video), (first.user, "s_later_day", first.video)


@st.composite
def incremental_case_strategy(draw) -> IncrementalCase:
    case = draw(case_strategy())
    view_batches: dict[tuple, int] = {}
    later_day_view = None
    if draw(st.booleans()):
        first_view, later_day_view = add_later_day_view(case)
        view_batches[later_day_view] = 0
        view_batches[first_view] = draw(st.integers(1, BATCH_COUNT - 1))
    groups = player_line_groups(case)
    group_batches: dict[int, int] = {}
    later_day_groups = set()
    for line, group in enumerate(groups):
        if group not in group_batches:
            event = case.events[source_event_index(case, line)]
            view = (event.user, event.session, event.video)
            if view not in view_batches:
                view_batches[view] = draw(st.integers(0, BATCH_COUNT - 1))
            if view == later_day_view:
                # all of it in batch 0, never re-sent: no later run has a line of its date
                group_batches[group] = 0
                later_day_groups.add(group)
            else:
                group_batches[group] = arrival_batch(draw, view_batches[view])
    player_batches = [group_batches[group] for group in groups]
    player_files = [draw(st.integers(0, 1)) for _ in groups]
    # only an event line alone in its group is re-sent: its copy is its only other copy
    sizes = {group: groups.count(group) for group in groups}
    alone = [
        b
        if line < len(case.events)
        and sizes[groups[line]] == 1
        and groups[line] not in later_day_groups
        else BATCH_COUNT
        for line, b in enumerate(player_batches)
    ]
    player_resends = [
        (line, batch, draw(st.integers(0, 1))) for line, batch in resends(draw, alone)
    ]

    streampro = draw(streampro_strategy())
    extension = draw(extension_strategy())

    def states(values: list) -> list:
        first = draw(st.sampled_from(values))
        return [
            first if batch == 0 or draw(st.integers(0, 2)) else draw(st.sampled_from(values))
            for batch in range(BATCH_COUNT)
        ]

    vx_states = list(
        zip(
            states(VX_DURATIONS),
            states(["Clip", "Clip (director's cut)"]),
            states(GENRES),
            states(CHANNELS),
        )
    )
    other_video_states = [
        list(zip(states([False, True, True]), states(GENRES), states(CHANNELS))) for _ in range(4)
    ]  # StreamPro videos 0-1, extension videos 0-1
    bad_catalog_rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, BATCH_COUNT - 1),
                st.sampled_from(["negative_duration", "vx_listed_twice", "bad_signup_date"]),
            ),
            max_size=2,
        )
    )
    users = [*sorted({event.user for event in case.events}), "sp0", "sp1"]
    user_states = {
        user: states(
            [
                None,
                ("2024-01-05", "free", "FR"),
                ("2024-01-05", "premium", "FR"),
                ("2023-11-30", "basic", "IN"),
            ]
        )
        for user in users
    }
    return IncrementalCase(
        player=case,
        player_batches=player_batches,
        player_files=player_files,
        player_resends=player_resends,
        streampro=streampro,
        streampro_resends=resends(draw, [event["batch"] for event in streampro]),
        extension=extension,
        extension_resends=resends(draw, [event["batch"] for event in extension]),
        vx_states=vx_states,
        other_video_states=other_video_states,
        bad_catalog_rows=bad_catalog_rows,
        user_states=user_states,
    )


# --- rendering --------------------------------------------------------------------------------


def streampro_line(case_id: str, event: dict) -> str:
    at = datetime(1970, 1, 1) + timedelta(microseconds=BASE_INSTANT_US, seconds=event["at"])
    return json.dumps(
        {
            "case": case_id,
            "timestamp": at.strftime("%Y-%m-%dT%H:%M:%S"),
            "account_id": f"acct_{case_id}",
            "user_id": f"{case_id}_sp{event['user']}",
            "video_id": None if event["video"] is None else f"{case_id}_spv{event['video']}",
            "session_id": f"{case_id}_sp{event['user']}_s{event['session']}",
            "event_name": event["name"],
            "value": event["value"],
            "device": "mobile",
            "device_os": "Android" if event["user"] == 0 else "iOS",
            "app_version": "2.1.0",
            "network_type": "wifi",
            "ip": f"10.0.{event['user']}.{event['session']}",
            "country": "FR",
        }
    )


def extension_line(case_id: str, index: int, event: dict) -> str:
    obj: dict = {"case": case_id, "schema": 1}
    if event["with_id"]:
        obj["event_id"] = f"{case_id}-x{index}"
    obj["event_ts"] = BASE_INSTANT_US // 1000 + event["at_ms"]
    obj["event_type"] = event["type"]
    if event["type"] == "watch_tick":
        obj["watch_ms_delta"] = event["delta"]
        obj["watch_mode"] = event["mode"]
    obj.update(
        {
            "client_session_id": f"{case_id}_client",
            "tab_id": "t1",
            "video_id": f"{case_id}_xv{event['video']}",
            "video_session_id": f"{case_id}_xs{event['view']}",
            "channel_id": f"{case_id}_xch{event['video']}",
            "channel_name": f"Channel {event['video']}",
            "is_visible": event["mode"] == "foreground",
            "position_s": None,
            "playback_rate": 1,
        }
    )
    return json.dumps(obj)


def catalog_rows(plan: IncrementalCase, batch: int) -> tuple[list[str], list[str]]:
    """(videos.csv rows, users.csv rows) of the case in one batch's snapshot."""
    case_id = plan.case_id
    videos, users = [], []
    duration, title, genre, channel = plan.vx_states[batch]
    if duration is not None:
        videos.append(f"{case_id}_vx,{title},{genre or ''},{channel or ''},{duration}")
    names = [f"{case_id}_spv0", f"{case_id}_spv1", f"{case_id}_xv0", f"{case_id}_xv1"]
    for name, states in zip(names, plan.other_video_states):
        listed, genre, channel = states[batch]
        if listed:
            videos.append(f"{name},Video {name},{genre or ''},{channel or ''},600")
    for bad_batch, kind in plan.bad_catalog_rows:
        if bad_batch != batch:
            continue
        if kind == "negative_duration":
            videos.append(f"{case_id}_vbad,Broken,,,-5")
        elif kind == "vx_listed_twice":
            videos.append(f"{case_id}_vx,Clip listed twice,,,120")
        else:
            users.append(f"{case_id}_u0,2024-13-45,free,,,FR")
    for user, states in plan.user_states.items():
        state = states[batch]
        if state is not None:
            signup, tier, country = state
            users.append(f"{case_id}_{user},{signup},{tier},25-34,,{country}")
    return videos, users


def render(plan: IncrementalCase) -> None:
    """Fill `arrivals`, `videos_rows` and `users_rows` once `case_id` is set."""
    case_id = plan.case_id
    plan.player.case_id = case_id
    lines = [line for _, line in render_case(plan.player)]
    arrivals = []
    for line, batch, file_index in zip(lines, plan.player_batches, plan.player_files):
        arrivals.append((batch, BATCH_FILES[batch]["player_events"][file_index], line))
    for index, batch, file_index in plan.player_resends:
        arrivals.append((batch, BATCH_FILES[batch]["player_events"][file_index], lines[index]))
    sp_lines = [streampro_line(case_id, event) for event in plan.streampro]
    for event, line in zip(plan.streampro, sp_lines):
        arrivals.append((event["batch"], BATCH_FILES[event["batch"]]["streampro_events"][0], line))
    for index, batch in plan.streampro_resends:
        arrivals.append((batch, BATCH_FILES[batch]["streampro_events"][0], sp_lines[index]))
    ext_lines = [extension_line(case_id, i, event) for i, event in enumerate(plan.extension)]
    for event, line in zip(plan.extension, ext_lines):
        arrivals.append((event["batch"], BATCH_FILES[event["batch"]]["extension_events"][0], line))
    for index, batch in plan.extension_resends:
        arrivals.append((batch, BATCH_FILES[batch]["extension_events"][0], ext_lines[index]))
    plan.arrivals = arrivals
    rows = [catalog_rows(plan, batch) for batch in range(BATCH_COUNT)]
    plan.videos_rows = [videos for videos, _ in rows]
    plan.users_rows = [users for _, users in rows]


_CACHE: dict[int, list[IncrementalCase]] = {}


def build_incremental_cases(count: int) -> list[IncrementalCase]:
    """`count` cases, deterministically: hypothesis as a generator, not a runner (see
    test_differential's module doc), memoized per count within one process."""
    if count in _CACHE:
        return _CACHE[count]
    plans: list[IncrementalCase] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(incremental_case_strategy())
    def collect(plan: IncrementalCase) -> None:
        plans.append(plan)

    collect()
    plans = plans[:count]
    for number, plan in enumerate(plans, start=1):
        plan.case_id = f"c{number:04d}"
        render(plan)
    _CACHE[count] = plans
    return plans


# --- writing the landing ----------------------------------------------------------------------


def write_text(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(line + "\n" for line in lines)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(payload)
    else:
        path.write_text(payload, encoding="utf-8")


def write_catalogs(root: Path, plans: list[IncrementalCase], batch: int) -> None:
    """videos.csv and users.csv as of `batch` (snapshots: rewritten whole, SPEC 9.1)."""
    videos = [f"{video},Differential {video},,,{duration}" for video, duration in CATALOG.items()]
    write_text(
        root / "videos.csv",
        [VIDEOS_HEADER, *videos, *(row for plan in plans for row in plan.videos_rows[batch])],
    )
    if batch >= USERS_CSV_FROM_BATCH:
        write_text(
            root / "users.csv",
            [USERS_HEADER, *(row for plan in plans for row in plan.users_rows[batch])],
        )


def write_batch(root: Path, plans: list[IncrementalCase], batch: int) -> list[str]:
    """Land the new files of `batch` (never an existing file) and that batch's catalogs;
    returns the event files written, relative to `root`."""
    per_file: dict[str, list[str]] = {}
    for plan in plans:
        for arrival_batch_, relative, line in plan.arrivals:
            if arrival_batch_ == batch:
                per_file.setdefault(relative, []).append(line)
    written = []
    for relative in sorted(per_file):
        path = root / relative
        assert not path.exists(), f"{relative} landed twice: landing files are immutable"
        # a file's lines in a hash order, so that arrival order never follows event time
        write_text(path, sorted(per_file[relative], key=hash_key))
        written.append(relative)
        if relative in BACKDATED_FILES:
            old = BACKDATED_FILES[relative].timestamp()
            os.utime(path, (old, old))
    write_catalogs(root, plans, batch)
    return written


def write_all_batches(root: Path, plans: list[IncrementalCase]) -> None:
    """The landing after the last batch, written at once (what a full refresh reads)."""
    for batch in range(BATCH_COUNT):
        write_batch(root, plans, batch)


def describe_plans(plans: list[IncrementalCase]) -> str:
    """What the generated arrivals exercise, for the test's output."""
    lines = [arrival for plan in plans for arrival in plan.arrivals]
    per_batch = [sum(1 for batch, _, _ in lines if batch == b) for b in range(BATCH_COUNT)]
    resent = sum(
        len(p.player_resends) + len(p.streampro_resends) + len(p.extension_resends) for p in plans
    )
    vx_changes = sum(len({state[0] for state in p.vx_states}) > 1 for p in plans)
    return (
        f"{len(plans)} cases, {len(lines)} lines in {BATCH_COUNT} batches {per_batch}, "
        f"{resent} re-sent lines, {vx_changes} cases whose video duration changes"
    )
