"""The report: JSON for the record, text tables for the terminal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tooling.bench.common import REPORT_VERSION, TOP_NODES
from tooling.bench.run_results import seconds_between


def build_report(
    *,
    argv: list[str],
    created_at: dt.datetime,
    machine: dict[str, Any],
    settings: dict[str, Any],
    data: dict[str, Any],
    pipeline: dict[str, Any],
    run_results: dict[str, Any] | None,
    floor: dict[str, Any] | None,
    top: int = TOP_NODES,
) -> dict[str, Any]:
    wall = pipeline.get("wall_seconds") or 0.0
    floor_seconds = (floor or {}).get("seconds")
    floor_process = (floor or {}).get("process_seconds")
    raw_lines = data.get("raw_lines") or 0
    results = run_results or {}
    before = seconds_between(pipeline.get("started_at"), results.get("first_node_started_at"))
    after = seconds_between(results.get("last_node_completed_at"), pipeline.get("ended_at"))
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
        if wall and floor_process
        else None,
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
        "dbt": {
            k: v for k, v in (run_results or {}).items() if k not in ("nodes", "totals_by_type")
        },
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
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

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
    contention = (
        f"{other / wall:.2f} cores busy with other work on average"
        if other is not None and wall
        else "-"
    )
    figures = [
        ["raw lines written", _fmt(s.get("raw_lines"))],
        [
            "generation",
            "reused"
            if report.get("data", {}).get("reused")
            else _fmt(s.get("generation_seconds"), 2, " s"),
        ],
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
        [
            "floor: scan + group-by",
            "skipped"
            if floor.get("skipped")
            else floor.get("error") or _fmt(s.get("floor_seconds"), suffix=" s"),
        ],
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
            rows.append(
                [
                    kind,
                    _fmt(total["count"]),
                    _fmt(total["execution_seconds"]),
                    _fmt(total["execute_seconds"]),
                    statuses,
                ]
            )
        out += _table(
            ["resource type", "nodes", "seconds", "execute s", "statuses"], rows, {1, 2, 3}
        )
    slowest = report.get("slowest_nodes") or []
    if slowest:
        out.append("")
        out.append(f"{len(slowest)} slowest nodes")
        rows = [
            [
                str(i),
                n["resource_type"],
                n["name"],
                n["status"],
                _fmt(n["execution_time"]),
                _fmt(n["execute_seconds"]),
            ]
            for i, n in enumerate(slowest, 1)
        ]
        out += _table(["#", "type", "node", "status", "seconds", "execute s"], rows, {0, 4, 5})
    if report.get("report_path"):
        out += ["", f"report: {report['report_path']}"]
    return "\n".join(out) + "\n"


def write_report(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
