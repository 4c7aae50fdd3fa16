#include "terminallauncher.h"

#include <QFile>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>
#if defined(Q_OS_LINUX)
#include <sys/syscall.h>
#endif

extern char **environ;

namespace berth {

namespace {

#if defined(Q_OS_LINUX) && !defined(CLOSE_RANGE_CLOEXEC)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// Between fork and exec: async-signal-safe calls only. Every descriptor above standard error is closed at
// exec (the one reporting a failed exec already is).
void closeAtExec(rlim_t highest)
{
#if defined(Q_OS_LINUX) && defined(SYS_close_range)
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
#endif
    for (rlim_t fd = 3; fd < highest; ++fd) {
        const int flags = fcntl(static_cast<int>(fd), F_GETFD);
        if (flags >= 0)
            fcntl(static_cast<int>(fd), F_SETFD, flags | FD_CLOEXEC);
    }
}

// argv and envp as execve takes them, made before fork: the child may not allocate.
struct CStrings {
    std::vector<QByteArray> storage;
    std::vector<char *> pointers;

    explicit CStrings(const QList<QByteArray> &strings)
        : storage(strings.cbegin(), strings.cend())
    {
        for (QByteArray &string : storage)
            pointers.push_back(string.data());
        pointers.push_back(nullptr);
    }
};

} // namespace

TerminalPlatform TerminalLauncher::hostPlatform()
{
#ifdef Q_OS_MACOS
    return TerminalPlatform::MacOS;
#else
    return TerminalPlatform::Linux;
#endif
}

QString TerminalLauncher::userShell()
{
    // The login shell the user chose (chsh); a desktop session exports it.
    const QString shell = qEnvironmentVariable("SHELL");
    return shell.isEmpty() ? QStringLiteral("/bin/sh") : shell;
}

// QProcess::startDetached (Qt 6.4) runs no child process modifier, so the terminal would keep every
// descriptor of the app that is not close-on-exec (libssh's sockets, say) for as long as it is open. The
// same double fork, with those descriptors closed.
bool TerminalLauncher::startDetached(const LaunchPlan &plan, QString *reason)
{
    const QString program = plan.program.contains(QLatin1Char('/'))
        ? plan.program
        : QStandardPaths::findExecutable(
            plan.program, plan.environment.value(QStringLiteral("PATH")).split(QLatin1Char(':')));
    if (program.isEmpty()) {
        *reason = tr("it is not in PATH");
        return false;
    }
    QList<QByteArray> arguments { QFile::encodeName(program) };
    for (const QString &argument : plan.arguments)
        arguments << argument.toLocal8Bit();
    QList<QByteArray> variables;
    for (const QString &variable : plan.environment.toStringList())
        variables << variable.toLocal8Bit();
    CStrings argv(arguments);
    CStrings envp(variables);
    char **const environment = plan.environment.isEmpty() ? environ : envp.pointers.data();
    const QByteArray directory = QFile::encodeName(plan.workingDirectory);
    struct rlimit limit { };
    const rlim_t highest
        = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? limit.rlim_cur : 65536;

    // The grandchild writes errno here when exec fails; a successful exec closes it.
    int report[2];
    if (pipe(report) != 0) {
        *reason = qt_error_string(errno);
        return false;
    }
    fcntl(report[0], F_SETFD, FD_CLOEXEC);
    fcntl(report[1], F_SETFD, FD_CLOEXEC);
    const pid_t child = fork();
    if (child == 0) {
        // A session of its own: the app's terminal, if any, and its signals are not the shell's.
        setsid();
        ::signal(SIGPIPE, SIG_DFL); // Qt ignores it; an ignored signal stays ignored across exec
        int failure = 0;
        if (!directory.isEmpty() && chdir(directory.constData()) != 0) {
            failure = errno;
        } else {
            const pid_t grandchild = fork();
            if (grandchild == 0) {
                closeAtExec(highest);
                execve(argv.pointers[0], argv.pointers.data(), environment);
                failure = errno;
            } else if (grandchild < 0) {
                failure = errno;
            }
        }
        if (failure != 0) {
            [[maybe_unused]] const ssize_t written = write(report[1], &failure, sizeof failure);
        }
        _exit(failure != 0 ? 127 : 0);
    }
    ::close(report[1]);
    if (child < 0) {
        *reason = qt_error_string(errno);
        ::close(report[0]);
        return false;
    }
    while (waitpid(child, nullptr, 0) < 0 && errno == EINTR) { }
    int failure = 0;
    ssize_t got = 0;
    do {
        got = read(report[0], &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got == sizeof failure) {
        *reason = qt_error_string(failure);
        return false;
    }
    return true;
}

} // namespace berth
