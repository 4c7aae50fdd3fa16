#!/usr/bin/env bash
# Sets up, builds and runs Berth: scripts/run.sh [berth arguments]; with none, `berth ls`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh default
berth=build/app/berth/berth
if [ $# -eq 0 ]; then
    "$berth" version
    "$berth" ls
    echo
    echo "Berth is built: $PWD/$berth. Add a Docker host with, for example:"
    echo "  $berth create -d generic --generic-ip-address HOST --generic-ssh-key ~/.ssh/id_ed25519 box"
    echo '  eval "$('"$berth"' env box)"'
else
    exec "$berth" "$@"
fi
