#!/usr/bin/env bash
# Installs what Berth needs from Debian 12's packages. Idempotent: installs only what is missing.
#   scripts/setup.sh          build and run dependencies
#   scripts/setup.sh --vm     also QEMU and what builds the VM image (installer/vm-image/build.sh)
#   scripts/setup.sh --windows  also what cross-builds Berth for Windows and runs it: mingw-w64, Wine
#   scripts/setup.sh --test   also what the tests start: sshd, dockerd and the docker CLI, a Secret Service
#                             (gnome-keyring in a private D-Bus session), tools that check output, and all
#                             of --vm and --windows
set -euo pipefail

# qt6-l10n-tools: lupdate and lrelease (translations/); qt6-translations-l10n: Qt's own messages
# translated; python3: scripts/update-translations.sh.
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n python3
    qtkeychain-qt6-dev libsecret-1-0 libssh-dev libssl-dev
    openssh-client
    # berth-desktop on X11 (Qt's xcb platform plugin)
    qt6-qpa-plugins
)
vm=(qemu-system-x86 qemu-utils debootstrap grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools dosfstools e2fsprogs ovmf xz-utils zstd)
# dpkg-dev: apt-get source unpacks with dpkg-source; zip: the portable folder.
windows=(mingw-w64 gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix wine64 dpkg-dev make perl zip)
case "${1:-}" in
    --vm) packages+=("${vm[@]}") ;;
    --windows) packages+=("${windows[@]}") ;;
    --test)
        # systemd: systemd-analyze verify; zsh, fish, tcsh: `env` output evaluated by each shell;
        packages+=("${vm[@]}" "${windows[@]}" openssh-server docker.io iproute2 openssl util-linux busybox-static procps strace time
            clang-format genisoimage systemd zsh fish tcsh
            # the doubles' DHCP servers: VBoxManage's host-only networks, Hyper-V's switches (tests/doubles)
            dnsmasq-base
            # the Hyper-V double's SMB shares (smbd on each switch; tests/doubles/powershell)
            samba
            # the keychain test: a Secret Service (gnome-keyring) on a D-Bus of its own, secret-tool to check it
            gnome-keyring dbus libsecret-tools
            # the desktop app's tests and screenshots: an X server, a tray host, a terminal, a way to click
            # and to capture, and a font with Chinese glyphs
            xvfb trayer xterm xdotool imagemagick fonts-wqy-microhei)
        ;;
    "") ;;
    *) echo "usage: scripts/setup.sh [--vm|--windows|--test]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -q
# A package's postinst may try to start its service (docker.io, ssh); tests start their own.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
# Samba's package starts the computer's own file server where systemd runs: the tests start theirs, in a
# network namespace, and this computer shares nothing it did not share before.
if [[ " ${missing[*]} " == *" samba "* ]] && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now smbd.service nmbd.service 2>/dev/null || true
fi
