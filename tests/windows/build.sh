#!/usr/bin/env bash
# ctest's windows.build step (tests/CMakeLists.txt), the fixture every windows.* test needs: the Windows
# toolchain (built once, then cached), berth.exe and the unit tests for Windows in build/windows, and the
# portable zip. It runs inside ctest so that it shares the cores with the native tests, which leave one
# idle while a VM boots under TCG; at the lowest priority, so it takes only what they leave.
#   tests/windows/build.sh --toolchain   only the toolchain, at the same priority: scripts/test.sh starts it beside
#                                        the native build, before ctest, and windows.build then finds it built
set -euo pipefail
# nice (ctest's command) is not enough where the kernel shares the CPU out by session first (autogroup, Debian's
# default): QEMU daemonizes into a session of its own, and this session then got as much as the VM, whatever its
# nice, slowing the boots under TCG nearly twice (and their polling with them). So the build runs in a session of
# its own, that session's group niced too, and under SCHED_IDLE: it gets the time nothing else wants.
if [ -z "${BERTH_WINDOWS_BUILD_SESSION:-}" ]; then
    export BERTH_WINDOWS_BUILD_SESSION=$$
    exec setsid --wait "$0" "$@"
fi
echo 19 2>/dev/null >/proc/self/autogroup || true
chrt --idle --pid 0 $$ 2>/dev/null || true
cd "$(dirname "$0")/../.."
[ "${1:-}" != --toolchain ] || exec scripts/windows-toolchain.sh
scripts/build.sh windows
installer/windows/portable.sh >/dev/null
