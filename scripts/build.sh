#!/usr/bin/env bash
# Configures and builds Berth in build/ (preset "default", or the one given).
#   scripts/build.sh windows   builds (or finds cached) the Windows toolchain (scripts/windows-toolchain.sh),
#                              then berth.exe and the tests for Windows in build/windows/
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
if [ "$preset" = windows ]; then
    BERTH_WIN_PREFIX=$(scripts/windows-toolchain.sh | tail -1)
    export BERTH_WIN_PREFIX
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
