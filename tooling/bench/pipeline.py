"""The pipeline run: dbt in a subprocess, timed, with the process tree's memory and CPU."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tooling.bench.common import PROJECT_ROOT
from tooling.bench.environment import dbt_executable, spark_settings
from tooling.bench.memory import (
    ProcessTreeSampler,
    become_subreaper,
    children_rusage,
    reap_descendants,
    system_cpu_busy_seconds,
)
from tooling.bench.run_results import iso_utc


def dbt_environment(spark_dir: Path, schema: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DBT_TARGET", None)  # --target local is explicit
    env.update(
        {
            "VE_SPARK_DIR": str(spark_dir),
            "DBT_SCHEMA": schema,
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    env.update(spark_settings())
    return env


def dbt_command_line(
    command: str | Sequence[str],
    landing: Path,
    profiles_dir: Path,
    target_path: Path,
    log_path: Path,
    threads: int | None,
) -> list[str]:
    args = [
        *dbt_executable(),
        *([command] if isinstance(command, str) else command),
        "--vars",
        json.dumps({"raw_root": str(landing)}),
        "--target",
        "local",
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(profiles_dir),
        "--target-path",
        str(target_path),
        "--log-path",
        str(log_path),
    ]
    if threads:
        args += ["--threads", str(threads)]
    return args


@dataclass(frozen=True)
class DbtRun:
    """One dbt invocation of a benchmark: what to run, on what, and where its files go."""

    label: str  # names the run in the report: build, run, history, incremental, ...
    dbt_args: tuple[str, ...]  # the dbt command and its flags, e.g. ("build", "--full-refresh")
    landing: Path  # raw_root
    spark_dir: Path  # VE_SPARK_DIR: warehouse and metastore
    artefacts: Path  # the run's logs, console output and run_results.json
    target_path: Path  # dbt --target-path: a new one gives a full parse, as a fresh clone
    schema: str
    threads: int | None
    sample_seconds: float


def run_pipeline(run: DbtRun) -> dict[str, Any]:
    """Runs dbt in a subprocess, measuring wall time, peak tree RSS and CPU."""
    profiles_dir = run.spark_dir / "profiles"
    profiles_dir.mkdir(parents=True, exist_ok=True)
    run.artefacts.mkdir(parents=True, exist_ok=True)
    # The committed profile, whatever the user's profiles.yml says: comparable runs.
    shutil.copyfile(PROJECT_ROOT / "profiles.yml.example", profiles_dir / "profiles.yml")
    landing, artefacts, target_path = run.landing, run.artefacts, run.target_path
    env = dbt_environment(run.spark_dir, run.schema)
    command = dbt_command_line(
        run.dbt_args, landing, profiles_dir, target_path, artefacts, run.threads
    )
    console_log = artefacts / "dbt_output.log"
    subreaper = become_subreaper()
    sampler = ProcessTreeSampler(os.getpid(), run.sample_seconds, include_root=False)
    maxrss_before, cpu_before = children_rusage()
    system_busy_before = system_cpu_busy_seconds()
    load_before = os.getloadavg()
    print(
        f"benchmark: {run.label}: dbt {' '.join(run.dbt_args)} on {landing} "
        f"(output: {console_log})",
        file=sys.stderr,
        flush=True,
    )
    with open(console_log, "wb") as output:
        sampler.start()
        started_at = dt.datetime.now(dt.UTC)
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            exit_code = process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)
            process.wait()
            raise
        wall = time.monotonic() - started
        ended_at = dt.datetime.now(dt.UTC)
        # The JVM notices its Python parent is gone and exits: wait for the whole tree.
        drain_seconds, left_alive = reap_descendants(timeout=60.0)
        memory = sampler.stop()
    maxrss_after, cpu_after = children_rusage()
    system_busy_after = system_cpu_busy_seconds()
    tree_cpu = cpu_after - cpu_before
    other_cpu = None
    if system_busy_before is not None and system_busy_after is not None:
        other_cpu = max(0.0, (system_busy_after - system_busy_before) - tree_cpu)
    run_results_path = target_path / "run_results.json"
    if run_results_path.is_file():
        shutil.copyfile(run_results_path, artefacts / "run_results.json")
    return {
        "label": run.label,
        "dbt_args": list(run.dbt_args),
        "command": command,
        "exit_code": exit_code,
        "success": exit_code == 0,
        "started_at": iso_utc(started_at),
        "ended_at": iso_utc(ended_at),
        "wall_seconds": round(wall, 3),
        "tree_exit_after_seconds": round(drain_seconds, 3),
        "processes_left_alive": left_alive,
        **memory,
        # Largest single descendant as the kernel saw it; only meaningful when it grew
        # during this run (earlier children count too) and the JVM was reaped (subreaper).
        "ru_maxrss_children_mb": round(maxrss_after, 1),
        "ru_maxrss_grew_during_run": maxrss_after > maxrss_before,
        "subreaper": subreaper,
        "cpu_seconds_tree": round(tree_cpu, 2) if subreaper else None,
        "cpu_seconds_other_processes": round(other_cpu, 2)
        if other_cpu is not None and subreaper
        else None,
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "console_log": str(console_log),
        "dbt_log": str(artefacts / "dbt.log"),
        "run_results": str(artefacts / "run_results.json") if run_results_path.is_file() else None,
        "target_path": str(target_path),
    }
