"""Compare the marts of two builds, row for row, after the renames listed in CHANGELOG.md.

A refactoring must leave every mart identical for every row and column that was not renamed.
Build the same landing folder before and after the change, each into its own Spark folder
(``VE_SPARK_DIR``), then compare the two warehouses::

    source scripts/env.sh
    python scripts/compare_marts.py BEFORE_SPARK_DIR AFTER_SPARK_DIR [--schema video_engagement]

Tables are read straight from the parquet folders of each warehouse, so neither metastore is
touched. A column renamed by ``RENAMES`` is compared under its new name; a mart or column that
exists on one side only is reported; doubles are compared to ``--tolerance`` (relative), since
a sum over another partitioning may differ in the last bit. Exit status 0 when every mart is
identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# Marts and their renamed columns: {mart: {old column: new column}} (see CHANGELOG.md).
RENAMES: dict[str, dict[str, str]] = {
    "fct_video_views": {"unique_seconds": "unique_seconds_watched"},
    "dim_videos": {
        "view_count": "valid_view_count",
        "started_view_count": "view_count",
        "first_viewed_at": "first_watched_at",
        "last_viewed_at": "last_watched_at",
    },
    "fct_user_video_progress": {"is_completed": "is_completed_at_least_once"},
    "fct_video_segment_retention": {
        "unique_watch_seconds": "unique_seconds_watched",
        "dropoff_count": "exit_count",
    },
    "fct_video_percent_retention": {
        "unique_watch_seconds": "unique_seconds_watched",
        "dropoff_count": "exit_count",
    },
    "fct_user_sessions": {"reached_30s": "has_reached_30s"},
    "dim_users": {"first_session_reached_30s": "has_first_session_reached_30s"},
}

# Columns whose value is the build's own clock, never equal between two builds.
VOLATILE = {"loaded_at"}

MARTS = [
    "fct_video_views",
    "fct_user_video_engagement",
    "fct_user_video_progress",
    "fct_user_sessions",
    "dim_videos",
    "dim_users",
    "fct_video_segment_retention",
    "fct_video_percent_retention",
    "fct_daily_video_stats",
    "fct_daily_channel_stats",
    "fct_quarantined_lines",
    "fct_line_reconciliation",
]


def table_path(spark_dir: Path, schema: str, table: str) -> Path:
    return spark_dir / "warehouse" / f"{schema}.db" / table


def relative_source_files(frame, roots: tuple[str, ...]):
    """`frame` with its source_file paths relative to whichever project folder of `roots`
    holds them (the longest first): both builds' roots are applied to both builds, so a
    landing inside one clone (a benchmark's `.bench/`) compares equal from either side.

    Either URI form of a local path is accepted: `file:///abs/path` (input_file_name(), used
    before the incremental load) and `file:/abs/path` (`_metadata.file_path`, used since)."""
    from pyspark.sql import functions as F

    folders = sorted({str(Path(root).resolve()) for root in roots if root}, key=len, reverse=True)
    if not folders or "source_file" not in frame.columns:
        return frame
    prefix = "^file:/+(" + "|".join(re.escape(f.lstrip("/")) for f in folders) + ")/"
    return frame.withColumn("source_file", F.regexp_replace("source_file", prefix, ""))


def compare_table(
    spark, before: Path, after: Path, table: str, tolerance: float, roots: tuple[str, str]
) -> tuple[list[str], list[str]]:
    """(differences, notes) between one mart of two builds; any difference fails."""
    from pyspark.sql import functions as F

    problems: list[str] = []
    notes: list[str] = []
    for side, path in (("before", before), ("after", after)):
        if not path.exists():
            return [f"{table}: missing in the {side} build ({path})"], notes
    old = spark.read.parquet(str(before))
    new = spark.read.parquet(str(after))
    renames = RENAMES.get(table, {})
    # Only a build from before the renames has a column under a name no longer used; the
    # renames are applied all at once, since one can take a name another gives up
    # (dim_videos: view_count -> valid_view_count, started_view_count -> view_count).
    if any(name in old.columns and name not in renames.values() for name in renames):
        old = old.select(*[F.col(c).alias(renames.get(c, c)) for c in old.columns])
    # landing files are compared by their path below the project folder of each build
    old = relative_source_files(old, roots)
    new = relative_source_files(new, roots)
    old_cols = [c for c in old.columns if c not in VOLATILE]
    new_cols = [c for c in new.columns if c not in VOLATILE]
    only_old = sorted(set(old_cols) - set(new_cols))
    only_new = sorted(set(new_cols) - set(old_cols))
    if only_old:
        problems.append(f"{table}: columns dropped: {', '.join(only_old)}")
    if only_new:
        notes.append(f"{table}: columns added (not compared): {', '.join(only_new)}")
    common = [c for c in old_cols if c in new_cols]
    doubles = {f.name for f in new.schema.fields if f.dataType.typeName() in ("double", "float")}

    def normalized(frame):
        # doubles rounded to the tolerance's significant digits, so the last bit of a sum
        # over another partitioning does not count as a difference
        digits = max(0, -int(f"{tolerance:e}".split("e")[1]))
        exprs = []
        for column in common:
            if column in doubles and tolerance > 0:
                value = F.col(column)
                scale = F.when(F.abs(value) >= 1, F.floor(F.log10(F.abs(value))) + 1).otherwise(0)
                exprs.append(
                    F.when(value.isNull(), None)
                    .otherwise(
                        F.round(value / F.pow(F.lit(10.0), scale), digits)
                        * F.pow(F.lit(10.0), scale)
                    )
                    .alias(column)
                )
            else:
                exprs.append(F.col(column))
        return frame.select(*exprs)

    left, right = normalized(old), normalized(new)
    old_count, new_count = old.count(), new.count()
    missing = left.exceptAll(right)
    extra = right.exceptAll(left)
    n_missing, n_extra = missing.count(), extra.count()
    if old_count != new_count or n_missing or n_extra:
        problems.append(
            f"{table}: {old_count} rows before, {new_count} after; "
            f"{n_missing} rows only before, {n_extra} only after"
        )
        for row in missing.limit(3).collect():
            problems.append(f"  only before: {row.asDict()}")
        for row in extra.limit(3).collect():
            problems.append(f"  only after:  {row.asDict()}")
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path, help="VE_SPARK_DIR of the build before the change")
    parser.add_argument("after", type=Path, help="VE_SPARK_DIR of the build after the change")
    parser.add_argument("--schema", default="video_engagement")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=1e-9,
        help="relative tolerance of doubles (default 1e-9); 0 compares them bit for bit",
    )
    parser.add_argument("--marts", nargs="*", default=MARTS)
    parser.add_argument(
        "--before-root",
        default="",
        help="project folder of the build before (its source_file paths are compared "
        "relative to it, so two clones of the project can be compared)",
    )
    parser.add_argument("--after-root", default="", help="project folder of the build after")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    failures = 0
    for table in args.marts:
        problems, notes = compare_table(
            spark,
            table_path(args.before, args.schema, table),
            table_path(args.after, args.schema, table),
            table,
            args.tolerance,
            (args.before_root, args.after_root),
        )
        status = "DIFFERENT" if problems else "identical"
        failures += bool(problems)
        print(f"{status:9}  {table}")
        for line in problems + notes:
            print(f"           {line}")
    spark.stop()
    print(f"{len(args.marts) - failures} of {len(args.marts)} marts identical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
