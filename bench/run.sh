#!/usr/bin/env bash
# Benchmarks of the berth CLI against a real engine; prints figures, asserts nothing.
#   bench/run.sh [BUILD_DIR]      (root: starts a test host in a network namespace)
#
# ls:  50 machines whose engines answer over TLS (one provisioned generic host, 49 none-driver
#      machines using the same engine and CA), then with 10 unreachable URLs added.
#      Target: <= 0.1 s wall for 50 reachable; unreachable ones must not add up their timeouts.
#      Each engine's TLS session is kept for the next run (ROOT/.tls-sessions); also measured without.
#      The CPU of an ls is given split between berth and the engine, which shares this machine's cores.
# env: one machine; target <= 20 ms wall, and no network connection (counted with strace).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
berth=$PWD/$build/app/berth/berth
[ -x "$berth" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh needs root (test host in a network namespace)" >&2; exit 1; }

store=$(mktemp -d /tmp/berth-bench.XXXXXX)
cleanup() { tests/host/testhost.sh stop bench >/dev/null 2>&1 || true; rm -rf "$store"; }
trap cleanup EXIT
tests/host/build-root.sh >/dev/null
eval "$(tests/host/testhost.sh start bench 40)"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

t0=$(now)
"$berth" -s "$store" create -d generic --generic-ip-address "$HOST_IP" --generic-ssh-key "$SSH_KEY" \
    --engine-storage-driver overlay2 box >/dev/null
t1=$(now)
echo "create -d generic (provision + Docker TLS ready): $(ms "$t0" "$t1") ms"

for i in $(seq -w 1 49); do
    "$berth" -s "$store" create -d none --url "tcp://$HOST_IP:2376" "m$i" >/dev/null
done

# Median of N runs of a command, in ms.
median() {
    local runs=$1; shift
    local times=()
    for _ in $(seq "$runs"); do
        local a b
        a=$(now); "$@" >/dev/null 2>&1; b=$(now)
        times+=($(( (b - a) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " ms (min " a[1] ", max " a[NR] ", " NR " runs)"}'
}

rows=$("$berth" -s "$store" ls | grep -c ' Running .* v[0-9]')
echo "ls, 50 machines, $rows answered with a Docker version: $(median 7 "$berth" -s "$store" ls)"

# The same with no TLS session kept from an earlier run (the first ls after an engine restarted, or
# ever): 50 full handshakes, and the 50 sessions written for the next run.
echo "ls, 50 machines, no TLS session kept (full handshakes): $(median 7 sh -c 'rm -rf "$1/.tls-sessions" && exec "$2" -s "$1" ls' sh "$store" "$berth")"

echo "ls -q, 50 machines (names only, no engine asked): $(median 7 "$berth" -s "$store" ls -q)"

# CPU per ls, the mean of 7: berth's (getrusage, through bash's time) and the engine's (its ticks).
engine=$(for p in $(ip netns pids berth-bench); do if [ "$(cat "/proc/$p/comm")" = dockerd ]; then echo "$p"; fi; done | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$engine/stat"; }
if [ -n "$engine" ]; then
    berth_ms=0
    engine_before=$(ticks)
    for _ in $(seq 7); do
        t=$( { TIMEFORMAT='%3U %3S'; time "$berth" -s "$store" ls >/dev/null 2>&1; } 2>&1)
        berth_ms=$(awk -v acc="$berth_ms" -v t="$t" 'BEGIN { split(t, a, " "); print acc + (a[1] + a[2]) * 1000 }')
    done
    engine_ms=$(( ($(ticks) - engine_before) * 1000 / $(getconf CLK_TCK) / 7 ))
    echo "ls, 50 machines, CPU per run: berth $(awk -v ms="$berth_ms" 'BEGIN { printf "%d", ms / 7 }') ms, engine ${engine_ms} ms"
fi

# Ten machines whose URL leads nowhere: a network routed to the test host, which does not forward,
# so connection attempts get no answer at all (as with a machine that is switched off).
ip route replace 10.213.140.0/24 via "$HOST_IP"
unreachable=10.213.140.9
for i in $(seq -w 1 10); do
    "$berth" -s "$store" create -d none --url "tcp://$unreachable:2376" "dead$i" >/dev/null
done
echo "ls -t 3, 50 reachable + 10 unreachable: $(median 3 "$berth" -s "$store" ls -t 3) (serialised timeouts would be >= 30000 ms)"

echo "env, one machine: $(median 21 "$berth" -s "$store" env --shell bash box)"
if command -v strace >/dev/null; then
    connects=$(strace -f -e trace=connect -o /dev/stdout "$berth" -s "$store" env --shell bash box 2>/dev/null | grep -c 'connect(' || true)
    echo "env, network connections opened: $connects"
else
    echo "env, network connections: strace not installed (apt-get install strace) to count them"
fi
rss=$( { /usr/bin/time -f '%M' "$berth" -s "$store" ls >/dev/null; } 2>&1 | tail -1 || true)
[ -n "$rss" ] && echo "ls, 60 machines, peak RSS: ${rss} KiB"
