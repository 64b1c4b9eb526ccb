"""Benchmark of the full pipeline on generated data (SPEC 8).

Usage (from the project root, inside the project's virtual environment)::

    ./scripts/benchmark.sh --events 1000000            # sources scripts/env.sh first
    python -m tooling.benchmark --events 200000 --seed 42 --reuse

One run does, in order:

1. **Data**: generates a landing folder of ``--events`` raw lines with
   ``tooling.generate_events`` (default ``.bench/landing_<N>_<seed>``), or reuses it with
   ``--reuse`` when its marker file says it holds exactly that data. Timed on its own.
2. **Pipeline**: wipes ``--spark-dir`` (so every run is a full refresh into an empty
   warehouse) and runs ``dbt <build|run>`` on the ``local`` target of
   ``profiles.yml.example`` in a subprocess, with ``raw_root`` set to the landing folder.
   Wall time is measured around the subprocess; peak memory is the largest sum of the
   resident set sizes of the whole process tree (the dbt Python process and the embedded
   Spark JVM it starts), sampled from ``/proc`` every ``--sample-seconds``.
   ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single descendant) is kept as a
   cross-check: this process makes itself a child subreaper, so the JVM, which outlives
   the dbt process by a moment, is re-parented to it and reaped by it.
3. **Nodes**: reads the ``run_results.json`` of the run (a target path of its own, so the
   user's ``target/`` is left alone) and sums ``execution_time`` by resource type.
4. **Floor**: in a fresh pyspark process with the profile's driver memory, cores and
   shuffle partitions, times a bare scan of the same raw event files as text, a
   ``from_json`` of ``videoId`` and ``userId``, and a group-by video counting lines and
   distinct users, collected to the driver. ``ratio = pipeline wall / floor query``.
5. **Report**: a JSON file ``<out-dir>/benchmark_<N>_<UTC timestamp>.json`` next to a
   folder of the same name holding dbt's logs, its console output and ``run_results.json``;
   a readable table on stdout.

Relative paths in the arguments are relative to the project folder. Exit status: 0 when
the dbt command succeeded, 1 when it did not (the report is written anyway), 2 for usage
or environment errors. Only the standard library is imported at module level; pyspark is
imported only in the floor's own process.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import fcntl
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Iterator

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REPORT_VERSION = 1
DEFAULT_SEED = 42
TOP_NODES = 15
LANDING_MARKER = "_benchmark_landing.json"  # leading `_`: never read as input
SPARK_DIR_MARKER = ".ve_benchmark_spark_dir"  # only a folder carrying it is ever wiped
EVENT_FILE_GLOB = "*.{jsonl,json,jsonl.gz,json.gz}"  # as macros/ingestion/landing_table_specs
# The profile's settings that shape the embedded Spark, with the defaults of
# profiles.yml.example (its `local` target); the floor uses the same values.
SPARK_ENV_DEFAULTS = {
    "VE_SPARK_DRIVER_MEMORY": "6g",
    "VE_SHUFFLE_PARTITIONS": "8",
    "VE_SPARK_CORES": "*",
}
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
MIB = 1024 * 1024


class BenchmarkError(Exception):
    """A usage or environment problem: reported in one line, exit status 2."""


# --------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1: {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.benchmark",
        description="Time a full-refresh dbt build of the pipeline on generated raw events, "
        "with peak memory, per-node timings and a bare-Spark floor (SPEC 8). Relative paths "
        "are relative to the project folder.",
    )
    parser.add_argument("--events", type=_positive_int, required=True,
                        help="raw lines to generate (tooling.generate_events --events)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--landing", help="landing folder (default .bench/landing_<N>_<seed>)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the landing folder when its marker matches N and seed")
    parser.add_argument("--generator-workers", type=_positive_int, default=1,
                        help="generate_events --workers (same output whatever the value)")
    parser.add_argument("--out-dir", default="benchmarks/results",
                        help="where the JSON report and the run's logs go")
    parser.add_argument("--spark-dir", default=".spark/bench",
                        help="VE_SPARK_DIR of the run: wiped first (full refresh)")
    parser.add_argument("--schema", default="ve_bench", help="DBT_SCHEMA of the run")
    parser.add_argument("--dbt-command", choices=("build", "run"), default="build",
                        help="build: models, seeds and every test (default); run: models only")
    parser.add_argument("--threads", type=_positive_int, help="dbt --threads (profile: 1)")
    parser.add_argument("--skip-floor", action="store_true", help="do not time the floor")
    parser.add_argument("--sample-seconds", type=_positive_float, default=0.5,
                        help="interval of the process-tree memory sampler")
    return parser


def _project_path(text: str) -> Path:
    path = Path(text).expanduser()
    return (path if path.is_absolute() else PROJECT_ROOT / path).resolve()


# --------------------------------------------------------------------------------------
# The environment (what scripts/env.sh guarantees)
# --------------------------------------------------------------------------------------


def java_version() -> tuple[int | None, str]:
    """(major version, first line of `java -version`); (None, reason) without Java."""
    java = shutil.which("java")
    if java is None:
        return None, "java not found on PATH"
    done = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    text = (done.stderr or done.stdout).strip()
    first = text.splitlines()[0] if text else ""
    major = None
    if '"' in first:
        version = first.split('"')[1]
        head = version.split(".")[0]
        if head == "1" and "." in version:  # 1.8.0_x style
            head = version.split(".")[1]
        if head.isdigit():
            major = int(head)
    return major, first


def check_environment() -> dict[str, Any]:
    """Fail early, saying what to do, where scripts/env.sh would: Python 3.11+, Java 17 or
    21, the pinned dependencies of requirements.lock (checked, never installed here: the
    wrapper's `source scripts/env.sh` does that), the profile template."""
    if sys.version_info < (3, 11):
        raise BenchmarkError(
            f"Python 3.11 or newer is required, this is {platform.python_version()}."
        )
    major, java_line = java_version()
    if major is None:
        raise BenchmarkError(
            "Java 17 is required to run the embedded Spark and was not found on PATH "
            "(Debian: apt-get install openjdk-17-jre-headless)."
        )
    if major not in (17, 21):
        raise BenchmarkError(f"Java 17 or 21 is required by Spark 4.3, found: {java_line}")
    venv = PROJECT_ROOT / ".venv"
    stamp = venv / ".requirements.lock.sha256"
    lock = PROJECT_ROOT / "requirements.lock"
    in_venv = Path(sys.prefix).resolve() == venv.resolve()
    if in_venv and lock.is_file():
        wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
        if not stamp.is_file() or stamp.read_text().strip() != wanted:
            raise BenchmarkError(
                "the .venv does not match requirements.lock: run `source scripts/env.sh` "
                "(or ./scripts/benchmark.sh, which does) first."
            )
    versions = {}
    for dist in ("dbt-core", "dbt-spark", "pyspark"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError as exc:
            raise BenchmarkError(
                f"{dist} is not installed in {sys.prefix}: run ./scripts/benchmark.sh, or "
                "`source scripts/env.sh` and use the project's .venv."
            ) from exc
    if not (PROJECT_ROOT / "profiles.yml.example").is_file():
        raise BenchmarkError("profiles.yml.example is missing from the project folder.")
    return {"java_major": major, "java_version": java_line, "in_project_venv": in_venv,
            "versions": versions}


def dbt_executable() -> list[str]:
    """The dbt of this interpreter's environment."""
    candidate = Path(sys.executable).parent / "dbt"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return [str(candidate)]
    return [sys.executable, "-c", "import sys; from dbt.cli.main import cli; sys.exit(cli())"]


def ensure_dbt_packages(env: dict[str, str]) -> None:
    """dbt refuses to run without dbt_packages/: install them as scripts/run.sh does."""
    packages = PROJECT_ROOT / "dbt_packages"
    if all((packages / name / "dbt_project.yml").is_file()
           for name in ("dbt_utils", "dbt_expectations")):
        return
    script = PROJECT_ROOT / "scripts" / "install_dbt_packages.sh"
    print("benchmark: installing the dbt packages (scripts/install_dbt_packages.sh)",
          file=sys.stderr)
    package_env = dict(env)
    executable = dbt_executable()
    package_env["DBT"] = executable[0] if len(executable) == 1 else "dbt"
    done = subprocess.run(["bash", str(script)], cwd=PROJECT_ROOT, env=package_env, check=False)
    if done.returncode != 0:
        raise BenchmarkError("scripts/install_dbt_packages.sh failed (see its message above).")


def spark_settings() -> dict[str, str]:
    """The profile's Spark settings as this run will see them (environment or default)."""
    return {name: os.environ.get(name) or default for name, default in SPARK_ENV_DEFAULTS.items()}


def _meminfo() -> dict[str, int]:
    values = {}
    with contextlib.suppress(OSError):
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                parts = rest.split()
                if parts and parts[0].isdigit():
                    values[key] = int(parts[0]) * 1024
    return values


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _git_state() -> dict[str, Any]:
    def git(*args: str) -> str | None:
        with contextlib.suppress(OSError):
            done = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True,
                                  text=True, check=False)
            if done.returncode == 0:
                return done.stdout.strip()
        return None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"),
            "dirty": None if status is None else bool(status)}


def machine_info(env_check: dict[str, Any]) -> dict[str, Any]:
    memory = _meminfo()
    try:
        usable_cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable_cores = os.cpu_count()
    return {
        "hostname": platform.node(),
        "os": f"{platform.system()} {platform.release()}",
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable_cores,
        "memory_total_mb": round(memory.get("MemTotal", 0) / MIB),
        "memory_available_mb_at_start": round(memory.get("MemAvailable", 0) / MIB),
        "load_average_at_start": list(os.getloadavg()),
        "java_version": env_check["java_version"],
        "python_version": platform.python_version(),
        "python_executable": sys.executable,
        "in_project_venv": env_check["in_project_venv"],
        "versions": env_check["versions"],
    }


# --------------------------------------------------------------------------------------
# Process-tree memory sampler
# --------------------------------------------------------------------------------------

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _read_stat(pid: int) -> tuple[str, int] | None:
    """(command name, parent pid) from /proc/<pid>/stat; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    # The name is in parentheses and may itself contain spaces and parentheses.
    left, right = data.find("("), data.rfind(")")
    fields = data[right + 2 :].split()
    if left < 0 or right < 0 or len(fields) < 2:
        return None
    return data[left + 1 : right], int(fields[1])


def _read_statm(pid: int) -> tuple[int, int] | None:
    """(virtual size, resident set) in bytes; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            fields = handle.read().split()
        return int(fields[0]) * _PAGE_SIZE, int(fields[1]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return None


def process_tree(root_pid: int, include_root: bool = True) -> dict[int, tuple[str, int]]:
    """pid -> (command name, parent pid) of ``root_pid`` and all its descendants, from one
    scan of /proc."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _read_stat(int(entry))
        if stat is None:
            continue
        info[int(entry)] = stat
        children.setdefault(stat[1], []).append(int(entry))
    tree: dict[int, tuple[str, int]] = {}
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        if pid in tree or pid not in info:
            continue
        tree[pid] = info[pid]
        stack.extend(children.get(pid, ()))
    if not include_root:
        tree.pop(root_pid, None)
    return tree


@dataclass
class TreeSample:
    at: float  # seconds since the sampler started
    rss_bytes: int
    processes: int
    by_process: list[dict[str, Any]] = field(default_factory=list)


class ProcessTreeSampler:
    """Samples the summed RSS of a process tree in a background thread.

    ``include_root=False`` measures only the descendants of ``root_pid`` (used with this
    process as the root: the benchmark's own memory is not the pipeline's)."""

    def __init__(self, root_pid: int, interval: float = 0.5, include_root: bool = True) -> None:
        self.root_pid = root_pid
        self.interval = interval
        self.include_root = include_root
        self.samples = 0
        self.peak: TreeSample | None = None
        self.peak_single_process_bytes = 0
        self.shared_children_skipped = 0
        self._started = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample_once(self) -> TreeSample:
        tree = process_tree(self.root_pid, self.include_root)
        memory = {pid: _read_statm(pid) for pid in tree}
        parts = []
        for pid, (name, parent) in tree.items():
            if memory[pid] is None or memory[pid][1] == 0:
                continue
            # A child caught between fork/vfork and exec (the JVM spawns helper processes)
            # still maps its parent's memory: the same pages, counted once.
            if parent in tree and memory.get(parent) == memory[pid]:
                self.shared_children_skipped += 1
                continue
            parts.append({"pid": pid, "name": name, "rss_bytes": memory[pid][1]})
        sample = TreeSample(
            at=time.monotonic() - self._started,
            rss_bytes=sum(p["rss_bytes"] for p in parts),
            processes=len(parts),
            by_process=sorted(parts, key=lambda p: -p["rss_bytes"]),
        )
        self.samples += 1
        if parts:
            largest = max(p["rss_bytes"] for p in parts)
            self.peak_single_process_bytes = max(self.peak_single_process_bytes, largest)
        if self.peak is None or sample.rss_bytes > self.peak.rss_bytes:
            self.peak = sample
        return sample

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample_once()
            self._stop.wait(self.interval)

    def start(self) -> ProcessTreeSampler:
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.result()

    def result(self) -> dict[str, Any]:
        peak = self.peak
        return {
            "peak_rss_mb": round(peak.rss_bytes / MIB, 1) if peak else 0.0,
            "peak_at_seconds": round(peak.at, 1) if peak else None,
            "peak_processes": peak.processes if peak else 0,
            "peak_by_process": [
                {"pid": p["pid"], "name": p["name"], "rss_mb": round(p["rss_bytes"] / MIB, 1)}
                for p in (peak.by_process if peak else [])
            ],
            "peak_single_process_mb": round(self.peak_single_process_bytes / MIB, 1),
            "samples": self.samples,
            "forked_children_not_counted": self.shared_children_skipped,
            "interval_seconds": self.interval,
        }


def _system_cpu_busy_seconds() -> float | None:
    """CPU seconds all cores spent busy since boot (/proc/stat), for contention figures."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / _CLOCK_TICKS


def _children_rusage() -> tuple[float, float]:
    """(ru_maxrss of the largest reaped descendant in MiB, their user+system CPU seconds)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return usage.ru_maxrss * scale / MIB, usage.ru_utime + usage.ru_stime


def become_subreaper() -> bool:
    """Orphaned descendants (the Spark JVM outlives the dbt process) re-parent to us."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_descendants(timeout: float) -> tuple[float, int]:
    """Waits (up to ``timeout``) for every remaining child of this process to exit and
    reaps it. Returns (seconds waited, processes still alive at the end)."""
    started = time.monotonic()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return time.monotonic() - started, 0
        if pid:
            continue
        if time.monotonic() - started > timeout:
            left = process_tree(os.getpid(), include_root=False)
            return time.monotonic() - started, len(left)
        time.sleep(0.05)


# --------------------------------------------------------------------------------------
# Data: generate or reuse the landing folder
# --------------------------------------------------------------------------------------


def _landing_identity(events: int, seed: int) -> dict[str, Any]:
    from tooling import generate_events as gen

    return {"events": events, "seed": seed, "generator_version": gen.GENERATOR_VERSION}


def _file_sizes(landing: Path) -> dict[str, int]:
    events_dir = landing / "player_events"
    names = sorted(p.name for p in events_dir.iterdir()) if events_dir.is_dir() else []
    sizes = {f"player_events/{name}": (events_dir / name).stat().st_size for name in names}
    for name in ("videos.csv", "users.csv"):
        if (landing / name).is_file():
            sizes[name] = (landing / name).stat().st_size
    return sizes


def reusable_landing(landing: Path, events: int, seed: int) -> dict[str, Any] | None:
    """The marker of ``landing`` when it holds exactly the data of (events, seed)."""
    marker = landing / LANDING_MARKER
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if content.get("identity") != _landing_identity(events, seed):
        return None
    if content.get("file_sizes") != _file_sizes(landing):
        return None
    return content


def prepare_landing(landing: Path, events: int, seed: int, reuse: bool,
                    workers: int) -> dict[str, Any]:
    """Generates (or reuses) the landing folder; returns the data section of the report."""
    from tooling import generate_events as gen

    marker = reuse and reusable_landing(landing, events, seed)
    if marker:
        print(f"benchmark: reusing {landing} ({marker['lines']:,} lines)", file=sys.stderr)
        manifest = json.loads((landing / "_generator_manifest.json").read_text("utf-8"))
        generation_seconds = None
    else:
        landing.mkdir(parents=True, exist_ok=True)
        (landing / LANDING_MARKER).unlink(missing_ok=True)  # invalid until generation ends
        argv = ["--out", str(landing), "--events", str(events), "--seed", str(seed),
                "--workers", str(workers)]
        started = time.monotonic()
        manifest = gen.generate(gen.build_parser().parse_args(argv))
        generation_seconds = time.monotonic() - started
        marker = {
            "identity": _landing_identity(events, seed),
            "lines": manifest["counts"]["lines"],
            "generation_seconds": round(generation_seconds, 3),
            "file_sizes": _file_sizes(landing),
        }
        (landing / LANDING_MARKER).write_text(json.dumps(marker, indent=2) + "\n", "utf-8")
    counts = manifest["counts"]
    return {
        "events_requested": events,
        "seed": seed,
        "landing": str(landing),
        "reused": generation_seconds is None,
        "generation_seconds": None if generation_seconds is None else round(generation_seconds, 3),
        "generation_seconds_when_created": marker.get("generation_seconds"),
        "raw_lines": counts["lines"],
        "good_events": counts["good_events"],
        "bad_lines": counts["bad_lines"],
        "duplicates": counts["duplicates"],
        "users": counts["users"],
        "videos": counts["videos"],
        "event_files": len(manifest["files"]),
        "event_bytes": sum(size for name, size in marker["file_sizes"].items()
                           if name.startswith("player_events/")),
    }


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


# --------------------------------------------------------------------------------------
# The pipeline run
# --------------------------------------------------------------------------------------


def dbt_environment(spark_dir: Path, schema: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DBT_TARGET", None)  # --target local is explicit
    env.update({
        "VE_SPARK_DIR": str(spark_dir),
        "DBT_SCHEMA": schema,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    })
    env.update(spark_settings())
    return env


def dbt_command_line(command: str, landing: Path, profiles_dir: Path, target_path: Path,
                     log_path: Path, threads: int | None) -> list[str]:
    args = [
        *dbt_executable(), command,
        "--vars", json.dumps({"raw_root": str(landing)}),
        "--target", "local",
        "--project-dir", str(PROJECT_ROOT),
        "--profiles-dir", str(profiles_dir),
        "--target-path", str(target_path),
        "--log-path", str(log_path),
    ]
    if threads:
        args += ["--threads", str(threads)]
    return args


def run_pipeline(args: argparse.Namespace, landing: Path, spark_dir: Path,
                 artefacts: Path) -> dict[str, Any]:
    """Runs dbt in a subprocess, measuring wall time, peak tree RSS and CPU."""
    profiles_dir = spark_dir / "profiles"
    profiles_dir.mkdir(parents=True, exist_ok=True)
    # The committed profile, whatever the user's profiles.yml says: comparable runs.
    shutil.copyfile(PROJECT_ROOT / "profiles.yml.example", profiles_dir / "profiles.yml")
    target_path = spark_dir / "target"
    env = dbt_environment(spark_dir, args.schema)
    command = dbt_command_line(args.dbt_command, landing, profiles_dir, target_path,
                               artefacts, args.threads)
    console_log = artefacts / "dbt_output.log"
    subreaper = become_subreaper()
    sampler = ProcessTreeSampler(os.getpid(), args.sample_seconds, include_root=False)
    maxrss_before, cpu_before = _children_rusage()
    system_busy_before = _system_cpu_busy_seconds()
    load_before = os.getloadavg()
    print(f"benchmark: dbt {args.dbt_command} on {landing.name} "
          f"(output: {console_log})", file=sys.stderr, flush=True)
    with open(console_log, "wb") as output:
        sampler.start()
        started_at = dt.datetime.now(dt.timezone.utc)
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            exit_code = process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)
            process.wait()
            raise
        wall = time.monotonic() - started
        ended_at = dt.datetime.now(dt.timezone.utc)
        # The JVM notices its Python parent is gone and exits: wait for the whole tree.
        drain_seconds, left_alive = reap_descendants(timeout=60.0)
        memory = sampler.stop()
    maxrss_after, cpu_after = _children_rusage()
    system_busy_after = _system_cpu_busy_seconds()
    tree_cpu = cpu_after - cpu_before
    other_cpu = None
    if system_busy_before is not None and system_busy_after is not None:
        other_cpu = max(0.0, (system_busy_after - system_busy_before) - tree_cpu)
    run_results_path = target_path / "run_results.json"
    if run_results_path.is_file():
        shutil.copyfile(run_results_path, artefacts / "run_results.json")
    return {
        "command": command,
        "exit_code": exit_code,
        "success": exit_code == 0,
        "started_at": _iso(started_at),
        "ended_at": _iso(ended_at),
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
        if other_cpu is not None and subreaper else None,
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "console_log": str(console_log),
        "dbt_log": str(artefacts / "dbt.log"),
        "run_results": str(artefacts / "run_results.json")
        if run_results_path.is_file() else None,
        "target_path": str(target_path),
    }


# --------------------------------------------------------------------------------------
# run_results.json
# --------------------------------------------------------------------------------------


def _instant(text: str | None) -> dt.datetime | None:
    """A run_results timestamp (ISO 8601, `Z` or naive = UTC) as an aware datetime."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _seconds_between(start: str | None, end: str | None) -> float | None:
    began, ended = _instant(start), _instant(end)
    if began is None or ended is None:
        return None
    return (ended - began).total_seconds()


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def resource_type(unique_id: str) -> str:
    """model / test / seed / unit_test / operation / snapshot ... from a dbt unique_id."""
    return unique_id.split(".", 1)[0]


def node_name(unique_id: str) -> str:
    """A unique_id without its resource type, project and (data tests) hash suffix:
    `stg_player__events`, `not_null_fct_video_views_view_id`, `<model>.<unit test>`."""
    parts = unique_id.split(".")
    if len(parts) < 3:
        return unique_id
    rest = parts[2:]
    if parts[0] == "test" and len(rest) > 1 and re.fullmatch(r"[0-9a-f]{10}", rest[-1]):
        rest = rest[:-1]
    return ".".join(rest)


def parse_run_results(path: Path) -> dict[str, Any]:
    """Per-node timings of a run_results.json (slowest first) and totals per resource type."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    nodes = []
    starts: list[dt.datetime] = []
    ends: list[dt.datetime] = []
    for result in data.get("results", []):
        phases = {t.get("name"): _seconds_between(t.get("started_at"), t.get("completed_at"))
                  for t in result.get("timing") or []}
        for timing in result.get("timing") or []:
            starts += filter(None, [_instant(timing.get("started_at"))])
            ends += filter(None, [_instant(timing.get("completed_at"))])
        unique_id = result.get("unique_id", "?")
        nodes.append({
            "unique_id": unique_id,
            "resource_type": resource_type(unique_id),
            "name": node_name(unique_id),
            "status": str(result.get("status")),
            "execution_time": round(float(result.get("execution_time") or 0.0), 3),
            "compile_seconds": None if phases.get("compile") is None
            else round(phases["compile"], 3),
            "execute_seconds": None if phases.get("execute") is None
            else round(phases["execute"], 3),
        })
    nodes.sort(key=lambda n: (-n["execution_time"], n["unique_id"]))
    totals: dict[str, dict[str, Any]] = {}
    for node in nodes:
        total = totals.setdefault(node["resource_type"], {
            "count": 0, "execution_seconds": 0.0, "execute_seconds": 0.0, "statuses": {},
        })
        total["count"] += 1
        total["execution_seconds"] += node["execution_time"]
        total["execute_seconds"] += node["execute_seconds"] or 0.0
        total["statuses"][node["status"]] = total["statuses"].get(node["status"], 0) + 1
    for total in totals.values():
        total["execution_seconds"] = round(total["execution_seconds"], 3)
        total["execute_seconds"] = round(total["execute_seconds"], 3)
    ordered = dict(sorted(totals.items(), key=lambda kv: (-kv[1]["execution_seconds"], kv[0])))
    metadata_ = data.get("metadata", {})
    return {
        "dbt_version": metadata_.get("dbt_version"),
        "invocation_id": metadata_.get("invocation_id"),
        "invocation_started_at": metadata_.get("invocation_started_at"),
        "first_node_started_at": _iso(min(starts)) if starts else None,
        "last_node_completed_at": _iso(max(ends)) if ends else None,
        "elapsed_seconds": round(float(data.get("elapsed_time") or 0.0), 3),
        "node_count": len(nodes),
        "nodes_execution_seconds": round(sum(n["execution_time"] for n in nodes), 3),
        "totals_by_type": ordered,
        "nodes": nodes,
    }


# --------------------------------------------------------------------------------------
# The floor: a bare Spark scan + group-by of the same files
# --------------------------------------------------------------------------------------


def floor_child_main(argv: list[str]) -> int:
    """Runs in its own Python process: prints one JSON line with the floor's timings."""
    options = json.loads(argv[0])
    started = time.monotonic()
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    settings = options["settings"]
    scratch = Path(options["scratch"])
    builder = (
        SparkSession.builder.appName("ve-benchmark-floor")
        .master(f"local[{settings['VE_SPARK_CORES']}]")
        .config("spark.driver.memory", settings["VE_SPARK_DRIVER_MEMORY"])
        .config("spark.sql.shuffle.partitions", settings["VE_SHUFFLE_PARTITIONS"])
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.ansi.enabled", "false")  # as dbt-spark sets it
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.level", "ERROR")
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    ready = time.monotonic()
    lines = (
        spark.read.option("recursiveFileLookup", "true")
        .option("pathGlobFilter", EVENT_FILE_GLOB)
        .text(options["events_path"])
    )
    fields = F.from_json("value", "videoId string, userId string")
    rows = (
        lines.select(fields.alias("e"))
        .groupBy(F.col("e.videoId").alias("video_id"))
        .agg(F.count(F.lit(1)).alias("lines"), F.countDistinct("e.userId").alias("users"))
        .collect()
    )
    done = time.monotonic()
    spark.stop()
    print(json.dumps({
        "startup_seconds": round(ready - started, 3),
        "seconds": round(done - ready, 3),
        "lines_counted": sum(r["lines"] for r in rows),
        "groups": len(rows),
    }))
    return 0


def run_floor(landing: Path, spark_dir: Path, artefacts: Path,
              interval: float) -> dict[str, Any]:
    scratch = spark_dir / "floor"
    scratch.mkdir(parents=True, exist_ok=True)
    options = {"settings": spark_settings(), "scratch": str(scratch),
               "events_path": str(landing / "player_events")}
    code = ("import sys; from tooling.benchmark import floor_child_main; "
            "sys.exit(floor_child_main(sys.argv[1:]))")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    log = artefacts / "floor.log"
    print("benchmark: floor (bare Spark scan + group-by of the same files)", file=sys.stderr,
          flush=True)
    sampler = ProcessTreeSampler(os.getpid(), interval, include_root=False).start()
    started = time.monotonic()
    with open(log, "wb") as stderr:
        done = subprocess.run([sys.executable, "-c", code, json.dumps(options)],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=stderr, stdin=subprocess.DEVNULL, check=False)
    process_seconds = time.monotonic() - started
    reap_descendants(timeout=60.0)
    memory = sampler.stop()
    result: dict[str, Any] = {"log": str(log), "exit_code": done.returncode}
    last = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or not last:
        result["error"] = f"floor process failed (exit {done.returncode}); see {log}"
        return result
    result.update(json.loads(last[-1]))
    result["process_seconds"] = round(process_seconds, 3)
    result["peak_rss_mb"] = memory["peak_rss_mb"]
    return result


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------


def build_report(*, argv: list[str], created_at: dt.datetime, machine: dict[str, Any],
                 settings: dict[str, Any], data: dict[str, Any], pipeline: dict[str, Any],
                 run_results: dict[str, Any] | None, floor: dict[str, Any] | None,
                 top: int = TOP_NODES) -> dict[str, Any]:
    wall = pipeline.get("wall_seconds") or 0.0
    floor_seconds = (floor or {}).get("seconds")
    floor_process = (floor or {}).get("process_seconds")
    raw_lines = data.get("raw_lines") or 0
    results = run_results or {}
    before = _seconds_between(pipeline.get("started_at"), results.get("first_node_started_at"))
    after = _seconds_between(results.get("last_node_completed_at"), pipeline.get("ended_at"))
    summary = {
        "events_requested": data.get("events_requested"),
        "raw_lines": raw_lines,
        "generation_seconds": data.get("generation_seconds"),
        "dbt_command": settings.get("dbt_command"),
        "dbt_success": pipeline.get("success"),
        "build_wall_seconds": wall,
        # wall = before the first node (imports, parse, JVM + metastore start, relation
        # cache) + the nodes one after another (threads 1) + after the last node
        "before_first_node_seconds": None if before is None else round(before, 3),
        "nodes_seconds": results.get("nodes_execution_seconds"),
        "after_last_node_seconds": None if after is None else round(after, 3),
        "events_per_second": round(raw_lines / wall, 1) if wall else None,
        "peak_rss_mb": pipeline.get("peak_rss_mb"),
        "floor_seconds": floor_seconds,
        "floor_process_seconds": floor_process,
        "ratio": round(wall / floor_seconds, 2) if wall and floor_seconds else None,
        "ratio_to_floor_process": round(wall / floor_process, 2)
        if wall and floor_process else None,
        "nodes": (run_results or {}).get("node_count"),
    }
    nodes = (run_results or {}).get("nodes", [])
    return {
        "report_version": REPORT_VERSION,
        "created_at": created_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "argv": argv,
        "git": settings.pop("git", None),
        "summary": summary,
        "machine": machine,
        "settings": settings,
        "data": data,
        "pipeline": pipeline,
        "floor": floor if floor is not None else {"skipped": True},
        "dbt": {k: v for k, v in (run_results or {}).items()
                if k not in ("nodes", "totals_by_type")},
        "totals_by_type": (run_results or {}).get("totals_by_type", {}),
        "slowest_nodes": nodes[:top],
        "nodes": nodes,
    }


def _fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}{suffix}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{suffix}"
    return f"{value}{suffix}"


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def format_report(report: dict[str, Any]) -> str:
    """The report as text tables for a terminal."""
    s = report["summary"]
    machine = report.get("machine", {})
    settings = report.get("settings", {})
    floor = report.get("floor") or {}
    pipeline = report.get("pipeline", {})
    spark = settings.get("spark", {})
    out = [
        f"Benchmark: {_fmt(s.get('events_requested'))} events, dbt {s.get('dbt_command')} "
        f"({report.get('created_at')})",
        f"machine: {machine.get('usable_cores', '?')} cores, "
        f"{_fmt(machine.get('memory_total_mb'), suffix=' MB')} RAM, {machine.get('java_version')}"
        f", Python {machine.get('python_version')}, "
        + ", ".join(f"{k} {v}" for k, v in machine.get("versions", {}).items()),
        f"spark: driver memory {spark.get('VE_SPARK_DRIVER_MEMORY', '?')}, "
        f"shuffle partitions {spark.get('VE_SHUFFLE_PARTITIONS', '?')}, "
        f"cores {spark.get('VE_SPARK_CORES', '?')}, threads {settings.get('threads') or 1}",
        "",
    ]
    other = pipeline.get("cpu_seconds_other_processes")
    wall = s.get("build_wall_seconds")
    contention = (f"{other / wall:.2f} cores busy with other work on average"
                  if other is not None and wall else "-")
    figures = [
        ["raw lines written", _fmt(s.get("raw_lines"))],
        ["generation", "reused" if report.get("data", {}).get("reused")
         else _fmt(s.get("generation_seconds"), 2, " s")],
        [f"dbt {s.get('dbt_command')} wall (full refresh)", _fmt(wall, suffix=" s")],
        ["  before the first node", _fmt(s.get("before_first_node_seconds"), suffix=" s")],
        ["  nodes (sum of execution times)", _fmt(s.get("nodes_seconds"), suffix=" s")],
        ["  after the last node", _fmt(s.get("after_last_node_seconds"), suffix=" s")],
        ["dbt succeeded", _fmt(s.get("dbt_success"))],
        ["events per second", _fmt(s.get("events_per_second"), 0)],
        ["peak RSS, process tree", _fmt(s.get("peak_rss_mb"), 0, " MB")],
        ["ru_maxrss, largest process", _fmt(pipeline.get("ru_maxrss_children_mb"), 0, " MB")],
        ["CPU seconds of the tree", _fmt(pipeline.get("cpu_seconds_tree"), suffix=" s")],
        ["contention during the build", contention],
        ["floor: scan + group-by", "skipped" if floor.get("skipped")
         else floor.get("error") or _fmt(s.get("floor_seconds"), suffix=" s")],
        ["floor: whole process (with JVM)", _fmt(s.get("floor_process_seconds"), suffix=" s")],
        ["ratio wall / floor", _fmt(s.get("ratio"), suffix=" x")],
        ["ratio wall / floor process", _fmt(s.get("ratio_to_floor_process"), suffix=" x")],
    ]
    out += _table(["figure", "value"], figures, {1})
    totals = report.get("totals_by_type") or {}
    if totals:
        out.append("")
        rows = []
        for kind, total in totals.items():
            statuses = ", ".join(f"{k} {v}" for k, v in sorted(total["statuses"].items()))
            rows.append([kind, _fmt(total["count"]), _fmt(total["execution_seconds"]),
                         _fmt(total["execute_seconds"]), statuses])
        out += _table(["resource type", "nodes", "seconds", "execute s", "statuses"], rows,
                      {1, 2, 3})
    slowest = report.get("slowest_nodes") or []
    if slowest:
        out.append("")
        out.append(f"{len(slowest)} slowest nodes")
        rows = [[str(i), n["resource_type"], n["name"], n["status"],
                 _fmt(n["execution_time"]), _fmt(n["execute_seconds"])]
                for i, n in enumerate(slowest, 1)]
        out += _table(["#", "type", "node", "status", "seconds", "execute s"], rows,
                      {0, 4, 5})
    if report.get("report_path"):
        out += ["", f"report: {report['report_path']}"]
    return "\n".join(out) + "\n"


def write_report(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def run(args: argparse.Namespace, argv: list[str]) -> int:
    env_check = check_environment()
    machine = machine_info(env_check)
    landing = _project_path(args.landing or f".bench/landing_{args.events}_{args.seed}")
    spark_dir = _project_path(args.spark_dir)
    out_dir = _project_path(args.out_dir)
    created_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    stem = f"benchmark_{args.events}_{created_at.strftime('%Y%m%dT%H%M%SZ')}"
    artefacts = out_dir / stem
    artefacts.mkdir(parents=True, exist_ok=True)
    ensure_dbt_packages(dbt_environment(spark_dir, args.schema))

    data = prepare_landing(landing, args.events, args.seed, args.reuse, args.generator_workers)
    with spark_dir_lock(spark_dir):
        reset_spark_dir(spark_dir)
        pipeline = run_pipeline(args, landing, spark_dir, artefacts)
        results_path = pipeline.get("run_results")
        run_results = parse_run_results(Path(results_path)) if results_path else None
        floor = None if args.skip_floor else run_floor(landing, spark_dir, artefacts,
                                                       args.sample_seconds)
    settings = {
        "git": _git_state(),
        "dbt_command": args.dbt_command,
        "target": "local",
        "profile": "profiles.yml.example",
        "schema": args.schema,
        "threads": args.threads,
        "spark_dir": str(spark_dir),
        "spark": spark_settings(),
        "sample_seconds": args.sample_seconds,
    }
    report = build_report(argv=argv, created_at=created_at, machine=machine, settings=settings,
                          data=data, pipeline=pipeline, run_results=run_results, floor=floor)
    report_path = out_dir / f"{stem}.json"
    report["report_path"] = str(report_path)
    write_report(report, report_path)
    sys.stdout.write(format_report(report))
    if not pipeline["success"]:
        print(f"benchmark: dbt {args.dbt_command} failed (exit {pipeline['exit_code']}); "
              f"see {pipeline['console_log']}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        return run(args, argv)
    except BenchmarkError as exc:
        print(f"benchmark: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
