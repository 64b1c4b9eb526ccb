"""Command line of ``python -m tooling.report`` (see the package docstring)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tooling.report.data import ReportData, load_report_data
from tooling.report.marts import PROJECT_ROOT, MartReader, ReportError
from tooling.report.page import write_report
from tooling.report.sections import Section, build_sections, retention_summary

DEFAULT_OUTPUT = PROJECT_ROOT / "reports" / "engagement_report.html"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.report",
        description=(
            "Render the engagement report, one self-contained HTML file, from the marts of "
            "the active dbt target (DBT_TARGET, DBT_SCHEMA)."
        ),
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="HTML file to write (default: reports/engagement_report.html)",
    )
    parser.add_argument(
        "--top-videos",
        type=int,
        default=5,
        help="how many of the most viewed videos get retention curves (default 5)",
    )
    parser.add_argument("--target", help="dbt target (default: the profile's, DBT_TARGET)")
    parser.add_argument("--vars", help="dbt vars, as for dbt build (YAML)")
    return parser


def generate(
    reader: MartReader, output: Path, top_videos: int = 5
) -> tuple[Path, ReportData, list[Section]]:
    """Reads the marts, draws the charts, writes the page; returns what it wrote."""
    if top_videos < 1:
        raise ReportError("--top-videos must be at least 1")
    data = load_report_data(reader, top_videos=top_videos)
    sections = build_sections(data)
    return write_report(output, data, sections), data, sections


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    reader = MartReader(
        target=args.target,
        extra_args=["--vars", args.vars] if args.vars else [],
    )
    output = args.output if args.output.is_absolute() else Path.cwd() / args.output
    try:
        path, data, sections = generate(reader, output, args.top_videos)
    except ReportError as error:
        print(
            f"error: {error}\n  The report reads the marts of the active target: build them "
            f"first (./scripts/run.sh, or dbt build) with the same DBT_TARGET and DBT_SCHEMA.",
            file=sys.stderr,
        )
        return 1
    charts = sum(len(section.all_charts()) for section in sections)
    print(f"Engagement report: {path} ({charts} charts, {reader.queries_run} dbt queries)")
    for video in data.videos:
        print(f"  {video.label}: {retention_summary(video)}")
    return 0
