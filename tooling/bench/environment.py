"""The environment (what scripts/env.sh guarantees) and the facts of the machine."""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from tooling.bench.common import MIB, PROJECT_ROOT, SPARK_ENV_DEFAULTS, BenchmarkError


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
    if sys.version_info < (3, 11):  # noqa: UP036 - the message for an older interpreter
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
    return {
        "java_major": major,
        "java_version": java_line,
        "in_project_venv": in_venv,
        "versions": versions,
    }


def dbt_executable() -> list[str]:
    """The dbt of this interpreter's environment."""
    candidate = Path(sys.executable).parent / "dbt"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return [str(candidate)]
    return [sys.executable, "-c", "import sys; from dbt.cli.main import cli; sys.exit(cli())"]


def ensure_dbt_packages(env: dict[str, str]) -> None:
    """dbt refuses to run without dbt_packages/: install them as scripts/run.sh does."""
    packages = PROJECT_ROOT / "dbt_packages"
    if all(
        (packages / name / "dbt_project.yml").is_file()
        for name in ("dbt_utils", "dbt_expectations")
    ):
        return
    script = PROJECT_ROOT / "scripts" / "install_dbt_packages.sh"
    print(
        "benchmark: installing the dbt packages (scripts/install_dbt_packages.sh)", file=sys.stderr
    )
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
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts and parts[0].isdigit():
                values[key] = int(parts[0]) * 1024
    return values


def _cpu_model() -> str:
    with (
        contextlib.suppress(OSError),
        open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle,
    ):
        for line in handle:
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str | None:
        with contextlib.suppress(OSError):
            done = subprocess.run(
                ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
            )
            if done.returncode == 0:
                return done.stdout.strip()
        return None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": None if status is None else bool(status)}


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
