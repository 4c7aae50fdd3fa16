#include "detachedprocess.h"
#include "process/commandrunner.h"
#include "processhandle_win.h"
#include "util/translate.h"

#include <QLoggingCategory>
#include <QProcess>

#include <windows.h>

Q_LOGGING_CATEGORY(lcDetachedProcess, "berth.process.detached")

namespace berth {

bool DetachedProcess::start(const QString &program, const QStringList &arguments, const QString &workingDir,
    const QString &logPath, qint64 *pid, QString *error, int passedDescriptor)
{
    Q_ASSERT(passedDescriptor == -1);
    Q_UNUSED(passedDescriptor)
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(workingDir);
    process.setStandardInputFile(QProcess::nullDevice());
    // One handle for both: two handles on one file would each write at their own offset.
    process.setStandardOutputFile(logPath, QIODevice::Append);
    process.setProcessChannelMode(QProcess::MergedChannels);
    bool breakaway = true;
    // Only the standard handles are inherited (libssh's sockets are inheritable), then the flags below.
    CommandRunner::closeInheritedDescriptors(&process);
    const QProcess::CreateProcessArgumentModifier limitHandles = process.createProcessArgumentsModifier();
    process.setCreateProcessArgumentsModifier([limitHandles, &breakaway](QProcess::CreateProcessArguments *args) {
        if (limitHandles)
            limitHandles(args);
        // No console: closing the window berth ran in, or Ctrl+C there, must not end the program.
        args->flags &= ~static_cast<DWORD>(CREATE_NO_WINDOW);
        args->flags |= DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP;
        // Out of a job berth may run in (a terminal's, a CI runner's) that kills its processes as it closes.
        if (breakaway)
            args->flags |= CREATE_BREAKAWAY_FROM_JOB;
    });
    if (process.startDetached(pid))
        return true;
    // A job that does not allow breaking away refuses the process: it then stays in the job.
    qCDebug(lcDetachedProcess) << "starting out of the job failed:" << process.errorString();
    breakaway = false;
    if (process.startDetached(pid))
        return true;
    *error = tr("Cannot start %1: %2").arg(nativePath(program), process.errorString());
    return false;
}

bool DetachedProcess::isAlive(qint64 pid)
{
    const ProcessHandle process(pid, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION);
    // An exited process keeps its id while a handle to it is open: ask whether it has exited.
    return process.get() && WaitForSingleObject(process.get(), 0) == WAIT_TIMEOUT;
}

bool DetachedProcess::waitForExit(qint64 pid, int timeoutMs)
{
    const ProcessHandle process(pid, SYNCHRONIZE);
    // Not there, or not this user's: gone as far as Berth can tell (as kill(pid, 0) failing on POSIX).
    if (!process.get())
        return true;
    return WaitForSingleObject(process.get(), static_cast<DWORD>(qMax(0, timeoutMs))) == WAIT_OBJECT_0;
}

bool DetachedProcess::killHard(qint64 pid)
{
    const ProcessHandle process(pid, PROCESS_TERMINATE);
    return process.get() && TerminateProcess(process.get(), 1);
}

void DetachedProcess::closeInheritedDescriptors()
{
    // start() lets the standard handles alone through (CommandRunner::closeInheritedDescriptors).
}

} // namespace berth
