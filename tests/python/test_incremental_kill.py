"""SPEC 9: a build killed at any point (kill -9) and started again ends with correct marts.

dbt runs as a subprocess here, on a warehouse and Derby metastore of its own (the pytest
session's belongs to the in-process runner), over the incremental tests' landing
(incremental_landing.py) landed batch by batch:

    batch 0                       dbt build                  (the history)
    batch 1                       dbt build, killed while base_player__event_lines writes
                                  dbt build, killed once int_player_events_sessionized
                                  committed its partitions, before its post-hook
    batch 2                       dbt build, killed right after base_player__event_files
                                  dbt build, killed while int_player_events_sequenced writes
                                  dbt build, killed during int_player_views_aggregated
                                  dbt build                  (runs to the end)

Each kill is `kill -9` of the whole process group: dbt and the Spark JVM it started. Every
mart must then equal the full refresh over the same files (the session fixture
`incremental_full_refresh`, compared as in test_incremental.py); the marts of the
subprocess's warehouse are read by a pyspark subprocess through its metastore
(mart_comparison.py run as a script) once no dbt process holds it.
"""

from __future__ import annotations

import json
import os
import pickle
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from incremental_landing import (
    BATCH_COUNT,
    DBT_VARS,
    MODELS_ONLY,
    build_incremental_cases,
    write_batch,
)
from mart_comparison import snapshot_differences

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "ve_test_incremental_kill"
RUN_TIMEOUT_SECONDS = 900
DURING_DELAY_SECONDS = 0.3


@dataclass
class KillPoint:
    """Where to kill a run: `moment` is `writing` (as soon as Spark writes the model's
    table files), `committed` (as soon as that write has been committed, before the model's
    post-hook has finished: for the models that rewrite partitions, between the new
    partitions and the hook that drops emptied ones and records the run), `during`
    (DURING_DELAY_SECONDS after the model starts) or `after` (as soon as dbt reports the
    model built, before the next one starts)."""

    model: str
    moment: str
    lands_batch: int | None = None  # a new batch landed before this run


# The interruptions that matter most for SPEC 9.1: while new lines are being appended, and
# after the new files were recorded but before their lines were loaded (the next run must
# still load them); after a model rewrote its partitions but before its post-hook recorded
# the run (the next run must take the same rows again), and while partitions are being
# rewritten; and in the middle of a rebuilt intermediate model.
KILL_POINTS = [
    KillPoint("base_player__event_lines", "writing", lands_batch=1),
    KillPoint("int_player_events_sessionized", "committed"),
    KillPoint("base_player__event_files", "after", lands_batch=2),
    KillPoint("int_player_events_sequenced", "writing"),
    KillPoint("int_player_views_aggregated", "during"),
]


def model_line(status: str, model: str) -> re.Pattern[str]:
    """dbt's log line when a model starts (`START sql <kind> model <schema>.<model>`) or was
    built (`OK created sql <kind> model ...`)."""
    return re.compile(rf"\b{status} sql [\w ]*?model \S*\.{re.escape(model)}\b")


def group_is_alive(group: int) -> bool:
    """Whether a process of the group is still running (zombies aside)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


def kill_group(process: subprocess.Popen) -> None:
    """kill -9 dbt and every process it started (the JVM), and wait until they are gone."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while group_is_alive(process.pid):
        assert time.monotonic() < deadline, "the killed dbt's processes are still running"
        time.sleep(0.1)


def is_writing(spark_dir: Path, model: str) -> bool:
    """Whether Spark is writing files of the model's table (or of its temporary table):
    its commit protocol's work folders exist only while a write is under way."""
    schema_dir = spark_dir / "warehouse" / f"{SCHEMA}.db"
    try:
        tables = [entry for entry in os.scandir(schema_dir) if entry.name.startswith(model)]
        return any(
            entry.name.startswith(("_temporary", ".spark-staging"))
            for table in tables
            if table.is_dir()
            for entry in os.scandir(table.path)
        )
    except FileNotFoundError:
        return False


def summary(output: list[str]) -> str:
    """dbt's error lines and its last lines."""
    errors = [line for line in output if re.search(r"\bERROR\b|Error|Failure in", line)]
    return "".join([*errors[:20], "...\n", *output[-15:]])


class DbtSubprocess:
    """`dbt build` (models only, no flags) in a process group of its own."""

    def __init__(self, spark_dir: Path, root: Path, work: Path) -> None:
        self.spark_dir = spark_dir
        self.command = [
            sys.executable,
            "-m",
            "dbt.cli.main",
            "build",
            "--vars",
            json.dumps({"raw_root": str(root), **DBT_VARS}),
            *MODELS_ONLY,
            "--project-dir",
            str(PROJECT_ROOT),
            "--profiles-dir",
            str(PROJECT_ROOT),
            "--log-path",
            str(work / "logs"),
            "--target-path",
            str(work / "target"),
        ]
        self.env = {
            **os.environ,
            "VE_SPARK_DIR": str(spark_dir),
            "DBT_SCHEMA": SCHEMA,
            "DBT_USE_COLORS": "false",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "VE_SPARK_DRIVER_MEMORY": "1g",
        }

    def run(self, kill: KillPoint | None = None) -> tuple[list[str], str]:
        """(dbt's output, where it was killed or 'completed')."""
        process = subprocess.Popen(
            self.command,
            cwd=PROJECT_ROOT,
            env=self.env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            for line in process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        output: list[str] = []
        started_at = None
        seen_writing = False
        deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
        while True:
            try:
                line = lines.get(timeout=0.005)
            except queue.Empty:
                line = ""
            if line is None:
                break
            if line:
                output.append(line)
            if time.monotonic() > deadline:
                kill_group(process)
                raise AssertionError("dbt did not finish in time:\n" + summary(output))
            if kill is None:
                continue
            if started_at is None and model_line("START", kill.model).search(line):
                started_at = time.monotonic()
            built = model_line("OK created", kill.model).search(line) is not None
            if built and kill.moment != "after":
                # the model was built before the moment came: kill between models instead
                kill_group(process)
                return output, f"after {kill.model} (its {kill.moment} moment was missed)"
            writing = (
                bool(started_at)
                and kill.moment in ("writing", "committed")
                and is_writing(self.spark_dir, kill.model)
            )
            seen_writing = seen_writing or writing
            if (
                (kill.moment == "after" and built)
                or (kill.moment == "committed" and seen_writing and not writing)
                or (kill.moment == "writing" and writing)
                or (
                    kill.moment == "during"
                    and started_at
                    and time.monotonic() - started_at >= DURING_DELAY_SECONDS
                )
            ):
                kill_group(process)
                return output, f"{kill.moment} {kill.model}"
        process.wait()
        if kill is not None:
            raise AssertionError(
                f"the run ended before {kill.model} {kill.moment} (exit {process.returncode}):\n"
                + summary(output)
            )
        assert process.returncode == 0, f"dbt failed (exit {process.returncode}):\n" + summary(
            output
        )
        return output, "completed"


def read_marts(spark_dir: Path, work: Path) -> dict:
    out = work / "marts.pickle"
    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("mart_comparison.py")),
            "--spark-dir",
            str(spark_dir),
            "--schema",
            SCHEMA,
            "--out",
            str(out),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "VE_SPARK_DIR": str(spark_dir)},
        check=True,
        timeout=RUN_TIMEOUT_SECONDS,
    )
    return pickle.loads(out.read_bytes())


def test_runs_killed_at_any_point_end_with_the_marts_of_a_full_refresh(
    incremental_cases, incremental_full_refresh, tmp_path
):
    plans = build_incremental_cases(incremental_cases)
    spark_dir, root = tmp_path / "spark", tmp_path / "landing"
    spark_dir.mkdir()
    dbt = DbtSubprocess(spark_dir, root, tmp_path)
    history: list[str] = []

    def run(kill: KillPoint | None = None) -> None:
        started = time.monotonic()
        output, where = dbt.run(kill)
        history.append(f"{where} ({time.monotonic() - started:.0f} s)")
        print(f"kill test: run {len(history)}: {history[-1]}")
        if kill is not None:
            assert not any("Completed successfully" in line for line in output), history

    write_batch(root, plans, 0)
    run()
    landed = 0
    for kill in KILL_POINTS:
        if kill.lands_batch is not None:
            for batch in range(landed + 1, kill.lands_batch + 1):
                write_batch(root, plans, batch)
            landed = kill.lands_batch
        run(kill)
    for batch in range(landed + 1, BATCH_COUNT):
        write_batch(root, plans, batch)
    run()

    differences = snapshot_differences(
        incremental_full_refresh,
        read_marts(spark_dir, tmp_path),
        ("full refresh", "runs killed and restarted"),
    )
    assert not differences, (
        "runs: "
        + "; ".join(history)
        + f"\n{len(differences)} marts differ:\n"
        + "\n".join(differences)
    )
