#include "detachedprocess.h"
#include "process/commandrunner.h"
#include "util/translate.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <sys/types.h>

namespace berth {

bool DetachedProcess::start(const QString &program, const QStringList &arguments, const QString &workingDir,
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
    // close-on-exec would reach the program.
    CommandRunner::closeInheritedDescriptors(&process);
    // Qt forks twice and calls setsid(): the program has no terminal and init reaps it.
    if (!process.startDetached(pid)) {
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

} // namespace berth
