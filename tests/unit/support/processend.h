#pragma once

// Test support: the end of a test program's main. On Windows the program ends itself once its report is
// written, as berth.exe does (app/berth/main.cpp): under Wine the usual exit can hang for good in the
// libraries' detach once worker threads have run.

#include <cstdio>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace berth::test {

inline int endProcess(int code)
{
#ifdef Q_OS_WIN
    std::fflush(stdout);
    std::fflush(stderr);
    ::TerminateProcess(::GetCurrentProcess(), static_cast<UINT>(code));
#endif
    return code;
}

} // namespace berth::test
