"""Paths, file markers and defaults shared by the benchmark's modules."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REPORT_VERSION = 2  # 2: a section per dbt run (`runs`), `mode` full or daily
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
# What --dbt-command can time: name -> dbt's arguments.
DBT_COMMANDS = {
    "build": ("build",),  # models, seeds, unit tests and data tests
    "run": ("run",),  # models only
    # SPEC 8's production build: models, seeds and data tests; unit tests belong to CI
    "production-build": ("build", "--exclude-resource-type", "unit_test"),
}
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
MIB = 1024 * 1024


class BenchmarkError(Exception):
    """A usage or environment problem: reported in one line, exit status 2."""


def project_path(text: str) -> Path:
    path = Path(text).expanduser()
    return (path if path.is_absolute() else PROJECT_ROOT / path).resolve()
