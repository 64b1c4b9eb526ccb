"""The floor: a bare Spark scan + group-by of the same raw files, in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tooling.bench.common import EVENT_FILE_GLOB, PROJECT_ROOT
from tooling.bench.environment import spark_settings
from tooling.bench.memory import ProcessTreeSampler, reap_descendants


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
    print(
        json.dumps(
            {
                "startup_seconds": round(ready - started, 3),
                "seconds": round(done - ready, 3),
                "lines_counted": sum(r["lines"] for r in rows),
                "groups": len(rows),
            }
        )
    )
    return 0


def run_floor(landing: Path, spark_dir: Path, artefacts: Path, interval: float) -> dict[str, Any]:
    scratch = spark_dir / "floor"
    scratch.mkdir(parents=True, exist_ok=True)
    options = {
        "settings": spark_settings(),
        "scratch": str(scratch),
        "events_path": str(landing / "player_events"),
    }
    code = (
        "import sys; from tooling.bench.floor import floor_child_main; "
        "sys.exit(floor_child_main(sys.argv[1:]))"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    log = artefacts / "floor.log"
    print(
        "benchmark: floor (bare Spark scan + group-by of the same files)",
        file=sys.stderr,
        flush=True,
    )
    sampler = ProcessTreeSampler(os.getpid(), interval, include_root=False).start()
    started = time.monotonic()
    with open(log, "wb") as stderr:
        done = subprocess.run(
            [sys.executable, "-c", code, json.dumps(options)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            check=False,
        )
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
