"""``python -m tooling.benchmark``: the benchmark of the full pipeline (SPEC 8).

Usage (from the project root, inside the project's virtual environment)::

    ./scripts/benchmark.sh --events 1000000            # sources scripts/env.sh first
    python -m tooling.benchmark --events 200000 --seed 42 --reuse
    python -m tooling.benchmark --events 1000000 --dbt-command run,production-build
    python -m tooling.benchmark --daily --events 1000000   # one new day on 30 days

The code lives in the package :mod:`tooling.bench` (its docstring says what one run does);
this module is the command's entry point and keeps the names other code imports from it.
"""

from __future__ import annotations

import sys

from tooling.bench.cli import build_parser, main, parse_args, run
from tooling.bench.common import (
    DBT_COMMANDS,
    DEFAULT_SEED,
    EVENT_FILE_GLOB,
    LANDING_MARKER,
    MIB,
    PROJECT_ROOT,
    REPORT_VERSION,
    SPARK_DIR_MARKER,
    SPARK_ENV_DEFAULTS,
    TOP_NODES,
    BenchmarkError,
)
from tooling.bench.days import (
    DayAssigner,
    day_path,
    land_history,
    land_new_day,
    prepare_daily_store,
    split_into_days,
    utc_date,
)
from tooling.bench.environment import (
    check_environment,
    dbt_executable,
    ensure_dbt_packages,
    java_version,
    machine_info,
    spark_settings,
)
from tooling.bench.floor import floor_child_main, run_floor
from tooling.bench.landing import (
    prepare_landing,
    reset_spark_dir,
    reusable_landing,
    spark_dir_lock,
)
from tooling.bench.memory import (
    ProcessTreeSampler,
    TreeSample,
    become_subreaper,
    process_tree,
    reap_descendants,
)
from tooling.bench.pipeline import DbtRun, dbt_command_line, dbt_environment, run_pipeline
from tooling.bench.report import (
    build_daily_report,
    build_report,
    compare_runs,
    format_report,
    write_report,
)
from tooling.bench.run_results import node_name, parse_run_results, resource_type

__all__ = [
    "DBT_COMMANDS",
    "DEFAULT_SEED",
    "EVENT_FILE_GLOB",
    "LANDING_MARKER",
    "MIB",
    "PROJECT_ROOT",
    "REPORT_VERSION",
    "SPARK_DIR_MARKER",
    "SPARK_ENV_DEFAULTS",
    "TOP_NODES",
    "BenchmarkError",
    "DayAssigner",
    "DbtRun",
    "ProcessTreeSampler",
    "TreeSample",
    "become_subreaper",
    "build_daily_report",
    "build_parser",
    "build_report",
    "check_environment",
    "compare_runs",
    "day_path",
    "dbt_command_line",
    "dbt_environment",
    "dbt_executable",
    "ensure_dbt_packages",
    "floor_child_main",
    "format_report",
    "java_version",
    "land_history",
    "land_new_day",
    "machine_info",
    "main",
    "node_name",
    "parse_args",
    "parse_run_results",
    "prepare_daily_store",
    "prepare_landing",
    "process_tree",
    "reap_descendants",
    "reset_spark_dir",
    "resource_type",
    "reusable_landing",
    "run",
    "run_floor",
    "run_pipeline",
    "spark_dir_lock",
    "spark_settings",
    "split_into_days",
    "utc_date",
    "write_report",
]

if __name__ == "__main__":
    sys.exit(main())
