#pragma once

#include <cstdio>

#ifdef _WIN32
#include <windows.h>
#endif

namespace berth {

// Ends a Windows program at once, everything written, with code. Under Wine 8 a program's usual exit can
// hang for good in the libraries' detach once worker threads have used TLS (the engine's lists, its front
// door); whether Windows itself would is untested. Elsewhere it returns code for main to return.
inline int endProcessNow(int code)
{
#ifdef _WIN32
    std::fflush(stdout);
    std::fflush(stderr);
    ::TerminateProcess(::GetCurrentProcess(), static_cast<UINT>(code));
#endif
    return code;
}

} // namespace berth
