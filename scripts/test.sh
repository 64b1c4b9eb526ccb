#!/usr/bin/env bash
# Every test of the project: SQL lint, then pytest, which runs the generator tests and
# drives dbt in-process over the scenario suite, the sample data and an empty landing
# folder (unit tests, data tests, scenario comparisons; see tests/python/).
# Extra arguments go to pytest (e.g. -k scenarios).
set -euo pipefail
export VE_SPARK_DIR="${VE_SPARK_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.spark/test}"
source "$(dirname "$0")/env.sh"

scripts/install_dbt_packages.sh

echo "== sqlfluff lint (models, macros, analyses, tests)"
sqlfluff lint models macros analyses tests --processes 1
echo "== sqlfluff lint of the SQL that macros render, at their call sites"
sqlfluff lint models analyses tests --processes 1 --config macros/sqlfluff_rendered_sql.cfg

echo "== pytest"
python -m pytest tests/python "$@"
