#include "externalclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace berth::ssh {

QString findOpenSshClient()
{
    return QStandardPaths::findExecutable(QStringLiteral("ssh"));
}

namespace {

// A path as the value of `-o NAME=VALUE`, which ssh splits into words as a line of ssh_config and
// then expands %-tokens in: in double quotes, backslash and double quote escaped (a space does not
// start a second path), a literal % written %%.
QString sshConfigPath(const QString &path)
{
    QString value = QDir::toNativeSeparators(path).replace(QLatin1Char('%'), QStringLiteral("%%"));
    value.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

} // namespace

bool openSshTakesPaths(const Target &target, QString *error)
{
    for (const QString &path : { target.privateKeyPath, target.knownHostsPath }) {
        if (path.contains(QLatin1String("${"))) {
            *error = QCoreApplication::translate("berth",
                "OpenSSH would read \"${\" in %1 as an environment variable. Use Berth's built-in SSH client, "
                "or a store folder without \"${\".")
                         .arg(QDir::toNativeSeparators(path));
            return false;
        }
    }
    return true;
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
         << option(QStringLiteral("UserKnownHostsFile=") + sshConfigPath(target.knownHostsPath))
         << option(QStringLiteral("GlobalKnownHostsFile=") + nothing) << option(QStringLiteral("UpdateHostKeys=no"));
    args << target.user + QLatin1Char('@') + target.host;
    // As -o, not -i: ssh checks an -i path as given, before it expands %% to %, and drops it.
    args << option(QStringLiteral("IdentitiesOnly=yes"))
         << option(QStringLiteral("IdentityFile=") + sshConfigPath(target.privateKeyPath));
    args << QStringLiteral("-p") << QString::number(target.port);
    return args + userArguments;
}

} // namespace berth::ssh
