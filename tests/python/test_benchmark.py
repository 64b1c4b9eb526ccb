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


def _report(run_results: dict | None, floor: dict | None, success: bool = True) -> dict:
    pipeline = {
        "success": success,
        "exit_code": 0 if success else 1,
        "started_at": "2026-01-01T10:00:00.000Z",
        "ended_at": "2026-01-01T10:01:40.000Z",
        "wall_seconds": 100.0,
        "peak_rss_mb": 3072.5,
        "ru_maxrss_children_mb": 2900.0,
        "cpu_seconds_tree": 150.0,
        "cpu_seconds_other_processes": 50.0,
    }
    settings = {
        "git": {"commit": "f" * 40, "dirty": False},
        "dbt_command": "build",
        "threads": None,
        "spark": dict(bench.SPARK_ENV_DEFAULTS),
    }
    data = {
        "events_requested": 200_000,
        "raw_lines": 199_990,
        "generation_seconds": 12.345,
        "reused": False,
    }
    machine = {
        "usable_cores": 2,
        "memory_total_mb": 24000,
        "java_version": "openjdk 17",
        "python_version": "3.11.7",
        "versions": {"dbt-core": "1.11.16"},
    }
    return bench.build_report(
        argv=["--events", "200000"],
        created_at=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC),
        machine=machine,
        settings=settings,
        data=data,
        pipeline=pipeline,
        run_results=run_results,
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
    summary = report["summary"]
    assert summary["events_per_second"] == pytest.approx(1999.9)
    assert summary["ratio"] == 12.5 and summary["ratio_to_floor_process"] == 5.0
    assert summary["before_first_node_seconds"] == pytest.approx(20.0)
    assert summary["after_last_node_seconds"] == pytest.approx(18.0)
    assert summary["nodes_seconds"] == pytest.approx(53.0)
    assert summary["peak_rss_mb"] == 3072.5 and summary["nodes"] == len(FABRICATED_RESULTS)
    assert report["git"]["commit"] == "f" * 40 and "git" not in report["settings"]
    assert report["slowest_nodes"] == parsed["nodes"][: bench.TOP_NODES]
    assert len(report["nodes"]) == len(FABRICATED_RESULTS)
    assert json.loads(json.dumps(report)) == report  # plain JSON

    text = bench.format_report(report)
    assert "200,000 events, dbt build" in text
    assert "199,990" in text and "12.35 s" in text and "100.0 s" in text
    assert "3,072 MB" in text or "3,073 MB" in text
    assert "12.5 x" in text and "0.50 cores busy with other work" in text
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("resource type"))
    assert lines[header + 2].split()[:3] == ["model", "4", "45.5"]
    slowest = next(i for i, line in enumerate(lines) if line.endswith("slowest nodes"))
    assert lines[slowest + 3].split()[:3] == ["1", "model", "stg_player__event_lines"]
    assert "skipped 1" in text and "fail 1" in text


def test_report_without_floor_and_without_run_results():
    report = _report(None, None, success=False)
    assert report["floor"] == {"skipped": True}
    assert report["summary"]["ratio"] is None and report["summary"]["nodes"] is None
    assert report["slowest_nodes"] == [] and report["totals_by_type"] == {}
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
    report = _report(bench.parse_run_results(path), None)
    assert [n["name"] for n in report["slowest_nodes"]] == [f"m{i:02d}" for i in range(39, 24, -1)]
    assert len(report["nodes"]) == 40


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
    summary = report["summary"]
    assert summary["dbt_success"] is True and summary["dbt_command"] == "run"
    assert 2900 <= summary["raw_lines"] <= 3100
    assert summary["generation_seconds"] > 0 and summary["build_wall_seconds"] > 0
    assert summary["events_per_second"] > 0 and summary["peak_rss_mb"] > 200
    assert summary["before_first_node_seconds"] > 0 and summary["nodes_seconds"] > 0
    assert summary["floor_seconds"] > 0 and summary["ratio"] > 0
    assert report["floor"]["lines_counted"] == summary["raw_lines"]
    assert report["pipeline"]["processes_left_alive"] == 0
    assert report["pipeline"]["ru_maxrss_children_mb"] > 100
    assert any(p["name"] == "java" for p in report["pipeline"]["peak_by_process"])
    models = {n["name"]: n for n in report["nodes"] if n["resource_type"] == "model"}
    assert {"base_player__event_lines", "fct_video_views", "fct_user_video_engagement"} <= set(
        models
    )
    assert models["fct_video_views"]["status"] == "success"
    assert models["fct_video_views"]["execution_time"] > 0
    assert models["fct_video_views"]["execute_seconds"] > 0
    assert report["totals_by_type"]["model"]["count"] == len(models)
    assert "test" not in report["totals_by_type"]  # `dbt run`: models only
    assert report["settings"]["spark"] == bench.spark_settings()
    artefacts = reports[0].with_suffix("")
    assert (artefacts / "run_results.json").is_file() and (artefacts / "dbt.log").is_file()
    assert "fct_video_views" in (artefacts / "dbt_output.log").read_text()
    assert "slowest nodes" in done.stdout and "ratio wall / floor" in done.stdout
    assert not (ROOT / "target" / "run_results.json").is_file() or (
        json.loads((ROOT / "target" / "run_results.json").read_text())["metadata"]["invocation_id"]
        != report["dbt"]["invocation_id"]
    )
