#!/usr/bin/env bash
# A SQL prompt (beeline, shipped with pyspark) on the marts served by scripts/sql_server.sh:
#   scripts/sql.sh                                            # interactive; !quit to leave
#   scripts/sql.sh -e "select * from dim_videos limit 10"     # one statement, then exit
#   scripts/sql.sh -f query.sql --outputformat=csv2           # any other beeline option
# The default database is the dbt schema (DBT_SCHEMA, default video_engagement); the port is
# SPARK_THRIFT_PORT (default 10000). Arguments go to beeline.
set -euo pipefail
source "$(dirname "$0")/env.sh" >/dev/null
source "$(dirname "$0")/spark_processes.sh"

port="${SPARK_THRIFT_PORT:-10000}"
if ! ve_port_open "$port"; then
    echo "error: no SQL server on 127.0.0.1:$port: start it with scripts/sql_server.sh start" >&2
    echo "  (it serves $VE_SPARK_DIR; dbt on the local target cannot run while it does)." >&2
    exit 1
fi
exec "$(ve_spark_home)/bin/beeline" \
    -u "jdbc:hive2://127.0.0.1:$port/${DBT_SCHEMA:-video_engagement}" -n "${SPARK_THRIFT_USER:-dbt}" \
    "$@"
