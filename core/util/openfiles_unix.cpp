#include "openfiles.h"

#include <QtGlobal>

#include <climits>
#include <sys/resource.h>

namespace berth {

void raiseOpenFileLimit()
{
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
        return;
#ifdef Q_OS_MACOS
    // macOS refuses a soft limit above OPEN_MAX even when the hard limit is "unlimited".
    if (limit.rlim_max > OPEN_MAX)
        limit.rlim_max = OPEN_MAX;
#endif
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace berth
