#!/usr/bin/env bash
# Makes sure a headless Chromium is there for the browser test
# (tests/python/test_docs_site_and_report.py); scripts/test.sh runs it before pytest.
#   - VE_CHROMIUM=/path/to/chromium, or chromium / chromium-browser / google-chrome on PATH:
#     nothing to do;
#   - otherwise, on Debian (or a derivative with a real chromium .deb), installs the
#     distribution's `chromium` package with apt-get, as root or through password-less sudo;
#   - otherwise stops with what to install.
set -euo pipefail

fail() {
    echo "error: $*" >&2
    exit 1
}

if [[ -n "${VE_CHROMIUM:-}" ]]; then
    command -v "$VE_CHROMIUM" >/dev/null 2>&1 || fail "VE_CHROMIUM=$VE_CHROMIUM is not an executable."
    exit 0
fi
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then
        exit 0
    fi
done

how_to="Install Chromium (Debian: apt-get install chromium) or Google Chrome and put it on PATH,
  or set VE_CHROMIUM=/path/to/chromium; the browser test needs a real headless Chromium."
command -v apt-get >/dev/null 2>&1 || fail "no Chromium found, and no apt-get to install one.
  $how_to"
if [[ "$(id -u)" == 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    fail "no Chromium found, and installing one needs root (or password-less sudo).
  $how_to"
fi

apt_get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
echo "Installing Chromium for the browser test (apt-get install chromium)..."
# a fresh machine has no package lists yet
if ! apt-cache show chromium >/dev/null 2>&1; then
    "${apt_get[@]}" update -qq || fail "apt-get update failed (see above). $how_to"
fi
"${apt_get[@]}" install -y -qq --no-install-recommends chromium fonts-dejavu-core \
    || fail "apt-get install chromium failed (see above). $how_to"
command -v chromium >/dev/null 2>&1 || fail "the chromium package installed no chromium command. $how_to"
echo "Chromium: $(chromium --version 2>/dev/null | head -1)"
