#!/usr/bin/env bash
# Builds (or finds cached) what Berth links against on Windows x86-64, cross-compiled with
# Debian's mingw-w64 from Debian's own source packages with Debian's security patches applied:
# OpenSSL, qtbase (Core, Gui, Widgets, Network, Concurrent, Test), libssh, QtKeychain (Windows
# Credential Manager backend).
#
#   scripts/windows-toolchain.sh       # progress on stderr; the install prefix is the last line on stdout
#
# Output: $cache/win-toolchain-<hash>/, complete when it holds .complete, where the hash covers
# this script, the CMake toolchain file, the compiler and the source package versions used;
# reused as long as they are unchanged. Older win-toolchain-* folders are deleted when a new one
# is complete. $cache is BERTH_CACHE, else /var/cache/berth when writable, else ~/.cache/berth.
# Needs the packages `scripts/setup.sh --windows` installs and Debian's package mirror (the one
# this machine's apt uses). Takes about 20 minutes on 2 cores the first time.
set -Eeuo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
toolchain_file=$here/cmake/mingw-w64.cmake
jobs=${BERTH_JOBS:-$(nproc)}

if [ -n "${BERTH_CACHE:-}" ]; then
    cache=$BERTH_CACHE
elif mkdir -p /var/cache/berth 2>/dev/null && [ -w /var/cache/berth ]; then
    cache=/var/cache/berth
else
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/berth
fi
mkdir -p "$cache"

start_time=$(date +%s)
log() { echo "win-toolchain [$(($(date +%s) - start_time))s]: $*" >&2; }
die() { echo "win-toolchain: $*" >&2; exit 1; }
trap 'echo "win-toolchain: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

for tool in x86_64-w64-mingw32-gcc-posix x86_64-w64-mingw32-g++-posix cmake ninja perl make dpkg-source; do
    command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh --windows"
done
[ -f /usr/lib/x86_64-linux-gnu/cmake/Qt6Core/Qt6CoreConfig.cmake ] ||
    die "the host Qt 6 (qt6-base-dev) is missing: run scripts/setup.sh"

# The mirror this machine's apt uses (deb822 or one-line sources), as installer/vm-image/build.sh.
apt_mirror() { # security|main
    local pick='$2 !~ /security/'
    [ "$1" = security ] && pick='$2 ~ /security/'
    local uri
    uri=$(awk "/^URIs:/ && $pick {print \$2; exit}" /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk "\$1 == \"deb\" && $pick {print \$2; exit}" /etc/apt/sources.list 2>/dev/null || true)
    echo "$uri"
}
mirror=${BERTH_DEBIAN_MIRROR:-$(apt_mirror main)}
security=${BERTH_DEBIAN_SECURITY_MIRROR:-$(apt_mirror security)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${security:-http://deb.debian.org/debian-security}

# Source packages: name, release. bookworm's qtkeychain 0.13.2 has no tarball on the mirror;
# trixie's 0.15.0 builds against Qt 6.4.
sources=(openssl:bookworm qt6-base:bookworm libssh:bookworm qtkeychain:trixie)

# A private apt configuration with deb-src lines: the machine's own lists stay untouched.
srcdir=$cache/win-sources
mkdir -p "$srcdir/apt/lists/partial" "$srcdir/apt/cache/archives/partial"
{
    for suite in bookworm bookworm-updates trixie trixie-updates; do echo "deb-src $mirror $suite main"; done
    for suite in bookworm-security trixie-security; do echo "deb-src $security $suite main"; done
} >"$srcdir/apt/sources.list"
cat >"$srcdir/apt/apt.conf" <<EOF
Dir::Etc::SourceList "$srcdir/apt/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$srcdir/apt/lists";
Dir::Cache "$srcdir/apt/cache";
APT::Sandbox::User "$(id -un)";
EOF
export APT_CONFIG=$srcdir/apt/apt.conf
log "reading the source package lists"
apt-get update -qq >/dev/null 2>"$srcdir/apt/update.log" || {
    cat "$srcdir/apt/update.log" >&2
    die "apt-get update of the source lists failed"
}

# The versions of a source package that a release's Sources indexes list (with -updates and
# -security), newest first.
versions_in() { # name release
    local list
    for list in "$srcdir"/apt/lists/*_dists_"$2"{,-updates,-security}_main_source_Sources*; do
        # The lists may be kept compressed (lz4, gz): apt's helper reads them all.
        if [ -f "$list" ]; then
            /usr/lib/apt/apt-helper cat-file "$list" | awk -v n="$1" '/^Package:/ {p = $2} /^Version:/ && p == n {print $2}'
        fi
    done | sort -u -r -V
}
# Fetches the newest version whose files the mirror all has (a security update's files can be
# missing on a partial mirror; then the one before it is taken) and prints it.
fetch_source() { # name release
    local version
    for version in $(versions_in "$1" "$2"); do
        if (cd "$srcdir" && apt-get source -qq --download-only "$1=$version" >/dev/null 2>&1); then
            echo "$version"
            return 0
        fi
        log "$1 $version: not all of its files are on the mirror, trying an older version"
    done
    die "no version of the source package $1 in $2 could be downloaded"
}
# For a package whose Debian files are all missing from the mirror: the newest upstream tarball
# the mirror has, checked against the SHA-256 of the release's Sources index (which apt checked
# against the release's signature). Built without Debian's patches: say so.
fetch_orig() { # name release
    local version record dir sum file
    for version in $(versions_in "$1" "$2"); do
        record=$(for list in "$srcdir"/apt/lists/*_dists_"$2"{,-updates,-security}_main_source_Sources*; do
            if [ -f "$list" ]; then /usr/lib/apt/apt-helper cat-file "$list"; fi
        done | awk -v n="$1" -v v="$version" 'BEGIN {RS = ""} $0 ~ "\nVersion: " v "\n" && $0 ~ "^Package: " n "\n" && !found {print; found = 1}')
        dir=$(awk '/^Directory:/ {print $2}' <<<"$record")
        read -r sum file < <(awk '/^Checksums-Sha256:/ {c = 1; next} /^[^ ]/ {c = 0} c && $3 ~ /\.orig\.tar\./ {print $1, $3}' <<<"$record")
        [ -n "$file" ] || continue
        if [ ! -f "$srcdir/$file" ]; then
            curl -fsS -o "$srcdir/$file.part" "$mirror/$dir/$file" 2>/dev/null || { rm -f "$srcdir/$file.part"; continue; }
            mv "$srcdir/$file.part" "$srcdir/$file"
        fi
        if [ "$(sha256sum <"$srcdir/$file" | cut -c1-64)" != "$sum" ]; then
            rm -f "$srcdir/$file"
            die "$file does not match the SHA-256 of $2's Sources index"
        fi
        log "$1: Debian's files of $version are not on the mirror; its upstream tarball $file is (checked), built without Debian's patches"
        echo "orig:$file"
        return 0
    done
    die "no upstream tarball of $1 in $2 could be downloaded"
}

declare -A version
for entry in "${sources[@]}"; do
    name=${entry%%:*}
    log "fetching the source of $name (${entry#*:})"
    if [ "$name" = qtkeychain ]; then
        # Neither bookworm's nor trixie's Debian files of it are on the mirror; the package has
        # no security patches to lose.
        version[$name]=$(fetch_orig "$name" "${entry#*:}")
    else
        version[$name]=$(fetch_source "$name" "${entry#*:}")
    fi
    log "$name ${version[$name]}"
done

recipe_hash() {
    {
        sha256sum <"$here/scripts/windows-toolchain.sh"
        sha256sum <"$toolchain_file"
        for entry in "${sources[@]}"; do echo "${entry%%:*} ${version[${entry%%:*}]}"; done
        x86_64-w64-mingw32-g++-posix -dumpfullversion
    } | sha256sum | cut -c1-16
}
hash=$(recipe_hash)
dest=$cache/win-toolchain-$hash

if [ -f "$dest/.complete" ]; then
    log "cached: $dest"
    echo "$dest"
    exit 0
fi

# One build at a time; a folder without .complete is an interrupted build, continued.
# The toolchain is built where it stays: Qt's, OpenSSL's and libssh's package files name it.
exec 9>"$cache/.win-toolchain.lock"
flock 9
if [ -f "$dest/.complete" ]; then
    log "cached: $dest (built by another run meanwhile)"
    echo "$dest"
    exit 0
fi
# An interrupted build keeps the components it finished (.done-NAME) and goes on from there.
rm -rf "$cache"/.win-toolchain-build.*
work=$(mktemp -d "$cache/.win-toolchain-build.XXXXXX")
trap 'echo "win-toolchain: failed at line $LINENO: $BASH_COMMAND" >&2; rm -rf "$work"' ERR
trap 'rm -rf "$work"' EXIT
prefix=$dest
mkdir -p "$prefix"

# Debian's patches that serve Debian's own packaging (install paths, library names, its build
# flags, documentation): left out. Every other patch of the series is applied, in order: the
# security fixes, and the upstream fixes they build on.
declare -A packaging_patches=(
    [openssl]="debian-targets.patch man-section.patch no-symbolic.patch pic.patch c_rehash-compat.patch Remove-the-provider-section.patch"
    [qt6-base]="remove_privacy_breaches.diff build_path_embedded_qtbuildinternalsextra_cmake.patch cross.patch force_shared_libzstd.patch armel-noyield.patch"
    [libssh]="1003-custom-lib-names.patch 2003-disable-expand_tilde_unix-test.patch 2004-install-static-lib.patch"
)
# Unpacks a fetched source package without Debian's patches, then applies them but the ones above.
unpack() { # name -> prints the source folder
    local name=$1 dir=$work/src/$1
    mkdir -p "$dir"
    case "${version[$name]}" in
        orig:*) tar -xf "$srcdir/${version[$name]#orig:}" -C "$dir" --strip-components=1 ;;
        *) rmdir "$dir" && dpkg-source --skip-patches -x "$srcdir/${name}_${version[$name]#*:}.dsc" "$dir" >/dev/null 2>&1 ;;
    esac
    if [ -f "$dir/debian/patches/series" ]; then
        local patch applied=0 skipped=0
        while read -r patch _; do
            case "$patch" in '' | '#'*) continue ;; esac
            if [[ " ${packaging_patches[$name]:-} " == *" $patch "* ]]; then
                skipped=$((skipped + 1))
                continue
            fi
            patch -d "$dir" -p1 -s -f --no-backup-if-mismatch <"$dir/debian/patches/$patch" >&2 ||
                die "$name: Debian's patch $patch does not apply"
            applied=$((applied + 1))
        done <"$dir/debian/patches/series"
        log "$name: $applied of Debian's patches applied, $skipped packaging patches left out"
    fi
    echo "$dir"
}

cross_cmake=(-G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain_file" -DBERTH_WIN_PREFIX="$prefix"
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -Wno-dev)

# Whether a component is installed already (by an interrupted run of the same recipe).
done_already() { # name
    if [ -f "$prefix/.done-$1" ]; then
        log "$1: installed by an earlier, interrupted run"
        return 0
    fi
    return 1
}

# OpenSSL: shared libcrypto-3-x64.dll and libssl-3-x64.dll, nothing else.
build_openssl() {
    src=$(unpack openssl)
    log "building OpenSSL"
    (
        cd "$src"
        ./Configure mingw64 --cross-compile-prefix=x86_64-w64-mingw32- --prefix="$prefix" --libdir=lib \
            shared no-tests no-legacy >"$work/openssl.log" 2>&1 || exit 1
        # OPENSSLDIR is where OpenSSL reads openssl.cnf, which can load code (and ENGINESDIR,
        # MODULESDIR where it loads that code from). Under the prefix they would be folders at the
        # root of C: that any user may create: the folder of Windows' own OpenSSL builds instead,
        # which only administrators can write. (Configure takes C:/... for a relative path.)
        local ssldir="C:/Program Files/Common Files/SSL"
        local dirs=(OPENSSLDIR="$ssldir" ENGINESDIR="$ssldir/engines-3" MODULESDIR="$ssldir/ossl-modules")
        # The two DLLs, their import libraries and the headers: what Berth, Qt and libssh use. build_sw would
        # compile libcrypto a second time for the static library, and make the openssl program and engines.
        make "${dirs[@]}" build_generated >>"$work/openssl.log" 2>&1 &&
            make -j"$jobs" "${dirs[@]}" libcrypto.dll.a libssl.dll.a >>"$work/openssl.log" 2>&1 &&
            install -d "$prefix/bin" "$prefix/lib" "$prefix/include/openssl" &&
            install -m 0755 libcrypto-3-x64.dll libssl-3-x64.dll "$prefix/bin/" &&
            install -m 0644 libcrypto.dll.a libssl.dll.a "$prefix/lib/" &&
            install -m 0644 include/openssl/*.h "$prefix/include/openssl/"
    ) || { tail -30 "$work/openssl.log" >&2; die "OpenSSL failed (log above)"; }
}

# qtbase: what Berth uses, OpenSSL loaded at run time (Schannel when it is absent). Left out, as Berth uses
# none of them: the Direct2D platform plugin (a second build of the Windows one; direct2d1_1 is its switch:
# direct2d itself also brings the DirectWrite font database the Windows plugin links), image formats other
# than PNG, PDF and the text document formats, graphics view, the Fusion style (Windows' own styles are
# what Windows users get; Fusion only when asked for), the widgets and dialogs Berth has none of and the
# models and file system views only they use, Core's MIME database and command-line parser, and Network's HTTP
# (Berth speaks HTTP to the engine itself), DNS lookups, DTLS and OCSP. Not the menu bar, the input dialog, the
# tree view, the tab bar nor the tab widget: Qt's compatibility code and the Windows Vista and XP styles use them
# whatever the features say. Nor the `minimal` platform plugin and the two helper libraries only it links (qtbase
# has no switch for it: its add_subdirectory is taken out); the `offscreen` one is what the gui tests use under Wine.
# From qtbase's ninja logs: the first list took a sixth of its compiling (373 of 2172 core-seconds); the second
# (from style_fusion on) and `minimal` about a tenth of what was left.
# FreeType stays, though Windows draws text with its own font engines: the offscreen platform plugin is built
# only with it. Optimized for size (Qt's optimize_size: -Os where Qt would use -O2, and -O3 for Core): a tray
# app's window does not need the speed, its DLLs are smaller (Qt6Core.dll 8.5 MB against 9.5), and it
# compiles in less: Core and HarfBuzz took 500 core-seconds against 695 (measured on 2 cores).
qtbase_left_out=(direct2d1_1 jpeg gif ico movie pdf textodfwriter textmarkdownreader textmarkdownwriter tuiotouch
    graphicsview mdiarea calendarwidget datetimeedit dial lcdnumber fontcombobox fontdialog colordialog columnview
    keysequenceedit commandlinkbutton splashscreen toolbox undoview undocommand undostack undogroup
    style_fusion filedialog fscompleter filesystemmodel completer dockwidget progressdialog errormessage
    listwidget treewidget tablewidget datawidgetmapper textbrowser whatsthis
    scroller mimetype sortfilterproxymodel identityproxymodel concatenatetablesproxymodel transposeproxymodel
    commandlineparser http networkdiskcache dnslookup dtls ocsp)
build_qtbase() {
    local feature off=()
    for feature in "${qtbase_left_out[@]}"; do off+=("-DFEATURE_$feature=OFF"); done
    src=$(unpack qt6-base)
    grep -q '^    add_subdirectory(minimal)$' "$src/src/plugins/platforms/CMakeLists.txt" ||
        die "qtbase: src/plugins/platforms/CMakeLists.txt no longer adds the minimal plugin as this script expects"
    sed -i '/^    add_subdirectory(minimal)$/d' "$src/src/plugins/platforms/CMakeLists.txt"
    sed -i '/^add_subdirectory(\(devicediscovery\|fbconvenience\))$/d' "$src/src/platformsupport/CMakeLists.txt"
    log "building qtbase (about 15 minutes)"
    cmake -S "$src" -B "$work/qtbase" "${cross_cmake[@]}" \
        -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
        -DQT_QMAKE_TARGET_MKSPEC=win32-g++ -DBUILD_SHARED_LIBS=ON \
        -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DQT_BUILD_BENCHMARKS=OFF \
        -DFEATURE_sql=OFF -DFEATURE_printsupport=OFF -DFEATURE_xml=OFF -DFEATURE_dbus=OFF \
        -DFEATURE_vulkan=OFF -DFEATURE_pkg_config=OFF -DFEATURE_system_zlib=OFF -DFEATURE_zstd=OFF \
        -DFEATURE_testlib=ON -DFEATURE_concurrent=ON -DFEATURE_widgets=ON -DFEATURE_gui=ON \
        -DINPUT_opengl=no -DFEATURE_tabletevent=OFF "${off[@]}" -DFEATURE_optimize_size=ON \
        -DFEATURE_openssl=ON -DFEATURE_openssl_runtime=ON -DFEATURE_openssl_linked=OFF -DFEATURE_schannel=ON \
        -DOPENSSL_ROOT_DIR="$prefix" >"$work/qtbase.log" 2>&1 ||
        { tail -40 "$work/qtbase.log" >&2; die "qtbase's configure failed (log above)"; }
    # ninja's progress lines, one in a hundred, so the log shows it is alive.
    if ! ninja -C "$work/qtbase" -j"$jobs" 2>&1 | tee -a "$work/qtbase.log" |
        awk '/^\[[0-9]+\/[0-9]+\]/ { gsub(/[][]/, "", $1); split($1, a, "/"); if (a[1] % 100 == 0) { print "win-toolchain: qtbase " a[1] "/" a[2] > "/dev/stderr"; fflush("/dev/stderr") } }'; then
        grep -B2 -A20 -m3 -e 'error:' -e '^FAILED:' "$work/qtbase.log" >&2
        die "qtbase failed (log above)"
    fi
    cmake --install "$work/qtbase" >>"$work/qtbase.log" 2>&1 || { tail -20 "$work/qtbase.log" >&2; die "qtbase's install failed"; }
    rm -rf "$work/qtbase"
}

# libssh: against that OpenSSL; no GSSAPI, zlib, examples or tests.
build_libssh() {
    src=$(unpack libssh)
    log "building libssh"
    cmake -S "$src" -B "$work/libssh" "${cross_cmake[@]}" -DOPENSSL_ROOT_DIR="$prefix" \
        -DWITH_GSSAPI=OFF -DWITH_ZLIB=OFF -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF -DCLIENT_TESTING=OFF \
        -DWITH_NACL=OFF >"$work/libssh.log" 2>&1 && ninja -C "$work/libssh" -j"$jobs" >>"$work/libssh.log" 2>&1 &&
        cmake --install "$work/libssh" >>"$work/libssh.log" 2>&1 ||
        { tail -40 "$work/libssh.log" >&2; die "libssh failed (log above)"; }
}

# QtKeychain: the Windows Credential Manager backend.
build_qtkeychain() {
    src=$(unpack qtkeychain)
    # Its CMakeLists gives every Windows compiler MSVC's /utf-8, which mingw's g++ takes for a file.
    grep -q 'add_definitions( /utf-8 -DUNICODE )' "$src/qtkeychain/CMakeLists.txt" ||
        die "QtKeychain's CMakeLists.txt changed: check its Windows flags"
    sed -i 's|add_definitions( /utf-8 -DUNICODE )|add_definitions( -DUNICODE )|' "$src/qtkeychain/CMakeLists.txt"
    log "building QtKeychain"
    cmake -S "$src" -B "$work/qtkeychain" "${cross_cmake[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
        -DBUILD_WITH_QT6=ON -DBUILD_TRANSLATIONS=OFF -DBUILD_TEST_APPLICATION=OFF -DUSE_CREDENTIAL_STORE=ON \
        >"$work/qtkeychain.log" 2>&1 && ninja -C "$work/qtkeychain" -j"$jobs" >>"$work/qtkeychain.log" 2>&1 &&
        cmake --install "$work/qtkeychain" >>"$work/qtkeychain.log" 2>&1 ||
        { tail -40 "$work/qtkeychain.log" >&2; die "QtKeychain failed (log above)"; }
}

for component in openssl qtbase libssh qtkeychain; do
    if ! done_already "$component"; then
        "build_$component"
        touch "$prefix/.done-$component"
    fi
done

{
    for entry in "${sources[@]}"; do echo "${entry%%:*} ${version[${entry%%:*}]}"; done
} >"$prefix/SOURCES"
touch "$prefix/.complete"
for old in "$cache"/win-toolchain-*; do
    [ "$old" = "$dest" ] || rm -rf "$old"
done
log "done: $dest"
echo "$dest"
