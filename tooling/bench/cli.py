"""Command line of ``python -m tooling.benchmark``: arguments, the run in order, exit status."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tooling.bench.common import DBT_COMMANDS, DEFAULT_SEED, BenchmarkError, project_path
from tooling.bench.days import land_history, land_new_day, prepare_daily_store
from tooling.bench.environment import (
    check_environment,
    ensure_dbt_packages,
    git_state,
    machine_info,
    spark_settings,
)
from tooling.bench.floor import run_floor
from tooling.bench.landing import prepare_landing, reset_spark_dir, spark_dir_lock
from tooling.bench.mart_equality import compare_marts
from tooling.bench.pipeline import DbtRun, dbt_environment, run_pipeline
from tooling.bench.report import build_daily_report, build_report, format_report, write_report
from tooling.bench.run_results import parse_run_results


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1: {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text}")
    return value


def _dbt_commands(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",")]
    unknown = [name for name in names if name not in DBT_COMMANDS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown dbt command {', '.join(unknown) or repr(text)}; "
            f"choose from {', '.join(DBT_COMMANDS)}, comma-separated"
        )
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"a command is named twice: {text}")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.benchmark",
        description="Time a full-refresh dbt build of the pipeline on generated raw events, "
        "with peak memory, per-node timings and a bare-Spark floor (SPEC 8); with --daily, "
        "one new day on a month of history against the full refresh of the same files "
        "(SPEC 8, 9.1). Relative paths are relative to the project folder.",
    )
    parser.add_argument(
        "--events",
        type=_positive_int,
        required=True,
        help="raw lines to generate (tooling.generate_events --events); with --daily, the "
        "lines of the 30 days of history (31 days are generated)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--landing",
        help="landing folder (default .bench/landing_<N>_<seed>); with --daily the folder "
        "holding the day store and the run's landing (default .bench/daily_<N>_<seed>)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the generated data when its marker matches N and seed",
    )
    parser.add_argument(
        "--generator-workers",
        type=_positive_int,
        default=1,
        help="generate_events --workers (same output whatever the value)",
    )
    parser.add_argument(
        "--daily",
        action="store_true",
        help="the daily case: 30 daily files, dbt into an empty warehouse; one more day, the "
        "same dbt command again (the incremental run), and once more with nothing new; all 31 "
        "files into another empty warehouse (the full refresh); reports incremental / full "
        "refresh",
    )
    parser.add_argument(
        "--out-dir",
        default="benchmarks/results",
        help="where the JSON report and the run's logs go",
    )
    parser.add_argument(
        "--spark-dir",
        default=".spark/bench",
        help="VE_SPARK_DIR of the runs: wiped first (full refresh); --daily uses two "
        "folders inside it",
    )
    parser.add_argument("--schema", default="ve_bench", help="DBT_SCHEMA of the run")
    parser.add_argument(
        "--dbt-command",
        type=_dbt_commands,
        help="what to time, comma-separated to time several on the same landing, each in an "
        "empty warehouse: build (models, seeds, unit and data tests; the default), run "
        "(models only), production-build (build --exclude-resource-type unit_test: models, "
        "seeds and data tests). --daily takes one, default production-build",
    )
    parser.add_argument("--threads", type=_positive_int, help="dbt --threads (profile: 1)")
    parser.add_argument("--skip-floor", action="store_true", help="do not time the floor")
    parser.add_argument(
        "--sample-seconds",
        type=_positive_float,
        default=0.5,
        help="interval of the process-tree memory sampler",
    )
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The arguments, with the defaults that depend on the mode filled in."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.dbt_command is None:
        args.dbt_command = ["production-build" if args.daily else "build"]
    if args.daily and len(args.dbt_command) != 1:
        parser.error("--daily times one dbt command (the incremental run and the full refresh)")
    if args.landing is None:
        prefix = "daily" if args.daily else "landing"
        args.landing = f".bench/{prefix}_{args.events}_{args.seed}"
    return args


@dataclass
class Context:
    """What every mode needs: the run's machine facts, paths and file names."""

    args: argparse.Namespace
    argv: list[str]
    machine: dict[str, Any]
    created_at: dt.datetime
    landing: Path
    spark_dir: Path
    out_dir: Path
    stem: str

    @property
    def artefacts(self) -> Path:
        return self.out_dir / self.stem

    def dbt_run(self, label: str, command: str, landing: Path, spark_dir: Path) -> DbtRun:
        return DbtRun(
            label=label,
            dbt_args=DBT_COMMANDS[command],
            landing=landing,
            spark_dir=spark_dir,
            artefacts=self.artefacts / label,
            target_path=spark_dir / f"target_{label}",  # a new one: a full parse every run
            schema=self.args.schema,
            threads=self.args.threads,
            sample_seconds=self.args.sample_seconds,
        )

    def settings(self) -> dict[str, Any]:
        return {
            "git": git_state(),
            "mode": "daily" if self.args.daily else "full",
            "dbt_commands": list(self.args.dbt_command),
            "target": "local",
            "profile": "profiles.yml.example",
            "schema": self.args.schema,
            "threads": self.args.threads,
            "spark_dir": str(self.spark_dir),
            "spark": spark_settings(),
            "sample_seconds": self.args.sample_seconds,
        }


def _timed(run: DbtRun) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Runs dbt; (pipeline figures, parsed run_results or None)."""
    pipeline = run_pipeline(run)
    results_path = pipeline.get("run_results")
    return pipeline, parse_run_results(Path(results_path)) if results_path else None


def _floor(context: Context, landing: Path) -> dict[str, Any] | None:
    if context.args.skip_floor:
        return None
    args = context.args
    return run_floor(landing, context.spark_dir, context.artefacts, args.sample_seconds)


def run_full(context: Context) -> dict[str, Any]:
    """Each dbt command a full refresh into an empty warehouse, then the floor."""
    args, landing, spark_dir = context.args, context.landing, context.spark_dir
    data = prepare_landing(landing, args.events, args.seed, args.reuse, args.generator_workers)
    runs = []
    with spark_dir_lock(spark_dir):
        for command in args.dbt_command:
            reset_spark_dir(spark_dir)
            runs.append(_timed(context.dbt_run(command, command, landing, spark_dir)))
        floor = _floor(context, landing)
    return build_report(
        argv=context.argv,
        created_at=context.created_at,
        machine=context.machine,
        settings=context.settings(),
        data=data,
        runs=runs,
        floor=floor,
    )


def run_daily(context: Context) -> dict[str, Any]:
    """The history into an empty warehouse, the new day into the same one (the measured
    incremental run), the same warehouse again with nothing new, every file into another
    empty warehouse (the full refresh)."""
    args, root, spark_dir = context.args, context.landing, context.spark_dir
    data = prepare_daily_store(root, args.events, args.seed, args.reuse, args.generator_workers)
    store, landing = root / "store", root / "landing"
    data["run_landing"] = str(landing)
    command = args.dbt_command[0]
    runs = {}
    with spark_dir_lock(spark_dir):
        reset_spark_dir(spark_dir)
        land_history(store, landing, data["history_files"])
        warehouse = spark_dir / "incremental"
        runs["history"] = _timed(context.dbt_run("history", command, landing, warehouse))
        land_new_day(store, landing, data["new_day_files"])
        runs["incremental"] = _timed(context.dbt_run("incremental", command, landing, warehouse))
        # nothing new: the fixed cost of a daily run, a floor under the ratio above
        runs["no_new_files"] = _timed(context.dbt_run("no_new_files", command, landing, warehouse))
        full_refresh = context.dbt_run("full_refresh", command, landing, spark_dir / "full_refresh")
        runs["full_refresh"] = _timed(full_refresh)
        # SPEC 9.1: the daily runs' marts equal the full refresh's, compared before the
        # next benchmark wipes either warehouse
        marts = None
        if all(pipeline["success"] for pipeline, _ in runs.values()):
            marts = compare_marts(
                full_refresh.spark_dir,
                warehouse,
                args.schema,
                context.artefacts / "compare_marts.log",
                dbt_environment(warehouse, args.schema),
            )
        floor = _floor(context, landing)
    settings = context.settings()
    settings.update({"dbt_command": command, "dbt_args": list(DBT_COMMANDS[command])})
    return build_daily_report(
        argv=context.argv,
        created_at=context.created_at,
        machine=context.machine,
        settings=settings,
        data=data,
        runs=runs,
        floor=floor,
        marts=marts,
    )


def run(args: argparse.Namespace, argv: list[str]) -> int:
    env_check = check_environment()
    created_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    kind = "daily_" if args.daily else ""
    context = Context(
        args=args,
        argv=argv,
        machine=machine_info(env_check),
        created_at=created_at,
        landing=project_path(args.landing),
        spark_dir=project_path(args.spark_dir),
        out_dir=project_path(args.out_dir),
        stem=f"benchmark_{kind}{args.events}_{created_at.strftime('%Y%m%dT%H%M%SZ')}",
    )
    context.artefacts.mkdir(parents=True, exist_ok=True)
    ensure_dbt_packages(dbt_environment(context.spark_dir, args.schema))
    report = run_daily(context) if args.daily else run_full(context)
    report_path = context.out_dir / f"{context.stem}.json"
    report["report_path"] = str(report_path)
    write_report(report, report_path)
    sys.stdout.write(format_report(report))
    failed = [run for run in report["runs"] if not run["summary"]["success"]]
    for section in failed:
        pipeline = section["pipeline"]
        print(
            f"benchmark: {section['label']}: dbt {' '.join(pipeline['dbt_args'])} failed "
            f"(exit {pipeline['exit_code']}); see {pipeline['console_log']}",
            file=sys.stderr,
        )
    marts = report.get("marts")
    if marts is not None and not marts["equal"]:
        print(
            "benchmark: the incremental warehouse's marts differ from the full refresh's "
            f"({', '.join(marts['different']) or 'see the log'}); see {marts['log']}",
            file=sys.stderr,
        )
    return 1 if failed or (marts is not None and not marts["equal"]) else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    try:
        return run(args, argv)
    except BenchmarkError as exc:
        print(f"benchmark: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
