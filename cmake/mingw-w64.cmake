# CMake toolchain for Windows x86-64 with Debian's mingw-w64 (posix threads: std::thread and
# std::mutex need them). Used by scripts/windows-toolchain.sh (OpenSSL, Qt, libssh, QtKeychain)
# and by the "windows" preset. BERTH_WIN_PREFIX is the toolchain's install prefix.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

# Passed on to try_compile projects, which otherwise lose it.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES BERTH_WIN_PREFIX)
if(NOT BERTH_WIN_PREFIX AND DEFINED ENV{BERTH_WIN_PREFIX})
    set(BERTH_WIN_PREFIX "$ENV{BERTH_WIN_PREFIX}")
endif()

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${BERTH_WIN_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Qt's host tools (moc, rcc, uic) are the machine's own Qt of the same version.
set(QT_HOST_PATH /usr CACHE PATH "")
set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake CACHE PATH "")
