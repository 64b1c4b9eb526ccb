"""Tests of the raw-event generator (tooling/generate_events.py).

The checks re-implement the input contract (SPEC 3.1), the quarantine rules (SPEC 4) and the
segment rule (SPEC 5.3) independently of the generator, so a generator change that would
feed the pipeline implausible or mislabelled data fails here.
"""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import gzip
import itertools
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tooling import generate_events as gen  # noqa: E402

KNOWN_EVENTS = {
    "play": "play",
    "resume": "resume",
    "pause": "pause",
    "ended": "ended",
    "end": "ended",
    "complete": "ended",
    "seek": "seek",
    "seeked": "seek",
    "heartbeat": "heartbeat",
    "timeupdate": "heartbeat",
    "progress": "heartbeat",
}
RANK = {"heartbeat": 0, "pause": 1, "ended": 2, "seek": 3, "play": 4, "resume": 5}  # SPEC 5.1
OPENERS = {"play", "resume", "heartbeat"}
CLOSERS = {"pause", "ended", "heartbeat", "seek"}
TOLERANCE = 5.0  # SPEC 4 / 5.3 plausibility_tolerance_seconds

BIG_ARGS = dict(
    events=20_000,
    seed=11,
    users=120,
    videos=40,
    days=10,
    bad_line_share=0.04,
    duplicate_share=0.02,
    chunk_events=3_000,
    gzip_share=0.3,
)


def run_generator(out: Path, **kwargs) -> dict:
    argv = ["--out", str(out), "--quiet"]
    for key, value in kwargs.items():
        argv += [f"--{key.replace('_', '-')}", str(value)]
    assert gen.main(argv) == 0
    return json.loads((out / "_generator_manifest.json").read_text())


def event_files(landing: Path) -> list[Path]:
    return sorted((landing / "player_events").iterdir())


def read_lines(path: Path) -> list[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def parse_ts(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:  # SPEC 3.1: no offset means UTC
        value = value.replace(tzinfo=dt.UTC)
    return value


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def classify(line: str, durations: dict[str, int]) -> str | None:
    """The SPEC 4 quarantine reason of a line (duplicates aside), None when it is valid."""
    try:
        obj = json.loads(line)
    except ValueError:
        return "malformed_json"
    if not isinstance(obj, dict):
        return "malformed_json"
    for field in ("userId", "videoId", "eventName", "timestamp"):
        if obj.get(field) in (None, ""):
            return "missing_required_field"
    name = str(obj["eventName"]).lower()
    if name.startswith("video_"):
        name = name[len("video_") :]
    if name not in KNOWN_EVENTS:
        return "unknown_event_name"
    try:
        parse_ts(obj["timestamp"])
    except (TypeError, ValueError):
        return "invalid_timestamp"
    position = obj.get("currentTime")
    if not is_number(position) or position < 0 or not math.isfinite(position):
        return "invalid_position"
    if position > durations[obj["videoId"]] + TOLERANCE:
        return "position_exceeds_duration"
    return None


class Landing:
    """A generated landing folder, parsed once."""

    def __init__(self, path: Path, manifest: dict) -> None:
        self.path = path
        self.manifest = manifest
        with open(path / "videos.csv", newline="", encoding="utf-8") as handle:
            self.videos = list(csv.DictReader(handle))
        with open(path / "users.csv", newline="", encoding="utf-8") as handle:
            self.users = list(csv.DictReader(handle))
        self.durations = {v["video_id"]: int(v["duration_seconds"]) for v in self.videos}
        self.files = event_files(path)
        self.lines: list[tuple[int, int, str]] = []  # (file index, line index, text)
        for file_index, file in enumerate(self.files):
            for line_index, text in enumerate(read_lines(file)):
                self.lines.append((file_index, line_index, text))
        self.reasons: Counter = Counter()
        self.good: list[dict] = []  # first occurrence of each valid event, with its location
        self.good_text: dict[tuple[int, int], str] = {}  # location -> timestamp as written
        seen: dict[str, str] = {}
        self.duplicate_lines = 0
        for file_index, line_index, text in self.lines:
            reason = classify(text, self.durations)
            if reason is not None:
                self.reasons[reason] += 1
                continue
            obj = json.loads(text)
            event_id = obj["eventId"]
            if event_id in seen:
                assert seen[event_id] == text, "a re-sent duplicate must be an exact copy"
                self.duplicate_lines += 1
                continue
            seen[event_id] = text
            obj["_name"] = KNOWN_EVENTS[obj["eventName"].lower().removeprefix("video_")]
            obj["_at"] = parse_ts(obj["timestamp"]).timestamp()
            obj["_loc"] = (file_index, line_index)
            self.good.append(obj)
            self.good_text[obj["_loc"]] = obj["timestamp"]

    def streams(self) -> dict[tuple, list[dict]]:
        """Good events per (user, session, video), in SPEC 5.1 order."""
        result: dict[tuple, list[dict]] = defaultdict(list)
        for event in self.good:
            key = (event["userId"], event.get("sessionId"), event["videoId"])
            result[key].append(event)
        for events in result.values():
            events.sort(key=lambda e: (e["_at"], RANK[e["_name"]], e["currentTime"], e["eventId"]))
        return result


# The command documented in sample_data/README.md.
SAMPLE_ARGS = dict(
    events=5000,
    seed=42,
    users=40,
    videos=25,
    days=14,
    start_date="2024-01-01",
    bad_line_share=0.015,
    duplicate_share=0.01,
    chunk_events=1300,
    gzip_share=0.25,
)
SAMPLE_DATA = ROOT / "sample_data"


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Landing:
    out = tmp_path_factory.mktemp("landing")
    manifest = run_generator(out, **BIG_ARGS)
    return Landing(out, manifest)


@pytest.fixture(scope="module")
def sample() -> Landing:
    if not SAMPLE_DATA.is_dir():
        pytest.skip("no sample_data/ in this checkout")
    return Landing(SAMPLE_DATA, json.loads((SAMPLE_DATA / "_generator_manifest.json").read_text()))


@pytest.fixture(params=["generated", "sample_data"])
def any_landing(request) -> Landing:
    """The invariant checks run on a fresh landing and on the committed sample."""
    return request.getfixturevalue("landing" if request.param == "generated" else "sample")


# ---------------------------------------------------------------------------------------


def test_same_arguments_give_byte_identical_output_whatever_the_workers(tmp_path):
    args = dict(events=4_000, seed=5, users=60, videos=20, days=5, chunk_events=700)
    args["gzip_share"] = 0.5
    run_generator(tmp_path / "a", **args)
    run_generator(tmp_path / "b", **args)
    # 60 users fit one block; more users make several blocks for the workers to share.
    run_generator(tmp_path / "c", **args, workers=2)
    run_generator(tmp_path / "d", **{**args, "users": 450})
    run_generator(tmp_path / "e", **{**args, "users": 450}, workers=3)
    run_generator(tmp_path / "f", **{**args, "seed": 6})

    def identical(left: Path, right: Path) -> bool:
        names = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file())
        other = sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file())
        _, mismatch, errors = filecmp.cmpfiles(left, right, [str(n) for n in names], False)
        return names == other and not mismatch and not errors

    assert identical(tmp_path / "a", tmp_path / "b")
    assert identical(tmp_path / "a", tmp_path / "c")
    assert identical(tmp_path / "d", tmp_path / "e")
    assert not identical(tmp_path / "a", tmp_path / "f")


def test_event_count_is_within_one_percent(landing):
    total = len(landing.lines)
    assert abs(total - BIG_ARGS["events"]) <= 0.01 * BIG_ARGS["events"]
    counts = landing.manifest["counts"]
    assert counts["lines"] == total
    assert counts["lines"] == counts["good_events"] + counts["duplicates"] + counts["bad_lines"]
    assert sum(f["lines"] for f in landing.manifest["files"]) == total


def test_layout_follows_the_landing_contract(landing):
    top = sorted(p.name for p in landing.path.iterdir())
    assert top == ["_generator_manifest.json", "player_events", "users.csv", "videos.csv"]
    names = [p.name for p in landing.files]
    assert all(re.fullmatch(r"part-\d{5}\.jsonl(\.gz)?", name) for name in names)
    assert [int(n[5:10]) for n in names] == list(range(len(names)))
    sizes = Counter(file_index for file_index, _, _ in landing.lines)
    assert all(size <= BIG_ARGS["chunk_events"] for size in sizes.values())
    assert all(size == BIG_ARGS["chunk_events"] for i, size in sizes.items() if i < len(names) - 1)
    gzipped = [n for n in names if n.endswith(".gz")]
    assert len(gzipped) == math.floor(len(names) * BIG_ARGS["gzip_share"] + 1e-9) > 0
    with open(landing.path / "videos.csv", encoding="utf-8") as handle:
        assert handle.readline() == "video_id,title,genre,channel_id,duration_seconds\n"
    with open(landing.path / "users.csv", encoding="utf-8") as handle:
        expected = "user_id,signup_date,subscription_tier,age_group,gender,country\n"
        assert handle.readline() == expected


def test_good_lines_are_json_objects_with_the_required_fields(any_landing):
    assert len(any_landing.good) > 0.9 * len(any_landing.lines)
    user_ids = {u["user_id"] for u in any_landing.users}
    for event in any_landing.good:
        for field in ("eventId", "userId", "videoId", "eventName", "timestamp"):
            assert isinstance(event[field], str) and event[field], (field, event)
        assert is_number(event["currentTime"]) and event["currentTime"] >= 0
        assert round(event["currentTime"], 3) == event["currentTime"]
        assert event["userId"] in user_ids and event["videoId"] in any_landing.durations
        assert event.get("visibility", "foreground") in ("foreground", "background")
        assert is_number(event.get("playbackRate", 1)) and event.get("playbackRate", 1) > 0
        if "fromTime" in event:
            assert event["_name"] == "seek" and is_number(event["fromTime"])
        for field in ("device", "deviceOs", "appVersion", "country"):
            assert isinstance(event[field], str) and event[field]
        if "sessionId" in event:
            assert isinstance(event["sessionId"], str) and event["sessionId"]


def test_quarantine_reasons_match_the_manifest(any_landing):
    counts = any_landing.manifest["counts"]
    expected = dict(counts["expected_quarantine_by_reason"])
    assert expected.pop("duplicate") == any_landing.duplicate_lines == counts["duplicates"]
    assert {k: v for k, v in expected.items() if v} == dict(any_landing.reasons)
    assert counts["lines"] == len(any_landing.lines)


def test_bad_lines_and_duplicates_honour_the_shares_and_every_kind_appears(landing):
    counts = landing.manifest["counts"]
    total = len(landing.lines)
    bad_share = sum(landing.reasons.values()) / total
    duplicate_share = landing.duplicate_lines / total
    assert abs(bad_share - BIG_ARGS["bad_line_share"]) < 0.25 * BIG_ARGS["bad_line_share"]
    assert abs(duplicate_share - BIG_ARGS["duplicate_share"]) < 0.3 * BIG_ARGS["duplicate_share"]
    # every kind of bad line shows up in a sample this big
    assert set(landing.reasons) == set(gen.BAD_KIND_REASON.values())
    assert all(count >= 20 for count in counts["bad_lines_by_kind"].values())
    # bad lines are spread over the chunks, not bunched at one end
    files_with_bad = {
        file_index
        for file_index, _, text in landing.lines
        if classify(text, landing.durations) is not None
    }
    assert len(files_with_bad) == len(landing.files)


def test_the_manifest_kinds_of_bad_lines_look_like_their_names(any_landing):
    shapes = Counter()
    for _, _, text in any_landing.lines:
        if text.startswith("["):
            shapes["json_array"] += isinstance(json.loads(text), list)
        elif not text.endswith("}"):
            shapes["truncated_json"] += 1
        elif '"currentTime":"' in text:
            shapes["non_numeric_position"] += 1
    kinds = any_landing.manifest["counts"]["bad_lines_by_kind"]
    for kind in ("json_array", "truncated_json", "non_numeric_position"):
        assert shapes[kind] == kinds[kind]


def test_positions_never_exceed_duration_plus_tolerance(any_landing):
    for event in any_landing.good:
        limit = any_landing.durations[event["videoId"]] + TOLERANCE
        assert event["currentTime"] <= limit
        assert event.get("fromTime", 0) <= limit


def test_timestamps_are_consistent_with_positions(any_landing):
    """Every SPEC 5.3 opener -> closer pair passes the plausibility rule: normal playback
    is never rejected, so the pipeline's watch time is the simulated watch time."""
    pairs = 0
    for key, events in any_landing.streams().items():
        last_non_seek = None
        previous = None
        previous_is_opener = False
        for event in events:
            name = event["_name"]
            if previous is not None:
                # SPEC 5.1 order never needs a tie-break inside a view: events are >= 1 s apart
                assert event["_at"] > previous["_at"], (key, previous, event)
            if previous is not None and previous_is_opener and name in CLOSERS:
                end = event.get("fromTime") if name == "seek" else event["currentTime"]
                if end is not None:
                    delta_position = end - previous["currentTime"]
                    delta_wall = event["_at"] - previous["_at"]
                    rate = max(previous.get("playbackRate", 1), 1)
                    assert -0.002 <= delta_position < 7200, (key, previous, event)
                    assert delta_position <= delta_wall * rate + TOLERANCE, (key, previous, event)
                    pairs += 1
            if name == "seek":
                is_opener = last_non_seek in OPENERS
            else:
                is_opener = name in OPENERS
                last_non_seek = name
            previous, previous_is_opener = event, is_opener
    assert pairs > 0.8 * len(any_landing.good)


def test_play_pause_pairs_advance_no_faster_than_wall_time(any_landing):
    checked = 0
    for events in any_landing.streams().values():
        for previous, event in itertools.pairwise(events):
            if previous["_name"] in ("play", "resume") and event["_name"] == "pause":
                rate = max(previous.get("playbackRate", 1), 1)
                delta_wall = event["_at"] - previous["_at"]
                assert event["currentTime"] - previous["currentTime"] <= delta_wall * rate + 5
                checked += 1
    assert checked > 10


def test_simulated_behaviour_is_realistic(landing):
    good = landing.good
    streams = landing.streams()
    n = len(good)
    timestamps = [e["timestamp"] for e in good]
    assert sum(t.endswith("Z") for t in timestamps) > 0.8 * n
    assert any(re.search(r"[+-]\d\d:\d\d$", t) for t in timestamps)
    assert any(re.fullmatch(r"[\d\-T:.]+", t) for t in timestamps)  # naive
    assert 0.005 * n < sum("sessionId" not in e for e in good) < 0.08 * n
    names = Counter(e["eventName"] for e in good)
    assert names["video_heartbeat"] > 0.5 * n
    assert {"video_play", "video_pause", "video_resume", "video_seek", "video_ended"} <= set(names)
    assert set(names) - set(gen.DIALECT_STANDARD)  # some aliases and other cases
    assert any(e.get("playbackRate", 1) > 1 for e in good)
    assert any(e.get("visibility") == "background" for e in good)
    seeks = [e for e in good if e["_name"] == "seek"]
    assert any(e["currentTime"] > e["fromTime"] + 5 for e in seeks if "fromTime" in e)
    assert any(e["currentTime"] < e["fromTime"] - 2 for e in seeks if "fromTime" in e)
    # views: some reach ended, some are abandoned without a closing event, some resume
    last_names = Counter(events[-1]["_name"] for events in streams.values())
    assert last_names["ended"] > 0 and last_names["heartbeat"] > 0
    assert any(
        events[0]["_name"] == "play" and events[0]["currentTime"] > 0 for events in streams.values()
    )
    # a few popular videos
    views_per_video = Counter(key[2] for key in streams)
    top = sum(count for _, count in views_per_video.most_common(4))
    assert top > 0.25 * len(streams)
    # several sessions per user, several videos per session
    sessions = defaultdict(set)
    videos_per_session = defaultdict(set)
    for user, session, video in streams:
        if session is not None:
            sessions[user].add(session)
            videos_per_session[(user, session)].add(video)
    assert sum(len(s) for s in sessions.values()) / len(sessions) >= 3
    assert sum(len(v) for v in videos_per_session.values()) / len(videos_per_session) >= 1.5


def test_lines_arrive_out_of_order(landing):
    by_session = defaultdict(list)
    for event in landing.good:
        by_session[(event["userId"], event.get("sessionId"))].append(event)
    swapped_within_file = later_file = 0
    for events in by_session.values():
        in_file_order = sorted(events, key=lambda e: e["_loc"])
        for a, b in itertools.pairwise(in_file_order):
            if b["_at"] < a["_at"]:
                if a["_loc"][0] == b["_loc"][0]:
                    swapped_within_file += 1
                else:
                    later_file += 1
    assert swapped_within_file > 0 and later_file > 0
    # but on the whole the landing is in time order (files as trackers write them)
    first = [min(e["_at"] for e in landing.good if e["_loc"][0] == i) for i in range(3)]
    assert first == sorted(first)


def test_offset_and_naive_timestamps_mean_the_right_instant(landing):
    """Lines are written in arrival order (a second or two after the event, rarely later),
    so an event's instant sits among its neighbours' in the file; an offset rendered with
    the wrong sign or a local time written as UTC would stand out by hours."""
    by_position = {event["_loc"]: event["_at"] for event in landing.good}
    located = sorted(by_position)
    instants = [by_position[loc] for loc in located]
    checked = Counter()
    close = Counter()
    for index, loc in enumerate(located):
        text = landing.good_text[loc]
        style = (
            "offset"
            if re.search(r"[+-]\d\d:\d\d$", text)
            else ("naive" if not text.endswith("Z") else "utc")
        )
        neighbours = instants[max(0, index - 5) : index] + instants[index + 1 : index + 6]
        median = sorted(neighbours)[len(neighbours) // 2]
        checked[style] += 1
        close[style] += abs(instants[index] - median) < 1800
    assert checked["offset"] > 100 and checked["naive"] > 100
    for style in ("utc", "offset", "naive"):
        assert close[style] > 0.9 * checked[style], (style, close, checked)


def test_catalog_files_parse_with_the_csv_module(landing):
    assert len(landing.videos) == BIG_ARGS["videos"]
    assert len({v["video_id"] for v in landing.videos}) == len(landing.videos)
    for video in landing.videos:
        assert 60 <= int(video["duration_seconds"]) <= 3600
        assert video["title"] and video["genre"] and video["channel_id"]
    assert any("," in v["title"] for v in landing.videos)
    raw = (landing.path / "videos.csv").read_text(encoding="utf-8")
    assert all(f'"{v["title"]}"' in raw for v in landing.videos if "," in v["title"])
    assert len(landing.users) == BIG_ARGS["users"]
    assert len({u["user_id"] for u in landing.users}) == len(landing.users)
    for user in landing.users:
        dt.date.fromisoformat(user["signup_date"])
        assert user["subscription_tier"] in ("free", "basic", "premium")
        assert user["country"] in gen.COUNTRY_CODES
    # no event before the user's signup date (a UTC date)
    signup = {u["user_id"]: dt.date.fromisoformat(u["signup_date"]) for u in landing.users}
    for event in landing.good:
        assert dt.datetime.fromtimestamp(event["_at"], dt.UTC).date() >= signup[event["userId"]]
    # some users sign up during the period: new users with a first session
    start = dt.date.fromisoformat(landing.manifest["arguments"]["start_date"])
    assert any(date >= start for date in signup.values())


def test_cli_prints_a_summary_and_rejects_bad_arguments(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tooling.generate_events", "--out", str(tmp_path / "x")]
    done = subprocess.run(
        [*command, "--events", "300", "--seed", "1", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"\d+ lines \(\d+ events, \d+ bad lines, \d+ duplicates\) in 1 files", done.stderr
    )
    assert done.stderr.count("\n") == 1  # --quiet: the summary only
    bad = subprocess.run(
        [*command, "--events", "300", "--seed", "1", "--bad-line-share", "0.7"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "bad-line-share" in bad.stderr


def test_committed_sample_data_is_what_the_documented_command_generates(tmp_path):
    if not SAMPLE_DATA.is_dir():
        pytest.skip("no sample_data/ in this checkout")
    readme = (SAMPLE_DATA / "README.md").read_text(encoding="utf-8")
    flags = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in SAMPLE_ARGS.items())
    assert f"python -m tooling.generate_events --out sample_data {flags}" in readme
    run_generator(tmp_path, **SAMPLE_ARGS)
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLE_DATA) for p in SAMPLE_DATA.rglob("*") if p.is_file())
    assert committed == sorted([*generated, Path("README.md")]), "sample_data has extra files"
    for relative in generated:
        assert (tmp_path / relative).read_bytes() == (SAMPLE_DATA / relative).read_bytes(), (
            f"sample_data/{relative} is stale: re-run the command in sample_data/README.md"
        )
    assert (SAMPLE_DATA / "_generator_manifest.json").stat().st_size > 0
    assert sum(p.stat().st_size for p in SAMPLE_DATA.rglob("*") if p.is_file()) < 1_500_000
