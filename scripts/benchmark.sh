#!/usr/bin/env bash
# The benchmark of SPEC 8 (see BENCHMARKS.md): generate N raw events, full-refresh
# `dbt build` on the embedded Spark, peak memory, per-node timings and a bare-Spark floor.
#   ./scripts/benchmark.sh --events 1000000
#   ./scripts/benchmark.sh --events 200000 --reuse --skip-floor
# Arguments go to `python -m tooling.benchmark` (--help lists them); relative paths are
# relative to the project folder.
set -euo pipefail
source "$(dirname "$0")/env.sh"

python -m tooling.benchmark "$@"
