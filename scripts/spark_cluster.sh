#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the pyspark in .venv: one master, one
# worker and a Spark Thrift Server whose queries run on the worker's executors, all bound to
# 127.0.0.1 (ENGINE.md). It shows the project running on a real cluster through the
# `thrift` target, without a second machine.
#   scripts/spark_cluster.sh start            # master, worker, Thrift server; waits for each
#   eval "$(scripts/spark_cluster.sh env)"    # DBT_TARGET=thrift and the port, for dbt/pytest
#   dbt build                                 # then any dbt command runs on the cluster
#   scripts/spark_cluster.sh status           # exit 0 when all three run, 3 otherwise
#   scripts/spark_cluster.sh stop             # Thrift server, then worker, then master
# Its state (pid files, logs, warehouse, Derby metastore, worker folder) lives in the
# git-ignored VE_CLUSTER_DIR (default .spark/cluster). Settings (environment):
#   SPARK_THRIFT_PORT          Thrift port (default 10000)
#   VE_SPARK_MASTER_PORT       master port (default 7077)
#   VE_SPARK_WEBUI_PORT        master and worker web UI port (default 0: a free port each)
#   VE_SPARK_WORKER_CORES      (default 2), VE_SPARK_WORKER_MEMORY (default 2g)
#   VE_SPARK_EXECUTOR_MEMORY   (default 1g; at most the worker's memory)
#   VE_CLUSTER_START_TIMEOUT   seconds each daemon may take to be ready (default 120)
# and those of scripts/thrift_server.sh (driver memory, shuffle partitions).
set -euo pipefail
source "$(dirname "$0")/env.sh" >/dev/null
source "$(dirname "$0")/spark_processes.sh"

cluster_dir="${VE_CLUSTER_DIR:-$PROJECT_ROOT/.spark/cluster}"
master_port="${VE_SPARK_MASTER_PORT:-7077}"
webui_port="${VE_SPARK_WEBUI_PORT:-0}"
thrift_port="${SPARK_THRIFT_PORT:-10000}"
timeout="${VE_CLUSTER_START_TIMEOUT:-120}"
master_url="spark://127.0.0.1:$master_port"
master_pid="$cluster_dir/master.pid"
master_log="$cluster_dir/master.log"
worker_pid="$cluster_dir/worker.pid"
worker_log="$cluster_dir/worker.log"
mkdir -p "$cluster_dir/work"

# The Thrift server is scripts/thrift_server.sh pointed at this cluster and this folder.
thrift_server() {
    VE_SPARK_MASTER="$master_url" VE_THRIFT_DIR="$cluster_dir" VE_THRIFT_WAREHOUSE_DIR="$cluster_dir" \
        SPARK_THRIFT_PORT="$thrift_port" VE_THRIFT_START_TIMEOUT="$timeout" \
        "$PROJECT_ROOT/scripts/thrift_server.sh" "$@"
}

worker_registered() {
    grep -q "Successfully registered with master" "$worker_log" 2>/dev/null
}

stop_cluster() {
    thrift_server stop
    ve_stop_pid "Spark worker" "$worker_pid"
    ve_stop_pid "Spark master" "$master_pid"
}

start_cluster() {
    local spark_home
    spark_home="$(ve_spark_home)"
    if ve_pid_alive "$master_pid"; then
        echo "Spark master already running (pid $(cat "$master_pid")) at $master_url"
    else
        if ve_port_open "$master_port"; then
            echo "error: port $master_port on 127.0.0.1 is taken; set VE_SPARK_MASTER_PORT." >&2
            return 1
        fi
        # the REST submission server would take port 6066 on every cluster: not needed here
        SPARK_LOCAL_IP=127.0.0.1 \
            SPARK_MASTER_OPTS="${SPARK_MASTER_OPTS:-} -Dspark.master.rest.enabled=false" \
            nohup "$spark_home/bin/spark-class" org.apache.spark.deploy.master.Master \
            --host 127.0.0.1 --port "$master_port" --webui-port "$webui_port" \
            > "$master_log" 2>&1 &
        echo $! > "$master_pid"
        ve_wait_until "The Spark master" "$master_pid" "$master_log" "$timeout" \
            ve_port_open "$master_port" || return 1
        echo "Spark master at $master_url (pid $(cat "$master_pid"), log $master_log)"
    fi

    if ve_pid_alive "$worker_pid"; then
        echo "Spark worker already running (pid $(cat "$worker_pid"))"
    else
        # the default work dir would be inside site-packages (ENGINE.md)
        SPARK_LOCAL_IP=127.0.0.1 nohup "$spark_home/bin/spark-class" \
            org.apache.spark.deploy.worker.Worker "$master_url" \
            --host 127.0.0.1 --webui-port "$webui_port" \
            --cores "${VE_SPARK_WORKER_CORES:-2}" --memory "${VE_SPARK_WORKER_MEMORY:-2g}" \
            --work-dir "$cluster_dir/work" \
            > "$worker_log" 2>&1 &
        echo $! > "$worker_pid"
        ve_wait_until "The Spark worker" "$worker_pid" "$worker_log" "$timeout" \
            worker_registered || return 1
        echo "Spark worker registered with $master_url (pid $(cat "$worker_pid"), log $worker_log)"
    fi

    thrift_server start || return 1
}

case "${1:-}" in
    start)
        if ! start_cluster; then
            echo "Stopping what was started." >&2
            stop_cluster >&2
            exit 1
        fi
        echo "Cluster ready. Point dbt (or pytest) at it with:"
        echo "  eval \"\$(scripts/spark_cluster.sh env)\""
        ;;
    stop)
        stop_cluster
        ;;
    status)
        status=0
        for component in master worker; do
            pid_file="$cluster_dir/$component.pid"
            if ve_pid_alive "$pid_file"; then
                echo "$component: running (pid $(cat "$pid_file"))"
            else
                echo "$component: stopped"
                status=3
            fi
        done
        echo -n "thrift server: "
        thrift_server status || status=3
        exit "$status"
        ;;
    env)
        echo "export DBT_TARGET=thrift SPARK_THRIFT_HOST=127.0.0.1 SPARK_THRIFT_PORT=$thrift_port"
        ;;
    *)
        echo "usage: $0 start|stop|status|env" >&2
        exit 2
        ;;
esac
