#!/usr/bin/env bash
# Builds (or finds cached) the Debian 12 root filesystem that integration tests boot as a
# "remote" Docker host: real sshd, real dockerd. Cached outside the repo, keyed by this recipe.
# Prints the path of the root on stdout.
set -euo pipefail

packages=openssh-server,docker.io,iproute2,ca-certificates,procps,iptables
suite=bookworm
cache=${BERTH_CACHE:-/var/cache/berth}

# The Debian mirror this machine's apt uses (deb822 or one-line sources), unless one is given.
apt_mirror() {
    local uri
    uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    echo "$uri"
}

# The cache key is the recipe (this script and the package list), not the mirror it came from.
key=$( (cat "$0"; echo "$packages $suite") | sha256sum | cut -c1-16)
dest="$cache/testhost-$key"

if [ -f "$dest/.complete" ]; then
    echo "$dest/root"
    exit 0
fi

command -v debootstrap >/dev/null || { echo "debootstrap is missing: run scripts/setup.sh --test" >&2; exit 1; }
mirror=${BERTH_DEBIAN_MIRROR:-$(apt_mirror)}
[ -n "$mirror" ] || { echo "No Debian mirror found in /etc/apt; set BERTH_DEBIAN_MIRROR" >&2; exit 1; }
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.testhost-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "Building the test host root in $dest (about 5 minutes, once)..." >&2
debootstrap --variant=minbase --include="$packages" "$suite" "$tmp/root" "$mirror" >"$tmp/debootstrap.log" 2>&1 || {
    tail -20 "$tmp/debootstrap.log" >&2
    exit 1
}
# What a test host needs and a stock root lacks; nothing here is machine-specific.
chroot "$tmp/root" apt-get clean
rm -rf "$tmp/root/var/lib/apt/lists/"* "$tmp/root/usr/share/doc" "$tmp/root/usr/share/man" "$tmp/root/usr/share/locale"
rm -f "$tmp/root/etc/ssh/ssh_host_"*
# The init script would mount cgroup hierarchies over the machine's own without this line.
echo 'cgroup /sys/fs/cgroup cgroup noauto 0 0' >>"$tmp/root/etc/fstab"
mkdir -p "$tmp/root/root/.ssh" && chmod 700 "$tmp/root/root/.ssh"

rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
touch "$dest/.complete"
# Roots of older recipes are never used again.
for old in "$cache"/testhost-*; do
    [ "$old" = "$dest" ] || rm -rf "$old"
done
echo "$dest/root"
