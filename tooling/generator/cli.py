"""Command line of ``python -m tooling.generate_events``: arguments, checks, run."""

from __future__ import annotations

import argparse
import datetime as dt

from tooling.generator.constants import MIN_EVENT_SPACING
from tooling.generator.generate import generate


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value < 0.5:
        raise argparse.ArgumentTypeError(f"must be in [0, 0.5): {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1: {text}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.generate_events",
        description="Generate a deterministic landing folder of raw native player events "
        "(SPEC 3.1) with videos.csv and users.csv.",
    )
    parser.add_argument("--out", required=True, help="landing folder to write (created)")
    parser.add_argument("--events", type=_positive_int, required=True, help="total lines, about")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--bad-line-share", type=_share, default=0.01)
    parser.add_argument("--duplicate-share", type=_share, default=0.01)
    parser.add_argument("--users", type=_positive_int, help="default: events / 200")
    parser.add_argument("--videos", type=_positive_int, help="default: events / 2000, 10..5000")
    parser.add_argument("--days", type=_positive_int, default=30)
    parser.add_argument("--start-date", type=_date, default=dt.date(2024, 1, 1))
    parser.add_argument("--chunk-events", type=_positive_int, default=250_000)
    parser.add_argument(
        "--gzip-share", type=float, default=0.0, help="share of chunks written as .jsonl.gz"
    )
    parser.add_argument("--heartbeat-seconds", type=float, default=10.0)
    parser.add_argument(
        "--missing-session-share",
        type=_share,
        default=0.03,
        help="share of sessions from an old SDK that sends no sessionId",
    )
    parser.add_argument("--workers", type=_positive_int, default=1, help="processes")
    parser.add_argument("--quiet", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 0.0 <= args.gzip_share <= 1.0:
        build_parser().error("--gzip-share must be in [0, 1]")
    if args.bad_line_share + args.duplicate_share >= 0.5:
        build_parser().error("--bad-line-share + --duplicate-share must stay below 0.5")
    if args.heartbeat_seconds < 2 * MIN_EVENT_SPACING:
        build_parser().error(f"--heartbeat-seconds must be >= {2 * MIN_EVENT_SPACING}")
    generate(args)
    return 0
