#!/usr/bin/env bash
# Runs a program of the Windows build under Debian's Wine, as the tests labelled `windows` do:
#   scripts/wine-run.sh build/windows/app/berth/berth.exe ls
# The DLLs come from the Windows toolchain (the build's BERTH_WIN_PREFIX) and mingw-w64's runtime,
# through WINEPATH. The Wine prefix is BERTH_WINEPREFIX, else build/windows/wineprefix, made on
# first use (about 10 s). WINEDEBUG=-all unless set. The exit code is the program's.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BERTH_WINDOWS_BUILD:-$root/build/windows}

[ $# -ge 1 ] || { echo "usage: scripts/wine-run.sh PROGRAM.exe [ARGUMENTS...]" >&2; exit 2; }
wine=/usr/lib/wine/wine64
[ -x "$wine" ] || { echo "wine-run: $wine is missing: run scripts/setup.sh --windows" >&2; exit 2; }
prefix=$(sed -n 's/^BERTH_WIN_PREFIX:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[ -n "$prefix" ] && [ -d "$prefix/bin" ] ||
    { echo "wine-run: no Windows build in $build: run scripts/build.sh windows" >&2; exit 2; }

gcc_runtime=$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libstdc++-6.dll)")
export WINEPATH="$prefix/bin;$gcc_runtime;/usr/x86_64-w64-mingw32/lib"
export WINEPREFIX=${BERTH_WINEPREFIX:-$build/wineprefix}
export WINEDEBUG=${WINEDEBUG:--all}
# No desktop integration, no Gecko or Mono installers asked for at the prefix's creation.
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-winemenubuilder.exe=d;mscoree=d;mshtml=d}
export QT_PLUGIN_PATH="$prefix/plugins"

if [ ! -f "$WINEPREFIX/.berth-ready" ]; then
    mkdir -p "$WINEPREFIX"
    (
        flock 9
        if [ ! -f "$WINEPREFIX/.berth-ready" ]; then
            "$wine" wineboot -i >/dev/null 2>&1
            /usr/lib/wine/wineserver -w 2>/dev/null || true
            touch "$WINEPREFIX/.berth-ready"
        fi
    ) 9>"$WINEPREFIX.lock"
fi
# The Wine server and the services it starts (services.exe, rpcss.exe, ...) outlive the
# program. Started here without standard streams, they do not hold the caller's pipes open: ctest
# waits for those to close. The server stays 5 minutes after its last program.
/usr/lib/wine/wineserver -p300 </dev/null >/dev/null 2>&1 || true
"$wine" cmd /c exit </dev/null >/dev/null 2>&1 || true
if [ -t 1 ]; then
    exec "$wine" "$@"
fi
# Not a terminal (ctest, a test's QProcess): the program writes into files, copied out when it
# has ended. Wine processes that it starts and that stay (its desktop, explorer.exe) then hold
# those files, not the caller's pipes, which would otherwise never reach their end.
out=$(mktemp) err=$(mktemp) log=$(mktemp)
trap 'rm -f "$out" "$err" "$log"' EXIT
# A Qt Test program's report to a redirected standard output is lost under Wine: it writes it into a
# file too (-o), shown with the rest, so a failure in CI says which function failed and why.
case "$(basename "$1")" in
tst_*.exe) set -- "$@" -o "$log,txt" ;;
esac
# A program that hangs is ended a minute before ctest's limit (600 s), so that what it printed up to then
# (its report: which test function hung) is shown.
limit=${BERTH_WINE_RUN_TIMEOUT:-540}
run() {
    status=0
    timeout --kill-after=10 "$limit" "$wine" "$@" >"$out" 2>"$err" || status=$?
    cat "$out" "$log"
    cat "$err" >&2
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        echo "wine-run: $(basename "$1") did not end within $limit s and was stopped; above is what it printed" >&2
    fi
}
run "$@"
# A fault in the Windows program ends it with the exception's code (an access violation: 5). Wine's
# own process killed by a signal is Wine failing: Wine 8.0 rarely crashes so while a process exits
# (seen once in CI, after a test program's complete report). A test program that reported every
# function passed is run once more then, and that run's result is the test's.
if [ "$status" -gt 128 ] && [ -s "$log" ] && grep -q '^Totals: [0-9]* passed, 0 failed' "$log" &&
    grep -q '^\*\** Finished testing' "$log"; then
    echo "wine-run: Wine was killed by signal $((status - 128)) after $(basename "$1") reported every" \
        "function passed; running it once more" >&2
    : >"$log"
    run "$@"
fi
exit "$status"
