#!/usr/bin/env bash
# The engagement report: one self-contained HTML file of Plotly charts drawn from the marts
# of the active dbt target (retention curves of the top videos with drop-offs and rewatch,
# engagement tiers, daily foreground/background watch time, Q1-Q3). Build first
# (./scripts/run.sh does both). The marts are read through `dbt show`, so it works on
# every target:
#   ./scripts/report.sh                                   # reports/engagement_report.html
#   ./scripts/report.sh --top-videos 8 --output /tmp/engagement.html
#   DBT_TARGET=thrift ./scripts/report.sh                 # or --target thrift
# Arguments go to `python -m tooling.report` (--help lists them).
set -euo pipefail
source "$(dirname "$0")/env.sh"

scripts/install_dbt_packages.sh
python -m tooling.report "$@"
