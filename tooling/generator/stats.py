"""Counters a block keeps while simulating; merged into the manifest's counts."""

from __future__ import annotations

from typing import Any

from tooling.generator.constants import BAD_KINDS, EVENT_TYPES


def new_stats() -> dict[str, Any]:
    return {
        "good_events": 0,
        "duplicates": 0,
        "bad_lines_by_kind": dict.fromkeys(BAD_KINDS, 0),
        "events_by_type": [0] * len(EVENT_TYPES),
        "sessions": 0,
        "sessions_without_session_id": 0,
        "sessions_uploaded_late": 0,
        "lines_late": 0,
        "views": 0,
        "views_ended": 0,
        "views_resumed": 0,
    }


def merge_stats(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            for k, v in value.items():
                total[key][k] += v
        elif isinstance(value, list):
            for i, v in enumerate(value):
                total[key][i] += v
        else:
            total[key] += value
