#!/usr/bin/env bash
# Benchmark of the memory a QEMU machine holds on this computer; prints figures, asserts nothing.
#   bench/memory.sh [BUILD_DIR]
# A machine created with 1 GB (the default), Docker idle: QEMU's resident memory (VmRSS) when create
# returns and every 30 s after for two minutes, with what the guest says it uses. Then a container
# that fills 600 MB of memory and exits, and QEMU's memory a minute later (what free page reporting
# gave back). Target: <= 500 MB two minutes after boot.
bench=memory
. "$(dirname "$0")/lib/qemu-machine.sh"

"$berth" -s "$store" create -d qemu --qemu-no-share --qemu-memory 1024 bench >/dev/null
booted=$(now)
pid=$(cat "$store/machines/bench/qemu.pid")
rss() { awk '/^VmRSS:/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }
guest() { "$berth" -s "$store" ssh bench "free -m | awk '/^Mem:/ {printf \"used %s MB, buff/cache %s MB, free %s MB\", \$3, \$6, \$4}'"; }
echo "QEMU's resident memory, 1 GB machine, Docker idle (target 500 MB at 120 s):"
for at in 0 30 60 90 120; do
    while [ $(( ($(now) - booted) / 1000000000 )) -lt "$at" ]; do sleep 1; done
    echo "  ${at} s after create returned: $(rss) (guest: $(guest))"
done
eval "$("$berth" -s "$store" env --shell bash bench)"
load_busybox
# 600 MB in a tmpfs, written and freed when the container ends.
/usr/bin/docker run --rm --tmpfs /fill:size=700m berth-test/busybox sh -c 'dd if=/dev/zero of=/fill/f bs=1M count=600 2>/dev/null'
echo "  right after a container wrote 600 MB of memory and exited: $(rss)"
sleep 60
echo "  a minute later: $(rss) (guest: $(guest))"
