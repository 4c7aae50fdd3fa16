#!/usr/bin/env bash
# Benchmarks of berth-desktop under Xvfb with a tray host; prints figures, asserts nothing.
#   bench/desktop.sh [BUILD_DIR]      (root: starts a test host in a network namespace)
#
# start:  launch to tray icon and window shown (the app reports when its event loop has shown them),
#         three machines in the store. Target: <= 0.5 s.
# memory: resident memory with three machines listed, after the watcher's first looks. Target: <= 80 MB.
# idle:   CPU used over a minute of idling with a running machine (a provisioned test host whose engine
#         answers over TLS). Target: under 1 %.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
berth=$PWD/$build/app/berth/berth
desktop=$PWD/$build/app/berth-desktop/berth-desktop
[ -x "$desktop" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "bench/desktop.sh needs root (test host in a network namespace)" >&2; exit 1; }

work=$(mktemp -d /tmp/berth-desktop-bench.XXXXXX)
store=$work/store
pids=()
cleanup() {
    # The app first, the tray host and the X server after it: an app whose display dies exits at once.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
    tests/host/testhost.sh stop benchdesk >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
tests/host/build-root.sh >/dev/null
eval "$(tests/host/testhost.sh start benchdesk 41)"

"$berth" -s "$store" create -d generic --generic-ip-address "$HOST_IP" --generic-ssh-key "$SSH_KEY" \
    --engine-storage-driver overlay2 default >/dev/null
for name in box web; do
    "$berth" -s "$store" create -d none --url "tcp://$HOST_IP:2376" "$name" >/dev/null
done

source scripts/lib/xsession.sh
start_xsession

export HOME=$work/home MACHINE_STORAGE_PATH=$store XDG_RUNTIME_DIR=$work/run BERTH_DESKTOP_REPORT=1
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# Start: five launches, each ended before the next (one instance per user).
times=()
for _ in 1 2 3 4 5; do
    a=$(date +%s%N)
    "$desktop" 2>"$work/report" &
    pid=$!
    for _ in $(seq 500); do grep -q 'shown after' "$work/report" 2>/dev/null && break; sleep 0.01; done
    b=$(date +%s%N)
    times+=($(( (b - a) / 1000000 )))
    kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "start to tray and window shown: $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " ms median (min " a[1] ", max " a[NR] ", " NR " runs)"}'); the app's own report: $(grep -o 'shown after.*' "$work/report")"

"$desktop" 2>/dev/null &
pid=$!
pids+=("$pid")
sleep 5
echo "resident memory, 3 machines listed: $(awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status")"

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks)
sleep 60
t1=$(ticks)
echo "CPU idle for 60 s with a running machine: $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.2f %%", 100 * d / hz / 60}') ($((t1 - t0)) ticks of 1/${hz} s)"
echo "resident memory after that minute: $(awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status")"
