"""A thin, readable wrapper around dbt's programmatic runner for the pipeline tests."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbt.cli.main import dbtRunner


@dataclass
class BuildOutcome:
    """What a dbt invocation did: success, and the nodes that did not pass."""

    success: bool
    failures: list[dict[str, Any]] = field(default_factory=list)
    exception: BaseException | None = None

    def describe(self) -> str:
        lines = [f"dbt success={self.success}"]
        if self.exception is not None:
            lines.append(f"exception: {self.exception!r}")
        for failure in self.failures:
            lines.append(f"- {failure['status']}: {failure['name']}: {failure['message']}")
            lines.extend(f"    {row}" for row in failure.get("rows", []))
        return "\n".join(lines)


class DbtProject:
    """Runs dbt commands in this process against one schema at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = dbtRunner()

    def invoke(self, args: list[str], schema: str) -> tuple[BuildOutcome, Any]:
        os.environ["DBT_SCHEMA"] = schema
        full_args = [
            *args,
            "--project-dir",
            str(self.root),
            "--profiles-dir",
            str(self.root),
        ]
        result = self.runner.invoke(full_args)
        outcome = BuildOutcome(success=result.success, exception=result.exception)
        if result.result is not None and hasattr(result.result, "results"):
            for node_result in result.result.results:
                status = str(node_result.status)
                if status.lower() in {"error", "fail", "runtimeerr", "warn"}:
                    failure = {
                        "status": status,
                        "resource_type": str(node_result.node.resource_type).split(".")[-1].lower(),
                        "name": node_result.node.name,
                        "message": node_result.message,
                        "rows": self._stored_failures(node_result.node),
                    }
                    outcome.failures.append(failure)
        return outcome, result.result

    def build(
        self,
        schema: str,
        raw_root: Path | str,
        extra_vars: dict | None = None,
        extra_args: list[str] | None = None,
        command: str = "build",
    ) -> BuildOutcome:
        """`dbt build` (models, seeds, every test) over one landing folder; `command="run"`
        builds the models only, for landings where the data tests would prove nothing."""
        variables = {"raw_root": str(raw_root), **(extra_vars or {})}
        outcome, _ = self.invoke(
            [command, "--vars", json.dumps(variables), *(extra_args or [])], schema
        )
        return outcome

    def query(self, sql: str) -> list[dict[str, Any]]:
        """Run SQL where dbt runs: on the embedded Spark session dbt started (same process),
        or, with DBT_TARGET=thrift (scripts/test_cluster.sh), on the Thrift server of the
        `thrift` target. Over Thrift, values come back as PyHive gives them: dates as
        strings, decimals as `Decimal`."""
        if os.environ.get("DBT_TARGET") == "thrift":
            return self._thrift_query(sql)
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
        return [row.asDict() for row in spark.sql(sql).collect()]

    @staticmethod
    def _thrift_query(sql: str) -> list[dict[str, Any]]:
        from pyhive import hive

        connection = hive.connect(
            host=os.environ.get("SPARK_THRIFT_HOST", "127.0.0.1"),
            port=int(os.environ.get("SPARK_THRIFT_PORT", "10000")),
            username=os.environ.get("SPARK_THRIFT_USER", "dbt"),
        )
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            names = [column[0] for column in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            connection.close()

    def _stored_failures(self, node: Any, limit: int = 30) -> list[str]:
        """The failing rows of a test that stores its failures (scenario tests do)."""
        relation = getattr(node, "relation_name", None)
        if not relation or getattr(node, "resource_type", None) is None:
            return []
        if str(node.resource_type).lower().split(".")[-1] != "test":
            return []
        try:
            rows = self.query(f"select * from {relation} limit {limit}")
        except Exception:  # a test without stored failures has no table
            return []
        return [row.get("difference") or json.dumps(row, default=str) for row in rows]
