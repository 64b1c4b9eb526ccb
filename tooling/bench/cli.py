"""Command line of ``python -m tooling.benchmark``: arguments, the run in order, exit status."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from tooling.bench.common import DEFAULT_SEED, BenchmarkError, project_path
from tooling.bench.environment import (
    check_environment,
    ensure_dbt_packages,
    git_state,
    machine_info,
    spark_settings,
)
from tooling.bench.floor import run_floor
from tooling.bench.landing import prepare_landing, reset_spark_dir, spark_dir_lock
from tooling.bench.pipeline import dbt_environment, run_pipeline
from tooling.bench.report import build_report, format_report, write_report
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.benchmark",
        description="Time a full-refresh dbt build of the pipeline on generated raw events, "
        "with peak memory, per-node timings and a bare-Spark floor (SPEC 8). Relative paths "
        "are relative to the project folder.",
    )
    parser.add_argument(
        "--events",
        type=_positive_int,
        required=True,
        help="raw lines to generate (tooling.generate_events --events)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})"
    )
    parser.add_argument("--landing", help="landing folder (default .bench/landing_<N>_<seed>)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the landing folder when its marker matches N and seed",
    )
    parser.add_argument(
        "--generator-workers",
        type=_positive_int,
        default=1,
        help="generate_events --workers (same output whatever the value)",
    )
    parser.add_argument(
        "--out-dir",
        default="benchmarks/results",
        help="where the JSON report and the run's logs go",
    )
    parser.add_argument(
        "--spark-dir",
        default=".spark/bench",
        help="VE_SPARK_DIR of the run: wiped first (full refresh)",
    )
    parser.add_argument("--schema", default="ve_bench", help="DBT_SCHEMA of the run")
    parser.add_argument(
        "--dbt-command",
        choices=("build", "run"),
        default="build",
        help="build: models, seeds and every test (default); run: models only",
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


def run(args: argparse.Namespace, argv: list[str]) -> int:
    env_check = check_environment()
    machine = machine_info(env_check)
    landing = project_path(args.landing or f".bench/landing_{args.events}_{args.seed}")
    spark_dir = project_path(args.spark_dir)
    out_dir = project_path(args.out_dir)
    created_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stem = f"benchmark_{args.events}_{created_at.strftime('%Y%m%dT%H%M%SZ')}"
    artefacts = out_dir / stem
    artefacts.mkdir(parents=True, exist_ok=True)
    ensure_dbt_packages(dbt_environment(spark_dir, args.schema))

    data = prepare_landing(landing, args.events, args.seed, args.reuse, args.generator_workers)
    with spark_dir_lock(spark_dir):
        reset_spark_dir(spark_dir)
        pipeline = run_pipeline(args, landing, spark_dir, artefacts)
        results_path = pipeline.get("run_results")
        run_results = parse_run_results(Path(results_path)) if results_path else None
        floor = (
            None
            if args.skip_floor
            else run_floor(landing, spark_dir, artefacts, args.sample_seconds)
        )
    settings = {
        "git": git_state(),
        "dbt_command": args.dbt_command,
        "target": "local",
        "profile": "profiles.yml.example",
        "schema": args.schema,
        "threads": args.threads,
        "spark_dir": str(spark_dir),
        "spark": spark_settings(),
        "sample_seconds": args.sample_seconds,
    }
    report = build_report(
        argv=argv,
        created_at=created_at,
        machine=machine,
        settings=settings,
        data=data,
        pipeline=pipeline,
        run_results=run_results,
        floor=floor,
    )
    report_path = out_dir / f"{stem}.json"
    report["report_path"] = str(report_path)
    write_report(report, report_path)
    sys.stdout.write(format_report(report))
    if not pipeline["success"]:
        print(
            f"benchmark: dbt {args.dbt_command} failed (exit {pipeline['exit_code']}); "
            f"see {pipeline['console_log']}",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        return run(args, argv)
    except BenchmarkError as exc:
        print(f"benchmark: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
