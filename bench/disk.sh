#!/usr/bin/env bash
# Benchmark of the space a QEMU machine's data disk gives back (discard); prints figures, asserts nothing.
#   bench/disk.sh [BUILD_DIR]
# An image of 500 MB of random data is made in the machine (a container's write, committed) and removed
# with docker rmi; the data disk file's allocated size (du) before, with the image, and every 5 s after
# the rmi. Target: the file shrinks by the image's size within a minute.
bench=disk
. "$(dirname "$0")/lib/qemu-machine.sh"

"$berth" -s "$store" create -d qemu --qemu-no-share bench >/dev/null
eval "$("$berth" -s "$store" env --shell bash bench)"
load_busybox
disk=$store/machines/bench/data.qcow2
allocated() { du -m "$disk" | cut -f1; }
echo "data.qcow2 allocated after create and loading busybox: $(allocated) MB (apparent $(du -m --apparent-size "$disk" | cut -f1) MB)"
/usr/bin/docker run --name fill berth-test/busybox dd if=/dev/urandom of=/fill bs=1M count=500 2>/dev/null
/usr/bin/docker commit fill bench/fill >/dev/null
/usr/bin/docker rm fill >/dev/null
"$berth" -s "$store" ssh bench sync
with=$(allocated)
echo "after the container wrote 500 MB, its commit to an image and its removal: $with MB"
t0=$(now)
/usr/bin/docker rmi bench/fill >/dev/null
for _ in $(seq 12); do
    sleep 5
    echo "  $(( ($(now) - t0) / 1000000000 )) s after docker rmi: $(allocated) MB"
done
echo "given back within a minute: $((with - $(allocated))) MB"
