"""The data (generated or reused landing folder) and the Spark folder the run wipes."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tooling.bench.common import LANDING_MARKER, PROJECT_ROOT, SPARK_DIR_MARKER, BenchmarkError
from tooling.generator.constants import GENERATOR_VERSION

# --------------------------------------------------------------------------------------
# Data: generate or reuse the landing folder
# --------------------------------------------------------------------------------------


def _landing_identity(events: int, seed: int) -> dict[str, Any]:
    return {"events": events, "seed": seed, "generator_version": GENERATOR_VERSION}


def file_sizes(landing: Path) -> dict[str, int]:
    """Size of every file below ``player_events/`` (at any depth) and of the catalogs."""
    events_dir = landing / "player_events"
    paths = sorted(p for p in events_dir.rglob("*") if p.is_file()) if events_dir.is_dir() else []
    sizes = {path.relative_to(landing).as_posix(): path.stat().st_size for path in paths}
    for name in ("videos.csv", "users.csv"):
        if (landing / name).is_file():
            sizes[name] = (landing / name).stat().st_size
    return sizes


def read_marker(folder: Path, identity: dict[str, Any]) -> dict[str, Any] | None:
    """The marker of ``folder`` when it holds exactly the data ``identity`` names and its
    files still have the sizes they had when it was written."""
    try:
        content = json.loads((folder / LANDING_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if content.get("identity") != identity or content.get("file_sizes") != file_sizes(folder):
        return None
    return content


def reusable_landing(landing: Path, events: int, seed: int) -> dict[str, Any] | None:
    """The marker of ``landing`` when it holds exactly the data of (events, seed)."""
    return read_marker(landing, _landing_identity(events, seed))


def generate_landing(
    out: Path, events: int, seed: int, workers: int, extra_args: list[str] | None = None
) -> tuple[dict[str, Any], float]:
    """Runs the generator in this process: (its manifest, seconds it took)."""
    # imported here: the generator brings tqdm, and only this step needs it
    from tooling.generator.cli import build_parser
    from tooling.generator.generate import generate

    argv = ["--out", str(out), "--events", str(events), "--seed", str(seed)]
    argv += ["--workers", str(workers), *(extra_args or [])]
    started = time.monotonic()
    manifest = generate(build_parser().parse_args(argv))
    return manifest, time.monotonic() - started


def data_section(
    manifest: dict[str, Any],
    marker: dict[str, Any],
    *,
    events: int,
    seed: int,
    folder: Path,
    generation_seconds: float | None,
) -> dict[str, Any]:
    """The data section of the report, from the generator's manifest and the marker;
    ``generation_seconds`` is None when the folder was reused."""
    counts = manifest["counts"]
    return {
        "events_requested": events,
        "seed": seed,
        "landing": str(folder),
        "reused": generation_seconds is None,
        "generation_seconds": None if generation_seconds is None else round(generation_seconds, 3),
        "generation_seconds_when_created": marker.get("generation_seconds"),
        "raw_lines": counts["lines"],
        "good_events": counts["good_events"],
        "bad_lines": counts["bad_lines"],
        "duplicates": counts["duplicates"],
        "users": counts["users"],
        "videos": counts["videos"],
        "event_files": sum(1 for name in marker["file_sizes"] if name.startswith("player_events/")),
        "event_bytes": sum(
            size for name, size in marker["file_sizes"].items() if name.startswith("player_events/")
        ),
    }


def prepare_landing(
    landing: Path, events: int, seed: int, reuse: bool, workers: int
) -> dict[str, Any]:
    """Generates (or reuses) the landing folder; returns the data section of the report."""
    marker = reuse and reusable_landing(landing, events, seed)
    generation_seconds = None
    if marker:
        print(f"benchmark: reusing {landing} ({marker['lines']:,} lines)", file=sys.stderr)
        manifest = json.loads((landing / "_generator_manifest.json").read_text("utf-8"))
    else:
        landing.mkdir(parents=True, exist_ok=True)
        (landing / LANDING_MARKER).unlink(missing_ok=True)  # invalid until generation ends
        manifest, generation_seconds = generate_landing(landing, events, seed, workers)
        marker = {
            "identity": _landing_identity(events, seed),
            "lines": manifest["counts"]["lines"],
            "generation_seconds": round(generation_seconds, 3),
            "file_sizes": file_sizes(landing),
        }
        (landing / LANDING_MARKER).write_text(json.dumps(marker, indent=2) + "\n", "utf-8")
    return data_section(
        manifest,
        marker,
        events=events,
        seed=seed,
        folder=landing,
        generation_seconds=generation_seconds,
    )


# --------------------------------------------------------------------------------------
# The Spark folder: wiped before every run, one process at a time
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def spark_dir_lock(spark_dir: Path) -> Iterator[None]:
    """Only one process may use a VE_SPARK_DIR (Derby): refuse a second benchmark on it."""
    spark_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = spark_dir.parent / f".{spark_dir.name}.lock"
    with open(lock_path, "w", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BenchmarkError(
                f"another benchmark is using {spark_dir} (lock {lock_path}); "
                "wait for it or pass another --spark-dir."
            ) from exc
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def reset_spark_dir(spark_dir: Path) -> None:
    """Empties ``spark_dir``; refuses a folder that is not one of ours (no marker)."""
    if spark_dir == PROJECT_ROOT or spark_dir in PROJECT_ROOT.parents or spark_dir == Path("/"):
        raise BenchmarkError(f"refusing to use {spark_dir} as --spark-dir")
    if spark_dir.exists():
        if not spark_dir.is_dir():
            raise BenchmarkError(f"--spark-dir {spark_dir} is not a folder")
        if any(spark_dir.iterdir()) and not (spark_dir / SPARK_DIR_MARKER).is_file():
            raise BenchmarkError(
                f"--spark-dir {spark_dir} is not empty and was not created by the benchmark "
                f"(no {SPARK_DIR_MARKER}); it is wiped before every run, so pick another "
                "folder or delete it yourself."
            )
        shutil.rmtree(spark_dir)
    spark_dir.mkdir(parents=True)
    (spark_dir / SPARK_DIR_MARKER).write_text(
        "Scratch Spark folder of tooling/benchmark.py: wiped before every run.\n", "utf-8"
    )
