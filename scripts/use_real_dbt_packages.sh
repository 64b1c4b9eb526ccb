#!/usr/bin/env bash
# Replace dbt_packages/ with already checked-out copies of the REAL packages, to check the
# project against them instead of the offline stand-ins in packages_fallback/.
# Nothing is fetched from the network: you supply the folders.
#
# Usage (from the dbt project root):
#   scripts/use_real_dbt_packages.sh DBT_UTILS_DIR DBT_EXPECTATIONS_DIR [DBT_DATE_DIR]
# or set the environment variables DBT_UTILS_DIR, DBT_EXPECTATIONS_DIR, DBT_DATE_DIR.
# Arguments win over environment variables. DBT_DATE_DIR is optional for dbt itself but the
# real dbt_expectations declares dbt_date as a dependency and its macros call dbt_date, so
# give it unless you know it is not needed.
#
# Each folder must be a package root (contain dbt_project.yml). They are copied (not linked)
# to dbt_packages/dbt_utils, dbt_packages/dbt_expectations and dbt_packages/dbt_date.
# Go back to the normal install with: rm -rf dbt_packages && scripts/install_dbt_packages.sh
set -euo pipefail

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    usage
    exit 0
fi
if [[ $# -gt 3 ]]; then
    usage >&2
    exit 2
fi

utils_dir="${1:-${DBT_UTILS_DIR:-}}"
expectations_dir="${2:-${DBT_EXPECTATIONS_DIR:-}}"
date_dir="${3:-${DBT_DATE_DIR:-}}"
PACKAGES_DIR="dbt_packages"

if [[ ! -f dbt_project.yml ]]; then
    echo "use_real_dbt_packages: run this from the dbt project root (no dbt_project.yml in $(pwd))" >&2
    exit 2
fi
if [[ -z "${utils_dir}" || -z "${expectations_dir}" ]]; then
    echo "use_real_dbt_packages: need the dbt_utils and dbt_expectations folders (arguments or DBT_UTILS_DIR / DBT_EXPECTATIONS_DIR)" >&2
    usage >&2
    exit 2
fi

# name-in-dbt_packages:source-folder pairs
pairs=("dbt_utils:${utils_dir}" "dbt_expectations:${expectations_dir}")
if [[ -n "${date_dir}" ]]; then
    pairs+=("dbt_date:${date_dir}")
else
    echo "use_real_dbt_packages: note: no dbt_date folder given; the real dbt_expectations depends on dbt_date" >&2
fi

# Validate everything before touching dbt_packages/.
for pair in "${pairs[@]}"; do
    name="${pair%%:*}"
    src="${pair#*:}"
    if [[ ! -f "${src}/dbt_project.yml" ]]; then
        echo "use_real_dbt_packages: ${src} is not a dbt package folder (no dbt_project.yml)" >&2
        exit 1
    fi
    declared="$(sed -n -E "s/^name:[[:space:]]*['\"]?([A-Za-z0-9_]+)['\"]?.*/\1/p" "${src}/dbt_project.yml" | head -n 1)"
    if [[ "${declared}" != "${name}" ]]; then
        echo "use_real_dbt_packages: ${src}/dbt_project.yml has name '${declared}', expected '${name}'" >&2
        exit 1
    fi
done

rm -rf "${PACKAGES_DIR}"
mkdir -p "${PACKAGES_DIR}"
for pair in "${pairs[@]}"; do
    name="${pair%%:*}"
    src="${pair#*:}"
    # Copy the package contents, leaving out VCS metadata.
    mkdir -p "${PACKAGES_DIR}/${name}"
    tar -C "${src}" --exclude=.git -cf - . | tar -C "${PACKAGES_DIR}/${name}" -xf -
    echo "installed ${src} -> ${PACKAGES_DIR}/${name}"
done
echo "dbt_packages/ now holds the real packages given above (no network used)."
