#!/usr/bin/env bash
# Fails when a file includes a floor above its own (DESIGN.md, "Layers"): inside core/, top to bottom,
# the API and its front door -> the machine model and store -> drivers -> provisioning -> ssh, tls,
# docker, vmimage, shell, format -> process, util. The front ends (app/, ui/) reach the engine through
# the API only: never through drivers/, ssh/, provision/, process/ directly.
set -euo pipefail
cd "$(dirname "$0")/.."
floor() {
    case $1 in
    api) echo 6 ;;
    machine) echo 5 ;;
    drivers) echo 4 ;;
    provision) echo 3 ;;
    ssh | tls | docker | vmimage | shell | format | secrets) echo 2 ;;
    process | util) echo 1 ;;
    *) echo 0 ;;
    esac
}
bad=0
while IFS= read -r -d '' file; do
    case $file in
    core/*)
        own=${file#core/}; own=${own%%/*}
        mine=$(floor "$own")
        while IFS= read -r target; do
            theirs=$(floor "$target")
            if [ "$theirs" -gt "$mine" ]; then
                echo "$file includes $target/: a floor above core/$own/" >&2
                bad=1
            fi
        done < <(grep -o '^#include "[a-z]*/' "$file" | sed 's/#include "//; s|/$||' | sort -u)
        ;;
    app/* | ui/*)
        if grep -qE '^#include "(drivers|ssh|provision|process)/' "$file"; then
            echo "$file includes the engine's inside ($(grep -oE '^#include "(drivers|ssh|provision|process)/[^"]*' "$file" | sed 's/#include "//' | tr '\n' ' ')): use core/api/" >&2
            bad=1
        fi
        ;;
    esac
done < <(git ls-files -z 'core/*.cpp' 'core/*.h' 'app/*.cpp' 'app/*.h' 'ui/*.cpp' 'ui/*.h')
[ "$bad" -eq 0 ] || { echo "check-layers: see DESIGN.md, Layers" >&2; exit 1; }
