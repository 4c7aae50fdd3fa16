#include "detachedprocess.h"
#include "process/commandrunner.h"
#include "util/translate.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

namespace berth {

namespace {

// Every descriptor of this process beyond standard input, output and error.
template <typename Action> void forEachDescriptorAfterStderr(Action action)
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    if (fds.exists()) {
        QList<int> open;
        for (const QString &name : fds.entryList(QDir::System | QDir::Files | QDir::NoDotAndDotDot)) {
            bool number = false;
            const int fd = name.toInt(&number);
            if (number && fd > 2)
                open << fd;
        }
        for (int fd : open)
            action(fd);
        return;
    }
    // Where there is no /proc (macOS): every descriptor up to the limit.
    const long highest = ::sysconf(_SC_OPEN_MAX);
    for (long fd = 3; fd < (highest > 0 ? highest : 1024); ++fd)
        action(int(fd));
}

} // namespace

bool DetachedProcess::start(const QString &program, const QStringList &arguments, const QString &workingDir,
    const QString &logPath, qint64 *pid, QString *error, int passedDescriptor)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(workingDir);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(logPath, QIODevice::Append);
    process.setStandardErrorFile(logPath, QIODevice::Append);
    // Qt 6.4's startDetached runs no child process modifier (later Qt does), so the descriptors of this process that a
    // child would inherit are made close-on-exec for the start, and inheritable again once the program runs (Qt
    // returns after its exec): the program gets none of them, not even a pipe a script reads Berth's output
    // through, and Berth's own stay as they were, as CommandRunner leaves them. Later Qt runs the modifier as well.
    QList<int> inheritable;
    forEachDescriptorAfterStderr([&inheritable, passedDescriptor](int fd) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (fd != passedDescriptor && flags >= 0 && !(flags & FD_CLOEXEC)
            && ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == 0)
            inheritable << fd;
    });
    // The passed one the other way round: inheritable for the start only.
    const int passedFlags = passedDescriptor >= 0 ? ::fcntl(passedDescriptor, F_GETFD) : -1;
    if (passedFlags >= 0)
        ::fcntl(passedDescriptor, F_SETFD, passedFlags & ~FD_CLOEXEC);
    CommandRunner::closeInheritedDescriptors(&process, passedDescriptor);
    // Qt forks twice and calls setsid(): the program has no terminal and init reaps it.
    const bool started = process.startDetached(pid);
    for (int fd : std::as_const(inheritable))
        ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) & ~FD_CLOEXEC);
    if (passedFlags >= 0)
        ::fcntl(passedDescriptor, F_SETFD, passedFlags);
    if (!started) {
        *error = tr("Cannot start %1: %2").arg(nativePath(program), process.errorString());
        return false;
    }
    return true;
}

bool DetachedProcess::isAlive(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

bool DetachedProcess::waitForExit(qint64 pid, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (::kill(static_cast<pid_t>(pid), 0) != 0)
            return true;
        QThread::msleep(200);
    }
    return ::kill(static_cast<pid_t>(pid), 0) != 0;
}

bool DetachedProcess::killHard(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), SIGKILL) == 0;
}

void DetachedProcess::closeInheritedDescriptors()
{
    // Before the program opens anything of its own.
    forEachDescriptorAfterStderr([](int fd) { ::close(fd); });
}

} // namespace berth
