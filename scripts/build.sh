#!/usr/bin/env bash
# Configures and builds Berth in build/ (preset "default", or the one given).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
