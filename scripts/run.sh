#!/usr/bin/env bash
# Sets up, builds and runs Berth: installs what is missing, builds Berth and (once, then cached) the
# VM image, and creates or starts the `default` machine under QEMU.
#   scripts/run.sh              the default machine, then how to use it
#   scripts/run.sh ARGS...      berth ARGS... (after set-up and build)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --vm
scripts/build.sh default
berth=$PWD/build/app/berth/berth
if [ $# -gt 0 ]; then
    exec "$berth" "$@"
fi

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
# debootstrap needs root; the image lands in /var/cache/berth, where berth finds it.
$sudo installer/vm-image/build.sh >/dev/null

state=$("$berth" status default 2>/dev/null || true)
case "$state" in
    Running) ;;
    "") "$berth" create -d qemu default ;;
    *) "$berth" start default ;;
esac
"$berth" ls
cat <<TXT

The default machine runs Docker. To use it from this shell:
  eval "\$($berth env)"
  docker version
TXT
