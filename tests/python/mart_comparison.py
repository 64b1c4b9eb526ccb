"""Every mart of one schema as comparable snapshots, and the differences between two of them.

Shared by the idempotence test (two builds of the same landing) and the incremental tests
(incremental runs against a full refresh, SPEC 9.1). A snapshot holds each mart under
models/marts/ as a multiset of rows, all columns except the load-time ones. SPEC 9.1 sets
two marts apart, and so does this module:

- fct_line_reconciliation is per landing file and per load: it is compared by its totals
  per source (files, raw, header, staged and quarantined lines, all reconciled);
- fct_quarantined_lines: which copy of a duplicate is quarantined depends on the order files
  were loaded in, so it is compared as the multiset of (source_name, raw_line,
  quarantine_reason), without the file.

Doubles are compared to a relative 1e-9: a sum over other partitions may differ in the last
bit. Run as a script, it writes the snapshots of a warehouse that another process built (its
own VE_SPARK_DIR, read through its metastore) to a pickle file:

    python tests/python/mart_comparison.py --spark-dir DIR --schema SCHEMA --out FILE
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
QUARANTINE_MART = "fct_quarantined_lines"
RECONCILIATION_MART = "fct_line_reconciliation"
# Columns holding the build's clock or the load a row came from: `loaded_at`, and any column
# the incremental models add for the same purpose (`first_loaded_at`, `load_id`, `batch_id`,
# `invocation_id`, ...). Never equal between two builds, so never compared.
LOAD_TIME_COLUMN = re.compile(r"(^|_)(loaded|load|batch|invocation)(_|$)")
RELATIVE_TOLERANCE = 1e-9

Query = Callable[[str], list[dict[str, Any]]]
Snapshot = dict[str, tuple[list[str], list[tuple]]]


def mart_names() -> list[str]:
    names = sorted(path.stem for path in (PROJECT_ROOT / "models" / "marts").rglob("*.sql"))
    assert names, "no marts found under models/marts"
    return names


def is_load_time_column(column: str) -> bool:
    return bool(LOAD_TIME_COLUMN.search(column))


def compared_columns(query: Query, schema: str, model: str) -> list[str]:
    """The mart's columns in table order, load-time columns left out."""
    columns = [
        row["col_name"]
        for row in query(f"describe {schema}.{model}")
        if row["col_name"] and not row["col_name"].startswith("#")
    ]
    return [column for column in dict.fromkeys(columns) if not is_load_time_column(column)]


def hashable(value: Any) -> Any:
    """Arrays and structs as tuples, so that rows can be counted."""
    if isinstance(value, dict):
        return tuple(sorted((key, hashable(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(hashable(item) for item in value)
    return value


def mart_snapshot(
    query: Query, schema: str, model: str, whole_rows: bool = False
) -> tuple[list[str], list[tuple]]:
    """(columns, sorted rows) of one mart, as SPEC 9.1 compares it (see the module doc), or
    with `whole_rows` every mart as whole rows (two builds of the same files)."""
    table = f"{schema}.{model}"
    if whole_rows:
        columns = compared_columns(query, schema, model)
        sql = f"select {', '.join(f'`{column}`' for column in columns)} from {table}"
    elif model == RECONCILIATION_MART:
        columns = [
            "source_name",
            "file_count",
            "raw_line_count",
            "header_line_count",
            "staged_row_count",
            "quarantined_row_count",
            "is_every_file_reconciled",
        ]
        sql = (
            f"select source_name, count(*) as file_count, "
            f"sum(raw_line_count) as raw_line_count, "
            f"sum(header_line_count) as header_line_count, "
            f"sum(staged_row_count) as staged_row_count, "
            f"sum(quarantined_row_count) as quarantined_row_count, "
            f"bool_and(is_reconciled) as is_every_file_reconciled "
            f"from {table} group by source_name"
        )
    elif model == QUARANTINE_MART:
        columns = ["source_name", "raw_line", "quarantine_reason"]
        sql = f"select {', '.join(columns)} from {table}"
    else:
        columns = compared_columns(query, schema, model)
        sql = f"select {', '.join(f'`{column}`' for column in columns)} from {table}"
    rows = [tuple(hashable(row[column]) for column in columns) for row in query(sql)]
    return columns, sorted(rows, key=repr)


def all_mart_snapshots(query: Query, schema: str, whole_rows: bool = False) -> Snapshot:
    return {model: mart_snapshot(query, schema, model, whole_rows) for model in mart_names()}


def _split(row: tuple) -> tuple[tuple, tuple]:
    """(the row's exact values, its doubles) with the doubles' places kept in the first."""
    exact = tuple("<double>" if isinstance(value, float) else value for value in row)
    return exact, tuple(value for value in row if isinstance(value, float))


def _close(left: tuple, right: tuple) -> bool:
    return all(
        (a is b)
        or (math.isnan(a) and math.isnan(b))
        or math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=RELATIVE_TOLERANCE)
        for a, b in zip(left, right)
    )


def row_differences(expected: list[tuple], actual: list[tuple]) -> tuple[list, list]:
    """(rows only in expected, rows only in actual), doubles compared to a tolerance."""
    only_expected = list((Counter(expected) - Counter(actual)).elements())
    only_actual = list((Counter(actual) - Counter(expected)).elements())
    if not only_expected or not only_actual:
        return only_expected, only_actual
    # rows that differ only in the last bits of their doubles are equal
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for side, rows in enumerate((only_expected, only_actual)):
        for row in rows:
            exact, doubles = _split(row)
            groups[exact][side].append((doubles, row))
    left_over: tuple[list, list] = ([], [])
    for left, right in groups.values():
        left.sort(key=repr)
        right.sort(key=repr)
        for (left_doubles, left_row), (right_doubles, right_row) in zip(left, right):
            if not _close(left_doubles, right_doubles):
                left_over[0].append(left_row)
                left_over[1].append(right_row)
        left_over[0].extend(row for _, row in left[len(right) :])
        left_over[1].extend(row for _, row in right[len(left) :])
    return left_over


def snapshot_differences(
    expected: Snapshot, actual: Snapshot, names: tuple[str, str], limit: int = 4
) -> list[str]:
    """One paragraph per mart that differs, naming the rows; empty when all are equal."""
    problems = []
    for model in sorted(set(expected) | set(actual)):
        if model not in expected or model not in actual:
            problems.append(f"{model}: missing in the {names[model in expected]}")
            continue
        (expected_columns, expected_rows), (actual_columns, actual_rows) = (
            expected[model],
            actual[model],
        )
        if expected_columns != actual_columns:
            problems.append(f"{model}: columns {expected_columns} != {actual_columns}")
            continue
        only_expected, only_actual = row_differences(expected_rows, actual_rows)
        if not only_expected and not only_actual:
            continue
        lines = [
            f"{model}: {len(expected_rows)} rows in the {names[0]}, {len(actual_rows)} in the "
            f"{names[1]}; {len(only_expected)} only in the {names[0]}, {len(only_actual)} "
            f"only in the {names[1]}"
        ]
        lines += [
            f"  {names[0]}: {dict(zip(expected_columns, row))}" for row in only_expected[:limit]
        ]
        lines += [f"  {names[1]}: {dict(zip(actual_columns, row))}" for row in only_actual[:limit]]
        problems.append("\n".join(lines))
    return problems


def empty_marts(snapshot: Snapshot) -> list[str]:
    return [model for model, (_, rows) in snapshot.items() if not rows]


def spark_session_for(spark_dir: Path):
    """A Spark session on the warehouse and Derby metastore of `spark_dir`, set up as the
    `local` target of profiles.yml.example sets up dbt's (no dbt process may hold it)."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("mart_comparison")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", f"{spark_dir}/warehouse")
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={spark_dir}/metastore_db;create=true",
        )
        .config(
            "spark.driver.extraJavaOptions",
            f"-Dderby.system.home={spark_dir} -Dderby.stream.error.file={spark_dir}/derby.log",
        )
        .enableHiveSupport()
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the mart snapshots of a warehouse.")
    parser.add_argument("--spark-dir", type=Path, required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    spark = spark_session_for(args.spark_dir.resolve())
    try:

        def query(sql: str) -> list[dict[str, Any]]:
            return [row.asDict(recursive=True) for row in spark.sql(sql).collect()]

        snapshots = all_mart_snapshots(query, args.schema)
    finally:
        spark.stop()
    args.out.write_bytes(pickle.dumps(snapshots))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
