#!/usr/bin/env bash
# Sets up, builds and runs every test: scripts/test.sh [ctest arguments], e.g. `-L unit` for the fast ones.
# Integration tests need root: they boot test hosts in network namespaces (tests/host/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# Formatting is checked like everything else (.clang-format).
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror
# Each floor of the engine includes only the floors below it; the front ends only its API.
scripts/check-layers.sh
scripts/build.sh ci
# berth.exe and the unit tests for Windows (label windows: run under Wine), and the portable zip.
scripts/build.sh windows
installer/windows/portable.sh >/dev/null
if [ "$(id -u)" -eq 0 ]; then
    # Build (or find cached) the test host's root and the VM image before the clock of any test starts.
    tests/host/build-root.sh >/dev/null
    installer/vm-image/build.sh >/dev/null
    # The boot2docker stand-in of tst_toolbox, from that image (tests/fixtures/boot2docker).
    tests/fixtures/boot2docker/build.sh >/dev/null
fi
# Wine's server (of scripts/wine-run.sh's prefix) outlives the last Windows program a while: it
# ends with the tests.
trap 'WINEPREFIX=$PWD/build/windows/wineprefix /usr/lib/wine/wineserver -k 2>/dev/null || true' EXIT
ctest --preset ci "$@"
