#!/usr/bin/env bash
# Lint the whole project with the tools pinned in requirements.lock:
#   ruff check and ruff format --check on all Python (settings in pyproject.toml), then every
#   hook of .pre-commit-config.yaml on all files (sqlfluff with the jinja templater, ruff,
#   YAML validity, trailing whitespace, end of file).
#   ./scripts/lint.sh
# Runs every step even when one fails; exit status 1 when any failed. The whitespace hooks
# fix what they find, so a second run passes once the fixes are committed.
set -euo pipefail
source "$(dirname "$0")/env.sh"

status=0
echo "== ruff check"
ruff check . || status=1
echo "== ruff format --check"
ruff format --check . || status=1
echo "== pre-commit run --all-files"
pre-commit run --all-files --show-diff-on-failure || status=1
exit "$status"
