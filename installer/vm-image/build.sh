#!/usr/bin/env bash
# Builds (or finds cached) the Berth VM image described in README.md: a small Debian 13 Docker
# host as system.qcow2/.vdi/.vhdx, vmlinux (or vmlinuz) + initrd-virtio.img for QEMU's direct
# kernel boot, vmlinuz + initrd.img in a hybrid BIOS+UEFI boot.iso (Debian's signed shim and GRUB:
# Secure Boot with the Microsoft UEFI CA) and manifest.json.
#
#   sudo installer/vm-image/build.sh      # progress on stderr; the output folder is the last
#                                         # line on stdout
#
# Output: ${BERTH_CACHE:-/var/cache/berth}/vm-image-<hash of this folder's recipe>/, complete
# when it holds .complete (and manifest.json); reused as long as the recipe is unchanged. Builds
# in a temporary folder beside it and renames it at the end; older vm-image-* folders are then
# deleted. BERTH_IMAGE_SUITE=bookworm builds the Debian 12 image of Berth 0.1 instead (what machines made
# before upgrade from: tests/integration/tst_upgrade.cpp), in the bookworm/ folder of that cache, where
# Berth does not look for images. Needs root, Debian's package mirror (the one this machine's apt uses, or
# BERTH_DEBIAN_MIRROR / BERTH_DEBIAN_SECURITY_MIRROR) and debootstrap, e2fsprogs, qemu-utils,
# grub-pc-bin, xorriso, mtools, dosfstools. Mounts nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian 13 (Docker 26.1, Linux 6.12); Debian 12 (Docker 20.10, Linux 6.1) was the image of version 0.1.
suite=${BERTH_IMAGE_SUITE:-trixie}
case "$suite" in
    trixie) image_version=0.2.0 ;;
    bookworm) image_version=0.1.0 ;;
    *) echo "vm-image: BERTH_IMAGE_SUITE is trixie (the default) or bookworm, not '$suite'" >&2; exit 2 ;;
esac
packages=linux-image-amd64,systemd-sysv,udev,kmod,dbus,libpam-systemd,apparmor,openssh-server
packages+=,docker.io,iptables,ca-certificates,iproute2,sudo,e2fsprogs,systemd-resolved
packages+=,systemd-timesyncd,procps,xz-utils,zstd,hyperv-daemons
# Debian 13's docker.io only recommends its CLI, now a package of its own (debootstrap takes no recommends).
[ "$suite" = bookworm ] || packages+=,docker-cli
# Downloaded for the boot ISO and QEMU's initrd only, never installed in the image.
signed_boot_packages="shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed"
initrd_packages="busybox-static"
# net.ifnames=0: the network adapters keep the kernel's names (eth0, eth1, as in boot2docker). A renamed one waits
# for udev's event of its new name, queued after the whole coldplug (10 s and more under emulation): only then does
# networkd configure it, and until then sshd cannot be reached (systemd-udev-trigger.service.d/berth-image.conf).
# panic=1: a guest kernel that panics starts again a second later rather than hanging until someone kills the VM. Under
# emulation (QEMU 7.2's TCG, 2 vCPUs) Debian 13's kernel panicked in its first 4 s in 2 of about 85 boots here, on a busy
# host (one of them an int3 of its code patching, met after the patching was done: README.md, "Boot time").
kernel_cmdline="root=LABEL=berth-root rw console=tty0 console=ttyS0,115200 quiet net.ifnames=0 panic=1"
# Debian 13's systemd, built with its BPF framework (Debian 12's is not), attaches its bpf-restrict-fs program to the
# kernel's BPF LSM before it starts any unit: over a second of each boot under emulation, for RestrictFileSystems= of
# units the image does not run. Without bpf in lsm= it does not; the kernel's other security modules as they are.
[ "$suite" = bookworm ] || kernel_cmdline+=" lsm=lockdown,capability,landlock,yama,apparmor,tomoyo,ipe,ima,evm"
cache=${BERTH_CACHE:-/var/cache/berth}
# A build deletes the other images of its folder, and Berth takes the newest of them.
[ "$suite" = trixie ] || cache+=/$suite

start_time=$(date +%s)
log() { echo "vm-image [$(($(date +%s) - start_time))s]: $*" >&2; }
die() { echo "vm-image: $*" >&2; exit 1; }
trap 'echo "vm-image: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# The recipe: every file of this folder but the ones that do not change the image.
recipe_hash() {
    (
        cd "$here"
        find . -type f ! -name README.md ! -name boot-check.sh ! -name '*~' -print0 | LC_ALL=C sort -z |
            while IFS= read -r -d '' f; do
                printf '%s %s %s\n' "$f" "$(test -x "$f" && echo x || echo -)" "$(sha256sum <"$f" | cut -c1-64)"
            done
    ) | sha256sum | cut -c1-16
}

# The Debian mirror this machine's apt uses (deb822 or one-line sources), as tests/host/build-root.sh.
apt_mirror() { # security|main
    local pick='$2 !~ /security/'
    [ "$1" = security ] && pick='$2 ~ /security/'
    local uri
    uri=$(awk "/^URIs:/ && $pick {print \$2; exit}" /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk "\$1 == \"deb\" && $pick {print \$2; exit}" /etc/apt/sources.list 2>/dev/null || true)
    echo "$uri"
}

hash=$(recipe_hash)
hash=$(echo "$hash $suite" | sha256sum | cut -c1-16)
version="$image_version-$hash"
dest="$cache/vm-image-$hash"

if [ -f "$dest/.complete" ] && [ -f "$dest/manifest.json" ]; then
    log "cached: $dest"
    echo "$dest"
    exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot)"
for tool in debootstrap chroot mkfs.ext4 qemu-img grub-mkimage xorriso mkfs.vfat mcopy mmd sha256sum xz zstd; do
    command -v "$tool" >/dev/null || die "$tool is missing (packages: debootstrap e2fsprogs qemu-utils grub-pc-bin grub-efi-amd64-bin xorriso mtools dosfstools xz-utils zstd)"
done
[ -f /usr/lib/grub/i386-pc/boot_hybrid.img ] || die "grub-pc-bin is missing"
mirror=${BERTH_DEBIAN_MIRROR:-$(apt_mirror main)}
security_mirror=${BERTH_DEBIAN_SECURITY_MIRROR:-$(apt_mirror security)}
[ -n "$mirror" ] || die "No Debian mirror found in /etc/apt; set BERTH_DEBIAN_MIRROR"

mkdir -p "$cache"
# One build at a time; a second caller waits and then finds the first one's result.
exec 9>"$cache/.vm-image.lock"
flock 9
if [ -f "$dest/.complete" ] && [ -f "$dest/manifest.json" ]; then
    log "built meanwhile: $dest"
    echo "$dest"
    exit 0
fi

# The temporary folder does not match vm-image-* (what Berth looks for).
tmp=$(mktemp -d "$cache/.vm-image-build.XXXXXX")
cleanup() {
    # debootstrap may leave /proc, /sys or /dev mounted in the root when it fails: never delete
    # through a mount.
    findmnt -rn -o TARGET | grep "^$tmp/" | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
    rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
root=$tmp/root
out=$tmp/out
mkdir -p "$out"
buildlog=$out/build.log
log "building $version in $tmp (log: $buildlog), from $mirror"

run() { # COMMAND...: output to the build log, shown on failure
    if ! "$@" >>"$buildlog" 2>&1; then
        tail -n 30 "$buildlog" >&2
        die "failed: $*"
    fi
}
in_root() {
    run chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true "$@"
}

# --- 1. Debian -------------------------------------------------------------------------------
log "debootstrap $suite (minbase + $packages)"
run debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror"

# Build-time settings: no service starts in the chroot, and apt resolves names as this machine.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
rm -f "$root/etc/resolv.conf"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"

# The image's own files first, so upgrades below already leave docs out and use the initrd setup.
# File by file, owned by root, so the clone's owners and modes never reach the image's folders.
(cd "$here/rootfs" && find . -type f) | while read -r f; do
    mode=0644
    [ -x "$here/rootfs/$f" ] && mode=0755
    install -D -o root -g root -m "$mode" "$here/rootfs/$f" "$root/$f"
done
chmod 0440 "$root/etc/sudoers.d/berth"

# Stable updates and security fixes, from the same mirrors.
rm -f "$root/etc/apt/sources.list"
{
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$mirror" "$suite" "$suite"
    if [ -n "$security_mirror" ]; then
        printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "$security_mirror" "$suite"
    fi
} >"$root/etc/apt/sources.list.d/debian.sources"
[ -n "$security_mirror" ] || log "warning: no security mirror in /etc/apt: the image has no security updates"
log "apt-get update and dist-upgrade"
in_root apt-get update
in_root apt-get -y -o Dpkg::Options::=--force-confold dist-upgrade
# Only the kernel linux-image-amd64 now points at.
kernel_package=$(chroot "$root" dpkg-query -W -f='${Depends}' linux-image-amd64 | sed 's/[ ,(].*//')
old_kernels=$(chroot "$root" dpkg-query -W -f='${Package} ${Status}\n' 'linux-image-[0-9]*' |
    awk -v keep="$kernel_package" '$1 != keep && $NF == "installed" {print $1}')
[ -z "$old_kernels" ] || in_root apt-get -y purge $old_kernels
in_root apt-get -y autoremove --purge
kver=${kernel_package#linux-image-}
[ -f "$root/boot/vmlinuz-$kver" ] || die "no kernel $kver in the root"

# Debian's signed shim and GRUB for the ISO's EFI boot image, and busybox for QEMU's initrd:
# downloaded, unpacked outside the root.
log "fetching $signed_boot_packages $initrd_packages"
mkdir -p "$root/tmp/signed" "$tmp/signed"
in_root sh -c "cd /tmp/signed && apt-get download $signed_boot_packages $initrd_packages"
for deb in "$root"/tmp/signed/*.deb; do
    run dpkg-deb -x "$deb" "$tmp/signed"
done
rm -rf "$root/tmp/signed"
# Debian 12's package has /bin/busybox, Debian 13's /usr/bin/busybox.
busybox=
for b in "$tmp/signed/usr/bin/busybox" "$tmp/signed/bin/busybox"; do
    if [ -x "$b" ]; then busybox=$b; break; fi
done
[ -n "$busybox" ] || die "busybox-static holds no busybox"

# --- 2. Configuration --------------------------------------------------------------------------
log "configuring"
echo berth >"$root/etc/hostname"
cat >"$root/etc/hosts" <<'EOF'
127.0.0.1	localhost
127.0.1.1	berth
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
cat >"$root/etc/fstab" <<'EOF'
# The system disk. The data disk (/mnt/berth-data, with /var/lib/docker and /home bound from it)
# is mounted by berth-firstboot.service.
LABEL=berth-root	/	ext4	errors=remount-ro,discard	0	1
EOF
mkdir -p "$root/mnt/berth-data" "$root/var/lib/docker"

# docker: uid and gid 1000 (the docker group, renumbered), also in sudo; no password.
old_gid=$(chroot "$root" getent group docker | cut -d: -f3)
if [ "$old_gid" != 1000 ]; then
    in_root groupmod -g 1000 docker
    find "$root" -xdev -gid "$old_gid" -exec chgrp -h 1000 {} +
fi
in_root useradd -m -u 1000 -g docker -G sudo -s /bin/bash -c "Docker" docker
in_root passwd -l docker
# No per-user service manager (user@UID.service, a second systemd with its generators): nothing on a
# Docker host uses one, and under emulation starting it cost 2 s of CPU while Docker started.
# Logins work without it (logind skips a masked unit); XDG_RUNTIME_DIR still comes from
# user-runtime-dir@.service.
in_root systemctl mask user@.service
# The legacy iptables backend: dockerd runs iptables about a hundred times as it starts, and each
# run of the nf_tables one costs a quarter more under emulation (it reads the whole ruleset back).
in_root update-alternatives --set iptables /usr/sbin/iptables-legacy
in_root update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy

# Services: networkd (DHCP), resolved, sshd, docker; Berth's first-boot unit; berth-reclaim (an idle
# VM's file cache back to the host); berth-emulated (no address-space randomization under TCG); nothing periodic.
in_root systemctl enable systemd-networkd.service systemd-resolved.service berth-firstboot.service \
    berth-seed-units.service berth-shared-folder.service ssh.service docker.service containerd.service \
    berth-reclaim.service berth-emulated.service
# Each unit costs about a second of CPU under emulation (QEMU TCG), where the CPU is the limit.
# apparmor.service only loads the profiles in /etc/apparmor.d (none a Docker host uses); dockerd
# loads its own docker-default profile with apparmor_parser.
# The modules the modprobe@ units load come on demand anyway (loop, fuse, dm_mod by their /dev
# nodes). Nothing needs to wait for the network to be "online": dockerd and sshd listen on every
# address, and user-mode or NAT networking answers DHCP at once (systemd-networkd-wait-online
# kept Docker waiting seconds after its NIC was configured).
# Debian 13 mounts a tmpfs on /tmp (tmp.mount): /tmp stays on the system disk, as in Debian 12, rather
# than in the memory the VM is given. Nor are these of use here: the network generator (reads ip= from
# the kernel's command line), udev's and networkd's credentials and persistent storage, sshd-keygen
# (berth-firstboot keeps the host keys on the data disk), fstrim's weekly timer (the disks are
# mounted with discard).
in_root systemctl mask systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
    dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service apparmor.service systemd-pstore.service \
    modprobe@drm.service modprobe@dm_mod.service modprobe@loop.service modprobe@fuse.service \
    modprobe@configfs.service sys-fs-fuse-connections.mount sys-kernel-config.mount \
    sys-kernel-debug.mount sys-kernel-tracing.mount tmp.mount systemd-network-generator.service \
    systemd-udev-load-credentials.service systemd-networkd-persistent-storage.service sshd-keygen.service \
    fstrim.timer
# Generators for what the image has not got (SysV scripts, GPT auto-mounts, hibernation,
# dm-verity/integrity/crypt, rc.local, offline updates, Debian 13's sshd on AF_VSOCK and AF_UNIX, TPM2).
mkdir -p "$root/etc/systemd/system-generators"
for g in systemd-sysv-generator systemd-gpt-auto-generator systemd-hibernate-resume-generator \
    systemd-integritysetup-generator systemd-veritysetup-generator systemd-cryptsetup-generator \
    systemd-rc-local-generator systemd-run-generator systemd-system-update-generator systemd-ssh-generator \
    systemd-tpm2-generator; do
    ln -sf /dev/null "$root/etc/systemd/system-generators/$g"
done
# Orderings a Docker VM's boot need not wait for, under emulation seconds each: the package's unit
# copied to /etc with them dropped (checked), enabled again from the copy.
# - resolved is ordered before sysinit.target and network.target, so everything, sshd and Docker
#   included, waited about 2.5 s for it; neither needs it to start (sshd does no DNS lookups;
#   Docker reads resolved's upstream servers when it creates a container). Started by
#   multi-user.target instead.
# - containerd and Docker wait for network.target / network-online.target, i.e. for networkd to
#   configure the NIC (about 2 s); neither needs it: they listen on every address, and Docker's
#   bridge and firewall rules do not depend on the NIC. Starts 4-5 s sooner to Docker over TLS.
# - Debian 13's containerd also waits for dbus.service and Docker for time-set.target, both after
#   sysinit.target and basic.target (about 30 s under emulation). containerd talks to no D-Bus as
#   it starts (runc asks systemd for a container's scope later, through dbus.socket), and the
#   VM's clock is the host's from power-on (the real-time clock; Berth's agent corrects it).
# - Docker's ExecStart names containerd's socket (--containerd=): /etc/docker/daemon.json names it
#   instead (dockerd refuses both), so that a dockerd started by Berth's drop-in, which replaces the
#   ExecStart, also waits for the system's containerd rather than starting one of its own
#   (containerd.service.d/berth-image.conf).
without_ordering() { # UNIT SED-EXPRESSION FORBIDDEN-REGEX
    in_root systemctl disable "$1"
    sed -e "$2" "$root/lib/systemd/system/$1" >"$root/etc/systemd/system/$1"
    if grep -Eq "$3" "$root/etc/systemd/system/$1"; then die "$1: ordering not removed ($3)"; fi
    in_root systemctl enable "$1"
}
without_ordering systemd-resolved.service \
    '/^Before=/{s/\([= ]\)\(sysinit\|network\)\.target/\1/g;s/  */ /g;s/= /=/};s/^WantedBy=sysinit\.target/WantedBy=multi-user.target/' \
    '^(Before=.*(sysinit|network)\.target|WantedBy=sysinit)'
without_ordering containerd.service \
    '/^After=/{s/\([= ]\)\(network\.target\|dbus\.service\)/\1/g;s/  */ /g;s/= /=/}' '^After=.*(network|dbus)'
without_ordering docker.service \
    '/^\(After\|Wants\)=/{s/\([= ]\)\(network-online\|time-set\)\.target/\1/g;s/  */ /g;s/= /=/};/^ExecStart=/s/ --containerd=[^ ]*//' \
    '^(After|Wants)=.*(network|time-set)|^ExecStart=.*--containerd'
[ "$(cat "$root/etc/docker/daemon.json")" = '{"containerd": "/run/containerd/containerd.sock"}' ] ||
    die "/etc/docker/daemon.json does not name containerd's socket"
in_root systemctl set-default multi-user.target
# How Docker runs here, for the manifest: Berth's QEMU driver writes the engine's configuration on
# the seed from it, before the first boot.
engine_dockerd=/usr/sbin/dockerd
[ -x "$root$engine_dockerd" ] || die "no $engine_dockerd in the image"
[ -f "$root/lib/systemd/system/docker.socket" ] || die "no docker.socket in the image"
# The serial console gets its getty from console=ttyS0; no password can log in anyway.

# No host keys in the image: berth-firstboot makes them on the data disk.
rm -f "$root"/etc/ssh/ssh_host_*
# No message of the day: pam_motd would run /etc/update-motd.d (three programs) for every SSH
# session, also for each command Berth runs.
sed -i '/pam_motd\.so/d' "$root/etc/pam.d/sshd"
rm -f "$root"/etc/update-motd.d/* "$root/etc/motd"

# --- 3. Kernel modules and initrd --------------------------------------------------------------
log "trimming kernel modules for $kver"
moddir=$root/lib/modules/$kver
cp "$moddir/modules.dep" "$tmp/modules.dep.full"
(
    cd "$moddir"
    find kernel -name '*.ko*' | awk -v rules="$here/modules.txt" '
        BEGIN { while ((getline line < rules) > 0) if (line ~ /^(keep|drop) /) { split(line, f, " "); act[f[2]] = f[1] } }
        { best = ""; for (p in act) if (index($0, p) == 1 && length(p) > length(best)) best = p
          if (best == "" || act[best] == "drop") print }' | xargs -r rm -f
    # A kept module whose dependency went goes too (until nothing changes).
    while :; do
        orphans=$(awk -F': ' '{ n = split($2, d, " "); for (i = 1; i <= n; i++) print $1, d[i] }' "$tmp/modules.dep.full" |
            while read -r m d; do if [ -e "$m" ] && [ ! -e "$d" ]; then echo "$m"; fi; done | sort -u)
        [ -n "$orphans" ] || break
        echo "$orphans" | xargs rm -f
        echo "dropped for missing dependencies: $orphans" >>"$buildlog"
    done
    find kernel -type d -empty -delete
    # Debian 13 compresses its modules (xz): under emulation, unpacking the dozen that Docker's start
    # loads cost about 20 s of each boot. Uncompressed, as Debian 12's are.
    find kernel -name '*.ko.xz' -exec xz -d {} +
)
in_root depmod -a "$kver"
# What Berth and Docker need must still be there.
for m in virtio_blk virtio_pci virtio_scsi virtio_net virtio_balloon virtio_console virtio_rng ahci ata_piix \
    sd_mod sr_mod hv_vmbus hv_storvsc hv_netvsc hv_utils hv_balloon hv_sock hyperv_keyboard hid_hyperv hyperv_drm \
    e1000 e1000e pcnet32 vmxnet3 vboxguest vboxsf ext4 isofs udf vfat overlay 9p 9pnet_virtio fuse virtiofs \
    bridge br_netfilter veth vxlan ip_vs tun loop dm_mod dm_thin_pool nf_nat nf_conntrack xt_MASQUERADE \
    xt_conntrack xt_addrtype iptable_nat iptable_filter ip6table_nat nft_chain_nat nft_compat \
    ipvlan macvlan nfs cifs; do
    chroot "$root" modprobe -S "$kver" -n -q "$m" || die "kernel module $m is missing after trimming (see modules.txt)"
done
log "kernel modules: $(du -sh "$moddir" | cut -f1)"

log "initrd"
in_root update-initramfs -u -k "$kver"
cp "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$out/initrd.img"
# QEMU's fast path has a virtio system disk, always: its initrd is busybox, the modules for that
# disk and ext4 (in load order, from modprobe) and initrd-virtio/init; uncompressed, nothing to
# unpack under emulation. initrd.img (udev, every disk controller) stays for the boot ISO.
log "initrd-virtio.img"
ird=$tmp/initrd-virtio
mkdir -p "$ird/bin" "$ird/dev" "$ird/proc" "$ird/sys" "$ird/root" "$ird/lib/modules"
cp "$busybox" "$ird/bin/busybox"
for applet in sh awk cat echo findfs insmod mkdir mount od poweroff sed sleep switch_root umount usleep; do
    ln -s busybox "$ird/bin/$applet"
done
install -m 0755 "$here/initrd-virtio/init" "$ird/init"
# And the virtio NIC's driver, so that the NIC exists before udev's coldplug (rootfs/etc/systemd/system/
# systemd-udev-trigger.service.d/berth-image.conf says why).
chroot "$root" modprobe -a -S "$kver" --show-depends virtio_pci virtio_blk virtio_net crc32c_generic ext4 \
    >"$tmp/initrd-modules" ||
    die "modprobe cannot resolve the initrd's modules"
# Uncompressed, as the whole initrd is (Debian 13 ships its modules xz-compressed).
awk '$1 == "insmod" && !seen[$2]++ {print $2}' "$tmp/initrd-modules" | while read -r ko; do
    name=$(basename "$ko")
    case "$name" in
    *.ko.xz) name=${name%.xz}; xz -dc "$root$ko" >"$ird/lib/modules/$name" ;;
    *.ko) cp "$root$ko" "$ird/lib/modules/" ;;
    *) die "initrd module $ko: neither .ko nor .ko.xz" ;;
    esac
    echo "$name" >>"$ird/lib/modules/load-order"
done
for m in ext4 virtio_blk virtio_net; do
    grep -q "^$m\.ko\$" "$ird/lib/modules/load-order" && continue
    cat "$tmp/initrd-modules" >&2
    die "initrd-virtio.img lacks $m (modprobe's list above)"
done
(cd "$ird" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc) >"$out/initrd-virtio.img" 2>>"$buildlog"
rm -rf "$ird" "$tmp/initrd-modules"
# QEMU's fast path boots the kernel uncompressed through its PVH entry: no real-mode setup and no
# decompressing some 60 MB under emulation (about 4 s of each boot under TCG). The kernel is the
# payload of vmlinuz (x86 boot protocol: its offset and length in the setup header, the last 4 bytes
# the uncompressed size), xz in Debian 12, zstd in Debian 13; it must carry the PVH ELF note (Xen note
# type 0x12).
kernel_file=vmlinuz
le32() { od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '; }
setup_sects=$(od -An -t u1 -j $((0x1f1)) -N 1 "$out/vmlinuz" | tr -d ' ')
[ "$setup_sects" != 0 ] || setup_sects=4
payload_at=$(((setup_sects + 1) * 512 + $(le32 "$out/vmlinuz" $((0x248)))))
payload_length=$(($(le32 "$out/vmlinuz" $((0x24c))) - 4))
dd if="$out/vmlinuz" of="$tmp/kernel.payload" iflag=skip_bytes,count_bytes skip="$payload_at" count="$payload_length" \
    bs=1M status=none
case "$(od -An -t x1 -N 4 "$tmp/kernel.payload" | tr -d ' ')" in
fd377a58) decompress="xz -dc" ;;
28b52ffd) decompress="zstd -q -dc" ;;
*) decompress= ;;
esac
if [ -n "$decompress" ] && $decompress "$tmp/kernel.payload" >"$out/vmlinux" 2>>"$buildlog" &&
    LC_ALL=C grep -qaP '\x04\x00\x00\x00\x08\x00\x00\x00\x12\x00\x00\x00Xen\x00' "$out/vmlinux"; then
    kernel_file=vmlinux
    # Its .bss (some 23 MB of zeros) as memory the loader clears, not file data QEMU keeps mapped.
    run python3 "$here/elf-zero-tail.py" "$out/vmlinux"
fi
rm -f "$tmp/kernel.payload"
[ "$kernel_file" = vmlinux ] || { rm -f "$out/vmlinux"; log "warning: no PVH kernel; QEMU boots vmlinuz"; }

# --- 4. Trimming -------------------------------------------------------------------------------
log "trimming"
in_root apt-get clean
rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
# resolved's list of the network's DNS servers rather than its local stub: Docker copies this file
# into containers (which cannot reach the VM's 127.0.0.53) whenever it starts one, and no longer
# depends on having seen the stub when the daemon started (it may start before resolved).
ln -s ../run/systemd/resolve/resolv.conf "$root/etc/resolv.conf"
rm -rf "${root:?}"/boot/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
    "$root"/var/lib/dpkg/*-old "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian \
    "$root"/lib/firmware "$root"/usr/lib/firmware "$root"/usr/lib/udev/hwdb.d/* "$root"/usr/lib/udev/hwdb.bin \
    "$root"/etc/udev/hwdb.bin "$root"/tmp/* "$root"/var/tmp/* "$root"/root/.bash_history
# Docs but their copyright files; translations but locale.alias.
find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
# libnetwork's test tools that Debian's docker.io ships; Docker does not use them.
rm -f "$root/usr/bin/dnet" "$root/usr/sbin/ovrouter"
find "$root/var/log" -type f -delete
# Each machine gets its own machine-id at its first boot (empty file: not "first boot" for presets).
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id" "$root/var/lib/systemd/random-seed"
# /etc and /var are up to date with /usr: no ldconfig, hwdb or catalog rebuild at boot.
touch "$root/usr"
usr_ns=$(stat -c %.9Y "$root/usr" | tr -d .)
for d in etc var; do
    printf '# This file was created by systemd-update-done. Its only purpose is to prevent a burst of\n# activity at boot.\nTIMESTAMP_NSEC=%s\n' "$usr_ns" >"$root/$d/.updated"
    touch -r "$root/usr" "$root/$d/.updated"
done
chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' >"$out/packages.txt"

# --- 5. Disks ----------------------------------------------------------------------------------
used_mb=$(du -s -x --block-size=1M "$root" | cut -f1)
# Content + a third + 512 MB for logs and whatever a user installs; whole 64 MB steps.
size_mb=$(((used_mb * 4 / 3 + 512 + 63) / 64 * 64))
log "system disk: ${used_mb} MB of files in a ${size_mb} MB ext4 filesystem"
run mkfs.ext4 -q -F -L berth-root -m 1 -E lazy_itable_init=0,lazy_journal_init=0 -d "$root" "$tmp/system.raw" "${size_mb}M"
run e2fsck -fn "$tmp/system.raw"
rm -rf --one-file-system "$root"
log "converting to qcow2 (compressed), VDI and VHDX"
# zstd rather than zlib: QEMU decompresses on every read of a machine's system disk (its overlay's
# backing file), and zstd does that several times faster.
run qemu-img convert -c -O qcow2 -o compat=1.1,compression_type=zstd "$tmp/system.raw" "$out/system.qcow2" &
qcow_pid=$!
run qemu-img convert -O vdi "$tmp/system.raw" "$out/system.vdi"
run qemu-img convert -O vhdx -o subformat=dynamic "$tmp/system.raw" "$out/system.vhdx"
wait "$qcow_pid" || die "qemu-img convert to qcow2 failed"
rm -f "$tmp/system.raw"

# --- 6. Boot ISO -------------------------------------------------------------------------------
# grub-mkrescue's layout (BIOS El Torito GRUB + an EFI boot image, hybrid MBR/GPT), but the EFI
# image holds Debian's Microsoft-signed shim and Debian-signed GRUB (which finds the ISO by
# /.disk/info and reads /boot/grub/grub.cfg), so it boots with Secure Boot on.
log "boot.iso"
iso=$tmp/iso
mkdir -p "$iso/boot/grub/i386-pc" "$iso/.disk"
echo "Berth VM image $version" >"$iso/.disk/info"
cp "$out/vmlinuz" "$out/initrd.img" "$iso/boot/"
cat >"$iso/boot/grub/grub.cfg" <<EOF
set default=0
set timeout=0
set timeout_style=hidden
menuentry "Berth $version" {
    linux /boot/vmlinuz $kernel_cmdline
    initrd /boot/initrd.img
}
EOF
cp /usr/lib/grub/i386-pc/*.mod /usr/lib/grub/i386-pc/*.lst "$iso/boot/grub/i386-pc/"
run grub-mkimage -O i386-pc-eltorito -d /usr/lib/grub/i386-pc -p /boot/grub \
    -o "$iso/boot/grub/i386-pc/eltorito.img" biosdisk iso9660
efi_img=$iso/boot/grub/efi.img
run mkfs.vfat -C -n BERTH-EFI "$efi_img" 8192
run mmd -i "$efi_img" ::/EFI ::/EFI/BOOT
run mcopy -i "$efi_img" "$tmp/signed/usr/lib/shim/shimx64.efi.signed" ::/EFI/BOOT/BOOTX64.EFI
run mcopy -i "$efi_img" "$tmp/signed/usr/lib/shim/mmx64.efi.signed" ::/EFI/BOOT/mmx64.efi
run mcopy -i "$efi_img" "$tmp/signed/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed" ::/EFI/BOOT/grubx64.efi
run xorriso -as mkisofs -graft-points -r -J -joliet-long -V BERTH \
    -b boot/grub/i386-pc/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info \
    --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img \
    --efi-boot boot/grub/efi.img -efi-boot-part --efi-boot-image --protective-msdos-label \
    -o "$out/boot.iso" "$iso"
rm -rf "$iso" "$tmp/signed"

# --- 7. Manifest -------------------------------------------------------------------------------
log "manifest"
{
    printf '{\n  "version": "%s",\n  "kernelCmdline": "%s",\n  "kernel": "%s",\n  "kernelFile": "%s",\n  "initrdFile": "%s",\n  "debian": "%s",\n' \
        "$version" "$kernel_cmdline" "$kver" "$kernel_file" initrd-virtio.img "$suite"
    printf '  "engine": {"init": "systemd", "dockerd": "%s", "socketActivation": true},\n' "$engine_dockerd"
    # How berth-firstboot mounts the shared folder "berth-home" (older images: 9p and vboxsf only).
    printf '  "sharedFolders": ["virtiofs", "9p", "vboxsf"],\n  "files": {\n'
    sep=""
    files="system.qcow2 system.vdi system.vhdx vmlinuz initrd.img initrd-virtio.img boot.iso"
    [ "$kernel_file" = vmlinuz ] || files+=" $kernel_file"
    for f in $files; do
        printf '%s    "%s": {"sha256": "%s", "size": %s}' "$sep" "$f" \
            "$(sha256sum "$out/$f" | cut -c1-64)" "$(stat -c %s "$out/$f")"
        sep=$',\n'
    done
    printf '\n  }\n}\n'
} >"$out/manifest.json"
touch "$out/.complete"

rm -rf "$dest"
mv "$out" "$dest"
cleanup
trap - EXIT
for old in "$cache"/vm-image-*; do
    [ "$old" = "$dest" ] || rm -rf "$old"
done
log "done: $(du -sh "$dest" | cut -f1) in $dest"
echo "$dest"
