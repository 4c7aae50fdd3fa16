# Sourced by the benchmarks that boot a QEMU machine (bench/qemu.sh, ports.sh, memory.sh, disk.sh, shared.sh),
# with their build folder as $1 (default build) and their name in $bench: checks the build, finds (or
# builds) the VM image, makes a store in a temporary folder that goes, with the machine "bench", when
# the script ends. Defines $berth, $image, $work, $store, now(), load_busybox().
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
berth=$PWD/$build/app/berth/berth
[ -x "$berth" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }

image=${BERTH_VM_IMAGE:-$(installer/vm-image/build.sh 2>/dev/null | tail -1)}
work=$(mktemp -d "/tmp/berth-bench-$bench.XXXXXX")
store=$work/store
cleanup() { "$berth" -s "$store" kill bench >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export BERTH_VM_IMAGE=$image DOCKER_CONFIG=$work/docker

now() { date +%s%N; }
# The tests' busybox image (no registry is reachable), loaded into the machine the environment points at.
load_busybox() {
    tests/host/testhost.sh docker-image "$work/busybox.tar" >/dev/null
    /usr/bin/docker load -i "$work/busybox.tar" >/dev/null
}
