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
import shutil
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
# The command line, several dbt commands, and the daily case
# --------------------------------------------------------------------------------------


def test_arguments_name_the_dbt_commands_and_the_mode():
    args = bench.parse_args(["--events", "1000"])
    assert args.dbt_command == ["build"] and not args.daily
    assert args.landing == ".bench/landing_1000_42"
    args = bench.parse_args(["--events", "1000", "--dbt-command", "run,production-build"])
    assert args.dbt_command == ["run", "production-build"]
    assert bench.DBT_COMMANDS["production-build"] == (
        "build",
        "--exclude-resource-type",
        "unit_test",
    )
    daily = bench.parse_args(["--events", "1000", "--daily", "--seed", "3"])
    assert daily.daily and daily.dbt_command == ["production-build"]
    assert daily.landing == ".bench/daily_1000_3"
    assert bench.parse_args(["--events", "9", "--daily", "--dbt-command", "run"]).dbt_command == [
        "run"
    ]
    for wrong in (
        ["--dbt-command", "test"],
        ["--dbt-command", "run,run"],
        ["--dbt-command", "run,"],
        ["--daily", "--dbt-command", "run,build"],
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


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-01-05T10:00:00.123Z", dt.date(2024, 1, 5)),
        ("2024-01-05T23:30:00-05:00", dt.date(2024, 1, 6)),  # offsets are applied
        ("2024-01-05T02:00:00+05:30", dt.date(2024, 1, 4)),
        ("2024-01-05T23:59:59.999", dt.date(2024, 1, 5)),  # naive is UTC (SPEC 3.1)
        ("2024-13-45T25:61:00Z", None),
        ("N/A", None),
        ("", None),
    ],
)
def test_a_line_belongs_to_the_utc_date_of_its_timestamp(text, day):
    line = f'{{"eventId":"e1","timestamp":"{text}","userId":"u"}}\n'.encode()
    assert bench.utc_date(line) == day
    assert bench.utc_date(line.replace(b'":"', b'": "')) == day


def test_a_line_without_a_readable_timestamp_has_no_date():
    assert bench.utc_date(b'{"eventId":"e1","userId":"u"}\n') is None
    assert bench.utc_date(b"[1, 2]\n") is None
    assert bench.utc_date(b'{"timestamp":"2024-01-0') is None  # cut off inside the value
    # malformed JSON cut off after a complete timestamp still has its date
    assert bench.utc_date(b'{"timestamp":"2024-01-03T01:00:00Z","userId":"u') == dt.date(2024, 1, 3)


def _line(day: int, hour: int = 12, tail: str = "") -> bytes:
    return f'{{"timestamp":"2024-01-{day:02d}T{hour:02d}:00:00Z","n":"{tail}"}}\n'.encode()


def test_splitting_into_days_keeps_every_line_once_in_its_day(tmp_path):
    import gzip

    first = [
        b"not json at all\n",  # before any date: the first day
        _line(2, tail="a"),
        b'{"timestamp":"N/A","n":"b"}\n',  # no date: the latest day so far (2)
        _line(1, 23, "c"),  # late data: its own day, and the clock stays at 2
        b'{"timestamp":"2024-01-01T23:30:00-01:00","n":"d"}\n',  # 00:30 UTC on the 2nd
        b"truncated {\n",  # still day 2
        _line(3, tail="e"),
        b"[1]\n",  # day 3 now
        _line(2, tail="f").rstrip(b"\n"),  # a file's last line without a line end
    ]
    second = [
        _line(4, 1, "g"),  # after the period: its last day
        b"{}\n",  # the clock is clamped to the last day too
        b'{"timestamp":"2023-12-31T22:00:00Z","n":"h"}\n',  # before it: its first day
    ]
    (tmp_path / "part-00000.jsonl").write_bytes(b"".join(first))
    with gzip.open(tmp_path / "part-00001.jsonl.gz", "wb") as handle:
        handle.write(b"".join(second))
    out = tmp_path / "days"
    sources = [tmp_path / "part-00000.jsonl", tmp_path / "part-00001.jsonl.gz"]
    counts = bench.split_into_days(sources, out, dt.date(2024, 1, 1), 3)
    assert list(counts) == [
        "player_events/2024/01/01/events.jsonl",
        "player_events/2024/01/02/events.jsonl",
        "player_events/2024/01/03/events.jsonl",
    ]
    files = {name: (out / name).read_bytes().splitlines(keepends=True) for name in counts}
    assert files == {
        "player_events/2024/01/01/events.jsonl": [
            first[0],
            first[3],
            second[2],
        ],
        "player_events/2024/01/02/events.jsonl": [
            first[1],
            first[2],
            first[4],
            first[5],
            first[8] + b"\n",
        ],
        "player_events/2024/01/03/events.jsonl": [first[6], first[7], second[0], second[1]],
    }
    assert counts == {name: len(lines) for name, lines in files.items()}
    assert sum(counts.values()) == len(first) + len(second)
    assert bench.day_path(dt.date(2024, 2, 9)) == "player_events/2024/02/09/events.jsonl"
    # a day without lines still has its (empty) file: the period is always whole
    counts = bench.split_into_days(sources[:1], tmp_path / "five", dt.date(2024, 1, 1), 5)
    assert list(counts.values()) == [2, 5, 2, 0, 0]
    assert (tmp_path / "five" / "player_events/2024/01/05/events.jsonl").read_bytes() == b""


def test_daily_store_is_generated_split_and_reused(tmp_path, capsys):
    root = tmp_path / "daily"
    data = bench.prepare_daily_store(root, 3000, 5, reuse=True, workers=1)
    store = root / "store"
    assert data["reused"] is False and data["days"] == 31 and data["events_generated"] == 3100
    assert len(data["history_files"]) == 30 and len(data["new_day_files"]) == 1
    assert data["new_day_files"] == ["player_events/2024/01/31/events.jsonl"]
    assert data["history_lines"] + data["new_day_lines"] == data["raw_lines"]
    assert data["new_day_lines"] > 0 and data["event_files"] == 31
    on_disk = sorted(p.relative_to(store).as_posix() for p in store.rglob("*.jsonl"))
    assert on_disk == sorted(data["history_files"] + data["new_day_files"])  # no part files
    assert (
        sum(len((store / name).read_bytes().splitlines()) for name in on_disk)
        == (data["raw_lines"])
    )
    again = bench.prepare_daily_store(root, 3000, 5, reuse=True, workers=1)
    assert again["reused"] is True and again["raw_lines"] == data["raw_lines"]
    assert again["split_seconds"] is None and again["split_seconds_when_created"] is not None
    other = bench.prepare_daily_store(root, 3000, 6, reuse=True, workers=1)
    assert other["reused"] is False and other["raw_lines"] != data["raw_lines"]
    foreign = tmp_path / "foreign"
    (foreign / "store").mkdir(parents=True)
    (foreign / "store" / "mine.txt").write_text("keep")
    with pytest.raises(bench.BenchmarkError, match="not a day store"):
        bench.prepare_daily_store(foreign, 3000, 5, reuse=False, workers=1)


def test_the_landing_gets_the_history_then_the_new_day(tmp_path):
    store, landing = tmp_path / "store", tmp_path / "landing"
    names = [bench.day_path(dt.date(2024, 1, day)) for day in (1, 2, 3)]
    for name in names:
        (store / name).parent.mkdir(parents=True)
        (store / name).write_text(f"{name}\n")
    (store / "videos.csv").write_text("video_id,duration_seconds\n")
    os.utime(store / names[2], (1_000_000, 1_000_000))  # made long ago
    (landing / "player_events" / "stale.jsonl").parent.mkdir(parents=True)
    (landing / "player_events" / "stale.jsonl").write_text("from a foreign folder\n")
    with pytest.raises(bench.BenchmarkError, match="not made by the benchmark"):
        bench.land_history(store, landing, names[:2])
    shutil.rmtree(landing / "player_events")  # empty: taken
    bench.land_history(store, landing, names[:2])
    events = sorted(p.relative_to(landing).as_posix() for p in landing.rglob("*.jsonl"))
    assert events == names[:2] and (landing / "videos.csv").is_file()
    assert (landing / names[0]).stat().st_ino == (store / names[0]).stat().st_ino  # linked
    bench.land_new_day(store, landing, names[2:])
    assert (landing / names[2]).read_text() == f"{names[2]}\n"
    assert (landing / names[2]).stat().st_mtime > 1_000_000  # landed now
    bench.land_history(store, landing, names[:2])  # the next run starts from the history
    assert not (landing / names[2]).exists()


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
FCT = "model.video_engagement.fct_video_views"
TEST = "test.video_engagement.not_null_fct_video_views_view_id.d94a0da82f"


def _daily_report(tmp_path: Path, floor: dict | None = None) -> dict:
    times = {
        "history": {STG: 30.0, FCT: 10.0, TEST: 0.5},
        "incremental": {STG: 3.0, FCT: 1.0, TEST: 0.5},
        "no_new_files": {STG: 1.0, FCT: 1.0, TEST: 0.5},
        "full_refresh": {STG: 40.0, FCT: 10.0, TEST: 0.5},
    }
    walls = {"history": 80.0, "incremental": 24.0, "no_new_files": 18.0, "full_refresh": 90.0}
    runs = {}
    for label, seconds in times.items():
        parsed = _fake_results(tmp_path / f"{label}.json", seconds, "2026-01-01T10:00:20")
        runs[label] = (_pipeline(label, wall=walls[label]), parsed)
    data = {
        "events_requested": 3_000,
        "raw_lines": 3_100,
        "history_lines": 3_000,
        "new_day_lines": 100,
        "history_files": [bench.day_path(dt.date(2024, 1, d)) for d in range(1, 31)],
        "reused": True,
    }
    settings = {**_settings(), "dbt_command": "production-build"}
    return bench.build_daily_report(
        argv=["--daily"],
        created_at=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC),
        machine=_MACHINE,
        settings=settings,
        data=data,
        runs=runs,
        floor=floor,
    )


def test_daily_report_compares_the_incremental_run_with_the_full_refresh(tmp_path):
    report = _daily_report(tmp_path, floor={"seconds": 9.0, "process_seconds": 15.0})
    summary = report["summary"]
    assert report["mode"] == "daily" and summary["dbt_success"] is True
    assert summary["ratio"] == round(24 / 90, 3)
    assert summary["ratio_nodes_seconds"] == round(4.5 / 50.5, 3)
    assert summary["ratio_model_seconds"] == 0.08
    assert summary["full_refresh_ratio_to_floor"] == 10.0
    assert summary["history_wall_seconds"] == 80.0
    runs = summary["runs"]
    assert [s["label"] for s in report["runs"]] == [
        "history",
        "incremental",
        "no_new_files",
        "full_refresh",
    ]
    assert summary["no_new_files_wall_seconds"] == 18.0
    assert summary["no_new_files_ratio"] == 0.2
    assert runs["no_new_files"]["new_lines"] == 0
    assert runs["history"]["lines_in_landing"] == runs["history"]["new_lines"] == 3_000
    assert runs["incremental"]["lines_in_landing"] == 3_100
    assert runs["incremental"]["new_lines"] == 100
    assert runs["incremental"]["events_per_second"] == round(100 / 24, 1)
    assert runs["full_refresh"]["new_lines"] == 3_100
    assert runs["incremental"]["nodes"] == 3 and runs["incremental"]["statuses"] == {
        "pass": 1,
        "success": 2,
    }
    totals = {t["resource_type"]: t for t in report["comparison"]["totals_by_type"]}
    assert totals["model"]["full_refresh_seconds"] == 50.0
    assert totals["model"]["incremental_seconds"] == 4.0 and totals["model"]["ratio"] == 0.08
    assert totals["test"]["ratio"] == 1.0 and totals["test"]["incremental_count"] == 1
    first = report["comparison"]["nodes"][0]  # slowest incremental node first
    assert first["name"] == "stg_player__event_lines"
    assert (first["history_seconds"], first["incremental_seconds"]) == (30.0, 3.0)
    assert first["full_refresh_seconds"] == 40.0 and first["ratio"] == 0.075
    assert json.loads(json.dumps(report)) == report

    text = bench.format_report(report)
    assert "3,000 lines in 30 daily files, then 1 new day of 100 lines" in text
    header = next(line for line in text.splitlines() if line.startswith("figure"))
    assert header.split() == [
        "figure",
        "history",
        "load",
        "incremental",
        "no",
        "new",
        "files",
        "full",
        "refresh",
    ]
    assert "incremental / full refresh: wall 0.267 x, node times 0.089 x, models 0.080 x" in text
    assert "full refresh / floor 10.0 x" in text
    assert "no new files / full refresh: wall 0.200 x" in text
    row = next(line for line in text.splitlines() if line.startswith("model "))
    assert row.split() == ["model", "2", "50.0", "2", "4.0", "0.080", "x"]
    node = next(line for line in text.splitlines() if "stg_player__event_lines" in line)
    assert node.split() == [
        "model",
        "stg_player__event_lines",
        "40.0",
        "3.0",
        "0.075",
        "x",
        "1.0",
        "success",
    ]


def test_daily_report_without_a_history_run_or_run_results():
    data = {"raw_lines": 10, "history_lines": 9, "new_day_lines": 1, "history_files": []}
    report = bench.build_daily_report(
        argv=[],
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        machine=_MACHINE,
        settings=_settings(),
        data=data,
        runs={
            "incremental": (_pipeline("incremental", success=False, wall=5.0), None),
            "full_refresh": (_pipeline("full_refresh", wall=50.0), None),
        },
        floor=None,
    )
    assert report["summary"]["dbt_success"] is False and report["summary"]["ratio"] == 0.1
    assert report["summary"]["ratio_nodes_seconds"] is None
    assert report["comparison"] == {"totals_by_type": [], "nodes": []}
    assert "slowest nodes" not in bench.format_report(report)


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
        seconds = 2.0 if run.label == "incremental" else 20.0
        _fake_results(run.artefacts / "run_results.json", {STG: seconds}, "2026-01-01T10:00:20")
        success = run.label not in self.fail
        return {
            **_pipeline(run.label, success=success, wall=seconds + 10.0),
            "dbt_args": list(run.dbt_args),
            "run_results": str(run.artefacts / "run_results.json"),
        }


class FakeComparison:
    """Stands in for mart_equality.compare_marts: records which warehouses it was given and
    reports the marts it is told differ."""

    def __init__(self, different: tuple[str, ...] = ()) -> None:
        self.calls: list[tuple[Path, Path, str]] = []
        self.different = list(different)

    def __call__(self, reference, candidate, schema, log_path, env) -> dict:
        self.calls.append((reference, candidate, schema))
        identical = [m for m in ("fct_video_views", "dim_videos") if m not in self.different]
        return {
            "command": "compare_marts.py",
            "exit_code": 1 if self.different else 0,
            "log": str(log_path),
            "identical": identical,
            "different": self.different,
            "identical_count": len(identical),
            "compared_count": 2,
            "equal": not self.different,
        }


def _main_with_fake_dbt(
    monkeypatch, fake: FakeDbt, argv: list[str], comparison: FakeComparison | None = None
) -> int:
    from tooling.bench import cli

    monkeypatch.setattr(cli, "run_pipeline", fake)
    monkeypatch.setattr(cli, "ensure_dbt_packages", lambda env: None)
    monkeypatch.setattr(cli, "compare_marts", comparison or FakeComparison())
    return bench.main(argv)


def test_mart_comparison_output_is_parsed():
    from tooling.bench.mart_equality import compare_command, parse_comparison

    output = "\n".join(
        [
            "identical  fct_video_views",
            "DIFFERENT  dim_videos",
            "           dim_videos: 10 rows before, 11 after; 0 rows only before, 1 only after",
            "           only after:  {'video_id': 'v9'}",
            "identical  fct_daily_video_stats",
            "2 of 3 marts identical",
        ]
    )
    found = parse_comparison(output)
    assert found["identical"] == ["fct_video_views", "fct_daily_video_stats"]
    assert found["different"] == ["dim_videos"]
    assert (found["identical_count"], found["compared_count"]) == (2, 3)
    assert parse_comparison("")["compared_count"] == 0
    command = compare_command(Path("/w/full"), Path("/w/incr"), "ve_bench")
    assert command[-6:] == ["/w/full", "/w/incr", "--schema", "ve_bench", "--tolerance", "0"]
    assert command[1].endswith("scripts/compare_marts.py")


def test_daily_mode_lands_the_history_then_the_new_day(tmp_path, monkeypatch, capsys):
    fake = FakeDbt()
    spark_dir, out_dir = tmp_path / "spark", tmp_path / "out"
    common = ["--events", "3000", "--seed", "5", "--landing", str(tmp_path / "daily")]
    common += ["--spark-dir", str(spark_dir), "--out-dir", str(out_dir), "--skip-floor"]
    assert _main_with_fake_dbt(monkeypatch, fake, ["--daily", *common]) == 0
    history, incremental, no_new_files, full = fake.calls
    assert [c["label"] for c in fake.calls] == [
        "history",
        "incremental",
        "no_new_files",
        "full_refresh",
    ]
    production = ("build", "--exclude-resource-type", "unit_test")
    assert all(call["dbt_args"] == production for call in fake.calls)
    assert len(history["event_files"]) == 30 and history["warehouse_existed"] is False
    assert (
        incremental["event_files"]
        == full["event_files"]
        == sorted([*history["event_files"], "player_events/2024/01/31/events.jsonl"])
    )
    # the incremental run builds on the history's warehouse; the full refresh on an empty one
    assert history["spark_dir"] == incremental["spark_dir"] != full["spark_dir"]
    # then again on the same warehouse and landing, with nothing new
    assert no_new_files["spark_dir"] == incremental["spark_dir"]
    assert no_new_files["event_files"] == incremental["event_files"]
    assert incremental["warehouse_existed"] is True and full["warehouse_existed"] is False
    assert len({c["target_path"] for c in fake.calls}) == 4  # a full parse each
    assert all(spark_dir in c["spark_dir"].parents for c in fake.calls)
    (report_path,) = out_dir.glob("benchmark_daily_3000_*.json")
    report = json.loads(report_path.read_text())
    summary = report["summary"]
    assert summary["history_lines"] == history["lines"]
    assert summary["raw_lines"] == incremental["lines"] == full["lines"]
    assert summary["new_day_lines"] == full["lines"] - history["lines"] > 0
    assert summary["ratio"] == 0.4 and report["settings"]["dbt_command"] == "production-build"
    out = capsys.readouterr().out
    assert "incremental / full refresh: wall 0.400 x" in out and str(report_path) in out
    # the marts of the daily runs' warehouse against the full refresh's, in the report
    assert summary["marts_equal"] is True and report["marts"]["identical_count"] == 2
    assert "marts of the daily runs against the full refresh, bit for bit: 2 of 2 identical" in out
    comparison = FakeComparison(different=("dim_videos",))
    argv = ["--daily", "--reuse", *common]
    assert _main_with_fake_dbt(monkeypatch, FakeDbt(), argv, comparison) == 1
    ((reference, candidate, schema),) = comparison.calls
    assert (reference, candidate) == (full["spark_dir"], incremental["spark_dir"])
    assert schema == "ve_bench"
    captured = capsys.readouterr()
    assert "1 of 2 identical (DIFFERENT: dim_videos; exit 1)" in captured.out
    assert "marts differ from the full refresh's (dim_videos)" in captured.err
    # again with --reuse: the same data, the landing rebuilt from the history
    fake.calls.clear()
    assert _main_with_fake_dbt(monkeypatch, fake, ["--daily", "--reuse", *common]) == 0
    assert [len(c["event_files"]) for c in fake.calls] == [30, 31, 31, 31]
    assert [c["lines"] for c in fake.calls] == [history["lines"], *[full["lines"]] * 3]
    # a failed run is reported, the others still run, and the exit status says so
    failing, unused = FakeDbt(fail=("incremental",)), FakeComparison()
    assert _main_with_fake_dbt(monkeypatch, failing, ["--daily", "--reuse", *common], unused) == 1
    assert len(failing.calls) == 4 and unused.calls == []  # no marts to compare
    assert "incremental: dbt build --exclude-resource-type unit_test failed" in (
        capsys.readouterr().err
    )


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
