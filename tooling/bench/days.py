"""The daily case's data: generated events laid out as one file per UTC day (SPEC 9.1).

The generator writes its lines in arrival order into ``part-NNNNN.jsonl`` chunks. The daily
case needs what a production landing zone looks like instead: one immutable file per day,
``player_events/<yyyy>/<mm>/<dd>/events.jsonl``, the history loaded first and one more day
landing later. :func:`split_into_days` moves every raw line, byte for byte and exactly once,
to the file of the UTC date of its ``timestamp``:

* offsets are applied and a naive timestamp is UTC (SPEC 3.1), so the date is the UTC date;
* a line whose timestamp cannot be read (malformed JSON cut before it, ``"N/A"``, month 13)
  goes to the day the generator was writing when it wrote the line: the latest UTC day read
  so far in the generator's output, which is in arrival order (the first day before any);
* dates outside the period go to its first or last day (a few sessions run past its end).

A view that crosses midnight therefore has events in two daily files, and the last day's
file holds events of views, sessions and users the history already has: late data, as in
production. The layout is deterministic: the same generated lines give the same files.

The day store (``<root>/store``) is made once and reused (its marker names the data); every
run assembles its landing (``<root>/landing``) from it: the history files are hard links
(copies across file systems), the new day's file is copied in when it lands, so it is newer
than every file loaded before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tooling.bench.common import LANDING_MARKER, BenchmarkError
from tooling.bench.landing import data_section, file_sizes, generate_landing, read_marker

SPLIT_VERSION = 1  # bump when the layout or the day rule changes: markers then mismatch
HISTORY_DAYS = 30
DAILY_DAYS = HISTORY_DAYS + 1
DAILY_START_DATE = dt.date(2024, 1, 1)  # the generator's default start date
DAY_FILE = "events.jsonl"
LANDING_DIR_MARKER = "_benchmark_daily_landing"  # only a folder carrying it is ever wiped
STORE_DIR_MARKER = "_benchmark_day_store"  # likewise, from before generation starts
CATALOG_FILES = ("videos.csv", "users.csv")

# The first `timestamp` member of a line, even of a line whose JSON is cut off later.
_TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"([^"\\]{1,64})"')


def day_path(day: dt.date) -> str:
    """The daily file of ``day``, relative to the landing folder."""
    return f"player_events/{day:%Y/%m/%d}/{DAY_FILE}"


def utc_date(line: bytes) -> dt.date | None:
    """The UTC date of a raw line's ``timestamp``; None when there is none to read."""
    found = _TIMESTAMP.search(line)
    if found is None:
        return None
    try:
        value = dt.datetime.fromisoformat(found.group(1).decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.date()


class DayAssigner:
    """The day index (0 = ``first_day``) of each line, called in the generator's order;
    see the module docstring for the rule."""

    def __init__(self, first_day: dt.date, days: int) -> None:
        self.first_day = first_day
        self.last = days - 1
        self.clock = 0  # the latest day read so far: where a line without a date goes

    def __call__(self, line: bytes) -> int:
        date = utc_date(line)
        if date is None:
            return self.clock
        index = min(self.last, max(0, (date - self.first_day).days))
        self.clock = max(self.clock, index)
        return index


def _read_lines(path: Path) -> Iterator[bytes]:
    with (gzip.open if path.name.endswith(".gz") else open)(path, "rb") as handle:
        yield from handle


def split_into_days(
    sources: list[Path], out: Path, first_day: dt.date, days: int
) -> dict[str, int]:
    """Writes the lines of ``sources`` (read in the order given) to one file per day below
    ``out``; returns the line count of each day file (``day_path`` -> lines), every day of
    the period included, even an empty one."""
    names = [day_path(first_day + dt.timedelta(days=index)) for index in range(days)]
    counts = [0] * days
    assign = DayAssigner(first_day, days)
    with contextlib.ExitStack() as stack:
        handles = []
        for name in names:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            handles.append(stack.enter_context(open(out / name, "wb", buffering=1 << 20)))
        for source in sources:
            for line in _read_lines(source):
                index = assign(line)
                handles[index].write(line if line.endswith(b"\n") else line + b"\n")
                counts[index] += 1
    return dict(zip(names, counts))


# --------------------------------------------------------------------------------------
# The day store: generated once, reused while its marker matches
# --------------------------------------------------------------------------------------


def total_events(history_events: int) -> int:
    """Lines to generate over 31 days so that 30 of them hold about ``history_events``."""
    return round(history_events * DAILY_DAYS / HISTORY_DAYS)


def daily_identity(history_events: int, seed: int) -> dict[str, Any]:
    from tooling.generator.constants import GENERATOR_VERSION

    return {
        "layout": "daily",
        "history_events": history_events,
        "events": total_events(history_events),
        "seed": seed,
        "days": DAILY_DAYS,
        "start_date": DAILY_START_DATE.isoformat(),
        "generator_version": GENERATOR_VERSION,
        "split_version": SPLIT_VERSION,
    }


def _wipe_store(store: Path) -> None:
    """Empties a store made by this module; refuses any other non-empty folder."""
    if not store.exists():
        return
    if any(store.iterdir()) and not (store / STORE_DIR_MARKER).is_file():
        raise BenchmarkError(
            f"{store} is not empty and is not a day store of the benchmark; "
            "pick another --landing or delete it yourself."
        )
    shutil.rmtree(store)


def prepare_daily_store(
    root: Path, history_events: int, seed: int, reuse: bool, workers: int
) -> dict[str, Any]:
    """Generates 31 days of events and splits them into daily files below ``root/store``
    (or reuses them); returns the data section of the report."""
    store = root / "store"
    identity = daily_identity(history_events, seed)
    marker = read_marker(store, identity) if reuse else None
    if marker:
        print(f"benchmark: reusing {store} ({marker['lines']:,} lines)", file=sys.stderr)
        manifest = json.loads((store / "_generator_manifest.json").read_text("utf-8"))
        generation_seconds = split_seconds = None
    else:
        _wipe_store(store)
        store.mkdir(parents=True)
        (store / STORE_DIR_MARKER).write_text(
            "Day store of the daily benchmark: wiped when it is made again.\n", "utf-8"
        )
        manifest, generation_seconds = generate_landing(
            store,
            identity["events"],
            seed,
            workers,
            ["--days", str(DAILY_DAYS), "--start-date", identity["start_date"]],
        )
        parts = sorted((store / "player_events").glob("part-*"))
        print(f"benchmark: splitting {len(parts)} files into daily files", file=sys.stderr)
        started = time.monotonic()
        lines_per_file = split_into_days(parts, store, DAILY_START_DATE, DAILY_DAYS)
        split_seconds = time.monotonic() - started
        for part in parts:
            part.unlink()
        written = sum(lines_per_file.values())
        if written != manifest["counts"]["lines"]:  # every raw line exactly once
            raise BenchmarkError(
                f"splitting into days wrote {written:,} lines, the generator "
                f"{manifest['counts']['lines']:,}"
            )
        marker = {
            "identity": identity,
            "lines": written,
            "lines_per_file": lines_per_file,
            "generation_seconds": round(generation_seconds, 3),
            "split_seconds": round(split_seconds, 3),
            "file_sizes": file_sizes(store),
        }
        (store / LANDING_MARKER).write_text(json.dumps(marker, indent=2) + "\n", "utf-8")
    day_files = list(marker["lines_per_file"])
    history, new_day = day_files[:HISTORY_DAYS], day_files[HISTORY_DAYS:]
    per_file = marker["lines_per_file"]
    history_lines = [per_file[name] for name in history]
    data = data_section(
        manifest,
        marker,
        events=history_events,
        seed=seed,
        folder=store,
        generation_seconds=generation_seconds,
    )
    data.update(
        {
            "events_generated": identity["events"],
            "days": DAILY_DAYS,
            "split_seconds": None if split_seconds is None else round(split_seconds, 3),
            "split_seconds_when_created": marker.get("split_seconds"),
            "history_files": history,
            "new_day_files": new_day,
            "history_lines": sum(history_lines),
            "new_day_lines": sum(per_file[name] for name in new_day),
            "history_lines_per_day_min": min(history_lines),
            "history_lines_per_day_max": max(history_lines),
        }
    )
    return data


# --------------------------------------------------------------------------------------
# The run's landing: the history, then the new day
# --------------------------------------------------------------------------------------


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)


def reset_landing(landing: Path) -> None:
    """Empties the run's landing folder; refuses a non-empty folder it did not make."""
    if landing.exists():
        if any(landing.iterdir()) and not (landing / LANDING_DIR_MARKER).is_file():
            raise BenchmarkError(
                f"{landing} is not empty and was not made by the benchmark "
                f"(no {LANDING_DIR_MARKER}); pick another --landing or delete it yourself."
            )
        shutil.rmtree(landing)
    landing.mkdir(parents=True)
    (landing / LANDING_DIR_MARKER).write_text(
        "Landing folder of the daily benchmark: rebuilt from ../store on every run.\n", "utf-8"
    )


def land_history(store: Path, landing: Path, history_files: list[str]) -> None:
    """A fresh landing with the catalogs and the history's daily files."""
    reset_landing(landing)
    for name in [*CATALOG_FILES, *history_files]:
        if (store / name).is_file():
            _link_or_copy(store / name, landing / name)


def land_new_day(store: Path, landing: Path, new_day_files: list[str]) -> None:
    """The new day's files arrive: copied, so their modification time is now."""
    for name in new_day_files:
        target = landing / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(store / name, target)
