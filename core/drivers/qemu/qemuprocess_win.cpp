#include "process/commandrunner.h"
#include "qemuprocess.h"
#include "util/translate.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QThread>

#include <iterator>
#include <windows.h>

Q_LOGGING_CATEGORY(lcQemuProcess, "berth.driver.qemu.process")

namespace berth {

namespace {

// A process handle, closed when it goes out of scope; null when the process cannot be opened (gone,
// or not this user's).
class ProcessHandle {
public:
    ProcessHandle(qint64 pid, DWORD access)
        : m_handle(pid > 0 && pid <= qint64(MAXDWORD) ? OpenProcess(access, FALSE, static_cast<DWORD>(pid)) : nullptr)
    {
    }
    ~ProcessHandle()
    {
        if (m_handle)
            CloseHandle(m_handle);
    }
    ProcessHandle(const ProcessHandle &) = delete;
    ProcessHandle &operator=(const ProcessHandle &) = delete;
    HANDLE get() const { return m_handle; }

private:
    HANDLE m_handle;
};

// FILETIME counts 100 ns from 1601-01-01 UTC.
QDateTime fromFileTime(const FILETIME &time)
{
    const qint64 ticks = (qint64(time.dwHighDateTime) << 32) | time.dwLowDateTime;
    constexpr qint64 msecsFrom1601To1970 = 11644473600000LL;
    return QDateTime::fromMSecsSinceEpoch(ticks / 10000 - msecsFrom1601To1970, Qt::UTC);
}

// The last line QEMU wrote to its log: its reason for exiting ("...: -drive file=...: Could not open").
QString lastLogLine(const QString &logPath)
{
    QFile log(logPath);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    log.seek(qMax<qint64>(0, log.size() - 4096));
    const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromLocal8Bit(lines.constLast()).trimmed();
}

} // namespace

bool QemuProcess::qmpOverTcp()
{
    return true;
}

bool QemuProcess::canShareFolders()
{
    return false;
}

QStringList QemuProcess::installFolders()
{
    QStringList folders;
    for (const char *variable : { "ProgramFiles", "ProgramW6432" }) {
        const QString root = qEnvironmentVariable(variable);
        const QString folder = root.isEmpty() ? QString() : QDir::fromNativeSeparators(root) + QStringLiteral("/qemu");
        if (!folder.isEmpty() && !folders.contains(folder, Qt::CaseInsensitive))
            folders << folder;
    }
    return folders;
}

bool QemuProcess::start(const QString &program, const QStringList &arguments, const QmpEndpoint &qmp,
    const QString &logPath, int timeoutMs, QString *error)
{
    // QEMU for Windows has no -daemonize: it is started detached, and it is up once QMP greets, which
    // QEMU does from its main loop, after the machine is set up. If it exits first, its log says why.
    const QDeadlineTimer deadline(timeoutMs);
    QFile::remove(logPath);
    qint64 pid = 0;
    if (!startDetached(program, arguments, QFileInfo(logPath).absolutePath(), logPath, &pid, error))
        return false;
    QString message;
    for (;;) {
        QmpClient client(qmp);
        if (client.connect(static_cast<int>(qBound(qint64(1), deadline.remainingTime(), qint64(5000))), &message))
            return true;
        if (!isAlive(pid)) {
            const QString reason = lastLogLine(logPath);
            *error = tr("QEMU did not start: %1").arg(reason.isEmpty() ? message : reason);
            return false;
        }
        if (deadline.hasExpired()) {
            // A retry must not meet this one holding the machine's disks.
            killHard(pid);
            *error = tr("QEMU did not set the machine up within %1 s: %2").arg(timeoutMs / 1000).arg(message);
            return false;
        }
        QThread::msleep(100);
    }
}

bool QemuProcess::startDetached(const QString &program, const QStringList &arguments, const QString &workingDir,
    const QString &logPath, qint64 *pid, QString *error)
{
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
        // No console: closing the window berth ran in, or Ctrl+C there, must not end the VM.
        args->flags &= ~static_cast<DWORD>(CREATE_NO_WINDOW);
        args->flags |= DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP;
        // Out of a job berth may run in (a terminal's, a CI runner's) that kills its processes as it closes.
        if (breakaway)
            args->flags |= CREATE_BREAKAWAY_FROM_JOB;
    });
    if (process.startDetached(pid))
        return true;
    // A job that does not allow breaking away refuses the process: it then stays in the job.
    qCDebug(lcQemuProcess) << "starting out of the job failed:" << process.errorString();
    breakaway = false;
    if (process.startDetached(pid))
        return true;
    *error = tr("Cannot start %1: %2").arg(nativePath(program), process.errorString());
    return false;
}

bool QemuProcess::isAlive(qint64 pid)
{
    const ProcessHandle process(pid, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION);
    // An exited process keeps its id while a handle to it is open: ask whether it has exited.
    return process.get() && WaitForSingleObject(process.get(), 0) == WAIT_TIMEOUT;
}

bool QemuProcess::isOurQemu(qint64 pid, const QString &pidFilePath)
{
    const ProcessHandle process(pid, PROCESS_QUERY_LIMITED_INFORMATION);
    if (!process.get())
        return false;
    // The pid may have been reused since QEMU died: by another program, or by another machine's QEMU,
    // which started after this pid file was written.
    wchar_t image[MAX_PATH * 4];
    DWORD size = DWORD(std::size(image));
    if (!QueryFullProcessImageNameW(process.get(), 0, image, &size))
        return false;
    const QString name = QFileInfo(QString::fromWCharArray(image, int(size))).fileName();
    if (!name.startsWith(QLatin1String("qemu-system-"), Qt::CaseInsensitive))
        return false;
    FILETIME created, exited, kernel, user;
    const QDateTime written = QFileInfo(pidFilePath).lastModified();
    if (GetProcessTimes(process.get(), &created, &exited, &kernel, &user) && written.isValid())
        return fromFileTime(created) <= written.addSecs(2);
    return true;
}

bool QemuProcess::waitForExit(qint64 pid, int timeoutMs)
{
    const ProcessHandle process(pid, SYNCHRONIZE);
    // Not there, or not this user's: gone as far as Berth can tell (as kill(pid, 0) failing on POSIX).
    if (!process.get())
        return true;
    return WaitForSingleObject(process.get(), static_cast<DWORD>(qMax(0, timeoutMs))) == WAIT_OBJECT_0;
}

bool QemuProcess::killHard(qint64 pid)
{
    const ProcessHandle process(pid, PROCESS_TERMINATE);
    return process.get() && TerminateProcess(process.get(), 1);
}

} // namespace berth
