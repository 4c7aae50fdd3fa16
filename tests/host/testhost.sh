#!/usr/bin/env bash
# A "remote Docker host" for integration tests: a real sshd (key auth, root) in its own network,
# mount, PID, UTS and IPC namespaces, on an overlay of the cached Debian 12 root from
# build-root.sh, reachable from this machine over a veth pair. Docker is installed but not
# started: the code under test provisions and starts it over SSH, as on a real server.
#
#   testhost.sh start NAME INDEX    start host NAME on 10.213.INDEX.0/30 (INDEX 1..50; this machine
#                                   is .1, the host .2); prints shell-sourceable lines:
#                                     HOST_IP=10.213.INDEX.2   address of the host (sshd on 22)
#                                     SSH_USER=root
#                                     SSH_PORT=22
#                                     SSH_KEY=...              client private key (ed25519)
#                                     KNOWN_HOSTS=...          known_hosts holding this start's host keys
#                                     STATE_DIR=...
#   testhost.sh stop NAME           kill everything inside, unmount, delete netns, veth, cgroups,
#                                   state and Docker data; safe to repeat, cleans failed starts
#   testhost.sh stop-all            stop every host this script started
#   testhost.sh list                names of hosts with state on this machine
#   testhost.sh docker-image TAR    write a `docker load` tarball of a static busybox image (and udp-echo)
#                                   (prints IMAGE=berth-test/busybox:latest)
#
# Needs root. Environment: BERTH_TESTHOST_RUN (state, default /run/berth-testhost),
# BERTH_TESTHOST_DATA (Docker data folders, must not be overlayfs, default /var/tmp/berth-testhost),
# BERTH_TESTHOST_IMAGE (image name for docker-image), BERTH_TESTHOST_ULIMIT_SHIM=1 (make `ulimit -n
# 1048576` / `ulimit -p unlimited` in LSB init scripts fall back to the hard limit where, as on
# this CI machine, hard limits cannot be raised; off by default, so /etc/init.d/docker start
# fails there with "ulimit: error setting limit (Operation not permitted)").
#
# Inside a host: /var/lib/docker is a bind of an ext4 folder (overlay2 works); /sys/fs/cgroup is a
# private tmpfs holding a per-host sub-cgroup (berth-testhost-NAME) of each of this machine's
# hierarchies, so whatever cgroup-parent dockerd is given stays under it and `stop` removes it.
# The guest's fstab has a cgroup line, so Debian's /etc/init.d/docker does not mount cgroups.
set -euo pipefail

RUN_BASE=${BERTH_TESTHOST_RUN:-/run/berth-testhost}
DATA_BASE=${BERTH_TESTHOST_DATA:-/var/tmp/berth-testhost}
IMAGE_NAME=${BERTH_TESTHOST_IMAGE:-berth-test/busybox:latest}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CG_ROOT=/sys/fs/cgroup
START_TIMEOUT=20

die() { echo "testhost: $*" >&2; exit 1; }
warn() { echo "testhost: $*" >&2; }

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root"; }

check_name() {
    [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$ ]] ||
        die "invalid NAME '$1' (letters, digits, _ . -, at most 32 characters)"
}

netns_of() { echo "berth-$1"; }
veth_of() { echo "bth-$1"; }          # host end; the namespace end is eth0
cg_of() { echo "berth-testhost-$1"; }

# Mount points of this machine's cgroup hierarchies: "/sys/fs/cgroup" alone on a cgroup2-only
# machine, otherwise every cgroup/cgroup2 mount directly under it.
cgroup_mounts() {
    awk -v base="$CG_ROOT" '{
        for (i = 7; $i != "-"; i++) ;
        fs = $(i + 1)
        if ((fs == "cgroup" || fs == "cgroup2") && ($5 == base || index($5, base "/") == 1)) print $5
    }' /proc/self/mountinfo | sort -u
}

# Host PIDs belonging to host NAME: in its network namespace, or with its overlay as root.
host_pids() {
    local name=$1 merged="$RUN_BASE/$1/merged" ns_ino="" p pid link
    if [ -e "/run/netns/$(netns_of "$name")" ]; then
        ns_ino=$(stat -L -c %i "/run/netns/$(netns_of "$name")" 2>/dev/null || true)
    fi
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        [ "$pid" = "$$" ] && continue
        if [ -n "$ns_ino" ]; then
            link=$(readlink "$p/ns/net" 2>/dev/null || true)
            if [ "$link" = "net:[$ns_ino]" ]; then echo "$pid"; continue; fi
        fi
        link=$(readlink "$p/root" 2>/dev/null || true)
        case "$link" in
            "$merged" | "$merged"/*) echo "$pid" ;;
        esac
    done
}

# The host PID of the namespace's PID 1 (docker-init once running), if any.
host_init_pid() {
    local pid
    for pid in $(host_pids "$1"); do
        if awk '/^NSpid:/ { exit !($NF == 1 && NF > 2) }' "/proc/$pid/status" 2>/dev/null; then
            echo "$pid"
            return 0
        fi
    done
    return 1
}

is_running() { host_init_pid "$1" >/dev/null; }

# Mount points under a folder, deepest first (mountinfo order reversed).
mounts_under() {
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | tac
}

unmount_under() {
    local dir=$1 mp i
    [ -n "$dir" ] || return 0
    for i in 1 2 3; do
        local left=0
        while read -r mp; do
            [ -n "$mp" ] || continue
            mp=$(printf '%b' "$mp")   # mountinfo escapes spaces etc. as \040
            umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || left=1
        done < <(mounts_under "$dir")
        [ "$left" -eq 0 ] && [ -z "$(mounts_under "$dir")" ] && return 0
        sleep 0.2
    done
    [ -z "$(mounts_under "$dir")" ] || warn "mounts left under $dir: $(mounts_under "$dir" | tr '\n' ' ')"
}

remove_cgroups() {
    local cg mp dir i
    cg=$(cg_of "$1")
    for mp in $(cgroup_mounts); do
        dir="$mp/$cg"
        [ -d "$dir" ] || continue
        for i in $(seq 1 25); do
            find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
            [ -d "$dir" ] || break
            sleep 0.2
        done
        [ -d "$dir" ] && warn "could not remove cgroup $dir"
    done
    return 0
}

stop_host() {
    local name=$1 state="$RUN_BASE/$1" data="$DATA_BASE/$1" ns veth idx pids i init
    ns=$(netns_of "$name")

    # 1. Kill the namespace's PID 1 (the kernel kills the rest of the PID namespace), then
    #    anything else still in the netns or chrooted into the overlay.
    init=$(host_init_pid "$name" || true)
    [ -n "$init" ] && kill -KILL "$init" 2>/dev/null || true
    for i in $(seq 1 50); do
        pids=$(host_pids "$name")
        [ -z "$pids" ] && break
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
        sleep 0.1
    done
    pids=$(host_pids "$name")
    [ -z "$pids" ] || warn "processes of $name still alive: $pids"

    # 2. Mounts: the overlay and anything left under the state and data folders (e.g. nsfs).
    unmount_under "$state"
    unmount_under "$data"

    # 3. Network.
    idx=$(cat "$state/index" 2>/dev/null || true)
    if [ -n "$idx" ]; then
        veth=$(veth_of "$idx")
        ip link del "$veth" 2>/dev/null || true
    fi
    if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns" || [ -e "/run/netns/$ns" ]; then
        ip netns del "$ns" 2>/dev/null || { umount -l "/run/netns/$ns" 2>/dev/null || true; rm -f "/run/netns/$ns"; }
    fi

    # 4. Cgroups, state and data.
    remove_cgroups "$name"
    rm -rf --one-file-system "$state" "$data"
    rmdir "$RUN_BASE" "$DATA_BASE" 2>/dev/null || true
}

# Names of every host with something left on this machine.
all_names() {
    {
        [ -d "$RUN_BASE" ] && ls -1 "$RUN_BASE"
        [ -d "$DATA_BASE" ] && ls -1 "$DATA_BASE"
        ip netns list 2>/dev/null | awk '$1 ~ /^berth-/ { sub(/^berth-/, "", $1); print $1 }'
        for mp in $(cgroup_mounts); do
            for d in "$mp"/berth-testhost-*; do [ -d "$d" ] && basename "$d" | sed 's/^berth-testhost-//'; done
        done
    } 2>/dev/null | sort -u
}

write_init() {
    # Runs as PID 1 of the new PID namespace, in the host's netns and a private mount namespace,
    # on this machine's filesystem; ends by exec'ing into the guest root.
    cat >"$1" <<'INIT'
#!/bin/bash
set -euo pipefail
ROOT=$1 DATA=$2 CG=$3 NAME=$4
CG_ROOT=/sys/fs/cgroup
log() { echo "init: $*" >&2; }

# Limits: Debian's /etc/init.d/docker runs `ulimit -n 1048576` and `ulimit -p unlimited`, which
# need the hard limits at least that high. Raise them if this machine lets us (needs
# CAP_SYS_RESOURCE); otherwise say so and keep going, as the host would on a locked-down server.
ulimit -Hn 1048576 2>/dev/null && ulimit -Sn 1048576 || log "cannot raise hard nofile limit above $(ulimit -Hn)"
ulimit -Hu unlimited 2>/dev/null && ulimit -Su unlimited || log "cannot raise hard nproc limit above $(ulimit -Hu)"

hostname "$NAME"
mount -t proc -o nosuid,nodev,noexec proc "$ROOT/proc"
mount -t sysfs -o nosuid,nodev,noexec sysfs "$ROOT/sys"

# Cgroups: the per-host sub-cgroup of each hierarchy, moved into before anything else starts.
cg_mounts=$(awk -v base="$CG_ROOT" '{
    for (i = 7; $i != "-"; i++) ;
    fs = $(i + 1)
    if ((fs == "cgroup" || fs == "cgroup2") && ($5 == base || index($5, base "/") == 1)) print $5
}' /proc/self/mountinfo | sort -u)
if [ "$cg_mounts" = "$CG_ROOT" ]; then
    mount --bind "$CG_ROOT/$CG" "$ROOT$CG_ROOT"
    echo 0 >"$CG_ROOT/$CG/cgroup.procs"
else
    mount -t tmpfs -o nosuid,nodev,noexec,mode=755 cgroup "$ROOT$CG_ROOT"
    for mp in $cg_mounts; do
        sub=${mp#"$CG_ROOT"/}
        mkdir -p "$ROOT$CG_ROOT/$sub"
        mount --bind "$mp/$CG" "$ROOT$CG_ROOT/$sub"
        echo 0 >"$mp/$CG/cgroup.procs"
    done
    for l in "$CG_ROOT"/*; do   # co-mount symlinks such as cpu -> cpu,cpuacct
        [ -L "$l" ] && ln -sfn "$(readlink "$l")" "$ROOT$CG_ROOT/${l##*/}"
    done
    mount -o remount,ro,nosuid,nodev,noexec,mode=755 "$ROOT$CG_ROOT"
fi

mount --rbind /dev "$ROOT/dev"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5,nosuid,noexec devpts "$ROOT/dev/pts"
mount --bind "$ROOT/dev/pts/ptmx" "$ROOT/dev/ptmx"
mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$ROOT/dev/shm"
mount -t tmpfs -o nosuid,nodev,mode=755 run "$ROOT/run"
mkdir -m 755 "$ROOT/run/sshd" "$ROOT/run/lock"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmp "$ROOT/tmp"
mount --bind "$DATA" "$ROOT/var/lib/docker"
ip link set lo up

log "limits: nofile $(ulimit -Sn)/$(ulimit -Hn), nproc $(ulimit -Su)/$(ulimit -Hu); starting sshd"
exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    chroot "$ROOT" /usr/bin/docker-init -- /usr/sbin/sshd -D -e
INIT
    chmod 755 "$1"
}

ssh_banner() {
    timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/22" && head -c 4 <&3' "$1" 2>/dev/null | grep -q '^SSH-'
}

CLEANUP_NAME=
cleanup_failed_start() {
    local rc=$?
    [ -n "$CLEANUP_NAME" ] || return 0
    warn "start of '$CLEANUP_NAME' failed; cleaning up"
    if [ -s "$RUN_BASE/$CLEANUP_NAME/console.log" ]; then
        echo "--- console of $CLEANUP_NAME:" >&2
        tail -20 "$RUN_BASE/$CLEANUP_NAME/console.log" >&2
    fi
    stop_host "$CLEANUP_NAME"
    exit $((rc == 0 ? 1 : rc))
}

start_host() {
    local name=$1 index=$2 state data ns veth cg lower merged guest_ip host_ip launcher i mp other
    state="$RUN_BASE/$name"
    data="$DATA_BASE/$name"
    ns=$(netns_of "$name")
    veth=$(veth_of "$index")
    cg=$(cg_of "$name")
    host_ip="10.213.$index.1"
    guest_ip="10.213.$index.2"

    for tool in ip nsenter unshare chroot ssh-keygen mount umount timeout setsid; do
        command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh --test"
    done
    if is_running "$name"; then
        die "host '$name' is already running (stop it first: $0 stop $name)"
    fi
    if [ -e "$state" ] || [ -e "$data" ] || [ -e "/run/netns/$ns" ]; then
        warn "cleaning leftovers of a previous '$name'"
        stop_host "$name"
    fi
    for other in $( [ -d "$RUN_BASE" ] && ls -1 "$RUN_BASE"); do
        [ "$(cat "$RUN_BASE/$other/index" 2>/dev/null)" = "$index" ] &&
            die "INDEX $index is already used by host '$other'"
    done
    ip link show "$veth" >/dev/null 2>&1 && die "INDEX $index is in use: interface $veth exists"
    ip -4 addr show | grep -q "inet 10\.213\.$index\." && die "INDEX $index is in use: 10.213.$index.0/30 is assigned here"

    lower=$("$HERE/build-root.sh") || die "could not build the test host root"
    [ -x "$lower/usr/sbin/sshd" ] || die "$lower does not look like a test host root"

    # From here on, any failure undoes everything.
    CLEANUP_NAME=$name
    trap cleanup_failed_start EXIT
    mkdir -p "$RUN_BASE" "$DATA_BASE"
    mkdir -m 700 "$state"
    echo "$index" >"$state/index"
    mkdir "$state/upper" "$state/work" "$state/merged"
    mkdir -m 711 "$data"
    case "$(stat -f -c %T "$data")" in
        overlayfs) die "$DATA_BASE is on overlayfs; overlay2 needs another filesystem (set BERTH_TESTHOST_DATA)" ;;
    esac

    merged="$state/merged"
    mount -t overlay -o "lowerdir=$lower,upperdir=$state/upper,workdir=$state/work" "berth-testhost-$name" "$merged"

    # SSH: fresh host keys, a fresh client key for root, key-only root login.
    rm -f "$merged"/etc/ssh/ssh_host_*
    chroot "$merged" ssh-keygen -A >/dev/null
    ssh-keygen -q -t ed25519 -N '' -C "berth-testhost-$name" -f "$state/id_ed25519"
    install -d -m 700 "$merged/root/.ssh"
    install -m 600 "$state/id_ed25519.pub" "$merged/root/.ssh/authorized_keys"
    cat >"$merged/etc/ssh/sshd_config.d/berth-testhost.conf" <<EOF
PermitRootLogin prohibit-password
PasswordAuthentication no
UseDNS no
EOF
    for k in "$merged"/etc/ssh/ssh_host_*_key.pub; do
        printf '%s %s\n' "$guest_ip" "$(cut -d' ' -f1,2 "$k")"
    done >"$state/known_hosts"
    mkdir -p "$merged/var/lib/docker"
    if [ "${BERTH_TESTHOST_ULIMIT_SHIM:-0}" = 1 ]; then
        # Sourced by every LSB init script (via /lib/lsb/init-functions) before its body.
        cat >"$merged/lib/lsb/init-functions.d/99-berth-testhost-ulimit" <<'EOF'
# Written by Berth's tests/host/testhost.sh (BERTH_TESTHOST_ULIMIT_SHIM=1). This test host cannot
# raise hard limits (no CAP_SYS_RESOURCE), which a normal server can: clamp `ulimit -X VALUE`
# to the hard limit instead of failing, so /etc/init.d/docker gets as far as on a server.
ulimit() {
    if [ $# -eq 2 ] && ! command ulimit "$@" 2>/dev/null; then
        command ulimit "$1" "$(command ulimit -H "$1")"
    else
        command ulimit "$@"
    fi
}
EOF
    fi
    echo "$name" >"$merged/etc/hostname"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$name" >"$merged/etc/hosts"

    # Cgroups: one sub-cgroup per hierarchy (cpuset needs its cpus and mems filled in).
    for mp in $(cgroup_mounts); do
        mkdir -p "$mp/$cg"
        if [ -f "$mp/$cg/cpuset.cpus" ]; then
            cat "$mp/cpuset.cpus" >"$mp/$cg/cpuset.cpus"
            cat "$mp/cpuset.mems" >"$mp/$cg/cpuset.mems"
        fi
    done

    # Network: 10.213.INDEX.0/30, .1 here, .2 in the host's namespace.
    ip netns add "$ns"
    ip link add "$veth" type veth peer name eth0 netns "$ns"
    ip addr add "$host_ip/30" dev "$veth"
    ip link set "$veth" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$guest_ip/30" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route add default via "$host_ip"

    write_init "$state/init.sh"
    setsid nsenter --net="/run/netns/$ns" \
        unshare --mount --pid --uts --ipc --fork --propagation private \
        "$state/init.sh" "$merged" "$data" "$cg" "$name" \
        </dev/null >"$state/console.log" 2>&1 &
    launcher=$!

    for i in $(seq 1 $((START_TIMEOUT * 10))); do
        ssh_banner "$guest_ip" && break
        if ! kill -0 "$launcher" 2>/dev/null; then
            warn "the host's init exited"
            false
        fi
        [ "$i" -eq $((START_TIMEOUT * 10)) ] && { warn "sshd did not answer on $guest_ip:22 within ${START_TIMEOUT}s"; false; }
        sleep 0.1
    done
    host_init_pid "$name" >"$state/init.pid"
    trap - EXIT

    printf 'HOST_IP=%q\nSSH_USER=root\nSSH_PORT=22\nSSH_KEY=%q\nKNOWN_HOSTS=%q\nSTATE_DIR=%q\n' \
        "$guest_ip" "$state/id_ed25519" "$state/known_hosts" "$state"
}

docker_image() {
    local out=$1 bb tmp layer_sha cfg_sha applet
    bb=/bin/busybox
    if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok installed"; then
        warn "installing busybox-static"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends busybox-static >&2 ||
            { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends busybox-static >&2; } ||
            die "could not install busybox-static"
    fi
    file -L "$bb" 2>/dev/null | grep -q 'statically linked' || ldd "$bb" 2>&1 | grep -q 'not a dynamic' ||
        die "$bb is not statically linked (busybox-static installed?)"

    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    mkdir -p "$tmp/rootfs/bin" "$tmp/rootfs/tmp" "$tmp/rootfs/etc" "$tmp/rootfs/root" "$tmp/image"
    chmod 1777 "$tmp/rootfs/tmp"
    cp "$bb" "$tmp/rootfs/bin/busybox"
    for applet in $("$bb" --list); do
        [ "$applet" = busybox ] || ln -s busybox "$tmp/rootfs/bin/$applet"
    done
    # A UDP server (busybox has none): the published-port tests send it datagrams.
    cc -static -Os -o "$tmp/rootfs/bin/udp-echo" "$HERE/udp-echo.c" || die "could not build udp-echo"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$tmp/rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/rootfs/etc/group"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$tmp/rootfs" -cf "$tmp/layer.tar" .
    layer_sha=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
    mkdir "$tmp/image/$layer_sha"
    mv "$tmp/layer.tar" "$tmp/image/$layer_sha/layer.tar"
    cat >"$tmp/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"berth testhost.sh docker-image (busybox-static $(dpkg-query -W -f='${Version}' busybox-static))"}]}
EOF
    cfg_sha=$(sha256sum "$tmp/config.json" | cut -d' ' -f1)
    mv "$tmp/config.json" "$tmp/image/$cfg_sha.json"
    printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' \
        "$cfg_sha" "$IMAGE_NAME" "$layer_sha" >"$tmp/image/manifest.json"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$tmp/image" -cf "$out.tmp" .
    mv "$out.tmp" "$out"
    printf 'IMAGE=%q\n' "$IMAGE_NAME"
}

cmd=${1:-}
case "$cmd" in
    start)
        [ $# -eq 3 ] || usage
        need_root; check_name "$2"
        [[ "$3" =~ ^[0-9]+$ ]] && [ "$3" -ge 1 ] && [ "$3" -le 50 ] || die "INDEX must be 1..50, got '$3'"
        start_host "$2" "$((10#$3))"
        ;;
    stop)
        [ $# -eq 2 ] || usage
        need_root; check_name "$2"
        stop_host "$2"
        ;;
    stop-all)
        [ $# -eq 1 ] || usage
        need_root
        for n in $(all_names); do
            check_name "$n" && stop_host "$n"
        done
        ;;
    list)
        [ $# -eq 1 ] || usage
        all_names
        ;;
    docker-image)
        [ $# -eq 2 ] || usage
        docker_image "$2"
        ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
