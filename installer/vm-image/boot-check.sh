#!/usr/bin/env bash
# Manual boot check of a built Berth VM image (installer/vm-image/build.sh's output folder):
# boots it under QEMU the ways the drivers will and checks the README contract over SSH.
#
#   installer/vm-image/boot-check.sh [OUTPUT_DIR]    # default: what build.sh prints
#
# Boots, all under TCG unless BERTH_ACCEL says otherwise (e.g. BERTH_ACCEL=kvm for a quick run):
#   1. direct kernel boot as Berth's QEMU driver does it (the manifest's kernelFile, initrdFile and
#      kernelCmdline), virtio disks, 9p share and virtio-rng:
#      first boot (data disk formatted), all checks, a container, QMP system_powerdown;
#   2. the same again with vmlinuz and the boot ISO's initrd.img: host key, files in /home/docker
#      and a Docker image survive;
#   3. boot.iso under SeaBIOS, system disk from system.vdi on AHCI, e1000 (as VirtualBox would),
#      same data disk: a new system disk keeps host key, files and images (an "upgrade");
#   4. boot.iso under OVMF, system disk from system.vhdx on virtio-scsi (Hyper-V gen 2-like);
#   5. the same with Secure Boot on (OVMF with Microsoft's keys enrolled), if OVMF has them.
# Then prints timings, guest memory and sizes (with an xz-compressed raw system disk).
# Needs qemu-system-x86, qemu-utils, genisoimage, openssh-client, ovmf; xz-utils for the size.
# BERTH_BOOT_CHECK_KEEP=1 keeps the temporary folder (serial logs, disks).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
image=${1:-}
if [ -z "$image" ]; then
    image=$("$here/build.sh" | tail -n 1) || { echo "build.sh failed" >&2; exit 1; }
fi
image=$(cd "$image" && pwd)
[ -f "$image/manifest.json" ] || { echo "$image has no manifest.json" >&2; exit 1; }
for tool in qemu-system-x86_64 qemu-img genisoimage ssh ssh-keygen perl; do
    command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

accel=${BERTH_ACCEL:-tcg}
cmdline=$(sed -n 's/^ *"kernelCmdline": *"\(.*\)",\{0,1\}$/\1/p' "$image/manifest.json")
# What Berth's QEMU driver boots (boot 1); boot 2 takes vmlinuz and the boot ISO's initrd.img.
kernel_file=$(sed -n 's/^ *"kernelFile": *"\(.*\)",\{0,1\}$/\1/p' "$image/manifest.json")
initrd_file=$(sed -n 's/^ *"initrdFile": *"\(.*\)",\{0,1\}$/\1/p' "$image/manifest.json")
version=$(sed -n 's/^ *"version": *"\(.*\)",\{0,1\}$/\1/p' "$image/manifest.json")
[ -n "$cmdline" ] || { echo "no kernelCmdline in $image/manifest.json" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-boot-check.XXXXXX")
qemu_pid=""
cleanup() {
    stop_qemu
    if [ "${BERTH_BOOT_CHECK_KEEP:-0}" = 1 ]; then
        echo "kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

failures=0
results=()
note() { echo "boot-check: $*" >&2; }
pass() { results+=("PASS  $*"); note "PASS $*"; }
fail() { results+=("FAIL  $*"); note "FAIL $*"; failures=$((failures + 1)); }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- Fixtures --------------------------------------------------------------------------------
name=berth-check
share=$work/share
mkdir -p "$share" "$work/seed"
chown 1000:1000 "$share"
token=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$token" >"$share/from-host.txt"
ssh-keygen -q -t rsa -b 2048 -N '' -C berth-check -f "$work/id_rsa"
cat >"$work/seed/meta-data" <<EOF
instance-id: $name
local-hostname: $name
EOF
cat >"$work/seed/user-data" <<EOF
#cloud-config
hostname: $name
ssh_authorized_keys:
  - $(cat "$work/id_rsa.pub")
berth_shared_folder: $share
EOF
(cd "$work/seed" && genisoimage -quiet -output "$work/seed.iso" -volid cidata -joliet -rock user-data meta-data) ||
    { echo "genisoimage failed" >&2; exit 1; }
qemu-img create -q -f qcow2 -b "$image/system.qcow2" -F qcow2 "$work/system-1.qcow2"
qemu-img create -q -f qcow2 "$work/data.qcow2" 2G

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}
port=$(free_port)
ssh_opts=(-i "$work/id_rsa" -p "$port" -o BatchMode=yes -o ConnectTimeout=30 -o LogLevel=ERROR
    -o UserKnownHostsFile="$work/known_hosts")
gssh() { ssh "${ssh_opts[@]}" -o StrictHostKeyChecking=yes docker@127.0.0.1 "$@"; }

qmp() { # COMMAND: sends one QMP command on the running machine's socket
    perl -MIO::Socket::UNIX -e '
        my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "qmp: $!\n";
        <$s>; print $s "{\"execute\":\"qmp_capabilities\"}\n"; <$s>;
        print $s "{\"execute\":\"$ARGV[1]\"}\n"; my $r = <$s>; print $r;' "$work/qmp.sock" "$1"
}

boot_started=0
start_qemu() { # LABEL QEMU-ARGS...: starts the machine in the background
    local label=$1
    shift
    rm -f "$work/qmp.sock"
    boot_started=$(now)
    qemu-system-x86_64 -accel "$accel" -m 1024 -smp 2 -display none \
        -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" \
        -serial "file:$work/serial-$label.log" -qmp "unix:$work/qmp.sock,server=on,wait=off" \
        "$@" 2>"$work/qemu-$label.err" &
    qemu_pid=$!
    note "boot $label: QEMU $qemu_pid started"
}

stop_qemu() {
    if [ -n "$qemu_pid" ]; then
        kill "$qemu_pid" 2>/dev/null
        wait "$qemu_pid" 2>/dev/null
        qemu_pid=""
    fi
}

ssh_seconds=""
# QEMU's user networking accepts a forwarded connection before the guest listens and then holds it
# until the guest answers, so first wait (3 s per try) for sshd's banner, then log in with time
# to spare: an SSH login under emulation can take seconds while the guest boots.
banner() {
    timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 4 <&3" 2>/dev/null
}
wait_ssh() { # LABEL STRICT(yes|accept-new): waits up to 240 s for SSH
    local label=$1 strict=$2 deadline
    deadline=$(($(date +%s) + 240))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if ! kill -0 "$qemu_pid" 2>/dev/null; then
            fail "boot $label: QEMU exited ($(tail -n 3 "$work/qemu-$label.err" | tr '\n' ' '))"
            return 1
        fi
        # Timings under TCG mean little when another emulator shares the CPUs.
        if pgrep -f '^[^ ]*qemu-system' | grep -qvx "$qemu_pid"; then
            busy[$label]=" (another QEMU was running)"
        fi
        if [ "$(banner)" != SSH- ]; then
            sleep 0.2
            continue
        fi
        if ssh "${ssh_opts[@]}" -o StrictHostKeyChecking="$strict" docker@127.0.0.1 true 2>"$work/ssh.err"; then
            ssh_seconds=$(secs "$boot_started" "$(now)")
            pass "boot $label: SSH answers ${ssh_seconds} s after QEMU started"
            return 0
        fi
        if grep -q "REMOTE HOST IDENTIFICATION HAS CHANGED\|Host key verification failed" "$work/ssh.err"; then
            fail "boot $label: the SSH host key changed"
            stop_qemu
            return 1
        fi
        sleep 0.2
    done
    fail "boot $label: no SSH within 240 s (serial log: $(tail -n 5 "$work/serial-$label.log" | tr '\n' ' '))"
    stop_qemu
    return 1
}

power_down() { # LABEL: QMP system_powerdown, waits up to 60 s for QEMU to exit
    local label=$1 t0 i
    t0=$(now)
    qmp system_powerdown >/dev/null 2>&1 || true
    for ((i = 0; i < 600; i++)); do
        kill -0 "$qemu_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$qemu_pid" 2>/dev/null; then
        fail "boot $label: still running 60 s after system_powerdown"
        kill "$qemu_pid"
    else
        local t
        t=$(secs "$t0" "$(now)")
        if awk -v t="$t" 'BEGIN { exit !(t <= 15) }'; then
            pass "boot $label: powered off ${t} s after system_powerdown"
        else
            fail "boot $label: powered off only ${t} s after system_powerdown (want <= 15)"
        fi
    fi
    wait "$qemu_pid" 2>/dev/null
    qemu_pid=""
}

expect() { # DESCRIPTION EXPECTED COMMAND...: runs COMMAND in the guest, compares its output
    local what=$1 want=$2 got
    shift 2
    got=$(gssh "$@" 2>&1)
    if [ "$got" = "$want" ]; then pass "$what"; else fail "$what: got '$got', want '$want'"; fi
}
ok() { # DESCRIPTION COMMAND...: the guest command must succeed
    local what=$1 got
    shift
    if got=$(gssh "$@" 2>&1); then pass "$what"; else fail "$what: $(echo "$got" | tail -n 3 | tr '\n' ' ')"; fi
}

declare -A boot_secs docker_secs analyze busy
guest_facts() { # LABEL: waits for Docker, then the boot's breakdown
    local label=$1 i state=""
    boot_secs[$label]=$ssh_seconds
    for ((i = 0; i < 240; i++)); do
        state=$(gssh systemctl is-active docker 2>/dev/null)
        [ "$state" = active ] && break
        sleep 0.5
    done
    if [ "$state" = active ]; then
        docker_secs[$label]=$(secs "$boot_started" "$(now)")
        note "boot $label: docker.service active ${docker_secs[$label]} s after QEMU started"
    fi
    analyze[$label]=$(gssh systemd-analyze 2>&1 | head -n 1)
    note "boot $label: ${analyze[$label]}"
    gssh 'systemd-analyze blame 2>/dev/null | head -n 10; systemd-analyze critical-chain ssh.service 2>/dev/null' >"$work/blame-$label.txt" 2>&1
}

common_checks() { # LABEL
    local label=$1
    expect "boot $label: hostname from the seed" "$name" hostname
    ok "boot $label: sudo -n" sudo -n true
    expect "boot $label: SSH commands find dockerd (sbin in PATH)" /usr/sbin/dockerd "which dockerd"
    expect "boot $label: login shells find dockerd" /usr/sbin/dockerd "bash -lc 'which dockerd'"
    expect "boot $label: data disk on /mnt/berth-data" "berth-data ext4" 'findmnt -n -o SOURCE,FSTYPE /mnt/berth-data | { read s t; echo "$(sudo blkid -o value -s LABEL "$s") $t"; }'
    expect "boot $label: /var/lib/docker from the data disk" "[/docker]" "findmnt -n -o SOURCE /var/lib/docker | sed 's/^[^[]*//'"
    expect "boot $label: /home from the data disk" "[/home]" "findmnt -n -o SOURCE /home | sed 's/^[^[]*//'"
    expect "boot $label: shared folder at $share" "$token" cat "$share/from-host.txt"
    expect "boot $label: docker.service active" active systemctl is-active docker
    ok "boot $label: docker version" sudo docker version
    expect "boot $label: docker storage on overlay2" overlay2 "sudo docker info -f '{{.Driver}}'"
    expect "boot $label: no failed units" "" "systemctl --failed --plain --no-legend"
}

persisted_checks() { # LABEL
    local label=$1
    expect "boot $label: /home/docker file survived" "$token" cat /home/docker/persist.txt
    ok "boot $label: Docker image survived" sudo docker image inspect berth-check:tiny
}

memory=""
restart_secs=""
boot_first() {
    start_qemu 1-direct -kernel "$image/${kernel_file:-vmlinuz}" -initrd "$image/${initrd_file:-initrd.img}" -append "$cmdline" \
        -drive "file=$work/system-1.qcow2,if=virtio" -drive "file=$work/data.qcow2,if=virtio" \
        -drive "file=$work/seed.iso,media=cdrom,readonly=on" -device virtio-net-pci,netdev=n0 -device virtio-rng-pci \
        -virtfs "local,path=$share,mount_tag=berth-home,security_model=none,id=home"
    wait_ssh 1-direct accept-new || return 1
    guest_facts 1-direct
    memory=$(gssh free -m)
    common_checks 1-direct
    # The share belongs to the host user (here uid 1000, as docker); containers write as root.
    ok "boot 1-direct: shared folder writable by docker" "echo docker >$share/from-docker.txt"
    ok "boot 1-direct: shared folder writable by root" "sudo sh -c 'echo root >$share/from-root.txt'"
    if [ "$(cat "$share/from-docker.txt" "$share/from-root.txt" 2>/dev/null | tr '\n' ' ')" = "docker root " ]; then
        pass "boot 1-direct: guest writes seen on the host"
    else
        fail "boot 1-direct: guest writes not seen on the host"
    fi
    ok "boot 1-direct: write /home/docker/persist.txt" "echo $token >/home/docker/persist.txt && sync"
    # A tiny image from the guest's own echo and libc, imported and run (AppArmor, runc, overlay2).
    local t0
    t0=$(now)
    ok "boot 1-direct: docker import" 'sudo tar -ch /usr/bin/echo /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libc.so.6 2>/dev/null | sudo docker import - berth-check:tiny >/dev/null'
    expect "boot 1-direct: docker run" "hello from a container" sudo docker run --rm berth-check:tiny /usr/bin/echo hello from a container
    note "boot 1-direct: import + run took $(secs "$t0" "$(now)") s"
    # What Berth's provisioner does once it has written its drop-in and certificates.
    t0=$(now)
    ok "boot 1-direct: systemctl restart docker" sudo systemctl restart docker
    restart_secs=$(secs "$t0" "$(now)")
    note "boot 1-direct: docker restart took $restart_secs s"
    gssh sync
    power_down 1-direct
}

boot_again() {
    start_qemu 2-direct -kernel "$image/vmlinuz" -initrd "$image/initrd.img" -append "$cmdline" \
        -drive "file=$work/system-1.qcow2,if=virtio" -drive "file=$work/data.qcow2,if=virtio" \
        -drive "file=$work/seed.iso,media=cdrom,readonly=on" -device virtio-net-pci,netdev=n0 -device virtio-rng-pci \
        -virtfs "local,path=$share,mount_tag=berth-home,security_model=none,id=home"
    wait_ssh 2-direct yes || return 1
    guest_facts 2-direct
    persisted_checks 2-direct
    expect "boot 2-direct: hostname" "$name" hostname
    power_down 2-direct
}

boot_iso_bios() {
    qemu-img create -q -f qcow2 -b "$image/system.vdi" -F vdi "$work/system-vdi.qcow2"
    start_qemu 3-iso-bios \
        -device ahci,id=ahci0 \
        -drive "file=$work/system-vdi.qcow2,if=none,id=sys" -device ide-hd,drive=sys,bus=ahci0.0 \
        -drive "file=$work/data.qcow2,if=none,id=data" -device ide-hd,drive=data,bus=ahci0.1 \
        -drive "file=$image/boot.iso,if=none,id=iso,media=cdrom,readonly=on" -device ide-cd,drive=iso,bus=ahci0.2,bootindex=0 \
        -drive "file=$work/seed.iso,if=none,id=seed,media=cdrom,readonly=on" -device ide-cd,drive=seed,bus=ahci0.3 \
        -device e1000,netdev=n0 \
        -virtfs "local,path=$share,mount_tag=berth-home,security_model=none,id=home"
    wait_ssh 3-iso-bios yes || return 1
    guest_facts 3-iso-bios
    common_checks 3-iso-bios
    persisted_checks 3-iso-bios
    power_down 3-iso-bios
}

boot_iso_uefi() { # LABEL FIRMWARE-ARGS...
    local label=$1
    shift
    qemu-img create -q -f qcow2 -b "$image/system.vhdx" -F vhdx "$work/system-$label.qcow2"
    start_qemu "$label" "$@" \
        -device virtio-scsi-pci,id=scsi0 \
        -drive "file=$image/boot.iso,if=none,id=iso,media=cdrom,readonly=on" -device scsi-cd,drive=iso,bus=scsi0.0,bootindex=0 \
        -drive "file=$work/system-$label.qcow2,if=none,id=sys" -device scsi-hd,drive=sys,bus=scsi0.0 \
        -drive "file=$work/data.qcow2,if=none,id=data" -device scsi-hd,drive=data,bus=scsi0.0 \
        -drive "file=$work/seed.iso,if=none,id=seed,media=cdrom,readonly=on" -device scsi-cd,drive=seed,bus=scsi0.0 \
        -device virtio-net-pci,netdev=n0
    wait_ssh "$label" yes || return 1
    guest_facts "$label"
    expect "boot $label: booted by UEFI" yes 'test -d /sys/firmware/efi && echo yes'
    local sb
    sb=$(gssh 'od -An -tu1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c 2>/dev/null | awk "{print \$NF}"')
    note "boot $label: Secure Boot ${sb:-unknown} (1 = on)"
    [ "$label" != 5-uefi-secureboot ] || expect "boot $label: Secure Boot on" 1 'od -An -tu1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c | awk "{print \$NF}"'
    expect "boot $label: docker.service active" active systemctl is-active docker
    persisted_checks "$label"
    expect "boot $label: no failed units" "" "systemctl --failed --plain --no-legend"
    power_down "$label"
}

note "image $image ($version), accelerator $accel, work folder $work"
boot_first && boot_again
boot_iso_bios
boot_iso_uefi 4-uefi -bios /usr/share/ovmf/OVMF.fd
if [ -f /usr/share/OVMF/OVMF_CODE_4M.secboot.fd ] && [ -f /usr/share/OVMF/OVMF_VARS_4M.ms.fd ]; then
    cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$work/vars.fd"
    boot_iso_uefi 5-uefi-secureboot -machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on \
        -drive if=pflash,format=raw,unit=0,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd,readonly=on \
        -drive "if=pflash,format=raw,unit=1,file=$work/vars.fd"
else
    note "no OVMF Secure Boot firmware with Microsoft keys: Secure Boot not checked"
fi

# --- Report ----------------------------------------------------------------------------------
{
    echo
    echo "Berth VM image $version ($image), accelerator $accel"
    printf '%s\n' "${results[@]}"
    echo
    echo "Seconds from QEMU start to SSH answering and to docker.service active; the guest's view:"
    for label in 1-direct 2-direct 3-iso-bios 4-uefi 5-uefi-secureboot; do
        [ -n "${boot_secs[$label]:-}" ] &&
            printf '  %-18s SSH %5s  Docker %5s  %s%s\n' "$label" "${boot_secs[$label]}" "${docker_secs[$label]:-?}" \
                "${analyze[$label]:-}" "${busy[$label]:-}"
    done
    echo "  docker restart (as after provisioning): ${restart_secs:-?} s"
    echo
    echo "Slowest units and SSH's critical chain on the second boot:"
    sed 's/^/  /' "$work/blame-2-direct.txt" 2>/dev/null
    echo
    echo "Guest memory after the first boot (free -m):"
    echo "$memory" | sed 's/^/  /'
    echo
    echo "Sizes:"
    for f in system.qcow2 system.vdi system.vhdx boot.iso vmlinuz initrd.img ${initrd_file:-}; do
        printf '  %-17s %6s MB\n' "$f" "$(($(stat -c %s "$image/$f") / 1048576))"
    done
    if command -v xz >/dev/null; then
        qemu-img convert -O raw "$image/system.qcow2" "$work/system.raw"
        printf '  %-14s %6s MB (raw %s MB)\n' "system.raw.xz" \
            "$(($(xz -T0 -6 -c "$work/system.raw" | wc -c) / 1048576))" "$(($(stat -c %s "$work/system.raw") / 1048576))"
        rm -f "$work/system.raw"
    fi
    echo
    if [ "$failures" = 0 ]; then echo "boot-check: all checks passed"; else echo "boot-check: $failures check(s) failed"; fi
} | tee "$work/report.txt"
[ "$failures" = 0 ]
