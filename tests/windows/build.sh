#!/usr/bin/env bash
# ctest's windows.build step (tests/CMakeLists.txt), the fixture every windows.* test needs: the Windows
# toolchain (built once, then cached), berth.exe and the unit tests for Windows in build/windows, and the
# portable zip. It runs inside ctest so that it shares the cores with the native tests, which leave one
# idle while a VM boots under TCG; niced (by ctest's command), so it takes only what they leave.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build.sh windows
installer/windows/portable.sh >/dev/null
