"""The daily case's proof of exactness: the marts of the incremental warehouse against the
full refresh's, row for row and bit for bit (SPEC 9.1), with scripts/compare_marts.py.

The benchmark compares them itself, right after the full refresh, because the next benchmark
run wipes both warehouses: a figure without its comparison would say how fast, not whether
right.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tooling.bench.common import PROJECT_ROOT

COMPARE_SCRIPT = PROJECT_ROOT / "scripts" / "compare_marts.py"
_STATUS = re.compile(r"^(identical|DIFFERENT)\s+(\S+)$")
_TOTAL = re.compile(r"^(\d+) of (\d+) marts identical$")


def compare_command(reference: Path, candidate: Path, schema: str) -> list[str]:
    """compare_marts.py with no tolerance: the full refresh first, then the warehouse
    the daily runs built."""
    return [
        sys.executable,
        str(COMPARE_SCRIPT),
        str(reference),
        str(candidate),
        "--schema",
        schema,
        "--tolerance",
        "0",
    ]


def parse_comparison(output: str) -> dict[str, Any]:
    """The marts compare_marts.py found identical and different, and its total line."""
    identical: list[str] = []
    different: list[str] = []
    total = None
    for line in output.splitlines():
        status = _STATUS.match(line.strip())
        if status:
            (identical if status.group(1) == "identical" else different).append(status.group(2))
        found = _TOTAL.match(line.strip())
        if found:
            total = (int(found.group(1)), int(found.group(2)))
    return {
        "identical": identical,
        "different": different,
        "identical_count": total[0] if total else len(identical),
        "compared_count": total[1] if total else len(identical) + len(different),
    }


def compare_marts(
    reference: Path, candidate: Path, schema: str, log_path: Path, env: dict[str, str]
) -> dict[str, Any]:
    """Runs the comparison, keeps its output in `log_path`, and says whether every mart is
    identical (`equal`). A comparison that could not run (no marts, a crash) is not equal."""
    command = compare_command(reference, candidate, schema)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    log_path.write_text(result.stdout + result.stderr)
    found = parse_comparison(result.stdout)
    return {
        "command": " ".join(command),
        "exit_code": result.returncode,
        "log": str(log_path),
        **found,
        "equal": result.returncode == 0
        and found["compared_count"] > 0
        and found["identical_count"] == found["compared_count"],
    }
