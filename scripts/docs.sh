#!/usr/bin/env bash
# The documentation site: every model with its grain, every column with its definition, the
# sources, macros, analyses and exposures, and the lineage graph. Generated from the active
# target (the catalog reads the built tables' columns and sizes, so build first:
# ./scripts/run.sh), then served on 127.0.0.1 only:
#   ./scripts/docs.sh                      # http://127.0.0.1:8080 (Ctrl-C stops it)
#   PORT=8081 ./scripts/docs.sh
#   ./scripts/docs.sh --generate-only      # target/index.html, manifest.json, catalog.json
# Other arguments go to `dbt docs generate` (e.g. --vars '{raw_root: /abs/path}').
set -euo pipefail
source "$(dirname "$0")/env.sh"

serve=1
generate_args=()
for argument in "$@"; do
    if [[ "$argument" == "--generate-only" ]]; then
        serve=0
    else
        generate_args+=("$argument")
    fi
done

scripts/install_dbt_packages.sh
# (the +-form keeps an empty list valid under set -u in bash 3.2, macOS's)
dbt docs generate ${generate_args[@]+"${generate_args[@]}"}
if [[ "$serve" == 1 ]]; then
    echo "Serving the docs site on http://127.0.0.1:${PORT:-8080} (Ctrl-C to stop)"
    dbt docs serve --host 127.0.0.1 --port "${PORT:-8080}" --no-browser
fi
