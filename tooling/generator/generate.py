"""One generator run: plan, simulate slice by slice, write in arrival order, manifest."""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import sys
import time
from typing import Any

from tqdm import tqdm

from tooling.generator.constants import ARRIVAL, BAD_KIND_REASON, EVENT_TYPES, GENERATOR_VERSION
from tooling.generator.plan import make_plan
from tooling.generator.runners import InlineRunner, ProcessRunner
from tooling.generator.writers import ChunkWriter, prepare_out, write_csv


def generate(args: argparse.Namespace) -> dict[str, Any]:
    """Write the landing folder; returns the manifest."""
    started = time.monotonic()
    plan, videos, users = make_plan(args)
    os.makedirs(args.out, exist_ok=True)
    events_dir = prepare_out(args.out)
    write_csv(
        os.path.join(args.out, "videos.csv"),
        ["video_id", "title", "genre", "channel_id", "duration_seconds"],
        videos,
    )
    write_csv(
        os.path.join(args.out, "users.csv"),
        ["user_id", "signup_date", "subscription_tier", "age_group", "gender", "country"],
        users,
    )

    workers = min(args.workers, plan.n_blocks)
    runner = ProcessRunner(plan, workers) if workers > 1 else InlineRunner(plan)
    writer = ChunkWriter(events_dir, args.chunk_events, args.gzip_share)
    arrival_key = ARRIVAL
    carry: list[tuple[float, str]] = []
    written = 0
    # The line count is known only roughly up front (bad lines and duplicates are drawn),
    # so the bar's total is the requested count; --quiet turns it off.
    progress = tqdm(
        total=plan.n_events,
        desc="generate_events",
        unit=" lines",
        unit_scale=True,
        file=sys.stderr,
        disable=args.quiet,
        mininterval=0.5,
    )
    try:
        runner.request(plan.slice_ends[0])
        for k, slice_end in enumerate(plan.slice_ends):
            lines = runner.collect()
            if k + 1 < len(plan.slice_ends):
                runner.request(plan.slice_ends[k + 1])  # workers go on while we write
            # Lines are written in arrival order; what arrives after this slice waits.
            # Sessions of later slices start at or after slice_end, so the output as a
            # whole is in arrival order (stable sort: ties keep block order).
            carry.extend(lines)
            carry.sort(key=arrival_key)
            cut = bisect.bisect_left(carry, slice_end, key=arrival_key)
            ready, carry = carry[:cut], carry[cut:]
            writer.write([line for _, line in ready])
            written += len(ready)
            progress.update(len(ready))
        stats = runner.finish()
        progress.total = written  # the exact count, now that it is known
        progress.refresh()
    finally:
        writer.close()
        if isinstance(runner, ProcessRunner):
            runner.close()
        progress.close()
    assert not carry

    bad_total = sum(stats["bad_lines_by_kind"].values())
    reasons: dict[str, int] = {}
    for kind, count in stats["bad_lines_by_kind"].items():
        reason = BAD_KIND_REASON[kind]
        reasons[reason] = reasons.get(reason, 0) + count
    reasons["duplicate"] = stats["duplicates"]
    manifest = {
        "generator": "tooling.generate_events",
        "generator_version": GENERATOR_VERSION,
        "arguments": {  # only what shapes the output (not --out, --workers, --quiet)
            "events": args.events,
            "seed": args.seed,
            "bad_line_share": args.bad_line_share,
            "duplicate_share": args.duplicate_share,
            "users": len(users),
            "videos": len(videos),
            "days": args.days,
            "start_date": args.start_date.isoformat(),
            "chunk_events": args.chunk_events,
            "gzip_share": args.gzip_share,
            "heartbeat_seconds": args.heartbeat_seconds,
            "missing_session_share": args.missing_session_share,
        },
        "period": {
            "start": args.start_date.isoformat() + "T00:00:00Z",
            "end_exclusive": (args.start_date + dt.timedelta(days=args.days)).isoformat()
            + "T00:00:00Z",
            "note": "sessions start in the period; a few late sessions may run past its end",
        },
        "counts": {
            "lines": written,
            "good_events": stats["good_events"],
            "duplicates": stats["duplicates"],
            "bad_lines": bad_total,
            "bad_lines_by_kind": stats["bad_lines_by_kind"],
            "expected_quarantine_by_reason": dict(sorted(reasons.items())),
            "good_events_by_type": dict(zip(EVENT_TYPES, stats["events_by_type"])),
            "users": len(users),
            "users_with_events": sum(1 for b in plan.user_budgets if b > 0),
            "videos": len(videos),
            "sessions": stats["sessions"],
            "sessions_without_session_id": stats["sessions_without_session_id"],
            "sessions_uploaded_late": stats["sessions_uploaded_late"],
            "lines_arriving_late": stats["lines_late"],
            "views": stats["views"],
            "views_ended": stats["views_ended"],
            "views_resumed_from_earlier_position": stats["views_resumed"],
        },
        "files": writer.files,
    }
    with open(os.path.join(args.out, "_generator_manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")
    elapsed = time.monotonic() - started
    print(
        f"generate_events: {written:,} lines ({stats['good_events']:,} events, "
        f"{bad_total:,} bad lines, {stats['duplicates']:,} duplicates) in "
        f"{len(writer.files)} files, {elapsed:.1f}s -> {args.out}",
        file=sys.stderr,
    )
    return manifest
