#!/usr/bin/env bash
# A real Spark Thrift Server on 127.0.0.1, from the pyspark in .venv, for the `thrift` target
# (ENGINE.md). Its warehouse and metastore live in .spark/thrift/.
#   scripts/thrift_server.sh start     # starts it and waits for the port (about 10 s)
#   DBT_TARGET=thrift dbt build        # then any dbt command against it
#   scripts/thrift_server.sh stop
# SPARK_THRIFT_PORT (default 10000) and VE_SPARK_DRIVER_MEMORY (default 2g) apply.
set -euo pipefail
source "$(dirname "$0")/env.sh" >/dev/null

state_dir="$PROJECT_ROOT/.spark/thrift"
pid_file="$state_dir/thrift.pid"
port="${SPARK_THRIFT_PORT:-10000}"
mkdir -p "$state_dir"

is_running() {
    [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

port_open() {
    python - "$port" <<'PY'
import socket, sys
with socket.socket() as sock:
    sock.settimeout(1)
    sys.exit(0 if sock.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

case "${1:-}" in
    start)
        if is_running; then
            echo "Thrift server already running (pid $(cat "$pid_file")) on 127.0.0.1:$port"
            exit 0
        fi
        spark_home="$(python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
        SPARK_LOCAL_IP=127.0.0.1 nohup "$spark_home/bin/spark-submit" \
            --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 \
            --name "video_engagement Thrift server" --master "local[*]" \
            --driver-memory "${VE_SPARK_DRIVER_MEMORY:-2g}" \
            --conf spark.ui.enabled=false \
            --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.host=127.0.0.1 \
            --conf spark.sql.session.timeZone=UTC \
            --conf spark.sql.shuffle.partitions="${VE_SHUFFLE_PARTITIONS:-8}" \
            --conf spark.sql.warehouse.dir="$state_dir/warehouse" \
            --conf "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$state_dir/metastore_db;create=true" \
            --conf "spark.driver.extraJavaOptions=-Dderby.system.home=$state_dir" \
            --hiveconf hive.server2.thrift.bind.host=127.0.0.1 \
            --hiveconf hive.server2.thrift.port="$port" \
            > "$state_dir/thrift.log" 2>&1 &
        echo $! > "$pid_file"
        for _ in $(seq 1 120); do
            if port_open; then
                echo "Thrift server listening on 127.0.0.1:$port (pid $(cat "$pid_file"), log $state_dir/thrift.log)"
                exit 0
            fi
            is_running || { echo "Thrift server exited; see $state_dir/thrift.log" >&2; exit 1; }
            sleep 1
        done
        echo "Thrift server did not open port $port within 120 s; see $state_dir/thrift.log" >&2
        exit 1
        ;;
    stop)
        if is_running; then
            kill "$(cat "$pid_file")"
            for _ in $(seq 1 30); do is_running || break; sleep 1; done
            echo "Thrift server stopped."
        else
            echo "Thrift server is not running."
        fi
        rm -f "$pid_file"
        ;;
    status)
        if is_running; then echo "running (pid $(cat "$pid_file")) on 127.0.0.1:$port"; else echo "stopped"; fi
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
