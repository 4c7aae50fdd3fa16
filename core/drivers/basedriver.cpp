#include "basedriver.h"

#include "ssh/sshsession.h"
#include "util/network.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace berth {

bool Driver::upgrade(Progress *, bool *, QString *error)
{
    *error = QCoreApplication::translate("berth",
        "Machines of the %1 driver run a system Berth did not install: upgrade Docker there with the host's package "
        "manager, then provision the machine again.")
                 .arg(driverName());
    return false;
}

bool Driver::sshTarget(ssh::Target *, QString *error) const
{
    // The driver's own words for why it has no SSH (the none driver's).
    sshHostname(error);
    if (error->isEmpty())
        *error = QCoreApplication::translate("berth", "Machines of the %1 driver are not reached over SSH.")
                     .arg(driverName());
    return false;
}

namespace {
bool noForwards(const Driver &driver, QString *error)
{
    *error
        = QCoreApplication::translate("berth", "Machines of the %1 driver keep published ports on their own address.")
              .arg(driver.driverName());
    return false;
}
} // namespace

bool Driver::portForwards(QList<PortForward> *, QString *error)
{
    return noForwards(*this, error);
}

bool Driver::addPortForward(const PortForward &, QString *error)
{
    return noForwards(*this, error);
}

bool Driver::removePortForward(const PortForward &, QString *error)
{
    return noForwards(*this, error);
}

bool DriverFlag::parseInt(const QString &text, int *value, QString *error) const
{
    bool ok = false;
    const int number = text.toInt(&ok);
    if (ok && ((number >= minimum && number <= maximum) || extraValues.contains(number))) {
        *value = number;
        return true;
    }
    // Two whole sentences, so a translation can place the note as its language does.
    *error = limitNote.isEmpty()
        ? QCoreApplication::translate("berth", "%1 must be a whole number from %2 to %3, not \"%4\".")
              .arg(optionName(name), QString::number(minimum), QString::number(maximum), text)
        : QCoreApplication::translate("berth", "%1 must be a whole number from %2 to %3 (%4), not \"%5\".")
              .arg(optionName(name), QString::number(minimum), QString::number(maximum), limitNote, text);
    return false;
}

DriverCheck DriverCheck::finished(const QStringList &problems, const QStringList &remedies) const
{
    DriverCheck c = *this;
    c.problem = problems.join(QLatin1Char('\n'));
    c.remedy = remedies.join(QLatin1Char('\n'));
    if (!c.usable)
        c.preference = 0;
    return c;
}

std::unique_ptr<ssh::Session> Driver::takeBootSession()
{
    return nullptr;
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
    if (!usesSsh())
        return Driver::sshTarget(target, error);
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

namespace {
// A JSON value as config.json spells it (escapes included), for a message.
QString shownJson(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}
} // namespace

bool BaseDriver::jsonText(
    const QJsonObject &json, const char *key, const QString &fallback, QString *value, QString *error)
{
    const QJsonValue field = json.value(QLatin1String(key));
    if (field.isUndefined() || field.isNull()) {
        *value = fallback;
        return true;
    }
    if (!field.isString() || containsLineBreakOrControl(field.toString())) {
        *error = QCoreApplication::translate("berth", "Driver.%1 must be text without control characters, not %2.")
                     .arg(QLatin1String(key), shownJson(field));
        return false;
    }
    *value = field.toString();
    return true;
}

bool BaseDriver::jsonPath(const QJsonObject &json, const char *key, QString *value, QString *error)
{
    if (!jsonText(json, key, QString(), value, error))
        return false;
    // Written with the platform's separators (toJson), read in either form.
    *value = QDir::fromNativeSeparators(*value);
    if (!value->isEmpty() && !QDir::isAbsolutePath(*value)) {
        *error = QCoreApplication::translate("berth", "Driver.%1 \"%2\" is not an absolute path.")
                     .arg(QLatin1String(key), *value);
        return false;
    }
    return true;
}

bool BaseDriver::jsonBool(const QJsonObject &json, const char *key, bool fallback, bool *value, QString *error)
{
    const QJsonValue field = json.value(QLatin1String(key));
    if (field.isUndefined() || field.isNull()) {
        *value = fallback;
        return true;
    }
    if (!field.isBool()) {
        *error = QCoreApplication::translate("berth", "Driver.%1 must be true or false, not %2.")
                     .arg(QLatin1String(key), shownJson(field));
        return false;
    }
    *value = field.toBool();
    return true;
}

bool BaseDriver::jsonNumber(
    const QJsonObject &json, const char *key, int minimum, int maximum, int fallback, int *value, QString *error)
{
    const QJsonValue field = json.value(QLatin1String(key));
    if (field.isUndefined() || field.isNull()) {
        *value = fallback;
        return true;
    }
    const double number = field.toDouble(-1.0);
    if (!field.isDouble() || number != static_cast<double>(static_cast<qint64>(number)) || number < minimum
        || number > maximum) {
        *error = QCoreApplication::translate("berth", "Driver.%1 must be a whole number from %2 to %3, not %4.")
                     .arg(QLatin1String(key))
                     .arg(minimum)
                     .arg(maximum)
                     .arg(shownJson(field));
        return false;
    }
    *value = static_cast<int>(number);
    return true;
}

bool BaseDriver::fromJson(const QJsonObject &json, QString *error)
{
    QString machineName, user, storePath;
    if (!jsonText(json, "IPAddress", QString(), &m_ipAddress, error)
        || !jsonText(json, "MachineName", m_machineName, &machineName, error)
        || !jsonText(json, "SSHUser", QString(), &user, error)
        || !jsonNumber(json, "SSHPort", 0, 65535, 0, &m_sshPort, error)
        || !jsonPath(json, "SSHKeyPath", &m_sshKeyPath, error) || !jsonPath(json, "StorePath", &storePath, error))
        return false;
    if (!m_ipAddress.isEmpty() && !isValidHostAddress(m_ipAddress)) {
        *error = QCoreApplication::translate("berth", "Driver.IPAddress \"%1\" is not an IP address or host name.")
                     .arg(m_ipAddress);
        return false;
    }
    // The machine's folder is made of it: it must be the machine's own name.
    if (machineName != m_machineName) {
        *error = QCoreApplication::translate("berth", "Driver.MachineName \"%1\" is not the machine's name \"%2\".")
                     .arg(visibleText(machineName), m_machineName);
        return false;
    }
    static const QRegularExpression userName(QStringLiteral("\\A[A-Za-z0-9._-]*\\z"));
    if (!userName.match(user).hasMatch()) {
        *error = QCoreApplication::translate("berth", "Driver.SSHUser \"%1\" is not a valid user name.").arg(user);
        return false;
    }
    m_sshUser = user;
    if (!storePath.isEmpty())
        m_storePath = storePath;
    m_swarmMaster = json.value(QLatin1String("SwarmMaster")).toBool();
    m_swarmHost = json.value(QLatin1String("SwarmHost")).toString();
    m_swarmDiscovery = json.value(QLatin1String("SwarmDiscovery")).toString();
    return true;
}

QJsonObject BaseDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = base;
    json.insert(QLatin1String("IPAddress"), m_ipAddress);
    json.insert(QLatin1String("MachineName"), m_machineName);
    json.insert(QLatin1String("SSHUser"), m_sshUser);
    json.insert(QLatin1String("SSHPort"), m_sshPort);
    json.insert(QLatin1String("SSHKeyPath"), QDir::toNativeSeparators(m_sshKeyPath));
    json.insert(QLatin1String("StorePath"), QDir::toNativeSeparators(m_storePath));
    json.insert(QLatin1String("SwarmMaster"), m_swarmMaster);
    json.insert(QLatin1String("SwarmHost"), m_swarmHost);
    json.insert(QLatin1String("SwarmDiscovery"), m_swarmDiscovery);
    return json;
}

bool BaseDriver::refuseFlags(
    const QList<RefusedFlag> &refused, const FlagValues &flags, const DriverFlag &otherFlag, QString *error)
{
    for (const RefusedFlag &one : refused) {
        const QString value = flagValue(flags, one.flag);
        const bool meansDefault = one.flag.kind == DriverFlag::Kind::Bool
            ? !boolFlag(flags, one.flag)
            : value == one.flag.defaultValue || value.isEmpty();
        if (!meansDefault) {
            *error = tr(one.why).arg(optionName(one.flag.name));
            if (error->contains(QLatin1String("%2")))
                *error = error->arg(optionName(otherFlag.name));
            return false;
        }
    }
    return true;
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

bool BaseDriver::boolFlag(const FlagValues &flags, const DriverFlag &flag)
{
    const QString value = flagValue(flags, flag);
    return !value.isEmpty() && value != QLatin1String("false") && value != QLatin1String("0");
}

} // namespace berth
