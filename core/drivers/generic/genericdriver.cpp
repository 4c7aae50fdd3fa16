#include "genericdriver.h"

#include "ssh/sshsession.h"
#include "util/atomicfile.h"
#include "util/network.h"
#include "util/optionname.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>

namespace berth {

namespace {
const DriverFlag ipFlag { QStringLiteral("generic-ip-address"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "IP Address of machine")), QString(),
    QStringLiteral("GENERIC_IP_ADDRESS") };
const DriverFlag userFlag { QStringLiteral("generic-ssh-user"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "SSH user")), QStringLiteral("root"),
    QStringLiteral("GENERIC_SSH_USER") };
const DriverFlag keyFlag { QStringLiteral("generic-ssh-key"), DriverFlag::Kind::String,
    QStringLiteral(
        QT_TRANSLATE_NOOP("berth", "SSH private key path (if not provided, ~/.ssh/id_ed25519, id_ecdsa or id_rsa)")),
    QString(), QStringLiteral("GENERIC_SSH_KEY") };
const DriverFlag portFlag { QStringLiteral("generic-ssh-port"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "SSH port")), QStringLiteral("22"), QStringLiteral("GENERIC_SSH_PORT"), 1,
    65535, QString() };
const DriverFlag enginePortFlag { QStringLiteral("generic-engine-port"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "Docker engine port")), QStringLiteral("2376"),
    QStringLiteral("GENERIC_ENGINE_PORT"), 1, 65535, QString() };

// How long `state` waits for the SSH port, as docker-machine's generic driver does.
constexpr int stateProbeTimeoutMs = 2000;

QString defaultSshKey()
{
    for (const char *name : { "id_ed25519", "id_ecdsa", "id_rsa" }) {
        const QString path = QDir::homePath() + QStringLiteral("/.ssh/") + QLatin1String(name);
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}
} // namespace

GenericDriver::GenericDriver(const QString &machineName, const QString &storePath)
    : BaseDriver(machineName, storePath)
{
}

QList<DriverFlag> GenericDriver::createFlags()
{
    return { enginePortFlag, ipFlag, keyFlag, portFlag, userFlag };
}

bool GenericDriver::setConfigFromFlags(const FlagValues &flags, QString *error)
{
    m_ipAddress = flagValue(flags, ipFlag).trimmed();
    m_sshUser = flagValue(flags, userFlag);
    m_sshKey = flagValue(flags, keyFlag);
    if (m_ipAddress.isEmpty()) {
        *error = tr("generic driver requires the %1 option").arg(optionName(ipFlag.name));
        return false;
    }
    if (!isValidHostAddress(m_ipAddress)) {
        *error = tr("%1 \"%2\" is not an IP address or host name.").arg(optionName(ipFlag.name), m_ipAddress);
        return false;
    }
    if (m_sshUser.isEmpty() || m_sshUser.contains(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")))) {
        *error = tr("%1 \"%2\" is not a valid user name.").arg(optionName(userFlag.name), m_sshUser);
        return false;
    }
    if (!intFlag(flags, portFlag, &m_sshPort, error) || !intFlag(flags, enginePortFlag, &m_enginePort, error))
        return false;
    if (m_sshKey.isEmpty())
        m_sshKey = defaultSshKey();
    else if (m_sshKey.startsWith(QStringLiteral("~/")))
        m_sshKey = QDir::homePath() + m_sshKey.mid(1);
    else
        m_sshKey = QFileInfo(m_sshKey).absoluteFilePath();
    m_sshKeyPath = machineDir() + QStringLiteral("/id_rsa");
    return true;
}

bool GenericDriver::preCreateCheck(QString *error)
{
    if (m_sshKey.isEmpty()) {
        *error = tr("No SSH key found in ~/.ssh. Give the key that logs in to the host with %1.")
                     .arg(optionName(keyFlag.name));
        return false;
    }
    const QFileInfo key(m_sshKey);
    if (!key.exists()) {
        *error = tr("SSH key does not exist: \"%1\". Check the path given to %2.")
                     .arg(QDir::toNativeSeparators(m_sshKey), optionName(keyFlag.name));
        return false;
    }
    if (!key.isFile() || !key.isReadable()) {
        *error = tr("SSH key \"%1\" is not a readable file. Check the path given to %2 and its permissions.")
                     .arg(QDir::toNativeSeparators(m_sshKey), optionName(keyFlag.name));
        return false;
    }
    QByteArray publicKey;
    if (!ssh::publicKeyFromPrivate(m_sshKey, &publicKey, error)) {
        *error = tr("\"%1\" is not a usable SSH private key: %2").arg(QDir::toNativeSeparators(m_sshKey), *error);
        return false;
    }
    return true;
}

bool GenericDriver::create(Progress *progress, QString *error)
{
    progress->step(tr("(%1) Importing SSH key...").arg(m_machineName));
    QFile source(m_sshKey);
    if (!source.open(QIODevice::ReadOnly)) {
        *error = tr("unable to copy ssh key: %1: %2").arg(QDir::toNativeSeparators(m_sshKey), source.errorString());
        return false;
    }
    if (!writeFileAtomic(m_sshKeyPath, source.readAll(), privateFilePermissions, error))
        return false;
    QFile publicSource(m_sshKey + QStringLiteral(".pub"));
    if (publicSource.open(QIODevice::ReadOnly)
        && !writeFileAtomic(
            m_sshKeyPath + QStringLiteral(".pub"), publicSource.readAll(), publicFilePermissions, error))
        return false;
    return true;
}

bool GenericDriver::remove(QString *)
{
    // The host is the user's: removing the machine forgets it, it does not touch the server.
    return true;
}

bool GenericDriver::start(Progress *, QString *error)
{
    *error = tr("generic driver does not support start");
    return false;
}

bool GenericDriver::stop(Progress *, QString *error)
{
    *error = tr("generic driver does not support stop");
    return false;
}

bool GenericDriver::restart(Progress *, QString *error)
{
    return runPrivileged(QStringLiteral("shutdown -r now"), error);
}

bool GenericDriver::kill(QString *error)
{
    return runPrivileged(QStringLiteral("shutdown -P now"), error);
}

MachineState GenericDriver::state(QString *)
{
    return tcpPortAnswers(m_ipAddress, m_sshPort, stateProbeTimeoutMs) ? MachineState::Running : MachineState::Stopped;
}

QString GenericDriver::url(QString *error) const
{
    const QString address = ip(error);
    if (address.isEmpty())
        return {};
    return QStringLiteral("tcp://") + joinHostPort(address, m_enginePort);
}

bool GenericDriver::fromJson(const QJsonObject &json, QString *error)
{
    if (!BaseDriver::fromJson(json, error)
        || !jsonNumber(json, "EnginePort", 1, 65535, 2376, &m_enginePort, error)
        // The key given at create, as given (docker-machine keeps a relative path too); only create reads it.
        || !jsonText(json, "SSHKey", QString(), &m_sshKey, error))
        return false;
    if (m_ipAddress.isEmpty()) {
        *error = tr("Driver.IPAddress is empty: a generic machine needs the address of its host.");
        return false;
    }
    if (m_sshPort == 0)
        m_sshPort = 22;
    if (m_sshUser.isEmpty())
        m_sshUser = QStringLiteral("root");
    return true;
}

QJsonObject GenericDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = BaseDriver::toJson(base);
    json.insert(QLatin1String("EnginePort"), m_enginePort);
    json.insert(QLatin1String("SSHKey"), m_sshKey);
    return json;
}

bool GenericDriver::runPrivileged(const QString &command, QString *error) const
{
    ssh::CommandResult result;
    const QString line = m_sshUser == QLatin1String("root") ? command : QStringLiteral("sudo -n ") + command;
    if (!runSsh(line, &result, error))
        return false;
    // The connection may drop as the host goes down; that is success, not an error.
    if (result.exitCode != 0 && result.exitCode != -1) {
        *error = tr("\"%1\" failed on the host (exit code %2): %3")
                     .arg(line)
                     .arg(result.exitCode)
                     .arg(QString::fromUtf8(result.standardError).trimmed());
        return false;
    }
    return true;
}

} // namespace berth
