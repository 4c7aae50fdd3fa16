#include "registry.h"

#include "console.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace vboxdouble {

static QString registryFile()
{
    return Registry::homeDir() + QStringLiteral("/VirtualBox.json");
}

RegistryLock::RegistryLock()
{
    QDir().mkpath(Registry::homeDir());
    const QByteArray path = QFile::encodeName(Registry::homeDir() + QStringLiteral("/VirtualBox.lock"));
    m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd >= 0)
        ::flock(m_fd, LOCK_EX);
}

RegistryLock::~RegistryLock()
{
    unlock();
}

void RegistryLock::unlock()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

QString Registry::homeDir()
{
    const QString fromEnv = qEnvironmentVariable("VBOX_USER_HOME");
    if (!fromEnv.isEmpty())
        return QDir(fromEnv).absolutePath();
    return QDir::homePath() + QStringLiteral("/.config/VirtualBox");
}

QString Registry::defaultMachineFolder()
{
    return QDir::homePath() + QStringLiteral("/VirtualBox VMs");
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString normalizeUuid(const QString &text)
{
    const QUuid uuid(text);
    return uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces);
}

bool Registry::load(QString *error)
{
    machines.clear();
    media.clear();
    hostOnlyInterfaces.clear();
    dhcpServers.clear();
    QFile file(registryFile());
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    for (const QJsonValue &v : root.value(QLatin1String("machines")).toArray()) {
        const QString settingsFile = v.toObject().value(QLatin1String("settingsFile")).toString();
        QFile settings(settingsFile);
        if (!settings.open(QIODevice::ReadOnly))
            continue; // an inaccessible machine: its folder went away
        Machine m = Machine::fromJson(QJsonDocument::fromJson(settings.readAll()).object());
        m.settingsFile = settingsFile;
        machines.append(m);
    }
    for (const QJsonValue &v : root.value(QLatin1String("media")).toArray()) {
        const QJsonObject o = v.toObject();
        media.append(Medium { o.value(QLatin1String("uuid")).toString(), o.value(QLatin1String("location")).toString(),
            o.value(QLatin1String("format")).toString(), o.value(QLatin1String("deviceType")).toString(),
            static_cast<qint64>(o.value(QLatin1String("logicalSize")).toDouble()) });
    }
    for (const QJsonValue &v : root.value(QLatin1String("hostOnlyInterfaces")).toArray()) {
        const QJsonObject o = v.toObject();
        hostOnlyInterfaces.append(HostOnlyInterface { o.value(QLatin1String("name")).toString(),
            o.value(QLatin1String("guid")).toString(), o.value(QLatin1String("ip")).toString(),
            o.value(QLatin1String("netmask")).toString(), o.value(QLatin1String("mac")).toString() });
    }
    for (const QJsonValue &v : root.value(QLatin1String("dhcpServers")).toArray()) {
        const QJsonObject o = v.toObject();
        dhcpServers.append(
            DhcpServer { o.value(QLatin1String("networkName")).toString(), o.value(QLatin1String("ip")).toString(),
                o.value(QLatin1String("netmask")).toString(), o.value(QLatin1String("lowerIp")).toString(),
                o.value(QLatin1String("upperIp")).toString(), o.value(QLatin1String("enabled")).toBool() });
    }
    return true;
}

static bool writeJson(const QString &path, const QJsonObject &object, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(object).toJson());
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

bool Registry::save(QString *error) const
{
    QJsonArray machineArray;
    for (const Machine &m : machines)
        machineArray.append(QJsonObject { { QStringLiteral("uuid"), m.uuid }, { QStringLiteral("name"), m.name },
            { QStringLiteral("settingsFile"), m.settingsFile } });
    QJsonArray mediumArray;
    for (const Medium &m : media)
        mediumArray.append(QJsonObject { { QStringLiteral("uuid"), m.uuid }, { QStringLiteral("location"), m.location },
            { QStringLiteral("format"), m.format }, { QStringLiteral("deviceType"), m.deviceType },
            { QStringLiteral("logicalSize"), static_cast<double>(m.logicalSize) } });
    QJsonArray hostOnlyArray;
    for (const HostOnlyInterface &h : hostOnlyInterfaces)
        hostOnlyArray.append(QJsonObject { { QStringLiteral("name"), h.name }, { QStringLiteral("guid"), h.guid },
            { QStringLiteral("ip"), h.ip }, { QStringLiteral("netmask"), h.netmask },
            { QStringLiteral("mac"), h.mac } });
    QJsonArray dhcpArray;
    for (const DhcpServer &d : dhcpServers)
        dhcpArray.append(QJsonObject { { QStringLiteral("networkName"), d.networkName }, { QStringLiteral("ip"), d.ip },
            { QStringLiteral("netmask"), d.netmask }, { QStringLiteral("lowerIp"), d.lowerIp },
            { QStringLiteral("upperIp"), d.upperIp }, { QStringLiteral("enabled"), d.enabled } });
    const QJsonObject root { { QStringLiteral("machines"), machineArray }, { QStringLiteral("media"), mediumArray },
        { QStringLiteral("hostOnlyInterfaces"), hostOnlyArray }, { QStringLiteral("dhcpServers"), dhcpArray } };
    return writeJson(registryFile(), root, error);
}

bool Registry::saveMachine(const Machine &machine, QString *error)
{
    return writeJson(machine.settingsFile, machine.toJson(), error);
}

Machine *Registry::findMachine(const QString &nameOrUuid)
{
    const QString uuid = normalizeUuid(nameOrUuid);
    for (Machine &m : machines)
        if ((!uuid.isEmpty() && m.uuid == uuid) || m.name == nameOrUuid)
            return &m;
    return nullptr;
}

Medium *Registry::findMedium(const QString &uuidOrPath)
{
    const QString uuid = normalizeUuid(uuidOrPath);
    const QString path = QFileInfo(uuidOrPath).absoluteFilePath();
    for (Medium &m : media)
        if ((!uuid.isEmpty() && m.uuid == uuid) || m.location == path)
            return &m;
    return nullptr;
}

HostOnlyInterface *Registry::findHostOnly(const QString &name)
{
    for (HostOnlyInterface &h : hostOnlyInterfaces)
        if (h.name == name)
            return &h;
    return nullptr;
}

DhcpServer *Registry::findDhcpServer(const QString &networkName)
{
    for (DhcpServer &d : dhcpServers)
        if (d.networkName == networkName)
            return &d;
    return nullptr;
}

QStringList Registry::machinesUsing(const QString &mediumUuid) const
{
    QStringList result;
    for (const Machine &m : machines)
        for (const StorageController &c : m.controllers)
            for (const MediumAttachment &a : c.attachments)
                if (a.mediumUuid == mediumUuid && !result.contains(m.uuid))
                    result.append(m.uuid);
    return result;
}

} // namespace vboxdouble

namespace vboxdouble {

RegistryTransaction::RegistryTransaction()
{
    QString error;
    registry.load(&error);
}

int RegistryTransaction::commit(const Machine *machine)
{
    QString error;
    if ((machine && !Registry::saveMachine(*machine, &error)) || !registry.save(&error)) {
        msgError(error);
        return ExitFailure;
    }
    return ExitSuccess;
}

Registry readRegistry()
{
    RegistryLock lock;
    Registry registry;
    QString error;
    registry.load(&error);
    return registry;
}

} // namespace vboxdouble
