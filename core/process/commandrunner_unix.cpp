#include "commandrunner.h"

#include <QProcess>

#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#if defined(Q_OS_LINUX)
#include <sys/syscall.h>
#endif

namespace berth {

namespace {

#if defined(Q_OS_LINUX)
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
// Linux records directory entries as struct linux_dirent64; only what is needed to walk them.
struct DirectoryEntry {
    quint64 inode;
    qint64 offset;
    unsigned short length;
    unsigned char type;
    char name[1];
};
#endif

void markCloseOnExec(int fd)
{
    const int flags = fcntl(fd, F_GETFD);
    if (flags >= 0 && !(flags & FD_CLOEXEC))
        fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

// Runs in the child between fork and exec: async-signal-safe calls only (no allocation, no locks).
// Descriptors are marked close-on-exec rather than closed: QProcess's own pipe that reports a
// failed exec back to the parent is such a descriptor and must stay open until exec.
void markInheritedDescriptorsCloseOnExec()
{
#if defined(Q_OS_LINUX)
#if defined(SYS_close_range)
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
#endif
    // Kernels before 5.11: walk /proc/self/fd without opendir (which allocates).
    const int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        alignas(8) char buffer[4096];
        for (;;) {
            const long n = syscall(SYS_getdents64, dir, buffer, sizeof buffer);
            if (n <= 0)
                break;
            for (long at = 0; at < n;) {
                const auto *entry = reinterpret_cast<const DirectoryEntry *>(buffer + at);
                int fd = 0;
                bool number = entry->name[0] != '\0';
                for (const char *c = entry->name; *c && number; ++c) {
                    number = *c >= '0' && *c <= '9';
                    fd = fd * 10 + (*c - '0');
                }
                if (number && fd > 2 && fd != dir)
                    markCloseOnExec(fd);
                at += entry->length;
            }
        }
        close(dir);
        return;
    }
#endif
    struct rlimit limit { };
    rlim_t highest = 65536;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        highest = limit.rlim_cur;
    for (rlim_t fd = 3; fd < highest; ++fd)
        markCloseOnExec(static_cast<int>(fd));
}

} // namespace

void CommandRunner::closeInheritedDescriptors(QProcess *process, int keptDescriptor)
{
    if (keptDescriptor < 0) {
        process->setChildProcessModifier(markInheritedDescriptorsCloseOnExec);
        return;
    }
    process->setChildProcessModifier([keptDescriptor] {
        markInheritedDescriptorsCloseOnExec();
        const int flags = fcntl(keptDescriptor, F_GETFD);
        if (flags >= 0)
            fcntl(keptDescriptor, F_SETFD, flags & ~FD_CLOEXEC);
    });
}

} // namespace berth
