"""SPEC 9: re-running a build without new data changes nothing.

The scenario landing folder (tests/scenarios/landing: every SPEC 5 edge case, bad lines,
duplicates, a video missing from the catalog) is copied to a temporary folder and built twice
into the same schema. Every mart (each model under models/marts/) must then hold exactly the
same rows, all columns compared, ignoring only the load-time columns such as `loaded_at`
(the build's own clock; see mart_comparison.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mart_comparison import all_mart_snapshots, empty_marts, snapshot_differences

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCENARIO_LANDING = PROJECT_ROOT / "tests" / "scenarios" / "landing"
SCHEMA = "ve_test_idempotence"


def test_second_build_over_the_same_landing_changes_no_mart(dbt_project, tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SCENARIO_LANDING, landing)
    variables = {"quarantine_warn_share": 0.5}
    # models only: the data tests run over the same landing in test_pipeline_scenarios.py
    models_only = ["--exclude-resource-type", "test", "unit_test"]

    first = dbt_project.build(SCHEMA, landing, extra_vars=variables, extra_args=models_only)
    assert first.success and not first.failures, first.describe()
    before = all_mart_snapshots(dbt_project.query, SCHEMA, whole_rows=True)
    assert not empty_marts(before), f"empty marts would prove nothing: {empty_marts(before)}"

    second = dbt_project.build(SCHEMA, landing, extra_vars=variables, extra_args=models_only)
    assert second.success and not second.failures, second.describe()
    after = all_mart_snapshots(dbt_project.query, SCHEMA, whole_rows=True)

    differences = snapshot_differences(before, after, ("build 1", "build 2"))
    assert not differences, "marts changed between two builds of the same data:\n" + "\n".join(
        differences
    )
