#!/usr/bin/env bash
# Benchmark of the shared folder (9p, virtiofs) against the VM's own disk; prints figures, asserts nothing.
#   bench/shared.sh [BUILD_DIR]
# A QEMU machine shares a folder of 10,000 small files (100 folders of 100 files, 1-4 KB each); a container
# with -v runs `find` over them (metadata) and reads them all (`find -exec cat`), on the share and on a copy in a
# Docker volume (the data disk), the guest's caches dropped before each run. The share is mounted again with
# each of the 9p options compared (msize, cache); the first of them is how the image mounts it. Then the machine is
# stopped and another one made with --qemu-share-protocol virtiofs, where this computer has a virtiofsd, and the
# folder read through virtiofs there. Last, as root, a machine of a user who is not root (setpriv), whose virtiofsd is
# Debian 13's (tests/fixtures/virtiofsd: it translates ids; Berth's default for that user is then virtiofs), reading
# a copy of the folder that user owns. Target: reads within 3x of the VM's own disk.
bench=shared
. "$(dirname "$0")/lib/qemu-machine.sh"

share=$work/share
mkdir -p "$share/tree"
for d in $(seq -w 0 99); do
    mkdir "$share/tree/d$d"
    for f in $(seq -w 0 99); do
        head -c $((1024 + (10#$f * 31) % 3072)) /dev/zero | tr '\0' x >"$share/tree/d$d/f$f.txt"
    done
done
echo "host folder: $(find "$share/tree" -type f | wc -l) files, $(du -sm "$share/tree" | cut -f1) MB"

"$berth" -s "$store" create -d qemu --qemu-share-folder "$share" --qemu-share-protocol 9p bench >/dev/null
eval "$("$berth" -s "$store" env --shell bash bench)"
load_busybox
docker=/usr/bin/docker
$docker volume create benchdata >/dev/null
$docker run --rm -v "$share:/share" -v benchdata:/data berth-test/busybox cp -a /share/tree /data/ >/dev/null

machine=bench
guest() { "$berth" -s "$store" ssh "$machine" "$@"; }
# Seconds of one run in a container (busybox time's "real" line), the guest's caches dropped first (from a privileged
# container: no SSH, which a user without an account here, below, would need).
timed() { # mount-spec command
    $docker run --rm --privileged berth-test/busybox sh -c 'sync; echo 3 >/proc/sys/vm/drop_caches'
    $docker run --rm -v "$1" berth-test/busybox sh -c "time sh -c '$2' >/dev/null" 2>&1 |
        awk '/^real/ { split($2, m, "m"); sub(/s$/, "", $3); print (m[1] * 60) + $3 }'
}
# Median of three.
median3() { sort -n | sed -n 2p; }
measure() { # label mount-spec
    local find read
    find=$(for _ in 1 2 3; do timed "$2" 'find /data -type f | wc -l'; done | median3)
    read=$(for _ in 1 2 3; do timed "$2" 'find /data -type f -exec cat {} + | wc -c'; done | median3)
    printf '%-44s find %6.2f s   read %6.2f s\n' "$1" "$find" "$read"
}

measure "VM disk (Docker volume on the data disk)" "benchdata:/data"
disk_read=$(timed "benchdata:/data" 'find /data -type f -exec cat {} + | wc -c')
echo "  (mount options of the share as the image makes it: $(guest "findmnt -no OPTIONS $share"))"
# readahead caches a file's data (coherent: a file changed on this computer reads anew); 0x2 caches metadata and
# loose both, without asking QEMU again: faster, and a file changed on this computer keeps its old contents.
for options in "msize=262144" "msize=262144,cache=readahead" "msize=262144,cache=0x2" "msize=262144,cache=loose"; do
    guest "sudo umount $share && sudo mount -t 9p -o trans=virtio,version=9p2000.L,$options berth-home $share"
    measure "9p share, $options" "$share/tree:/data"
done
echo "the VM disk's read, once more (drift): $(timed "benchdata:/data" 'find /data -type f -exec cat {} + | wc -c') s (first ${disk_read} s)"

"$berth" -s "$store" stop bench >/dev/null
machine=benchvfs
trap '"$berth" -s "$store" kill benchvfs >/dev/null 2>&1 || true; cleanup' EXIT
# Berth finds virtiofsd itself, and says so when there is none.
if ! "$berth" -s "$store" create -d qemu --qemu-share-folder "$share" --qemu-share-protocol virtiofs benchvfs \
    >/dev/null 2>"$work/vfs-create.err"; then
    echo "virtiofs: not measured: $(tail -1 "$work/vfs-create.err")"
    exit 0
fi
eval "$("$berth" -s "$store" env --shell bash benchvfs)"
load_busybox
$docker volume create benchdata >/dev/null
$docker run --rm -v "$share:/share" -v benchdata:/data berth-test/busybox cp -a /share/tree /data/ >/dev/null
measure "VM disk, this machine" "benchdata:/data"
echo "  (virtiofsd as $([ "$(id -u)" = 0 ] && echo root || echo "root of a user namespace"); the share: $(guest "findmnt -no FSTYPE,OPTIONS $share"))"
# virtiofsd's default cache (auto): metadata kept a second, a file's data dropped when it changed since.
measure "virtiofs (virtiofsd's cache=auto)" "$share/tree:/data"
# virtiofsd maps the guest's memory (shared with QEMU: those pages are counted in QEMU's figure as well); what it
# holds of its own is its anonymous memory, in its process and the one its sandbox forked.
vfs_pid=$(cut -d' ' -f1 "$store/machines/benchvfs/virtiofsd.pid")
own=0
for p in $vfs_pid $(pgrep -P "$vfs_pid" || true); do
    own=$((own + $(awk '/^RssAnon:/ {print $2}' "/proc/$p/status")))
done
echo "  virtiofsd's own memory (RssAnon of its processes): $((own / 1024)) MB"

# A user who is not root, with Debian 13's virtiofsd: Berth chooses virtiofs unasked.
[ "$(id -u)" = 0 ] || exit 0
"$berth" -s "$store" stop benchvfs >/dev/null
user_id=4242
user_home=$(mktemp -d /tmp/berth-bench-user.XXXXXX)
user_store=$user_home/store
virtiofsd=$(tests/fixtures/virtiofsd/build.sh 2>/dev/null | tail -1)
as_user() { # berth arguments
    env -u DOCKER_HOST -u XDG_RUNTIME_DIR -u DBUS_SESSION_BUS_ADDRESS HOME="$user_home" \
        DOCKER_CONFIG="$user_home/.docker" setpriv --reuid=$user_id --regid=$user_id --clear-groups -- \
        "$berth" -s "$user_store" "$@"
}
trap 'as_user kill benchuser >/dev/null 2>&1 || true; rm -rf "$user_home"; cleanup' EXIT
cp -a "$share" "$user_home/share"
chown -R $user_id:$user_id "$user_home"
as_user create -d qemu --qemu-share-folder "$user_home/share" --qemu-virtiofsd "$virtiofsd" benchuser >/dev/null
eval "$(as_user env --shell bash benchuser)"
load_busybox
$docker volume create benchdata >/dev/null
$docker run --rm -v "$user_home/share:/share" -v benchdata:/data berth-test/busybox cp -a /share/tree /data/ >/dev/null
measure "VM disk, the user's machine" "benchdata:/data"
echo "  (the share: $($docker run --rm -v "$user_home/share:/data" berth-test/busybox awk '$2 == "/data" { print $3 }' /proc/mounts); virtiofsd $("$virtiofsd" --version | cut -d' ' -f2) as uid $user_id)"
measure "virtiofs without root (ids translated)" "$user_home/share/tree:/data"
