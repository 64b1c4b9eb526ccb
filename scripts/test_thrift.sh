#!/usr/bin/env bash
# The scenario suite against a real Spark Thrift Server on 127.0.0.1 (the `thrift` target):
# starts the server, builds the scenario landing folder with every unit, data and scenario
# test, and stops the server. Proves the project runs unchanged outside the embedded Spark.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install_dbt_packages.sh
scripts/thrift_server.sh start
trap 'scripts/thrift_server.sh stop' EXIT
DBT_TARGET=thrift DBT_SCHEMA="${DBT_SCHEMA:-ve_thrift_scenarios}" dbt build \
    --vars '{raw_root: tests/scenarios/landing, scenario_tests: true, quarantine_warn_share: 0.5}'
