#include "process/commandrunner.h"
#include "qemuprocess.h"
#include "util/translate.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <sys/types.h>

namespace berth {

bool QemuProcess::qmpOverTcp()
{
    return false;
}

bool QemuProcess::canShareFolders()
{
    return true;
}

QStringList QemuProcess::installFolders()
{
    // Package managers put QEMU on the PATH.
    return {};
}

bool QemuProcess::start(const QString &program, const QStringList &arguments, const QmpEndpoint &, const QString &,
    int timeoutMs, QString *error)
{
    // With -daemonize QEMU's first process exits once the machine is set up and its QMP socket listens
    // (0), or when it failed, saying why on stderr; the daemon's own output goes to /dev/null.
    const CommandOutput output
        = CommandRunner::run(program, arguments + QStringList { QStringLiteral("-daemonize") }, timeoutMs);
    if (output.exitCode != 0) {
        *error = tr("QEMU did not start: %1").arg(CommandRunner::lastLine(output));
        return false;
    }
    return true;
}

bool QemuProcess::startDetached(const QString &program, const QStringList &arguments, const QString &workingDir,
    const QString &logPath, qint64 *pid, QString *error)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(workingDir);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(logPath, QIODevice::Append);
    process.setStandardErrorFile(logPath, QIODevice::Append);
    // Qt 6.4's startDetached runs no child process modifier (later Qt does): descriptors that are not
    // close-on-exec would reach the program. On POSIX only tests use this; a VM is started by start()
    // above, through CommandRunner, whose children get none of Berth's descriptors.
    CommandRunner::closeInheritedDescriptors(&process);
    // Qt forks twice and calls setsid(): the program has no terminal and init reaps it.
    if (!process.startDetached(pid)) {
        *error = tr("Cannot start %1: %2").arg(nativePath(program), process.errorString());
        return false;
    }
    return true;
}

bool QemuProcess::isAlive(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

bool QemuProcess::isOurQemu(qint64 pid, const QString &pidFilePath)
{
#if defined(Q_OS_LINUX)
    // The pid may have been reused by another program since QEMU died.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (cmdline.open(QIODevice::ReadOnly) && !cmdline.readAll().contains(QFile::encodeName(pidFilePath)))
        return false;
#else
    Q_UNUSED(pid)
    Q_UNUSED(pidFilePath)
#endif
    return true;
}

bool QemuProcess::waitForExit(qint64 pid, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (::kill(static_cast<pid_t>(pid), 0) != 0)
            return true;
        QThread::msleep(200);
    }
    return ::kill(static_cast<pid_t>(pid), 0) != 0;
}

bool QemuProcess::killHard(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), SIGKILL) == 0;
}

} // namespace berth
