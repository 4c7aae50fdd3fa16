#include "runtime.h"

#include "qmp.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace vboxdouble {

static qint64 readPid(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toLongLong();
}

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

VmRuntime::VmRuntime(const Machine &machine)
{
    const QString folder = machine.folder();
    qemuPidFile = folder + QStringLiteral("/qemu.pid");
    supervisorPidFile = folder + QStringLiteral("/vm-process.pid");
    powerOffRequest = folder + QStringLiteral("/poweroff-requested");
    logFile = machine.logFolder() + QStringLiteral("/VBox.log");
    // A unix socket's path holds at most 107 bytes: deep VM folders get theirs in /tmp.
    QString socketDir = folder;
    if (QFile::encodeName(folder).size() > 80)
        socketDir
            = QStringLiteral("/tmp/vboxdouble-%1")
                  .arg(QString::fromLatin1(
                      QCryptographicHash::hash(machine.uuid.toUtf8(), QCryptographicHash::Sha1).toHex().left(12)));
    qmpSocket = socketDir + QStringLiteral("/qmp.sock");
    eventSocket = socketDir + QStringLiteral("/qmp-events.sock");
}

qint64 VmRuntime::supervisorPid() const
{
    return readPid(supervisorPidFile);
}

qint64 VmRuntime::qemuPid() const
{
    return readPid(qemuPidFile);
}

void VmRuntime::removeFiles() const
{
    for (const QString &path : { qemuPidFile, supervisorPidFile, qmpSocket, eventSocket, powerOffRequest })
        QFile::remove(path);
    if (qmpSocket.startsWith(QLatin1String("/tmp/vboxdouble-")))
        QDir().rmdir(qmpSocket.left(qmpSocket.lastIndexOf(QLatin1Char('/'))));
}

QString currentState(const Machine &machine)
{
    if (machine.state != QLatin1String("running") && machine.state != QLatin1String("paused"))
        return machine.state;
    const VmRuntime runtime(machine);
    if (!processAlive(runtime.supervisorPid())) {
        // The supervisor may have recorded the end since the caller read the settings.
        QFile settings(machine.settingsFile);
        if (settings.open(QIODevice::ReadOnly)) {
            const QString recorded
                = QJsonDocument::fromJson(settings.readAll()).object().value(QLatin1String("state")).toString();
            if (recorded != QLatin1String("running") && recorded != QLatin1String("paused"))
                return recorded;
        }
        return QStringLiteral("aborted");
    }
    QmpClient qmp;
    if (qmp.connectTo(runtime.qmpSocket, 2000)) {
        const QString status = qmp.queryStatus();
        if (status == QLatin1String("paused") || status == QLatin1String("suspended"))
            return QStringLiteral("paused");
        if (status == QLatin1String("running"))
            return QStringLiteral("running");
    }
    return machine.state;
}

} // namespace vboxdouble
