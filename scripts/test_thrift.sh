#!/usr/bin/env bash
# The scenario suite against a real Spark Thrift Server on 127.0.0.1 (the `thrift` target):
# starts the server, builds the scenario landing folder with every unit, data and scenario
# test, optionally runs a pytest selection on the same server, and stops the server (also on
# failure or Ctrl-C). Proves the project runs unchanged outside the embedded Spark.
#   scripts/test_thrift.sh                          # Thrift server on local[*] (thrift_server.sh)
#   scripts/test_thrift.sh --cluster                # on a standalone cluster (spark_cluster.sh);
#                                                   # scripts/test_cluster.sh is the same
#   scripts/test_thrift.sh [--cluster] [--no-scenarios] [PYTEST ARGS...]
# Any other argument goes to `python -m pytest`, run after the scenario build with
# DBT_TARGET=thrift and the server's SPARK_THRIFT_PORT, e.g.
#   scripts/test_cluster.sh tests/python/test_pipeline_scenarios.py -k reconcile
# --no-scenarios skips the scenario build (only the pytest selection runs). The ports and
# sizes are those of the server scripts (SPARK_THRIFT_PORT, VE_SPARK_MASTER_PORT, ...).
set -euo pipefail
# pytest's dbt_project fixture empties VE_SPARK_DIR: never let it be the main warehouse
export VE_SPARK_DIR="${VE_SPARK_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.spark/test}"
source "$(dirname "$0")/env.sh"

server=scripts/thrift_server.sh
run_scenarios=1
pytest_args=()
for argument in "$@"; do
    case "$argument" in
        --cluster) server=scripts/spark_cluster.sh ;;
        --no-scenarios) run_scenarios=0 ;;
        *) pytest_args+=("$argument") ;;
    esac
done

scripts/install_dbt_packages.sh
started_at=$SECONDS
trap '"$server" stop' EXIT
"$server" start
echo "== $server ready in $((SECONDS - started_at)) s"

export DBT_TARGET=thrift SPARK_THRIFT_HOST=127.0.0.1 SPARK_THRIFT_PORT="${SPARK_THRIFT_PORT:-10000}"
if ((run_scenarios)); then
    build_started_at=$SECONDS
    DBT_SCHEMA="${DBT_SCHEMA:-ve_thrift_scenarios}" dbt build \
        --vars '{raw_root: tests/scenarios/landing, scenario_tests: true, quarantine_warn_share: 0.5}'
    echo "== scenario build passed in $((SECONDS - build_started_at)) s"
fi
if ((${#pytest_args[@]})); then
    pytest_started_at=$SECONDS
    python -m pytest "${pytest_args[@]}"
    echo "== pytest passed in $((SECONDS - pytest_started_at)) s"
fi
echo "== total $((SECONDS - started_at)) s (server start, tests; stopping the server next)"
