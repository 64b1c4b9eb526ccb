"""Shared fixtures: one in-process dbt runner for the whole pytest session.

dbt's `session` method embeds Spark in the dbt process, so running every dbt command of the
suite through one dbtRunner starts the JVM and the Derby metastore once (ENGINE.md). Each
test builds into its own schema, from its own landing folder, in the test warehouse
(VE_SPARK_DIR, .spark/test by default), which starts empty for every pytest session.
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
    if spark_dir.exists():
        shutil.rmtree(spark_dir)
    spark_dir.mkdir(parents=True)
    os.environ["VE_SPARK_DIR"] = str(spark_dir)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return DbtProject(PROJECT_ROOT)


def pytest_addoption(parser: pytest.Parser) -> None:
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
