"""Tests of the benchmark command (tooling/benchmark.py, SPEC 8).

Cheap checks first: run_results.json parsing and the report on a fabricated file, the
process-tree memory sampler against real child processes, the landing marker and the
Spark-folder guard. Then one real run of the command at a tiny size (`dbt run`, its own
Spark folder, so it never meets the suite's in-process warehouse in .spark/test).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tooling import benchmark as bench  # noqa: E402

MIB = 1024 * 1024


def _timing(start: str, compile_s: float, execute_s: float) -> list[dict]:
    began = dt.datetime.fromisoformat(start)
    compiled = began + dt.timedelta(seconds=compile_s)
    executed = compiled + dt.timedelta(seconds=execute_s)

    def iso(value: dt.datetime) -> str:
        return value.isoformat(timespec="microseconds") + "Z"

    return [
        {"name": "compile", "started_at": iso(began), "completed_at": iso(compiled)},
        {"name": "execute", "started_at": iso(compiled), "completed_at": iso(executed)},
    ]


def _result(
    unique_id: str,
    status: str,
    execution_time: float,
    start: str,
    compile_s: float = 0.1,
    timing: bool = True,
) -> dict:
    return {
        "status": status,
        "timing": _timing(start, compile_s, execution_time - compile_s) if timing else [],
        "thread_id": "Thread-1",
        "execution_time": execution_time,
        "adapter_response": {},
        "message": None,
        "failures": None,
        "unique_id": unique_id,
    }


FABRICATED_RESULTS = [
    _result(
        "operation.video_engagement.video_engagement-on-run-start-0",
        "success",
        2.5,
        "2026-01-01T10:00:20",
    ),
    _result("seed.video_engagement.country_codes", "success", 1.0, "2026-01-01T10:00:23"),
    _result(
        "model.video_engagement.stg_player__event_lines", "success", 30.0, "2026-01-01T10:00:25"
    ),
    _result("model.video_engagement.fct_video_views", "success", 12.5, "2026-01-01T10:01:00"),
    _result("model.video_engagement.dim_videos", "error", 3.0, "2026-01-01T10:01:13"),
    _result(
        "test.video_engagement.not_null_fct_video_views_view_id.d94a0da82f",
        "pass",
        0.75,
        "2026-01-01T10:01:17",
    ),
    _result(
        "test.video_engagement.unique_fct_video_views_view_id.3e3ab7b14a",
        "fail",
        1.25,
        "2026-01-01T10:01:18",
    ),
    _result(
        "unit_test.video_engagement.int_watch_intervals_merged.merges_overlaps",
        "pass",
        2.0,
        "2026-01-01T10:01:20",
    ),
    # skipped nodes carry no timing at all
    _result(
        "model.video_engagement.fct_daily_channel_stats",
        "skipped",
        0.0,
        "2026-01-01T10:01:22",
        timing=False,
    ),
]


@pytest.fixture
def run_results_file(tmp_path: Path) -> Path:
    path = tmp_path / "run_results.json"
    path.write_text(
        json.dumps(
            {
                "metadata": {
                    "dbt_version": "1.11.16",
                    "invocation_id": "abc",
                    "invocation_started_at": "2026-01-01T10:00:02.000000Z",
                },
                "results": FABRICATED_RESULTS,
                "elapsed_time": 65.0,
                "args": {"which": "build"},
            }
        )
    )
    return path


def test_run_results_are_parsed_slowest_first_with_their_execute_phase(run_results_file):
    parsed = bench.parse_run_results(run_results_file)
    nodes = parsed["nodes"]
    assert parsed["node_count"] == len(FABRICATED_RESULTS) == len(nodes)
    assert [n["execution_time"] for n in nodes] == sorted(
        (n["execution_time"] for n in nodes), reverse=True
    )
    first = nodes[0]
    assert first == {
        "unique_id": "model.video_engagement.stg_player__event_lines",
        "resource_type": "model",
        "name": "stg_player__event_lines",
        "status": "success",
        "execution_time": 30.0,
        "compile_seconds": 0.1,
        "execute_seconds": 29.9,
    }
    by_id = {n["unique_id"]: n for n in nodes}
    skipped = by_id["model.video_engagement.fct_daily_channel_stats"]
    assert skipped["execute_seconds"] is None and skipped["status"] == "skipped"
    names = {n["resource_type"]: n["name"] for n in nodes if n["status"] != "skipped"}
    assert names["operation"] == "video_engagement-on-run-start-0"
    assert names["unit_test"] == "int_watch_intervals_merged.merges_overlaps"
    assert names["seed"] == "country_codes"
    assert (
        by_id["test.video_engagement.unique_fct_video_views_view_id.3e3ab7b14a"]["name"]
        == "unique_fct_video_views_view_id"
    )
    assert parsed["elapsed_seconds"] == 65.0
    assert parsed["nodes_execution_seconds"] == pytest.approx(53.0)
    assert parsed["first_node_started_at"] == "2026-01-01T10:00:20.000Z"
    assert parsed["last_node_completed_at"] == "2026-01-01T10:01:22.000Z"


def test_run_results_are_summed_by_resource_type(run_results_file):
    totals = bench.parse_run_results(run_results_file)["totals_by_type"]
    assert list(totals) == ["model", "operation", "test", "unit_test", "seed"]  # slowest first
    assert totals["model"]["count"] == 4
    assert totals["model"]["execution_seconds"] == pytest.approx(45.5)
    assert totals["model"]["execute_seconds"] == pytest.approx(45.5 - 3 * 0.1)
    assert totals["model"]["statuses"] == {"success": 2, "error": 1, "skipped": 1}
    assert totals["test"] == {
        "count": 2,
        "execution_seconds": 2.0,
        "execute_seconds": pytest.approx(1.8),
        "statuses": {"pass": 1, "fail": 1},
    }
    assert totals["unit_test"]["count"] == totals["seed"]["count"] == 1
    assert sum(t["count"] for t in totals.values()) == len(FABRICATED_RESULTS)


def _pipeline(label: str = "build", success: bool = True, wall: float = 100.0) -> dict:
    ended = dt.datetime(2026, 1, 1, 10) + dt.timedelta(seconds=wall)
    return {
        "label": label,
        "dbt_args": list(bench.DBT_COMMANDS.get(label, ("build",))),
        "success": success,
        "exit_code": 0 if success else 1,
        "started_at": "2026-01-01T10:00:00.000Z",
        "ended_at": ended.isoformat(timespec="milliseconds") + "Z",
        "wall_seconds": wall,
        "peak_rss_mb": 3072.5,
        "ru_maxrss_children_mb": 2900.0,
        "cpu_seconds_tree": 150.0,
        "cpu_seconds_other_processes": wall / 2,
        "console_log": "dbt_output.log",
    }


def _settings() -> dict:
    return {
        "git": {"commit": "f" * 40, "dirty": False},
        "dbt_command": "build",
        "threads": None,
        "spark": dict(bench.SPARK_ENV_DEFAULTS),
    }


_MACHINE = {
    "usable_cores": 2,
    "memory_total_mb": 24000,
    "java_version": "openjdk 17",
    "python_version": "3.11.7",
    "versions": {"dbt-core": "1.11.16"},
}


def _report(
    run_results: dict | None,
    floor: dict | None,
    success: bool = True,
    more_runs: list[tuple[dict, dict | None]] = (),
) -> dict:
    data = {
        "events_requested": 200_000,
        "raw_lines": 199_990,
        "generation_seconds": 12.345,
        "reused": False,
    }
    return bench.build_report(
        argv=["--events", "200000"],
        created_at=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC),
        machine=_MACHINE,
        settings=_settings(),
        data=data,
        runs=[(_pipeline(success=success), run_results), *more_runs],
        floor=floor,
    )


def test_report_summary_and_table(run_results_file):
    parsed = bench.parse_run_results(run_results_file)
    floor = {
        "seconds": 8.0,
        "process_seconds": 20.0,
        "startup_seconds": 11.0,
        "lines_counted": 199_990,
    }
    report = _report(parsed, floor)
    assert report["mode"] == "full" and report["summary"]["dbt_commands"] == ["build"]
    assert report["summary"]["ratios"] == {"build": 12.5}
    (section,) = report["runs"]
    summary = section["summary"]
    assert report["summary"]["runs"]["build"] == summary
    assert summary["events_per_second"] == pytest.approx(1999.9)
    assert summary["ratio"] == 12.5 and summary["ratio_to_floor_process"] == 5.0
    assert summary["before_first_node_seconds"] == pytest.approx(20.0)
    assert summary["after_last_node_seconds"] == pytest.approx(18.0)
    assert summary["nodes_seconds"] == pytest.approx(53.0)
    assert summary["peak_rss_mb"] == 3072.5 and summary["nodes"] == len(FABRICATED_RESULTS)
    assert summary["statuses"] == {"error": 1, "fail": 1, "pass": 2, "skipped": 1, "success": 4}
    assert summary["other_work_cores"] == 0.5
    assert report["git"]["commit"] == "f" * 40 and "git" not in report["settings"]
    assert section["slowest_nodes"] == parsed["nodes"][: bench.TOP_NODES]
    assert len(section["nodes"]) == len(FABRICATED_RESULTS)
    assert json.loads(json.dumps(report)) == report  # plain JSON

    text = bench.format_report(report)
    assert "200,000 events, dbt build" in text
    assert "199,990" in text and "12.35 s" in text and "100.0 s" in text
    assert "3,072 MB" in text or "3,073 MB" in text
    assert "12.5 x" in text and "ratio wall / floor: build 12.5 x" in text
    lines = text.splitlines()
    assert next(line for line in lines if line.startswith("cores busy")).endswith("0.50")
    header = next(i for i, line in enumerate(lines) if line.startswith("resource type"))
    assert lines[header + 2].split()[:3] == ["model", "4", "45.5"]
    slowest = next(i for i, line in enumerate(lines) if line.endswith("slowest nodes"))
    assert lines[slowest + 3].split()[:3] == ["1", "model", "stg_player__event_lines"]
    assert "skipped 1" in text and "fail 1" in text


def test_report_without_floor_and_without_run_results():
    report = _report(None, None, success=False)
    assert report["floor"] == {"skipped": True} and report["summary"]["dbt_success"] is False
    (section,) = report["runs"]
    assert section["summary"]["ratio"] is None and section["summary"]["nodes"] is None
    assert section["slowest_nodes"] == [] and section["totals_by_type"] == {}
    text = bench.format_report(report)
    assert "skipped" in text and "slowest nodes" not in text
    assert text.count("\n") > 10


def test_top_nodes_are_capped(tmp_path):
    results = [
        _result(f"model.p.m{i:02d}", "success", float(i + 1), "2026-01-01T10:00:00")
        for i in range(40)
    ]
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps({"metadata": {}, "results": results, "elapsed_time": 1.0}))
    (section,) = _report(bench.parse_run_results(path), None)["runs"]
    assert [n["name"] for n in section["slowest_nodes"]] == [f"m{i:02d}" for i in range(39, 24, -1)]
    assert len(section["nodes"]) == 40


CHILD = textwrap.dedent("""
    import subprocess, sys
    size = int(sys.argv[1])
    data = b"x" * (size * 1024 * 1024)          # written, so resident
    child = None
    if len(sys.argv) > 2:                       # and a grandchild holding its own share
        child = subprocess.Popen([sys.executable, __file__, sys.argv[2]],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        child.stdout.readline()
    print("ready", flush=True)
    sys.stdin.read()                            # until the parent closes our stdin
    if child is not None:
        child.stdin.close()
        child.wait()
""")


def test_sampler_sums_rss_over_a_real_process_tree(tmp_path):
    script = tmp_path / "hold.py"
    script.write_text(CHILD)
    process = subprocess.Popen(
        [sys.executable, str(script), "100", "60"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert process.stdout.readline().strip() == b"ready"
        sampler = bench.ProcessTreeSampler(process.pid, interval=0.05).start()
        tree = bench.process_tree(process.pid)
        assert len(tree) == 2 and tree[process.pid][1] == os.getpid()
        import time

        time.sleep(0.4)
        result = sampler.stop()
        # our own descendants, without this (pytest) process
        mine = bench.ProcessTreeSampler(os.getpid(), include_root=False).sample_once()
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    assert result["samples"] >= 3
    assert result["peak_processes"] == 2
    assert 160 <= result["peak_rss_mb"] < 400, result
    assert 100 <= result["peak_single_process_mb"] < 250
    names = [p["name"] for p in result["peak_by_process"]]
    assert len(names) == 2 and all(name.startswith("python") for name in names)
    assert mine.rss_bytes >= 160 * MIB and os.getpid() not in [p["pid"] for p in mine.by_process]
    # once the tree is gone there is nothing left to measure
    assert bench.ProcessTreeSampler(process.pid).sample_once().rss_bytes == 0


def test_landing_is_reused_only_when_its_marker_matches(tmp_path, capsys):
    landing = tmp_path / "landing"
    first = bench.prepare_landing(landing, 400, 3, reuse=True, workers=1)
    assert first["reused"] is False and first["generation_seconds"] > 0
    assert first["raw_lines"] > 0 and first["event_files"] == 1 and first["event_bytes"] > 0
    assert (landing / bench.LANDING_MARKER).is_file()
    again = bench.prepare_landing(landing, 400, 3, reuse=True, workers=1)
    assert again["reused"] is True and again["generation_seconds"] is None
    assert again["raw_lines"] == first["raw_lines"]
    assert again["generation_seconds_when_created"] == first["generation_seconds"]
    assert bench.reusable_landing(landing, 401, 3) is None
    assert bench.reusable_landing(landing, 400, 4) is None
    with open(landing / "player_events" / "part-00000.jsonl", "a") as handle:
        handle.write("{}\n")  # a changed file is not the generated data any more
    assert bench.reusable_landing(landing, 400, 3) is None
    assert bench.prepare_landing(landing, 400, 3, reuse=True, workers=1)["reused"] is False
    assert bench.reusable_landing(landing, 400, 3) is not None
    without = bench.prepare_landing(landing, 400, 3, reuse=False, workers=1)
    assert without["reused"] is False


def test_spark_dir_is_wiped_only_when_the_benchmark_made_it(tmp_path):
    spark_dir = tmp_path / "spark"
    bench.reset_spark_dir(spark_dir)
    (spark_dir / "warehouse").mkdir()
    bench.reset_spark_dir(spark_dir)
    assert sorted(p.name for p in spark_dir.iterdir()) == [bench.SPARK_DIR_MARKER]
    foreign = tmp_path / "someone_elses"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    with pytest.raises(bench.BenchmarkError, match="not created by the benchmark"):
        bench.reset_spark_dir(foreign)
    assert (foreign / "keep.txt").read_text() == "mine"
    with pytest.raises(bench.BenchmarkError):
        bench.reset_spark_dir(bench.PROJECT_ROOT)
    with (
        bench.spark_dir_lock(spark_dir),
        pytest.raises(bench.BenchmarkError, match="another benchmark"),
        bench.spark_dir_lock(spark_dir),
    ):
        pass


def test_benchmark_command_end_to_end_at_a_tiny_size(tmp_path):
    """The real thing at 3,000 events: generation, `dbt run` in a subprocess on its own
    Spark folder, run_results, the floor, the JSON report and the table."""
    out_dir = tmp_path / "results"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "tooling.benchmark",
        "--events",
        "3000",
        "--seed",
        "7",
        "--dbt-command",
        "run",
        "--landing",
        str(tmp_path / "landing"),
        "--spark-dir",
        str(tmp_path / "spark"),
        "--out-dir",
        str(out_dir),
        "--schema",
        "ve_bench_pytest",
    ]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=1800
    )
    assert done.returncode == 0, done.stdout + done.stderr
    reports = sorted(out_dir.glob("benchmark_3000_*.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert report["mode"] == "full" and report["summary"]["dbt_commands"] == ["run"]
    assert report["summary"]["dbt_success"] is True
    (section,) = report["runs"]
    summary, pipeline = section["summary"], section["pipeline"]
    assert summary["success"] is True and summary["dbt_args"] == ["run"]
    assert 2900 <= report["summary"]["raw_lines"] <= 3100
    assert summary["lines_in_landing"] == report["summary"]["raw_lines"]
    assert report["summary"]["generation_seconds"] > 0 and summary["wall_seconds"] > 0
    assert summary["events_per_second"] > 0 and summary["peak_rss_mb"] > 200
    assert summary["before_first_node_seconds"] > 0 and summary["nodes_seconds"] > 0
    assert report["summary"]["floor_seconds"] > 0 and summary["ratio"] > 0
    assert report["summary"]["ratios"] == {"run": summary["ratio"]}
    assert report["floor"]["lines_counted"] == report["summary"]["raw_lines"]
    assert pipeline["processes_left_alive"] == 0
    assert pipeline["ru_maxrss_children_mb"] > 100
    assert any(p["name"] == "java" for p in pipeline["peak_by_process"])
    models = {n["name"]: n for n in section["nodes"] if n["resource_type"] == "model"}
    assert {"base_player__event_lines", "fct_video_views", "fct_user_video_engagement"} <= set(
        models
    )
    assert models["fct_video_views"]["status"] == "success"
    assert models["fct_video_views"]["execution_time"] > 0
    assert models["fct_video_views"]["execute_seconds"] > 0
    assert section["totals_by_type"]["model"]["count"] == len(models)
    assert "test" not in section["totals_by_type"]  # `dbt run`: models only
    assert report["settings"]["spark"] == bench.spark_settings()
    artefacts = reports[0].with_suffix("") / "run"
    assert (artefacts / "run_results.json").is_file() and (artefacts / "dbt.log").is_file()
    assert "fct_video_views" in (artefacts / "dbt_output.log").read_text()
    assert (reports[0].with_suffix("") / "floor.log").is_file()
    assert "slowest nodes" in done.stdout and "ratio wall / floor" in done.stdout
    assert not (ROOT / "target" / "run_results.json").is_file() or (
        json.loads((ROOT / "target" / "run_results.json").read_text())["metadata"]["invocation_id"]
        != section["dbt"]["invocation_id"]
    )


# --------------------------------------------------------------------------------------
# The command line and several dbt commands
# --------------------------------------------------------------------------------------


def test_arguments_name_the_dbt_commands():
    args = bench.parse_args(["--events", "1000"])
    assert args.dbt_command == ["build"]
    assert args.landing == ".bench/landing_1000_42"
    args = bench.parse_args(["--events", "1000", "--dbt-command", "run,production-build"])
    assert args.dbt_command == ["run", "production-build"]
    assert bench.DBT_COMMANDS["production-build"] == (
        "build",
        "--exclude-resource-type",
        "unit_test",
    )
    for wrong in (
        ["--dbt-command", "test"],
        ["--dbt-command", "run,run"],
        ["--dbt-command", "run,"],
    ):
        with pytest.raises(SystemExit):
            bench.parse_args(["--events", "1000", *wrong])


def test_several_dbt_commands_have_a_column_and_a_ratio_each(run_results_file):
    parsed = bench.parse_run_results(run_results_file)
    floor = {"seconds": 8.0, "process_seconds": 20.0}
    report = _report(parsed, floor, more_runs=[(_pipeline("production-build", wall=36.0), None)])
    assert report["summary"]["dbt_commands"] == ["build", "production-build"]
    assert report["summary"]["ratios"] == {"build": 12.5, "production-build": 4.5}
    assert [s["label"] for s in report["runs"]] == ["build", "production-build"]
    text = bench.format_report(report)
    header = next(line for line in text.splitlines() if line.startswith("figure"))
    assert header.split() == ["figure", "build", "production-build"]
    assert "ratio wall / floor: build 12.5 x, production-build 4.5 x" in text
    assert "dbt build --exclude-resource-type unit_test: -" in text  # no run_results
    assert "dbt build: 9 slowest nodes" in text and "production-build: 0" not in text


def _fake_results(path: Path, seconds: dict[str, float], start: str) -> dict:
    """A run_results.json with the given node times, parsed."""
    results, at = [], dt.datetime.fromisoformat(start)
    for unique_id, time_s in seconds.items():
        status = "pass" if unique_id.startswith("test.") else "success"
        results.append(_result(unique_id, status, time_s, at.isoformat()))
        at += dt.timedelta(seconds=time_s)
    path.write_text(json.dumps({"metadata": {}, "results": results, "elapsed_time": 1.0}))
    return bench.parse_run_results(path)


STG = "model.video_engagement.stg_player__event_lines"


class FakeDbt:
    """Stands in for run_pipeline: records what each dbt run would have seen, writes a
    run_results.json of fabricated times, and fails the runs it is told to."""

    def __init__(self, fail: tuple[str, ...] = ()) -> None:
        self.calls: list[dict] = []
        self.fail = fail

    def __call__(self, run) -> dict:
        events = sorted(p.relative_to(run.landing).as_posix() for p in run.landing.rglob("*.jsonl"))
        warehouse = run.spark_dir / "warehouse"
        self.calls.append(
            {
                "label": run.label,
                "dbt_args": run.dbt_args,
                "spark_dir": run.spark_dir,
                "target_path": run.target_path,
                "event_files": events,
                "warehouse_existed": warehouse.is_dir(),
                "lines": sum(len((run.landing / n).read_bytes().splitlines()) for n in events),
            }
        )
        warehouse.mkdir(parents=True, exist_ok=True)
        run.artefacts.mkdir(parents=True, exist_ok=True)
        seconds = 20.0
        _fake_results(run.artefacts / "run_results.json", {STG: seconds}, "2026-01-01T10:00:20")
        success = run.label not in self.fail
        return {
            **_pipeline(run.label, success=success, wall=seconds + 10.0),
            "dbt_args": list(run.dbt_args),
            "run_results": str(run.artefacts / "run_results.json"),
        }


def _main_with_fake_dbt(monkeypatch, fake: FakeDbt, argv: list[str]) -> int:
    from tooling.bench import cli

    monkeypatch.setattr(cli, "run_pipeline", fake)
    monkeypatch.setattr(cli, "ensure_dbt_packages", lambda env: None)
    return bench.main(argv)


def test_full_mode_times_each_dbt_command_into_an_empty_warehouse(tmp_path, monkeypatch):
    fake = FakeDbt()
    out_dir = tmp_path / "out"
    argv = ["--events", "400", "--seed", "3", "--landing", str(tmp_path / "landing")]
    argv += ["--spark-dir", str(tmp_path / "spark"), "--out-dir", str(out_dir), "--skip-floor"]
    argv += ["--dbt-command", "run,production-build"]
    assert _main_with_fake_dbt(monkeypatch, fake, argv) == 0
    assert [(c["label"], c["dbt_args"]) for c in fake.calls] == [
        ("run", ("run",)),
        ("production-build", ("build", "--exclude-resource-type", "unit_test")),
    ]
    assert [c["warehouse_existed"] for c in fake.calls] == [False, False]  # wiped between
    assert {c["spark_dir"] for c in fake.calls} == {tmp_path / "spark"}
    assert fake.calls[0]["event_files"] == ["player_events/part-00000.jsonl"]
    (report_path,) = out_dir.glob("benchmark_400_*.json")
    report = json.loads(report_path.read_text())
    assert report["mode"] == "full" and list(report["summary"]["ratios"]) == [
        "run",
        "production-build",
    ]
    artefacts = report_path.with_suffix("")
    assert (artefacts / "run" / "run_results.json").is_file()
    assert (artefacts / "production-build" / "run_results.json").is_file()
