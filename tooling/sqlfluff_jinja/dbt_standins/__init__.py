"""Stand-ins for dbt's Jinja context, for ``sqlfluff lint --templater jinja``.

The jinja templater renders the project's SQL without dbt (about ten times faster than the
dbt templater, and with no warehouse). Its ``apply_dbt_builtins`` covers ref, source,
config, this and is_incremental; ``load_macros_from_path`` (see .sqlfluff) loads the
project's macros and the offline dbt_utils stand-ins. This module, the templater's
``library_path``, supplies the rest: every public name defined here becomes a name in the
Jinja context.

The stand-ins render what a compile against an empty warehouse would: ``execute`` is false,
so no macro queries the warehouse; ``var()`` returns the value from dbt_project.yml.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from jinja2 import pass_context
from jinja2.exceptions import TemplateRuntimeError

_PROJECT_ROOT = Path(__file__).resolve().parents[3]


def _project_vars() -> dict[str, Any]:
    with open(_PROJECT_ROOT / "dbt_project.yml", encoding="utf-8") as handle:
        return (yaml.safe_load(handle) or {}).get("vars") or {}


_VARS = _project_vars()

# dbt's `execute`: false while parsing, as in `dbt parse` (no warehouse queries).
execute = False


# dbt's `run_started_at`: the invocation's start, UTC (load_batch_id renders it).
run_started_at = datetime(2024, 1, 1, tzinfo=UTC)


def var(name: str, default: Any = None) -> Any:
    """dbt_project.yml's value of a var, else the default (as dbt does)."""
    return _VARS.get(name, default)


def env_var(name: str, default: str = "") -> str:
    return default


def log(message: Any, info: bool = False) -> str:
    return ""


def load_relation(relation: Any) -> None:
    """No relation exists: the warehouse is empty at lint time."""
    return None


def run_query(sql: Any) -> None:
    return None


def _raise_compiler_error(message: Any) -> None:
    raise TemplateRuntimeError(str(message))


exceptions = SimpleNamespace(
    raise_compiler_error=_raise_compiler_error,
    warn=lambda message: "",
)


@pass_context
def _dispatch(context: Any, macro_name: str, macro_namespace: str | None = None) -> Any:
    """adapter.dispatch: the spark__ implementation when there is one, else default__."""
    for candidate in (f"spark__{macro_name}", f"default__{macro_name}", macro_name):
        macro = context.get(candidate)
        if macro is not None:
            return macro
    raise TemplateRuntimeError(f"adapter.dispatch: no implementation of {macro_name}")


adapter = SimpleNamespace(
    dispatch=_dispatch,
    quote=lambda identifier: f"`{identifier}`",
    convert_type=lambda table, index: "string",
    add_query=lambda *args, **kwargs: None,
)

# dbt's cross-database macros as dbt-spark renders them (used by the dbt_utils stand-ins).
dbt = SimpleNamespace(
    type_string=lambda: "string",
    hash=lambda field: f"md5(cast({field} as string))",
    concat=lambda fields: f"concat({', '.join(fields)})",
)

target = SimpleNamespace(name="local", type="spark", schema="video_engagement", threads=1)
flags = SimpleNamespace(PROJECT_DIR=str(_PROJECT_ROOT), FULL_REFRESH=False)


class _PackageMacros:
    """`dbt_utils.<macro>(...)`: the macro of that name loaded from load_macros_from_path."""

    def __init__(self, package: str) -> None:
        self._package = package

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        @pass_context
        def call(context: Any, *args: Any, **kwargs: Any) -> Any:
            macro = context.get(name)
            if macro is None:
                raise TemplateRuntimeError(f"{self._package}.{name}: macro not loaded")
            return macro(*args, **kwargs)

        return call


dbt_utils = _PackageMacros("dbt_utils")
dbt_expectations = _PackageMacros("dbt_expectations")
