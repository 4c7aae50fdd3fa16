#!/usr/bin/env bash
# Renders the desktop app into docs/screenshots/ (each wizard page, the main window, the tray menu), in
# English and in Chinese, under Xvfb with a tray host, as the README shows them.
#   scripts/screenshots.sh [BUILD_DIR]      (root: the main window shows a real test host's engine)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shots=$PWD/$build/tools/berth-screenshots
berth=$PWD/$build/app/berth/berth
[ -x "$shots" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "scripts/screenshots.sh needs root (a test host in a network namespace)" >&2; exit 1; }

work=$(mktemp -d /tmp/berth-shots.XXXXXX)
# The home folder shows on the Network page: a fixed name, so the pictures change only when the app does.
home=/tmp/berth-screenshots/home
pids=()
cleanup() {
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
    tests/host/testhost.sh stop shots >/dev/null 2>&1 || true
    rm -rf "$work" "$(dirname "$home")"
}
trap cleanup EXIT
tests/host/build-root.sh >/dev/null
eval "$(tests/host/testhost.sh start shots 43)"
store=$work/store
"$berth" -s "$store" create -d generic --generic-ip-address "$HOST_IP" --generic-ssh-key "$SSH_KEY" \
    --engine-storage-driver overlay2 default >/dev/null
"$berth" -s "$store" create -d none --url "tcp://$HOST_IP:2376" staging >/dev/null
"$berth" -s "$store" create -d none --url "tcp://192.0.2.1:2376" old-laptop >/dev/null

source scripts/lib/xsession.sh
start_xsession
rm -rf "$home"
export HOME=$home XDG_RUNTIME_DIR=$work/run QT_QPA_PLATFORM=xcb
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
mkdir -p docs/screenshots
for language in en zh_CN; do
    "$shots" docs/screenshots "$language" "$store"
done
echo "docs/screenshots: $(ls docs/screenshots | wc -l) files"
