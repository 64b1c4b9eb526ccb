"""The report: JSON for the record, text tables for the terminal.

A report has one section per dbt run (``runs``), each with the same figures, so the full
mode (one run per ``--dbt-command``) and the daily mode (history load, incremental run,
full refresh) share them. The daily report adds ``comparison``: the incremental run next
to the full refresh, in total, per resource type and per node.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tooling.bench.common import REPORT_VERSION, TOP_NODES
from tooling.bench.run_results import seconds_between

DAILY_LABELS = ("history", "incremental", "no_new_files", "full_refresh")
RUN_TITLES = {
    "history": "history load",
    "no_new_files": "no new files",
    "full_refresh": "full refresh",
}


def _ratio(numerator: float | None, denominator: float | None, digits: int = 2) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, digits)


def _status_counts(run_results: dict[str, Any] | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for total in (run_results or {}).get("totals_by_type", {}).values():
        for status, count in total["statuses"].items():
            counts[status] = counts.get(status, 0) + count
    return dict(sorted(counts.items()))


def run_summary(
    pipeline: dict[str, Any],
    run_results: dict[str, Any] | None,
    *,
    lines: int,
    new_lines: int,
    floor: dict[str, Any] | None,
) -> dict[str, Any]:
    """The headline figures of one dbt run. ``lines``: raw lines in the landing when it ran;
    ``new_lines``: those it had not loaded before (all of them on an empty warehouse)."""
    results = run_results or {}
    wall = pipeline.get("wall_seconds") or 0.0
    before = seconds_between(pipeline.get("started_at"), results.get("first_node_started_at"))
    after = seconds_between(results.get("last_node_completed_at"), pipeline.get("ended_at"))
    other = pipeline.get("cpu_seconds_other_processes")
    return {
        "label": pipeline.get("label"),
        "dbt_args": pipeline.get("dbt_args"),
        "success": pipeline.get("success"),
        "exit_code": pipeline.get("exit_code"),
        "lines_in_landing": lines,
        "new_lines": new_lines,
        "wall_seconds": wall,
        # wall = before the first node (imports, parse, JVM + metastore start, relation
        # cache) + the nodes one after another (threads 1) + after the last node
        "before_first_node_seconds": None if before is None else round(before, 3),
        "nodes_seconds": results.get("nodes_execution_seconds"),
        "after_last_node_seconds": None if after is None else round(after, 3),
        "events_per_second": _ratio(new_lines, wall, 1),  # new raw lines per wall second
        "peak_rss_mb": pipeline.get("peak_rss_mb"),
        "ru_maxrss_children_mb": pipeline.get("ru_maxrss_children_mb"),
        "cpu_seconds_tree": pipeline.get("cpu_seconds_tree"),
        "other_work_cores": _ratio(other, wall),  # contention: other processes' CPU / wall
        "nodes": results.get("node_count"),
        "statuses": _status_counts(run_results),
        "ratio": _ratio(wall, (floor or {}).get("seconds")),
        "ratio_to_floor_process": _ratio(wall, (floor or {}).get("process_seconds")),
    }


def run_section(
    pipeline: dict[str, Any],
    run_results: dict[str, Any] | None,
    *,
    lines: int,
    new_lines: int,
    floor: dict[str, Any] | None,
    top: int = TOP_NODES,
) -> dict[str, Any]:
    """Everything about one dbt run: summary, process figures, dbt's figures, nodes."""
    results = run_results or {}
    nodes = results.get("nodes", [])
    return {
        "label": pipeline.get("label"),
        "summary": run_summary(
            pipeline, run_results, lines=lines, new_lines=new_lines, floor=floor
        ),
        "pipeline": pipeline,
        "dbt": {k: v for k, v in results.items() if k not in ("nodes", "totals_by_type")},
        "totals_by_type": results.get("totals_by_type", {}),
        "slowest_nodes": nodes[:top],
        "nodes": nodes,
    }


def _envelope(
    mode: str,
    argv: list[str],
    created_at: dt.datetime,
    machine: dict[str, Any],
    settings: dict[str, Any],
    data: dict[str, Any],
    floor: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "mode": mode,
        "created_at": created_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "argv": argv,
        "git": settings.pop("git", None),
        "summary": {},
        "machine": machine,
        "settings": settings,
        "data": data,
        "floor": floor if floor is not None else {"skipped": True},
    }


def build_report(
    *,
    argv: list[str],
    created_at: dt.datetime,
    machine: dict[str, Any],
    settings: dict[str, Any],
    data: dict[str, Any],
    runs: list[tuple[dict[str, Any], dict[str, Any] | None]],
    floor: dict[str, Any] | None,
    top: int = TOP_NODES,
) -> dict[str, Any]:
    """The full mode's report: each (pipeline, run_results) of ``runs`` is a full refresh
    into an empty warehouse of the same landing."""
    raw_lines = data.get("raw_lines") or 0
    sections = [
        run_section(p, r, lines=raw_lines, new_lines=raw_lines, floor=floor, top=top)
        for p, r in runs
    ]
    report = _envelope("full", argv, created_at, machine, settings, data, floor)
    report["summary"] = {
        "events_requested": data.get("events_requested"),
        "raw_lines": raw_lines,
        "generation_seconds": data.get("generation_seconds"),
        "dbt_commands": [s["label"] for s in sections],
        "dbt_success": all(s["summary"]["success"] for s in sections),
        "floor_seconds": (floor or {}).get("seconds"),
        "floor_process_seconds": (floor or {}).get("process_seconds"),
        "ratios": {s["label"]: s["summary"]["ratio"] for s in sections},
        "runs": {s["label"]: s["summary"] for s in sections},
    }
    report["runs"] = sections
    return report


def compare_runs(
    incremental: dict[str, Any],
    full_refresh: dict[str, Any],
    history: dict[str, Any] | None,
    no_new_files: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The incremental run next to the full refresh: totals per resource type and every
    node, with ``ratio = incremental / full refresh`` (and each node's time in the history
    load and in the run with no new files, when they ran)."""
    totals = []
    kinds = dict.fromkeys([*full_refresh["totals_by_type"], *incremental["totals_by_type"]])
    for kind in kinds:
        full = full_refresh["totals_by_type"].get(kind, {})
        inc = incremental["totals_by_type"].get(kind, {})
        totals.append(
            {
                "resource_type": kind,
                "full_refresh_count": full.get("count", 0),
                "full_refresh_seconds": full.get("execution_seconds", 0.0),
                "incremental_count": inc.get("count", 0),
                "incremental_seconds": inc.get("execution_seconds", 0.0),
                "ratio": _ratio(inc.get("execution_seconds"), full.get("execution_seconds"), 3),
            }
        )
    by_run = {
        name: {n["unique_id"]: n for n in section["nodes"]}
        for name, section in (
            ("history", history or {"nodes": []}),
            ("incremental", incremental),
            ("no_new_files", no_new_files or {"nodes": []}),
            ("full_refresh", full_refresh),
        )
    }
    nodes = []
    for unique_id in dict.fromkeys([*by_run["full_refresh"], *by_run["incremental"]]):
        known = next(by_run[name][unique_id] for name in by_run if unique_id in by_run[name])
        row: dict[str, Any] = {
            "unique_id": unique_id,
            "resource_type": known["resource_type"],
            "name": known["name"],
        }
        for name, run_nodes in by_run.items():
            node = run_nodes.get(unique_id)
            row[f"{name}_seconds"] = None if node is None else node["execution_time"]
            row[f"{name}_status"] = None if node is None else node["status"]
        row["ratio"] = _ratio(row["incremental_seconds"], row["full_refresh_seconds"], 3)
        nodes.append(row)
    nodes.sort(key=lambda n: (-(n["incremental_seconds"] or 0.0), n["unique_id"]))
    return {"totals_by_type": totals, "nodes": nodes}


def build_daily_report(
    *,
    argv: list[str],
    created_at: dt.datetime,
    machine: dict[str, Any],
    settings: dict[str, Any],
    data: dict[str, Any],
    runs: dict[str, tuple[dict[str, Any], dict[str, Any] | None]],
    floor: dict[str, Any] | None,
    top: int = TOP_NODES,
    marts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The daily mode's report: ``runs`` maps history, incremental and full_refresh to
    their (pipeline, run_results); the history may be missing when it was not run.
    ``marts``: the comparison of the two warehouses' marts (mart_equality), if it ran."""
    history_lines = data.get("history_lines") or 0
    all_lines = data.get("raw_lines") or 0
    lines = {
        "history": (history_lines, history_lines),
        "incremental": (all_lines, data.get("new_day_lines") or 0),
        "no_new_files": (all_lines, 0),
        "full_refresh": (all_lines, all_lines),
    }
    sections = {
        label: run_section(
            *runs[label],
            lines=lines[label][0],
            new_lines=lines[label][1],
            floor=floor if label == "full_refresh" else None,
            top=top,
        )
        for label in DAILY_LABELS
        if label in runs
    }
    incremental, full = sections["incremental"], sections["full_refresh"]
    comparison = compare_runs(
        incremental, full, sections.get("history"), sections.get("no_new_files")
    )
    model_seconds = {
        label: section["totals_by_type"].get("model", {}).get("execution_seconds")
        for label, section in sections.items()
    }
    inc, fr = incremental["summary"], full["summary"]
    no_new = sections.get("no_new_files", {}).get("summary", {})
    report = _envelope("daily", argv, created_at, machine, settings, data, floor)
    report["summary"] = {
        "events_requested": data.get("events_requested"),
        "raw_lines": all_lines,
        "history_lines": history_lines,
        "new_day_lines": data.get("new_day_lines"),
        "generation_seconds": data.get("generation_seconds"),
        "split_seconds": data.get("split_seconds"),
        "dbt_command": settings.get("dbt_command"),
        "dbt_success": all(s["summary"]["success"] for s in sections.values()),
        "history_wall_seconds": sections.get("history", {}).get("summary", {}).get("wall_seconds"),
        "incremental_wall_seconds": inc["wall_seconds"],
        "full_refresh_wall_seconds": fr["wall_seconds"],
        # SPEC 8: one new day on a month of history costs <= 0.1x the full refresh
        "ratio": _ratio(inc["wall_seconds"], fr["wall_seconds"], 3),
        "ratio_nodes_seconds": _ratio(inc["nodes_seconds"], fr["nodes_seconds"], 3),
        "ratio_model_seconds": _ratio(
            model_seconds.get("incremental"), model_seconds.get("full_refresh"), 3
        ),
        # a run when nothing landed: what any daily run pays whatever its data (parse, the
        # metastore, one Spark job per node and per data test, whole-table tests)
        "no_new_files_wall_seconds": no_new.get("wall_seconds"),
        "no_new_files_ratio": _ratio(no_new.get("wall_seconds"), fr["wall_seconds"], 3),
        "floor_seconds": (floor or {}).get("seconds"),
        "full_refresh_ratio_to_floor": fr["ratio"],
        "runs": {label: s["summary"] for label, s in sections.items()},
    }
    report["summary"]["marts_equal"] = None if marts is None else marts["equal"]
    report["comparison"] = comparison
    report["marts"] = marts
    report["runs"] = list(sections.values())
    return report


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------


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


def _statuses(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"


def _heading(report: dict[str, Any], title: str) -> list[str]:
    machine = report.get("machine", {})
    settings = report.get("settings", {})
    spark = settings.get("spark", {})
    return [
        f"{title} ({report.get('created_at')})",
        f"machine: {machine.get('usable_cores', '?')} cores, "
        f"{_fmt(machine.get('memory_total_mb'), suffix=' MB')} RAM, {machine.get('java_version')}"
        f", Python {machine.get('python_version')}, "
        + ", ".join(f"{k} {v}" for k, v in machine.get("versions", {}).items()),
        f"spark: driver memory {spark.get('VE_SPARK_DRIVER_MEMORY', '?')}, "
        f"shuffle partitions {spark.get('VE_SHUFFLE_PARTITIONS', '?')}, "
        f"cores {spark.get('VE_SPARK_CORES', '?')}, threads {settings.get('threads') or 1}",
        "",
    ]


def _floor_rows(report: dict[str, Any]) -> list[list[str]]:
    floor = report.get("floor") or {}
    return [
        [
            "floor: scan + group-by",
            "skipped"
            if floor.get("skipped")
            else floor.get("error") or _fmt(floor.get("seconds"), suffix=" s"),
        ],
        ["floor: whole process (with JVM)", _fmt(floor.get("process_seconds"), suffix=" s")],
    ]


def _generation(data: dict[str, Any], key: str) -> str:
    return "reused" if data.get("reused") else _fmt(data.get(key), 2, " s")


def _run_title(section: dict[str, Any]) -> str:
    return RUN_TITLES.get(section["label"], section["label"])


def _runs_table(sections: list[dict[str, Any]], with_floor: bool) -> list[str]:
    """One column per run, the same figures in each."""
    figures = [
        ("raw lines in the landing", lambda s: _fmt(s["lines_in_landing"])),
        ("new raw lines", lambda s: _fmt(s["new_lines"])),
        ("wall", lambda s: _fmt(s["wall_seconds"], suffix=" s")),
        ("  before the first node", lambda s: _fmt(s["before_first_node_seconds"], suffix=" s")),
        ("  nodes (sum of execution times)", lambda s: _fmt(s["nodes_seconds"], suffix=" s")),
        ("  after the last node", lambda s: _fmt(s["after_last_node_seconds"], suffix=" s")),
        ("dbt succeeded", lambda s: _fmt(s["success"])),
        ("nodes run", lambda s: _fmt(s["nodes"])),
        ("new raw lines per second", lambda s: _fmt(s["events_per_second"], 0)),
        ("peak RSS, process tree", lambda s: _fmt(s["peak_rss_mb"], 0, " MB")),
        ("ru_maxrss, largest process", lambda s: _fmt(s["ru_maxrss_children_mb"], 0, " MB")),
        ("CPU seconds of the tree", lambda s: _fmt(s["cpu_seconds_tree"], suffix=" s")),
        ("cores busy with other work (avg)", lambda s: _fmt(s["other_work_cores"], 2)),
    ]
    if with_floor:
        figures += [
            ("ratio wall / floor", lambda s: _fmt(s["ratio"], suffix=" x")),
            (
                "ratio wall / floor process",
                lambda s: _fmt(s["ratio_to_floor_process"], suffix=" x"),
            ),
        ]
    summaries = [s["summary"] for s in sections]
    rows = [[name, *(value(s) for s in summaries)] for name, value in figures]
    columns = set(range(1, len(sections) + 1))
    out = _table(["figure", *(_run_title(s) for s in sections)], rows, columns)
    width = max(len(_run_title(s)) for s in sections) if sections else 0
    out.append("")
    for section in sections:
        summary = section["summary"]
        out.append(
            f"{_run_title(section).ljust(width)}  dbt {' '.join(summary['dbt_args'] or [])}: "
            f"{_statuses(summary['statuses'])}"
        )
    return out


def _totals_table(section: dict[str, Any]) -> list[str]:
    rows = [
        [
            kind,
            _fmt(total["count"]),
            _fmt(total["execution_seconds"]),
            _fmt(total["execute_seconds"]),
            _statuses(total["statuses"]),
        ]
        for kind, total in section["totals_by_type"].items()
    ]
    return _table(["resource type", "nodes", "seconds", "execute s", "statuses"], rows, {1, 2, 3})


def _slowest_table(section: dict[str, Any]) -> list[str]:
    rows = [
        [
            str(i),
            n["resource_type"],
            n["name"],
            n["status"],
            _fmt(n["execution_time"]),
            _fmt(n["execute_seconds"]),
        ]
        for i, n in enumerate(section["slowest_nodes"], 1)
    ]
    return _table(["#", "type", "node", "status", "seconds", "execute s"], rows, {0, 4, 5})


def _format_full(report: dict[str, Any]) -> list[str]:
    s = report["summary"]
    data = report.get("data", {})
    sections = report.get("runs", [])
    commands = ", ".join(f"dbt {label}" for label in s.get("dbt_commands", []))
    out = _heading(report, f"Benchmark: {_fmt(s.get('events_requested'))} events, {commands}")
    rows = [
        ["raw lines written", _fmt(s.get("raw_lines"))],
        ["generation", _generation(data, "generation_seconds")],
        *_floor_rows(report),
    ]
    out += _table(["data", "value"], rows, {1})
    out += ["", "Each run: a full refresh into an empty warehouse", ""]
    out += _runs_table(sections, with_floor=True)
    for section in sections:
        if section["totals_by_type"]:
            out += ["", f"dbt {section['label']}: nodes by resource type"]
            out += _totals_table(section)
        if section["slowest_nodes"]:
            out += ["", f"dbt {section['label']}: {len(section['slowest_nodes'])} slowest nodes"]
            out += _slowest_table(section)
    ratios = [f"{label} {_fmt(r, suffix=' x')}" for label, r in s.get("ratios", {}).items()]
    if ratios:
        out += ["", "ratio wall / floor: " + ", ".join(ratios)]
    return out


def _marts_line(marts: dict[str, Any] | None) -> str:
    if marts is None:
        return "marts of the daily runs against the full refresh: not compared (a dbt run failed)"
    verdict = "identical" if marts["equal"] else "DIFFERENT: " + ", ".join(marts["different"])
    return (
        "marts of the daily runs against the full refresh, bit for bit: "
        f"{marts['identical_count']} of {marts['compared_count']} identical"
        + ("" if marts["equal"] else f" ({verdict}; exit {marts['exit_code']})")
        + f"; {marts['log']}"
    )


def _format_daily(report: dict[str, Any], top: int = TOP_NODES) -> list[str]:
    s = report["summary"]
    data = report.get("data", {})
    sections = report.get("runs", [])
    out = _heading(
        report,
        f"Daily benchmark: {_fmt(s.get('history_lines'))} lines in "
        f"{len(data.get('history_files', []))} daily files, then 1 new day of "
        f"{_fmt(s.get('new_day_lines'))} lines; dbt {s.get('dbt_command')}",
    )
    rows = [
        ["raw lines, all days", _fmt(s.get("raw_lines"))],
        ["history: lines", _fmt(s.get("history_lines"))],
        [
            "history: lines per day, min - max",
            f"{_fmt(data.get('history_lines_per_day_min'))} - "
            f"{_fmt(data.get('history_lines_per_day_max'))}",
        ],
        ["new day: lines", _fmt(s.get("new_day_lines"))],
        ["generation", _generation(data, "generation_seconds")],
        ["split into daily files", _generation(data, "split_seconds")],
        *_floor_rows(report),
    ]
    out += _table(["data", "value"], rows, {1})
    out += [
        "",
        "history load: the history's files into an empty warehouse; incremental: the same "
        "warehouse once the new day landed;",
        "no new files: the same warehouse again, nothing new landed; full refresh: every file "
        "into another empty warehouse.",
        "The same dbt command, no flags.",
        "",
    ]
    out += _runs_table(sections, with_floor=False)
    out += [
        "",
        f"incremental / full refresh: wall {_fmt(s.get('ratio'), 3, ' x')}, "
        f"node times {_fmt(s.get('ratio_nodes_seconds'), 3, ' x')}, "
        f"models {_fmt(s.get('ratio_model_seconds'), 3, ' x')}; "
        f"full refresh / floor {_fmt(s.get('full_refresh_ratio_to_floor'), suffix=' x')}",
    ]
    if s.get("no_new_files_ratio") is not None:
        out.append(
            f"no new files / full refresh: wall {_fmt(s['no_new_files_ratio'], 3, ' x')} "
            "(the share of the full refresh a daily run pays with nothing to do)"
        )
    out.append(_marts_line(report.get("marts")))
    comparison = report.get("comparison") or {}
    rows = [
        [
            t["resource_type"],
            _fmt(t["full_refresh_count"]),
            _fmt(t["full_refresh_seconds"]),
            _fmt(t["incremental_count"]),
            _fmt(t["incremental_seconds"]),
            _fmt(t["ratio"], 3, " x"),
        ]
        for t in comparison.get("totals_by_type", [])
    ]
    if rows:
        out += ["", "nodes by resource type"]
        header = ["resource type", "full nodes", "full s", "incr. nodes", "incr. s", "ratio"]
        out += _table(header, rows, {1, 2, 3, 4, 5})
    nodes = comparison.get("nodes", [])
    slowest_full = sorted(nodes, key=lambda n: -(n["full_refresh_seconds"] or 0.0))[:top]
    keep = {n["unique_id"] for n in nodes[:top]} | {n["unique_id"] for n in slowest_full}
    rows = [
        [
            n["resource_type"],
            n["name"],
            _fmt(n["full_refresh_seconds"]),
            _fmt(n["incremental_seconds"]),
            _fmt(n["ratio"], 3, " x"),
            _fmt(n.get("no_new_files_seconds")),
            n["incremental_status"] or "-",
        ]
        for n in nodes
        if n["unique_id"] in keep
    ]
    if rows:
        out += ["", f"slowest nodes (the {top} slowest of each run), slowest incremental first"]
        header = ["type", "node", "full s", "incr. s", "ratio", "no new s", "incr. status"]
        out += _table(header, rows, {2, 3, 4, 5})
    return out


def format_report(report: dict[str, Any]) -> str:
    """The report as text tables for a terminal."""
    out = _format_daily(report) if report.get("mode") == "daily" else _format_full(report)
    if report.get("report_path"):
        out += ["", f"report: {report['report_path']}"]
    return "\n".join(out) + "\n"


def write_report(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
