#!/usr/bin/env bash
# Install the dbt packages listed in packages.yml (dbt_utils, dbt_expectations).
#
# Run from the dbt project root. Uses $DBT (default: `dbt` on PATH).
#   - If dbt_packages/dbt_utils and dbt_packages/dbt_expectations already exist: nothing to do.
#   - Else runs `dbt deps` (time-limited by $DBT_DEPS_TIMEOUT seconds, default 90).
#   - If that fails (e.g. hub.getdbt.com unreachable), installs the offline stand-ins
#     from packages_fallback/ into dbt_packages/ instead.
#
# dbt 1.11 refuses to run ("dbt found N package(s) specified in packages.yml, but only
# M package(s) installed in dbt_packages") when dbt_packages/ holds fewer package folders
# than packages.yml lists entries. The fallback installs one folder per packages.yml entry
# (dbt_utils, dbt_expectations), which satisfies that check; nothing is disabled.
# dbt does not compare package-lock.yml with dbt_packages/ outside `dbt deps`, and this
# script never writes or edits package-lock.yml.
set -euo pipefail

DBT="${DBT:-dbt}"
DBT_DEPS_TIMEOUT="${DBT_DEPS_TIMEOUT:-90}"
PACKAGES_DIR="dbt_packages"
FALLBACK_DIR="packages_fallback"
REQUIRED_PACKAGES=(dbt_utils dbt_expectations)

if [[ ! -f dbt_project.yml ]]; then
    echo "install_dbt_packages: run this from the dbt project root (no dbt_project.yml in $(pwd))" >&2
    exit 2
fi

all_present() {
    local pkg
    for pkg in "${REQUIRED_PACKAGES[@]}"; do
        [[ -f "${PACKAGES_DIR}/${pkg}/dbt_project.yml" ]] || return 1
    done
}

if all_present; then
    if grep -qs "minimal offline stand-in" "${PACKAGES_DIR}/dbt_utils/README.md" \
        || grep -qs "minimal offline stand-in" "${PACKAGES_DIR}/dbt_expectations/README.md"; then
        echo "dbt packages already installed in ${PACKAGES_DIR}/ (offline stand-ins from ${FALLBACK_DIR}/; delete ${PACKAGES_DIR}/ and re-run to try the dbt hub again)."
    else
        echo "dbt packages already installed in ${PACKAGES_DIR}/ (${REQUIRED_PACKAGES[*]}); nothing to do."
    fi
    exit 0
fi

if ! command -v "${DBT}" >/dev/null 2>&1; then
    echo "install_dbt_packages: dbt command '${DBT}' not found; put the venv's bin/ on PATH or set DBT=/path/to/dbt" >&2
    exit 1
fi

deps_log="$(mktemp "${TMPDIR:-/tmp}/dbt_deps.XXXXXX.log")"
echo "Running '${DBT} deps' (timeout ${DBT_DEPS_TIMEOUT}s, output in ${deps_log}) ..."
deps_rc=0
timeout "${DBT_DEPS_TIMEOUT}" "${DBT}" deps >"${deps_log}" 2>&1 || deps_rc=$?

if [[ ${deps_rc} -eq 0 ]]; then
    if all_present; then
        echo "dbt deps installed the packages from the dbt hub into ${PACKAGES_DIR}/."
        rm -f "${deps_log}"
        exit 0
    fi
    echo "install_dbt_packages: 'dbt deps' succeeded but ${PACKAGES_DIR}/ lacks one of: ${REQUIRED_PACKAGES[*]} (check packages.yml; log: ${deps_log})" >&2
    exit 1
fi

for pkg in "${REQUIRED_PACKAGES[@]}"; do
    if [[ ! -f "${FALLBACK_DIR}/${pkg}/dbt_project.yml" ]]; then
        echo "install_dbt_packages: 'dbt deps' failed (exit ${deps_rc}, log: ${deps_log}) and ${FALLBACK_DIR}/${pkg} is missing" >&2
        exit 1
    fi
done

if [[ ${deps_rc} -eq 124 ]] || grep -qiE "hub\.getdbt\.com|ConnectionError|NameResolutionError|Max retries exceeded|timed out" "${deps_log}"; then
    reason="the dbt hub is unreachable"
else
    reason="'dbt deps' failed (exit ${deps_rc}; see ${deps_log})"
fi

# `dbt deps` empties dbt_packages/ before installing, so a failed run may leave a partial
# install behind; start from an empty folder, as dbt deps itself does.
rm -rf "${PACKAGES_DIR}"
mkdir -p "${PACKAGES_DIR}"
for pkg in "${REQUIRED_PACKAGES[@]}"; do
    cp -R "${FALLBACK_DIR}/${pkg}" "${PACKAGES_DIR}/${pkg}"
done

echo "WARNING: ${reason}: installed the offline stand-ins from ${FALLBACK_DIR}/ (${REQUIRED_PACKAGES[*]}) into ${PACKAGES_DIR}/ (dbt deps log: ${deps_log})."
