#include "process/detachedprocess.h"
#include "process/processhandle_win.h"
#include "qemuprocess.h"
#include "util/text.h"
#include "util/translate.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <iterator>
#include <windows.h>

namespace berth {

namespace {

// FILETIME counts 100 ns from 1601-01-01 UTC.
QDateTime fromFileTime(const FILETIME &time)
{
    const qint64 ticks = (qint64(time.dwHighDateTime) << 32) | time.dwLowDateTime;
    constexpr qint64 msecsFrom1601To1970 = 11644473600000LL;
    return QDateTime::fromMSecsSinceEpoch(ticks / 10000 - msecsFrom1601To1970, Qt::UTC);
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
    if (!DetachedProcess::start(program, arguments, QFileInfo(logPath).absolutePath(), logPath, &pid, error))
        return false;
    QString message;
    for (;;) {
        QmpClient client(qmp);
        if (client.connect(static_cast<int>(qBound(qint64(1), deadline.remainingTime(), qint64(5000))), &message))
            return true;
        if (!DetachedProcess::isAlive(pid)) {
            const QString reason = lastLineOfFile(logPath);
            *error = tr("QEMU did not start: %1").arg(reason.isEmpty() ? message : reason);
            return false;
        }
        if (deadline.hasExpired()) {
            // A retry must not meet this one holding the machine's disks.
            DetachedProcess::killHard(pid);
            *error = tr("QEMU did not set the machine up within %1 s: %2").arg(timeoutMs / 1000).arg(message);
            return false;
        }
        QThread::msleep(100);
    }
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

} // namespace berth
