#!/usr/bin/env bash
# Install everything the tests need (the project's test extra, and Debian's
# chromium for the browser test when it is missing), then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${GEOMAP_TEST_VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e ".[test]"
if [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: installing Debian chromium for the browser test" >&2
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
exec "$venv/bin/python" -m pytest "$@"
