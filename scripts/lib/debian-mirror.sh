# Sourced: apt_mirror security|main prints the Debian mirror this machine's apt uses (deb822 or one-line
# sources), empty when it names none. (scripts/windows-toolchain.sh and installer/vm-image/build.sh keep copies
# of their own: their caches' hashes cover their own text.)
apt_mirror() {
    local pick='$2 !~ /security/'
    [ "$1" = security ] && pick='$2 ~ /security/'
    local uri
    uri=$(awk "/^URIs:/ && $pick {print \$2; exit}" /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk "\$1 == \"deb\" && $pick {print \$2; exit}" /etc/apt/sources.list 2>/dev/null || true)
    echo "${uri:-http://deb.debian.org/$([ "$1" = security ] && echo debian-security || echo debian)}"
}
