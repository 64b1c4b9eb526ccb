#!/usr/bin/env bash
# Every test of the project: lint (ruff, pre-commit hooks, sqlfluff), then pytest, which
# checks the project's structure, runs the tooling tests and drives dbt in-process over the
# scenario suite, the sample data and other landings (unit tests, data tests, scenario
# comparisons; see tests/python/), and opens the docs site and the report in a headless
# Chromium (installed first if missing: scripts/install_chromium.sh).
# Extra arguments go to pytest (e.g. -k scenarios).
set -euo pipefail
export VE_SPARK_DIR="${VE_SPARK_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.spark/test}"
source "$(dirname "$0")/env.sh"

scripts/install_dbt_packages.sh
scripts/install_chromium.sh

echo "== ruff and the pre-commit hooks (scripts/lint.sh)"
scripts/lint.sh

# The dbt templater renders each file as dbt compiles it, so the SQL that macros render is
# linted too, at the line of each call (macros/sqlfluff_rendered_sql.cfg says why).
echo "== sqlfluff lint (dbt templater): models, macros, analyses, tests"
sqlfluff lint models macros analyses tests --processes 1 --config macros/sqlfluff_rendered_sql.cfg

echo "== pytest"
python -m pytest tests/python "$@"
