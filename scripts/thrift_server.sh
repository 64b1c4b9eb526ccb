#!/usr/bin/env bash
# A real Spark Thrift Server on 127.0.0.1, from the pyspark in .venv, for the `thrift` target
# (ENGINE.md). By default it runs Spark in its own JVM (local[*]) with its warehouse and
# metastore in .spark/thrift/.
#   scripts/thrift_server.sh start     # starts it and waits for the port (about 10 s)
#   DBT_TARGET=thrift dbt build        # then any dbt command against it
#   scripts/thrift_server.sh stop
# Settings (environment):
#   SPARK_THRIFT_PORT         port on 127.0.0.1 (default 10000; the `thrift` target reads it too)
#   VE_SPARK_MASTER           where queries run: local[*] (default) or a cluster, e.g.
#                             spark://127.0.0.1:7077 (scripts/spark_cluster.sh sets it)
#   VE_THRIFT_DIR             pid file and log (default .spark/thrift)
#   VE_THRIFT_WAREHOUSE_DIR   folder of warehouse/ and metastore_db/ (default VE_THRIFT_DIR;
#                             scripts/sql_server.sh points it at the local target's VE_SPARK_DIR)
#   VE_SPARK_DRIVER_MEMORY    (default 2g), VE_SPARK_EXECUTOR_MEMORY (cluster only, default 1g),
#   VE_SHUFFLE_PARTITIONS     (default 8), VE_THRIFT_START_TIMEOUT (seconds, default 120)
set -euo pipefail
source "$(dirname "$0")/env.sh" >/dev/null
source "$(dirname "$0")/spark_processes.sh"

state_dir="${VE_THRIFT_DIR:-$PROJECT_ROOT/.spark/thrift}"
warehouse_home="${VE_THRIFT_WAREHOUSE_DIR:-$state_dir}"
pid_file="$state_dir/thrift.pid"
log_file="$state_dir/thrift.log"
port="${SPARK_THRIFT_PORT:-10000}"
master="${VE_SPARK_MASTER:-local[*]}"
mkdir -p "$state_dir" "$warehouse_home"

case "${1:-}" in
    start)
        if ve_pid_alive "$pid_file"; then
            echo "Thrift server already running (pid $(cat "$pid_file")) on 127.0.0.1:$port"
            exit 0
        fi
        if ve_port_open "$port"; then
            echo "error: port $port on 127.0.0.1 is taken by another process; set SPARK_THRIFT_PORT." >&2
            exit 1
        fi
        if holders="$(ve_derby_holders "$warehouse_home/metastore_db")"; then
            echo "error: the metastore $warehouse_home/metastore_db is in use by process $holders." >&2
            echo "  Derby allows one process: stop it first (a dbt command on the local target" >&2
            echo "  with this VE_SPARK_DIR, or another Thrift server)." >&2
            exit 1
        fi
        spark_home="$(ve_spark_home)"
        SPARK_LOCAL_IP=127.0.0.1 nohup "$spark_home/bin/spark-submit" \
            --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 \
            --name "video_engagement Thrift server" --master "$master" \
            --driver-memory "${VE_SPARK_DRIVER_MEMORY:-2g}" \
            --conf spark.executor.memory="${VE_SPARK_EXECUTOR_MEMORY:-1g}" \
            --conf spark.ui.enabled=false \
            --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.host=127.0.0.1 \
            --conf spark.sql.session.timeZone=UTC \
            --conf spark.sql.shuffle.partitions="${VE_SHUFFLE_PARTITIONS:-8}" \
            --conf spark.sql.warehouse.dir="$warehouse_home/warehouse" \
            --conf "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$warehouse_home/metastore_db;create=true" \
            --conf "spark.driver.extraJavaOptions=-Dderby.system.home=$warehouse_home -Dderby.stream.error.file=$warehouse_home/derby.log" \
            --hiveconf hive.server2.thrift.bind.host=127.0.0.1 \
            --hiveconf hive.server2.thrift.port="$port" \
            > "$log_file" 2>&1 &
        echo $! > "$pid_file"
        ve_wait_until "The Thrift server" "$pid_file" "$log_file" \
            "${VE_THRIFT_START_TIMEOUT:-120}" ve_port_open "$port"
        echo "Thrift server listening on 127.0.0.1:$port (pid $(cat "$pid_file"), master $master, log $log_file)"
        ;;
    stop)
        ve_stop_pid "Thrift server" "$pid_file"
        ;;
    status)
        if ve_pid_alive "$pid_file"; then
            echo "running (pid $(cat "$pid_file")) on 127.0.0.1:$port, master $master"
        else
            echo "stopped"
            exit 3
        fi
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
