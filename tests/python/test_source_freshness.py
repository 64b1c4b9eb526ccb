"""Source freshness (issue 13 item 6): `dbt source freshness` tells when a source stopped
receiving files, from the newest file's modification time in the `<source>_event_files`
listing, against the vars source_freshness_warn_hours (26) and source_freshness_error_hours
(50). Nothing is built: the listing tables come from the on-run-start hook.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

SCHEMA = "ve_test_freshness"
HOUR = 3600


def freshness(dbt_project, landing: Path) -> dict[str, tuple[str, object]]:
    """source table -> (status, newest file's modification time) for the player source."""
    _, result = dbt_project.invoke(
        [
            "source",
            "freshness",
            "--select",
            "source:player",
            "--vars",
            json.dumps({"raw_root": str(landing)}),
        ],
        SCHEMA,
    )
    assert result is not None and result.results, "dbt source freshness returned no result"
    return {
        item.node.name: (
            str(item.status).split(".")[-1].lower(),
            getattr(item, "max_loaded_at", None),
        )
        for item in result.results
    }


def land_file(landing: Path, name: str, age_hours: float) -> None:
    folder = landing / "player_events" / "nested"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        '{"eventId": "f1", "timestamp": "2024-01-15T10:00:00Z", "userId": "u1", '
        '"sessionId": "s1", "videoId": "v1", "eventName": "play", "currentTime": 0}\n',
        encoding="utf-8",
    )
    stamp = time.time() - age_hours * HOUR
    os.utime(path, (stamp, stamp))


def test_freshness_follows_the_newest_landed_file(dbt_project, tmp_path):
    landing = tmp_path / "landing"

    # a source that never received a file is stale: nothing says it is alive
    (landing / "player_events").mkdir(parents=True)
    assert freshness(dbt_project, landing)["player_event_files"][0] == "error"

    # the newest file decides; an old file beside it changes nothing
    land_file(landing, "old.jsonl", age_hours=24 * 30)
    land_file(landing, "day_before.jsonl", age_hours=30)
    status, newest = freshness(dbt_project, landing)["player_event_files"]
    assert status == "warn", (status, newest)

    land_file(landing, "yesterday.jsonl", age_hours=2)
    assert freshness(dbt_project, landing)["player_event_files"][0] == "pass"

    # the feed stopped: every file older than the error threshold
    for path in (landing / "player_events").rglob("*.jsonl"):
        stamp = time.time() - 60 * HOUR
        os.utime(path, (stamp, stamp))
    assert freshness(dbt_project, landing)["player_event_files"][0] == "error"
