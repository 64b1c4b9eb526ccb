# shellcheck shell=bash
# Sourced by scripts/run.sh, scripts/test.sh and scripts/benchmark.sh: checks the machine,
# creates or refreshes the Python environment, and exports what dbt needs. Idempotent: the
# second time it only checks that the installed set still matches requirements.lock.
#
# Exports: PROJECT_ROOT, DBT_PROFILES_DIR (the project folder), VE_SPARK_DIR (the one
# git-ignored folder holding the embedded Spark warehouse, Derby metastore and logs), PATH.

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT

ve_fail() {
    echo "error: $*" >&2
    exit 1
}

# --- Python 3.11+ ------------------------------------------------------------------------
ve_python=""
for candidate in "${VE_PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        ve_python="$(command -v "$candidate")"
        break
    fi
done
[[ -n "$ve_python" ]] || ve_fail "Python 3.11 or newer is required (pyspark 4.3, dbt 1.11) and none was found.
  Install it (Debian: apt-get install python3 python3-venv) or set VE_PYTHON=/path/to/python3.11."

# --- Java 17 or 21 (pyspark 4.3 runs on either) --------------------------------------------
command -v java >/dev/null 2>&1 || ve_fail "Java 17 is required to run the embedded Spark and was not found on PATH.
  Install it (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME and PATH."
ve_java_major="$(java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')"
case "$ve_java_major" in
    17|21) ;;
    *) ve_fail "Java 17 or 21 is required by Spark 4.3, found Java '${ve_java_major:-unknown}' ($(command -v java)).
  Install openjdk-17-jre-headless or point JAVA_HOME and PATH at a Java 17." ;;
esac

# --- Virtual environment with the pinned dependencies -------------------------------------
ve_venv="$PROJECT_ROOT/.venv"
ve_stamp="$ve_venv/.requirements.lock.sha256"
ve_lock_hash="$(sha256sum "$PROJECT_ROOT/requirements.lock" | cut -d' ' -f1)"
if [[ ! -x "$ve_venv/bin/python" ]]; then
    echo "Creating the Python environment in .venv ($("$ve_python" --version))..."
    "$ve_python" -m venv "$ve_venv" || ve_fail "could not create a virtual environment with $ve_python
  (Debian: apt-get install python3-venv)."
fi
if [[ ! -f "$ve_stamp" || "$(cat "$ve_stamp")" != "$ve_lock_hash" ]]; then
    echo "Installing pinned dependencies from requirements.lock (first run takes about 2 minutes)..."
    "$ve_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$PROJECT_ROOT/requirements.lock" \
        || ve_fail "installing requirements.lock failed (see pip's message above)."
    echo "$ve_lock_hash" > "$ve_stamp"
fi

export PATH="$ve_venv/bin:$PATH"
export DBT_PROFILES_DIR="$PROJECT_ROOT"
export VE_SPARK_DIR="${VE_SPARK_DIR:-$PROJECT_ROOT/.spark/main}"
mkdir -p "$VE_SPARK_DIR"
if [[ ! -f "$PROJECT_ROOT/profiles.yml" ]]; then
    cp "$PROJECT_ROOT/profiles.yml.example" "$PROJECT_ROOT/profiles.yml"
    echo "Created profiles.yml from profiles.yml.example (targets: local (default), thrift, databricks)."
fi
# dbt's anonymous usage statistics would try to reach the network on every command.
export DBT_SEND_ANONYMOUS_USAGE_STATS="${DBT_SEND_ANONYMOUS_USAGE_STATS:-false}"

cd "$PROJECT_ROOT" || ve_fail "cannot enter $PROJECT_ROOT"
