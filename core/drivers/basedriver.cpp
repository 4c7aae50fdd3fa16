#include "basedriver.h"

#include "ssh/sshsession.h"

#include <QCoreApplication>
#include <QDir>

namespace berth {

bool Driver::upgrade(Progress *, bool *, QString *error)
{
    *error = QCoreApplication::translate("berth",
        "Machines of the %1 driver run a system Berth did not install: upgrade Docker there with the host's package "
        "manager, then run \"berth provision\".")
                 .arg(driverName());
    return false;
}

BaseDriver::BaseDriver(const QString &machineName, const QString &storePath)
    : m_machineName(machineName)
    , m_storePath(storePath)
{
}

BaseDriver::~BaseDriver() = default;

std::unique_ptr<ssh::Session> BaseDriver::takeBootSession()
{
    return std::move(m_bootSession);
}

QString BaseDriver::ip(QString *error) const
{
    if (m_ipAddress.isEmpty() && error)
        *error = QCoreApplication::translate("berth", "The machine \"%1\" has no IP address.").arg(m_machineName);
    return m_ipAddress;
}

QString BaseDriver::machineDir() const
{
    if (!m_machineDir.isEmpty())
        return m_machineDir;
    return m_storePath + QStringLiteral("/machines/") + m_machineName;
}

QString BaseDriver::knownHostsPath() const
{
    return machineDir() + QStringLiteral("/known_hosts");
}

bool BaseDriver::sshTarget(ssh::Target *target, QString *error) const
{
    const QString host = sshHostname(error);
    if (host.isEmpty())
        return false;
    target->host = host;
    target->port = sshPort();
    target->user = sshUsername();
    target->privateKeyPath = sshKeyPath();
    target->knownHostsPath = knownHostsPath();
    return true;
}

bool BaseDriver::runSsh(const QString &command, ssh::CommandResult *result, QString *error) const
{
    ssh::Target target;
    if (!sshTarget(&target, error))
        return false;
    ssh::Session session;
    return session.connect(target, error) && session.run(command, result, error);
}

void BaseDriver::fromJson(const QJsonObject &json)
{
    m_ipAddress = json.value(QLatin1String("IPAddress")).toString();
    m_machineName = json.value(QLatin1String("MachineName")).toString(m_machineName);
    m_sshUser = json.value(QLatin1String("SSHUser")).toString();
    m_sshPort = json.value(QLatin1String("SSHPort")).toInt();
    m_sshKeyPath = json.value(QLatin1String("SSHKeyPath")).toString();
    m_storePath = json.value(QLatin1String("StorePath")).toString(m_storePath);
    m_swarmMaster = json.value(QLatin1String("SwarmMaster")).toBool();
    m_swarmHost = json.value(QLatin1String("SwarmHost")).toString();
    m_swarmDiscovery = json.value(QLatin1String("SwarmDiscovery")).toString();
}

QJsonObject BaseDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = base;
    json.insert(QLatin1String("IPAddress"), m_ipAddress);
    json.insert(QLatin1String("MachineName"), m_machineName);
    json.insert(QLatin1String("SSHUser"), m_sshUser);
    json.insert(QLatin1String("SSHPort"), m_sshPort);
    json.insert(QLatin1String("SSHKeyPath"), m_sshKeyPath);
    json.insert(QLatin1String("StorePath"), m_storePath);
    json.insert(QLatin1String("SwarmMaster"), m_swarmMaster);
    json.insert(QLatin1String("SwarmHost"), m_swarmHost);
    json.insert(QLatin1String("SwarmDiscovery"), m_swarmDiscovery);
    return json;
}

QString BaseDriver::flagValue(const FlagValues &flags, const DriverFlag &flag)
{
    const auto it = flags.constFind(flag.name);
    if (it != flags.constEnd() && !it->isEmpty())
        return it->constLast();
    if (!flag.envVar.isEmpty() && qEnvironmentVariableIsSet(flag.envVar.toLatin1().constData()))
        return qEnvironmentVariable(flag.envVar.toLatin1().constData());
    return flag.defaultValue;
}

} // namespace berth
