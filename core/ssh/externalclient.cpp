#include "externalclient.h"

#include <QDir>
#include <QStandardPaths>

namespace berth::ssh {

QString findOpenSshClient()
{
    return QStandardPaths::findExecutable(QStringLiteral("ssh"));
}

QStringList openSshArguments(const Target &target, const QStringList &userArguments)
{
    const auto option = [](const QString &setting) { return QStringList { QStringLiteral("-o"), setting }; };
#ifdef Q_OS_WIN
    const QString nothing = QStringLiteral("NUL");
#else
    const QString nothing = QStringLiteral("/dev/null");
#endif
    // The user's ~/.ssh/config and the system's known hosts stay out, as with the built-in client.
    QStringList args { QStringLiteral("-F"), nothing };
    args << option(QStringLiteral("ConnectionAttempts=3")) << option(QStringLiteral("ConnectTimeout=10"))
         << option(QStringLiteral("ControlMaster=no"))
         << option(QStringLiteral("ControlPath=none"))
         // Errors only: a refused host key must be seen, "Permanently added" chatter must not.
         << option(QStringLiteral("LogLevel=ERROR")) << option(QStringLiteral("PasswordAuthentication=no"))
         << option(QStringLiteral("ServerAliveInterval=60"))
         // docker-machine trusted any host key; Berth checks against the key it pinned.
         << option(QStringLiteral("StrictHostKeyChecking=yes"))
         << option(QStringLiteral("UserKnownHostsFile=") + QDir::toNativeSeparators(target.knownHostsPath))
         << option(QStringLiteral("GlobalKnownHostsFile=") + nothing) << option(QStringLiteral("UpdateHostKeys=no"));
    args << target.user + QLatin1Char('@') + target.host;
    args << option(QStringLiteral("IdentitiesOnly=yes")) << QStringLiteral("-i")
         << QDir::toNativeSeparators(target.privateKeyPath);
    args << QStringLiteral("-p") << QString::number(target.port);
    return args + userArguments;
}

} // namespace berth::ssh
