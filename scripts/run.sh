#!/usr/bin/env bash
# The main job, from a fresh clone to engagement marts on the embedded Spark:
#   ./scripts/run.sh                                   # the committed sample landing folder
#   ./scripts/run.sh --vars '{raw_root: /abs/path}'    # any folder laid out as SPEC 3
# Extra arguments go to `dbt build`. Idempotent: a second run rebuilds the marts in place.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/spark_processes.sh"

# Derby, the local metastore, allows one process: say who holds it rather than let Spark fail
if [[ "${DBT_TARGET:-local}" == local ]] && holder="$(ve_derby_holders "$VE_SPARK_DIR/metastore_db")"; then
    ve_fail "the warehouse in $VE_SPARK_DIR is in use by process $holder (Derby allows one process).
  If it is the SQL server, stop it first: scripts/sql_server.sh stop"
fi

scripts/install_dbt_packages.sh
# A production build: models, seeds and data tests. Unit tests check the SQL logic, not the
# data, so they belong to development and CI (scripts/test.sh runs them), as dbt recommends.
dbt build --exclude-resource-type unit_test "$@"

# The report reads the marts just built: same target, same vars.
report_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --target | -t) report_args+=(--target "${2:-}"); shift ;;
        --vars) report_args+=(--vars "${2:-}"); shift ;;
        --target=* | --vars=*) report_args+=("$1") ;;
    esac
    shift
done
report="$PROJECT_ROOT/reports/engagement_report.html"
python -m tooling.report --output "$report" ${report_args[@]+"${report_args[@]}"}

cat <<MSG

Done. The marts are tables in the schema '${DBT_SCHEMA:-video_engagement}' of the embedded
Spark warehouse in ${VE_SPARK_DIR}/ (parquet). To look at them:
  source scripts/env.sh
  dbt show --select fct_user_video_engagement --limit 20
  dbt show --inline "select * from {{ ref('fct_line_reconciliation') }}"
  ./scripts/docs.sh          # the docs site on http://127.0.0.1:8080: every model and column
  scripts/sql_server.sh start && scripts/sql.sh   # SQL from beeline, DBeaver, Superset, Python

The report (charts of retention, tiers, daily watch time, Q1-Q3; one file, opens offline):
  ${report}
MSG
