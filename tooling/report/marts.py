"""Reading the marts through dbt, so that the report sees exactly what the target holds.

Every query goes through ``dbt show`` (dbt's programmatic runner, in this process): dbt
resolves ``ref()`` to the target's schema, opens the target's connection (the embedded Spark
session, a Thrift server, Databricks) and returns the rows. Analyses are read the same way
(``dbt show --select q1_...``), so the report's answers are the analyses' answers, not a
copy of their SQL.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

Row = dict[str, Any]


class ReportError(RuntimeError):
    """The report cannot be drawn: dbt failed, or the marts are missing or empty."""


def sql_string_list(values: list[str]) -> str:
    """`'a', 'b'` as Spark SQL string literals (backslash escapes, which Spark and Databricks
    SQL both read), inside a Jinja raw block so that dbt does not template the values."""
    literals = []
    for value in values:
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        literals.append(f"'{escaped}'")
    return "{% raw %}" + ", ".join(literals) + "{% endraw %}"


def plain_value(value: Any) -> Any:
    """agate's values as plain Python: Decimal to int or float, the rest unchanged."""
    if isinstance(value, decimal.Decimal):
        if value == value.to_integral_value() and abs(value) < 2**53:
            return int(value)
        return float(value)
    return value


@dataclass
class MartReader:
    """Runs ``dbt show`` for inline SQL or an analysis and returns its rows as dicts.

    ``target`` (default: the profile's, i.e. ``DBT_TARGET`` or ``local``) and the schema
    (``DBT_SCHEMA``, read by profiles.yml) select what is read. ``extra_args`` are appended
    to every dbt command (e.g. ``["--vars", "{...}"]``). The project is parsed once and
    every ``dbt show`` reuses that manifest (a second parse per query would cost seconds).
    """

    project_dir: Path = PROJECT_ROOT
    profiles_dir: Path | None = None
    target: str | None = None
    extra_args: list[str] = field(default_factory=list)
    runner: Any = None
    queries_run: int = 0

    def _common_args(self) -> list[str]:
        return [
            "--project-dir",
            str(self.project_dir),
            "--profiles-dir",
            str(self.profiles_dir or self.project_dir),
            *(["--target", self.target] if self.target else []),
            *self.extra_args,
        ]

    def _runner(self) -> Any:
        if self.runner is None:
            from dbt.cli.main import dbtRunner

            parsed = dbtRunner().invoke(["parse", "--log-level", "none", *self._common_args()])
            if not parsed.success:
                raise ReportError(f"dbt parse failed: {parsed.exception}")
            self.runner = dbtRunner(manifest=parsed.result)
        return self.runner

    def query(self, sql: str) -> list[Row]:
        """Rows of inline SQL; use ``{{ ref('model') }}`` to name a model."""
        return self._show(["--inline", sql], what=sql.strip().splitlines()[0])

    def analysis(self, name: str) -> list[Row]:
        """Rows of an analysis of ``analyses/``, as ``dbt show --select <name>`` returns them."""
        return self._show(["--select", name], what=f"analysis {name}")

    def _show(self, selection: list[str], what: str) -> list[Row]:
        args = [
            "show",
            *selection,
            "--limit",
            "-1",
            # the rows come back as Python objects; dbt's own table printout would only
            # repeat them on stdout (errors still reach the exception below)
            "--log-level",
            "none",
            # a query needs no listing of the schema's relations
            "--no-populate-cache",
            *self._common_args(),
        ]
        outcome = self._runner().invoke(args)
        self.queries_run += 1
        results = getattr(outcome.result, "results", None) if outcome.result else None
        if not outcome.success or not results:
            detail = outcome.exception or (results[0].message if results else "no result")
            raise ReportError(f"dbt show failed for {what}: {detail}")
        table = results[0].agate_table
        if table is None:
            raise ReportError(f"dbt show returned no table for {what}")
        names = list(table.column_names)
        return [{name: plain_value(value) for name, value in zip(names, row)} for row in table]
