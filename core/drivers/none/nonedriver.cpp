#include "nonedriver.h"

#include "util/network.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace berth {

namespace {
const DriverFlag urlFlag { QStringLiteral("url"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "URL of host when no driver is selected")), QString(), QString() };

// tcp://HOST:PORT and nothing else (no user, path or query): `env` prints it into a shell.
bool parseEngineUrl(const QString &text, QString *host)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\Atcp://(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]+)):([0-9]{1,5})/?\\z"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    const QString address = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
    const int port = match.captured(3).toInt();
    if (port < 1 || port > 65535 || !isValidHostAddress(address))
        return false;
    *host = address;
    return true;
}
} // namespace

NoneDriver::NoneDriver(const QString &machineName, const QString &storePath)
    : BaseDriver(machineName, storePath)
{
    m_sshUser.clear();
    m_sshPort = 0;
}

QList<DriverFlag> NoneDriver::createFlags()
{
    return { urlFlag };
}

bool NoneDriver::setConfigFromFlags(const FlagValues &flags, QString *error)
{
    m_url = flagValue(flags, urlFlag).trimmed();
    if (m_url.isEmpty()) {
        *error = tr("%1 option is required when no driver is selected").arg(optionName(QStringLiteral("url")));
        return false;
    }
    if (!parseEngineUrl(m_url, &m_ipAddress)) {
        *error = tr("%1 \"%2\" is not a Docker engine URL. Give it as tcp://HOST:PORT, for example "
                    "tcp://192.168.1.10:2376.")
                     .arg(optionName(QStringLiteral("url")), visibleText(m_url));
        return false;
    }
    return true;
}

bool NoneDriver::preCreateCheck(QString *)
{
    return true;
}

bool NoneDriver::create(Progress *, QString *)
{
    return true;
}

bool NoneDriver::remove(QString *)
{
    return true;
}

bool NoneDriver::start(Progress *, QString *error)
{
    *error = tr("hosts without a driver cannot be started");
    return false;
}

bool NoneDriver::stop(Progress *, QString *error)
{
    *error = tr("hosts without a driver cannot be stopped");
    return false;
}

bool NoneDriver::restart(Progress *, QString *error)
{
    *error = tr("hosts without a driver cannot be restarted");
    return false;
}

bool NoneDriver::kill(QString *error)
{
    *error = tr("hosts without a driver cannot be killed");
    return false;
}

MachineState NoneDriver::state(QString *)
{
    // docker-machine reports a URL-only host as Running; `ls` shows whether its engine answers.
    return MachineState::Running;
}

QString NoneDriver::ip(QString *error) const
{
    const QString host = QUrl(m_url).host();
    if (host.isEmpty() && error)
        *error = tr("The machine \"%1\" has no URL.").arg(m_machineName);
    return host;
}

QString NoneDriver::url(QString *) const
{
    return m_url;
}

QString NoneDriver::sshHostname(QString *error) const
{
    *error = tr("The machine \"%1\" has no SSH access: it was added with the none driver (a URL only).")
                 .arg(m_machineName);
    return {};
}

bool NoneDriver::fromJson(const QJsonObject &json, QString *error)
{
    if (!BaseDriver::fromJson(json, error) || !jsonText(json, "URL", QString(), &m_url, error))
        return false;
    // docker-machine refuses such a file the same way ("Error parsing URL").
    QString host;
    if (!parseEngineUrl(m_url, &host)) {
        *error = tr("Error parsing URL: Driver.URL \"%1\" is not tcp://HOST:PORT.").arg(m_url);
        return false;
    }
    return true;
}

QJsonObject NoneDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = BaseDriver::toJson(base);
    json.insert(QLatin1String("URL"), m_url);
    return json;
}

} // namespace berth
