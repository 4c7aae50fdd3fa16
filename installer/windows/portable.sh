#!/usr/bin/env bash
# Makes the portable Windows folder from the Windows build: berth.exe, berth-desktop.exe and berth-agent.exe (the
# machine agent both start, found beside them) with exactly
# the DLLs they load (found by walking the import tables, from the toolchain and mingw-w64's runtime) and
# the Qt plugins they need (TLS backends; OpenSSL's DLLs, which Qt loads at run time; the desktop app's
# Windows platform and style), stripped, and zipped. Prints the folder and the zip's size; the zip's path is the last line on stdout.
#   installer/windows/portable.sh [build/windows]
# The installers wrap this folder.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$root/build/windows}" && pwd)
log() { echo "portable: $*" >&2; }
die() { echo "portable: $*" >&2; exit 1; }

prefix=$(sed -n 's/^BERTH_WIN_PREFIX:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[ -n "$prefix" ] && [ -d "$prefix/bin" ] || die "no Windows build in $build: run scripts/build.sh windows"
exe=$build/app/berth/berth.exe
desktop=$build/app/berth-desktop/berth-desktop.exe
agent=$build/app/berth/berth-agent.exe
for f in "$exe" "$desktop" "$agent"; do
    [ -f "$f" ] || die "$f is missing: run scripts/build.sh windows"
done
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$build/CMakeCache.txt")
gcc_runtime=$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libstdc++-6.dll)")
search=("$prefix/bin" "$gcc_runtime" /usr/x86_64-w64-mingw32/lib)

out=$build/portable
dest=$out/Berth
rm -rf "$out"
mkdir -p "$dest/tls" "$dest/platforms" "$dest/styles"
cp "$exe" "$desktop" "$agent" "$dest/"
# The desktop app's window system integration and native look.
cp "$prefix"/plugins/platforms/qwindows.dll "$dest/platforms/"
cp "$prefix"/plugins/styles/*.dll "$dest/styles/" 2>/dev/null || true
# Qt loads its TLS backends as plugins, and OpenSSL's libraries by name when it uses them
# (Schannel, Windows' own, is there when they are missing).
cp "$prefix"/plugins/tls/qschannelbackend.dll "$prefix"/plugins/tls/qopensslbackend.dll "$dest/tls/"
cp "$prefix"/bin/libssl-3-x64.dll "$prefix"/bin/libcrypto-3-x64.dll "$dest/"

# The DLLs each file imports that are not Windows' own, until none is missing.
imports() { x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^[[:space:]]*DLL Name: //p'; }
find_dll() {
    local dir
    for dir in "${search[@]}"; do
        [ -f "$dir/$1" ] && { echo "$dir/$1"; return 0; }
    done
    return 1
}
queue=("$dest"/*.exe "$dest"/*.dll "$dest"/tls/*.dll "$dest"/platforms/*.dll)
[ -n "$(ls "$dest"/styles/ 2>/dev/null)" ] && queue+=("$dest"/styles/*.dll)
while [ ${#queue[@]} -gt 0 ]; do
    file=${queue[0]}
    queue=("${queue[@]:1}")
    for dll in $(imports "$file"); do
        [ -f "$dest/$dll" ] && continue
        if path=$(find_dll "$dll"); then
            cp "$path" "$dest/"
            queue+=("$dest/$dll")
        fi
        # Anything else is Windows' own (KERNEL32.dll, ws2_32.dll, ...).
    done
done

x86_64-w64-mingw32-strip --strip-unneeded "$dest"/*.exe "$dest"/*.dll "$dest"/tls/*.dll "$dest"/platforms/*.dll "$dest"/styles/*.dll
zip_file=$out/berth-$version-windows-x86_64.zip
(cd "$out" && zip -q -9 -r "$(basename "$zip_file")" Berth)

log "folder $dest: $(find "$dest" -type f | wc -l) files, $(du -sh "$dest" | cut -f1)"
find "$dest" -type f -printf '%P\n' | sort >&2
log "zip $zip_file: $(stat -c %s "$zip_file") bytes ($(du -h "$zip_file" | cut -f1))"
echo "$zip_file"
