# One INTERFACE target carries the language level, warnings and Qt defines for every Berth target.
add_library(berth_common_cfg INTERFACE)
target_compile_features(berth_common_cfg INTERFACE cxx_std_17)
target_compile_definitions(berth_common_cfg INTERFACE
    QT_NO_KEYWORDS
    QT_NO_FOREACH
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    OPENSSL_API_COMPAT=30000
    OPENSSL_NO_DEPRECATED
    BERTH_VERSION="${PROJECT_VERSION}"
    # <windows.h> without winsock.h (and the rarely used rest): a unity build puts a file that includes it
    # before one that includes winsock2.h, which the two would then conflict in.
    $<$<PLATFORM_ID:Windows>:WIN32_LEAN_AND_MEAN>
)
target_compile_options(berth_common_cfg INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast
    # Designated-style aggregate tables leave trailing fields defaulted on purpose.
    -Wno-missing-field-initializers
    $<$<BOOL:${BERTH_WERROR}>:-Werror>
)

# Every .cpp and .h under dir (at any depth) for this platform into var: name_unix.cpp files on Linux and
# macOS, name_win.cpp on Windows, the others everywhere.
function(berth_platform_sources var dir)
    file(GLOB_RECURSE all CONFIGURE_DEPENDS ${dir}/*.cpp ${dir}/*.h)
    list(FILTER all EXCLUDE REGEX "_(win|unix)\\.cpp$|_mac\\.mm$")
    if(WIN32)
        file(GLOB_RECURSE platform CONFIGURE_DEPENDS ${dir}/*_win.cpp)
    else()
        file(GLOB_RECURSE platform CONFIGURE_DEPENDS ${dir}/*_unix.cpp)
    endif()
    set(${var} ${all} ${platform} PARENT_SCOPE)
endfunction()
