#!/usr/bin/env bash
# Sets up, builds and runs every test: scripts/test.sh [ctest arguments], e.g. `-L unit` for the fast ones.
# Integration tests need root: they boot test hosts in network namespaces (tests/host/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# Formatting is checked like everything else (.clang-format).
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror
# Each floor of the engine includes only the floors below it; the front ends only its API.
scripts/check-layers.sh
# The test host's root and the VM image are built (or found cached) while the code compiles: mostly
# downloads and packing, beside the compilers' two cores. Before the clock of any test starts.
caches_log=$(mktemp)
caches=
old_image=
if [ "$(id -u)" -eq 0 ]; then
    # The boot2docker stand-in of tst_toolbox is made from that image (tests/fixtures/boot2docker).
    { tests/host/build-root.sh >/dev/null && installer/vm-image/build.sh >/dev/null &&
        tests/fixtures/boot2docker/build.sh >/dev/null; } 2>"$caches_log" &
    caches=$!
fi
# A whole run builds the Debian 12 image of Berth 0.1 too, which tst_upgrade upgrades from: beside the others, and not
# waited for here (one of the last integration tests, tst_upgrade waits for it: the build's lock). Its errors are that
# test's.
if [ "$(id -u)" -eq 0 ] && [ $# -eq 0 ]; then
    BERTH_IMAGE_SUITE=bookworm setsid --wait installer/vm-image/build.sh >/dev/null 2>&1 &
    old_image=$!
fi
# A whole run (no ctest arguments) starts the Windows toolchain's build here when it is not cached (about 40 minutes of
# one core), at the lowest priority (tests/windows/build.sh), so that it also gets what the native build and the
# caches leave of the cores; ctest's windows.build waits for it (the toolchain's lock), then builds Berth for Windows.
# Ended with the run: an interrupted build of the toolchain resumes where it stopped. Its progress and errors go to
# build/windows-toolchain.log (windows.build, which then builds what failed again, shows its own).
toolchain=
if [ $# -eq 0 ]; then
    mkdir -p build
    nice -n 19 tests/windows/build.sh --toolchain >/dev/null 2>build/windows-toolchain.log &
    toolchain=$!
fi
end_background() {
    [ -z "$toolchain" ] || kill -- "-$toolchain" 2>/dev/null || true
    # An image build ended by TERM deletes its temporary folder; the next one starts anew.
    [ -z "$old_image" ] || kill -- "-$old_image" 2>/dev/null || true
}
trap end_background EXIT
scripts/build.sh ci
if [ -n "$caches" ] && ! wait "$caches"; then
    cat "$caches_log" >&2
    echo "test.sh: building the test host's root, the VM image or the boot2docker stand-in failed (above)" >&2
    exit 1
fi
rm -f "$caches_log"
# The Windows build (the toolchain, berth.exe, the unit tests for Windows, the portable zip) is ctest's first
# step, windows.build, beside the native tests (tests/CMakeLists.txt). Wine's server (of
# scripts/wine-run.sh's prefix) outlives the last Windows program a while: it ends with the tests.
trap 'end_background; WINEPREFIX=$PWD/build/windows/wineprefix /usr/lib/wine/wineserver -k 2>/dev/null || true' EXIT
ctest --preset ci "$@"
