"""Per-node timings of dbt's run_results.json, and the timestamp helpers they need."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any


def instant(text: str | None) -> dt.datetime | None:
    """A run_results timestamp (ISO 8601, `Z` or naive = UTC) as an aware datetime."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def seconds_between(start: str | None, end: str | None) -> float | None:
    began, ended = instant(start), instant(end)
    if began is None or ended is None:
        return None
    return (ended - began).total_seconds()


def iso_utc(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
        phases = {
            t.get("name"): seconds_between(t.get("started_at"), t.get("completed_at"))
            for t in result.get("timing") or []
        }
        for timing in result.get("timing") or []:
            starts += filter(None, [instant(timing.get("started_at"))])
            ends += filter(None, [instant(timing.get("completed_at"))])
        unique_id = result.get("unique_id", "?")
        nodes.append(
            {
                "unique_id": unique_id,
                "resource_type": resource_type(unique_id),
                "name": node_name(unique_id),
                "status": str(result.get("status")),
                "execution_time": round(float(result.get("execution_time") or 0.0), 3),
                "compile_seconds": None
                if phases.get("compile") is None
                else round(phases["compile"], 3),
                "execute_seconds": None
                if phases.get("execute") is None
                else round(phases["execute"], 3),
            }
        )
    nodes.sort(key=lambda n: (-n["execution_time"], n["unique_id"]))
    totals: dict[str, dict[str, Any]] = {}
    for node in nodes:
        total = totals.setdefault(
            node["resource_type"],
            {
                "count": 0,
                "execution_seconds": 0.0,
                "execute_seconds": 0.0,
                "statuses": {},
            },
        )
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
        "first_node_started_at": iso_utc(min(starts)) if starts else None,
        "last_node_completed_at": iso_utc(max(ends)) if ends else None,
        "elapsed_seconds": round(float(data.get("elapsed_time") or 0.0), 3),
        "node_count": len(nodes),
        "nodes_execution_seconds": round(sum(n["execution_time"] for n in nodes), 3),
        "totals_by_type": ordered,
        "nodes": nodes,
    }
