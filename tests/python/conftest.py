"""Shared fixtures: one in-process dbt runner for the whole pytest session.

dbt's `session` method embeds Spark in the dbt process, so running every dbt command of the
suite through one dbtRunner starts the JVM and the Derby metastore once (ENGINE.md). Each
test builds into its own schema, from its own landing folder, in the test warehouse
(VE_SPARK_DIR, .spark/test by default, never the main warehouse .spark/main), which starts
empty for every pytest session.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dbt_harness import DbtProject

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def dbt_project() -> DbtProject:
    spark_dir = Path(os.environ.get("VE_SPARK_DIR", PROJECT_ROOT / ".spark" / "test"))
    if spark_dir.resolve() == (PROJECT_ROOT / ".spark" / "main").resolve():
        # `source scripts/env.sh` defaults VE_SPARK_DIR to the main warehouse (run.sh's
        # marts, the report's source): the suite empties its folder, so never that one
        spark_dir = PROJECT_ROOT / ".spark" / "test"
    if spark_dir.exists():
        shutil.rmtree(spark_dir)
    spark_dir.mkdir(parents=True)
    os.environ["VE_SPARK_DIR"] = str(spark_dir)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return DbtProject(PROJECT_ROOT)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--incremental-cases",
        type=int,
        default=None,
        help="number of generated cases for tests/python/test_incremental*.py (default 40)",
    )
    parser.addoption(
        "--differential-cases",
        type=int,
        default=None,
        help="number of generated cases for tests/python/test_differential.py (default 300)",
    )


@pytest.fixture(scope="session")
def differential_cases(request: pytest.FixtureRequest) -> int:
    """How many generated cases the differential test builds (SPEC 'Prove it')."""
    return request.config.getoption("--differential-cases") or 300


@pytest.fixture(scope="session")
def incremental_cases(request: pytest.FixtureRequest) -> int:
    """How many generated cases the incremental tests land in batches (SPEC 9.1)."""
    return request.config.getoption("--incremental-cases") or 40


@pytest.fixture(scope="session")
def incremental_full_refresh(dbt_project, incremental_cases, tmp_path_factory):
    """The marts of one `dbt build --full-refresh` over every batch of the incremental tests'
    landing (tests/python/incremental_landing.py): what any sequence of incremental runs over
    the same files must end with (SPEC 9.1). Built once, compared by several tests."""
    from incremental_landing import (
        DBT_VARS,
        MODELS_ONLY,
        build_incremental_cases,
        write_all_batches,
    )
    from mart_comparison import all_mart_snapshots, empty_marts

    schema = "ve_test_incremental_full"
    root = tmp_path_factory.mktemp("incremental_full_refresh") / "landing"
    write_all_batches(root, build_incremental_cases(incremental_cases))
    outcome = dbt_project.build(
        schema, root, extra_vars=DBT_VARS, extra_args=["--full-refresh", *MODELS_ONLY]
    )
    assert outcome.success and not outcome.failures, outcome.describe()
    snapshots = all_mart_snapshots(dbt_project.query, schema)
    assert not empty_marts(snapshots), f"empty marts would prove nothing: {empty_marts(snapshots)}"
    return snapshots
