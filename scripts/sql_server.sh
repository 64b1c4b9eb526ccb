#!/usr/bin/env bash
# Ad-hoc SQL on the marts of the local target from any tool: a Spark Thrift Server on
# 127.0.0.1 over the project's own warehouse and metastore (VE_SPARK_DIR, default
# .spark/main: what ./scripts/run.sh builds), for beeline (scripts/sql.sh), DBeaver,
# Superset, PyHive or any Hive/Spark JDBC client; see the README.
#   scripts/sql_server.sh start      # about 10-60 s; then scripts/sql.sh
#   scripts/sql_server.sh stop       # before the next dbt command on the local target
#   scripts/sql_server.sh status
# Derby, the local metastore, allows one process: while this server runs, dbt on the
# `local` target (run.sh, dbt build, dbt show) cannot use this VE_SPARK_DIR, and the server
# cannot start while a dbt command holds it. SPARK_THRIFT_PORT (default 10000) and the
# settings of scripts/thrift_server.sh apply; its pid file and log are in
# $VE_SPARK_DIR/sql_server/.
set -euo pipefail
source "$(dirname "$0")/env.sh" >/dev/null

if [[ "${1:-}" == start && ! -d "$VE_SPARK_DIR/metastore_db" ]]; then
    echo "error: no warehouse in $VE_SPARK_DIR yet: build the marts first (./scripts/run.sh)." >&2
    exit 1
fi
VE_SPARK_MASTER="local[*]" VE_THRIFT_DIR="$VE_SPARK_DIR/sql_server" \
    VE_THRIFT_WAREHOUSE_DIR="$VE_SPARK_DIR" "$PROJECT_ROOT/scripts/thrift_server.sh" "$@"
if [[ "${1:-}" == start ]]; then
    cat <<MSG
Serving the warehouse of $VE_SPARK_DIR on jdbc:hive2://127.0.0.1:${SPARK_THRIFT_PORT:-10000}/${DBT_SCHEMA:-video_engagement}
  scripts/sql.sh                                        # beeline
  scripts/sql.sh -e "select count(*) from fct_user_video_engagement"
While it runs, dbt on the local target cannot use this warehouse (Derby allows one process):
stop it first with scripts/sql_server.sh stop.
MSG
fi
