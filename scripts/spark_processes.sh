# shellcheck shell=bash
# Sourced by scripts/thrift_server.sh and scripts/spark_cluster.sh: the few helpers they share
# to run Spark daemons from the pyspark in .venv, each a background JVM with a pid file and a
# log, bound to 127.0.0.1. Needs scripts/env.sh sourced first (python on PATH).

# SPARK_HOME is the pyspark package folder (pyspark ships bin/ and jars/, not sbin/ daemons).
ve_spark_home() {
    python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

# True when the process of a pid file is alive.
ve_pid_alive() {
    [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# True when something accepts connections on 127.0.0.1:<port>.
ve_port_open() {
    python - "$1" <<'PY'
import socket, sys
with socket.socket() as sock:
    sock.settimeout(1)
    sys.exit(0 if sock.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

# The end of a log, indented, for error messages.
ve_log_tail() {
    echo "--- last lines of $1:" >&2
    tail -n "${2:-25}" "$1" 2>/dev/null | sed 's/^/    /' >&2 || true
}

# ve_wait_until <what> <pid file> <log> <timeout s> <command...>: polls the command every
# second until it succeeds; fails with the log's tail if the process exits or time runs out.
ve_wait_until() {
    local what="$1" pid_file="$2" log="$3" timeout="$4"
    shift 4
    local waited
    for ((waited = 0; waited < timeout; waited++)); do
        "$@" && return 0
        if ! ve_pid_alive "$pid_file"; then
            echo "error: $what exited before it was ready." >&2
            ve_log_tail "$log"
            return 1
        fi
        sleep 1
    done
    echo "error: $what was not ready within $timeout s (pid $(cat "$pid_file"))." >&2
    ve_log_tail "$log"
    return 1
}

# ve_stop_pid <name> <pid file>: SIGTERM, up to 30 s for the JVM to exit, then SIGKILL.
ve_stop_pid() {
    local name="$1" pid_file="$2"
    if ve_pid_alive "$pid_file"; then
        local pid
        pid="$(cat "$pid_file")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "$name (pid $pid) ignored SIGTERM for 30 s: killing it." >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
        echo "$name stopped."
    else
        echo "$name is not running."
    fi
    rm -f "$pid_file"
}

# ve_derby_holders <metastore_db folder>: prints the pid of the process that has this Derby
# metastore open and succeeds, or fails when nobody has. A booted Derby database holds a
# POSIX write lock on dbex.lck (db.lck stays behind after a crash, so its presence proves
# nothing); F_GETLK asks who holds it without taking it.
ve_derby_holders() {
    python - "$1/dbex.lck" <<'PY'
import fcntl, os, struct, sys
path = sys.argv[1]
if not os.path.exists(path):
    sys.exit(1)
# struct flock: Linux (l_type, l_whence, l_start, l_len, l_pid); BSD and macOS put the
# offsets first (l_start, l_len, l_pid, l_type, l_whence)
linux = sys.platform.startswith("linux")
layout = "hhqqi" if linux else "qqihh"
query = (fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0) if linux else (0, 0, 0, fcntl.F_WRLCK, os.SEEK_SET)
with open(path, "rb") as lock_file:
    answer = fcntl.fcntl(lock_file, fcntl.F_GETLK, struct.pack(layout, *query))
fields = struct.unpack(layout, answer)
lock_type, pid = (fields[0], fields[4]) if linux else (fields[3], fields[2])
if lock_type == fcntl.F_UNLCK:
    sys.exit(1)
print(pid)
PY
}
