#!/usr/bin/env bash
# Configures and builds Berth in build/ (preset "default", or the one given).
#   scripts/build.sh windows   builds (or finds cached) the Windows toolchain (scripts/windows-toolchain.sh),
#                              then berth.exe and the tests for Windows in build/windows/
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
fresh=()
if [ "$preset" = windows ]; then
    BERTH_WIN_PREFIX=$(scripts/windows-toolchain.sh | tail -1)
    export BERTH_WIN_PREFIX
    # A toolchain of another recipe is another folder: what CMake found in the old one (pkg-config's libssh
    # paths among it) stays in its cache, so the build is configured afresh.
    made_with=build/windows/.toolchain
    if [ -f build/windows/CMakeCache.txt ] && [ "$(cat "$made_with" 2>/dev/null)" != "$BERTH_WIN_PREFIX" ]; then
        fresh=(--fresh)
    fi
fi
cmake --preset "$preset" "${fresh[@]}" >/dev/null
if [ "$preset" = windows ]; then
    echo "$BERTH_WIN_PREFIX" >"$made_with"
fi
cmake --build --preset "$preset"
