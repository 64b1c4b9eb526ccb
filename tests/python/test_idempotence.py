"""SPEC 9: re-running a build without new data changes nothing.

The scenario landing folder (tests/scenarios/landing: every SPEC 5 edge case, bad lines,
duplicates, a video missing from the catalog) is copied to a temporary folder and built twice
into the same schema. Every mart (each model under models/marts/) must then hold exactly the
same rows, all columns compared, ignoring only `loaded_at` (the build's own clock).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCENARIO_LANDING = PROJECT_ROOT / "tests" / "scenarios" / "landing"
SCHEMA = "ve_test_idempotence"
IGNORED_COLUMNS = {"loaded_at"}


def mart_names() -> list[str]:
    names = sorted(path.stem for path in (PROJECT_ROOT / "models" / "marts").rglob("*.sql"))
    assert names, "no marts found under models/marts"
    return names


def snapshot(dbt_project, model: str) -> tuple[list[str], list[tuple]]:
    """All rows of one mart as sorted tuples of (column, value), loaded_at left out."""
    columns = [
        row["col_name"]
        for row in dbt_project.query(f"describe {SCHEMA}.{model}")
        if row["col_name"] and not row["col_name"].startswith("#")
    ]
    columns = [c for c in dict.fromkeys(columns) if c not in IGNORED_COLUMNS]
    rows = dbt_project.query(f"select {', '.join(f'`{c}`' for c in columns)} from {SCHEMA}.{model}")
    return columns, sorted((tuple((c, row[c]) for c in columns) for row in rows), key=repr)


def first_differences(before: list[tuple], after: list[tuple], limit: int = 5) -> str:
    only_before = Counter(before) - Counter(after)
    only_after = Counter(after) - Counter(before)
    lines = [
        f"{sum(only_before.values())} rows only in build 1, "
        f"{sum(only_after.values())} only in build 2"
    ]
    lines += [f"  build 1: {dict(row)}" for row in list(only_before)[:limit]]
    lines += [f"  build 2: {dict(row)}" for row in list(only_after)[:limit]]
    return "\n".join(lines)


def test_second_build_over_the_same_landing_changes_no_mart(dbt_project, tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SCENARIO_LANDING, landing)
    variables = {"quarantine_warn_share": 0.5}
    # models only: the data tests run over the same landing in test_pipeline_scenarios.py
    models_only = ["--exclude-resource-type", "test", "unit_test"]

    first = dbt_project.build(SCHEMA, landing, extra_vars=variables, extra_args=models_only)
    assert first.success and not first.failures, first.describe()
    before = {model: snapshot(dbt_project, model) for model in mart_names()}
    assert sum(len(rows) for _, rows in before.values()) > 0

    second = dbt_project.build(SCHEMA, landing, extra_vars=variables, extra_args=models_only)
    assert second.success and not second.failures, second.describe()
    after = {model: snapshot(dbt_project, model) for model in mart_names()}

    for model in mart_names():
        columns_before, rows_before = before[model]
        columns_after, rows_after = after[model]
        assert columns_before == columns_after, model
        assert rows_before, f"{model} is empty: the comparison would prove nothing"
        assert rows_before == rows_after, (
            f"{model} changed between two builds of the same data:\n"
            + first_differences(rows_before, rows_after)
        )
