#include "provisioner.h"

#include "machine/progress.h"
#include "ssh/sshsession.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcProvision, "berth.provision")

namespace berth {

using ssh::shellQuote;

namespace {

QString trimmedOutput(const ssh::CommandResult &result)
{
    QString text = QString::fromUtf8(result.standardError).trimmed();
    if (text.isEmpty())
        text = QString::fromUtf8(result.standardOutput).trimmed();
    // The last lines say what went wrong; a page of apt output does not.
    const QStringList lines = text.split(QLatin1Char('\n'));
    return lines.mid(qMax(0, lines.size() - 8)).join(QLatin1Char('\n'));
}

// The distribution's own package for the engine, installed non-interactively; empty when Berth
// knows none.
QString installScript(const OsRelease &os)
{
    if (os.isLike(QStringLiteral("debian")) || os.isLike(QStringLiteral("ubuntu")))
        return QStringLiteral("export DEBIAN_FRONTEND=noninteractive; apt-get update -q && "
                              "apt-get install -y -q docker.io");
    if (os.id == QLatin1String("fedora"))
        return QStringLiteral("dnf install -y moby-engine");
    if (os.id == QLatin1String("alpine"))
        return QStringLiteral("apk add --no-cache docker && rc-update add docker default");
    if (os.id == QLatin1String("arch") || os.isLike(QStringLiteral("arch")))
        return QStringLiteral("pacman -Sy --noconfirm docker");
    if (os.isLike(QStringLiteral("suse")) || os.id.startsWith(QLatin1String("opensuse")))
        return QStringLiteral("zypper --non-interactive install docker");
    return {};
}

} // namespace

Provisioner::Provisioner(ssh::Session &session, const QString &sshUser, Progress *progress)
    : m_session(session)
    , m_sshUser(sshUser)
    , m_progress(progress)
{
}

bool Provisioner::runRoot(
    const QString &script, ssh::CommandResult *result, QString *error, const QByteArray &standardInput)
{
    // Root runs the script directly; anyone else through sudo, which must not ask for a password.
    const QString command = m_sshUser == QLatin1String("root") ? QStringLiteral("sh -c ") + shellQuote(script)
                                                               : QStringLiteral("sudo -n sh -c ") + shellQuote(script);
    qCDebug(lcProvision) << "remote:" << script;
    if (!m_session.run(command, result, error, standardInput))
        return false;
    if (result->exitCode != 0)
        m_progress->detail(QString::fromUtf8(result->standardError));
    if (result->exitCode != 0 && m_sshUser != QLatin1String("root")
        && result->standardError.contains("sudo: a password is required")) {
        *error = tr("The user %1 needs a password for sudo on the host. Allow it password-less sudo "
                    "(NOPASSWD in /etc/sudoers.d) or log in as root with --generic-ssh-user root.")
                     .arg(m_sshUser);
        result->exitCode = -1;
        return false;
    }
    return true;
}

bool Provisioner::runRootChecked(const QString &script, const QString &what, QString *error)
{
    ssh::CommandResult result;
    if (!runRoot(script, &result, error))
        return false;
    if (result.exitCode != 0) {
        *error
            = tr("%1 failed on the host (exit code %2):\n%3").arg(what).arg(result.exitCode).arg(trimmedOutput(result));
        return false;
    }
    return true;
}

bool Provisioner::writeRootFile(const QString &path, const QByteArray &data, int mode, QString *error)
{
    const QString tmp = path + QStringLiteral(".berth-tmp");
    const QString script
        = QStringLiteral("umask 077; mkdir -p \"$(dirname %1)\" && cat > %2 && chmod %3 %2 && mv -f %2 %1")
              .arg(shellQuote(path), shellQuote(tmp), QString::number(mode, 8));
    ssh::CommandResult result;
    if (!runRoot(script, &result, error, data))
        return false;
    if (result.exitCode != 0) {
        *error = tr("Cannot write %1 on the host: %2").arg(path, trimmedOutput(result));
        return false;
    }
    return true;
}

bool Provisioner::detect(QString *error)
{
    ssh::CommandResult result;
    if (!m_session.run(QStringLiteral("cat /etc/os-release"), &result, error))
        return false;
    if (result.exitCode != 0 || result.standardOutput.trimmed().isEmpty()) {
        *error = tr("The host has no /etc/os-release, so Berth cannot tell its operating system. Berth provisions "
                    "Linux hosts with os-release (Debian, Ubuntu, Fedora, Alpine, Arch, openSUSE, boot2docker).");
        return false;
    }
    m_os = OsRelease::parse(result.standardOutput);
    qCDebug(lcProvision) << "os-release id" << m_os.id << "like" << m_os.idLike;

    const QString probe
        = QStringLiteral("if [ -d /run/systemd/system ]; then echo init=systemd; fi; "
                         "if systemctl cat docker.socket >/dev/null 2>&1; then echo socket=yes; fi; "
                         "if [ -d /etc/conf.d ] && [ ! -d /etc/default ]; then echo defaults=/etc/conf.d/docker; fi; "
                         "echo dockerd=$(PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\" command -v dockerd || true)");
    if (!m_session.run(probe, &result, error))
        return false;
    const QString out = QString::fromUtf8(result.standardOutput);
    if (m_os.id == QLatin1String("boot2docker"))
        m_initSystem = InitSystem::Boot2Docker;
    else if (out.contains(QLatin1String("init=systemd")))
        m_initSystem = InitSystem::Systemd;
    else
        m_initSystem = InitSystem::SysVinit;
    m_socketActivation = out.contains(QLatin1String("socket=yes"));
    m_defaultsPath = out.contains(QLatin1String("defaults=/etc/conf.d/docker")) ? QStringLiteral("/etc/conf.d/docker")
                                                                                : QStringLiteral("/etc/default/docker");
    const qsizetype at = out.indexOf(QLatin1String("dockerd="));
    m_dockerdPath = at < 0 ? QString() : out.mid(at + 8).section(QLatin1Char('\n'), 0, 0).trimmed();
    return true;
}

QString Provisioner::remoteCaCertPath() const
{
    return remoteCertDir(m_initSystem) + QStringLiteral("/ca.pem");
}

QString Provisioner::remoteServerCertPath() const
{
    return remoteCertDir(m_initSystem) + QStringLiteral("/server.pem");
}

QString Provisioner::remoteServerKeyPath() const
{
    return remoteCertDir(m_initSystem) + QStringLiteral("/server-key.pem");
}

bool Provisioner::installEngine(QString *error)
{
    if (!m_dockerdPath.isEmpty())
        return true;
    const QString script = installScript(m_os);
    if (script.isEmpty()) {
        *error = tr("Docker is not installed on the host, and Berth does not know how to install it on %1. Install "
                    "the Docker engine there, then run \"berth provision\".")
                     .arg(m_os.prettyName.isEmpty() ? m_os.id : m_os.prettyName);
        return false;
    }
    m_progress->step(tr("Installing Docker from the distribution's packages..."));
    if (!runRootChecked(script, tr("Installing Docker"), error))
        return false;
    ssh::CommandResult result;
    // A user's PATH often lacks the sbin folders where distributions put dockerd.
    if (!m_session.run(
            QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\" command -v dockerd"), &result, error))
        return false;
    m_dockerdPath = QString::fromUtf8(result.standardOutput).trimmed();
    if (m_dockerdPath.isEmpty()) {
        *error = tr("Docker was installed on the host, but dockerd is not on the PATH. Check the host's packages.");
        return false;
    }
    return detect(error);
}

bool Provisioner::copyCertificates(const ProvisionRequest &request, QString *error)
{
    const struct {
        QString local;
        QString remote;
        int mode;
    } files[] = {
        { request.caCertPath, remoteCaCertPath(), 0644 },
        { request.serverCertPath, remoteServerCertPath(), 0644 },
        { request.serverKeyPath, remoteServerKeyPath(), 0600 },
    };
    for (const auto &file : files) {
        QFile local(file.local);
        if (!local.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read %1: %2").arg(file.local, local.errorString());
            return false;
        }
        if (!writeRootFile(file.remote, local.readAll(), file.mode, error))
            return false;
    }
    return true;
}

bool Provisioner::configureEngine(const ProvisionRequest &request, QString *error)
{
    EngineConfig config;
    config.initSystem = m_initSystem;
    config.dockerdPath = m_dockerdPath.isEmpty() ? QStringLiteral("/usr/bin/dockerd") : m_dockerdPath;
    config.socketActivation = m_socketActivation;
    config.port = request.enginePort;
    config.caCertPath = remoteCaCertPath();
    config.serverCertPath = remoteServerCertPath();
    config.serverKeyPath = remoteServerKeyPath();
    config.driverName = request.driverName;
    config.options = request.options;

    // dockerd refuses to start when daemon.json and the command line both name listeners.
    ssh::CommandResult result;
    if (!runRoot(QStringLiteral("grep -qs '\"hosts\"' /etc/docker/daemon.json"), &result, error))
        return false;
    if (result.exitCode == 0) {
        *error = tr("/etc/docker/daemon.json on the host sets \"hosts\", which conflicts with the listeners Berth "
                    "configures. Remove the \"hosts\" entry there, then run \"berth provision\".");
        return false;
    }

    switch (m_initSystem) {
    case InitSystem::Systemd:
        return writeRootFile(QStringLiteral("/etc/systemd/system/docker.service.d/10-machine.conf"),
                   systemdDropIn(config).toUtf8(), 0644, error)
            && runRootChecked(QStringLiteral("systemctl daemon-reload && systemctl enable docker"),
                tr("Enabling the docker service"), error);
    case InitSystem::SysVinit:
        return writeRootFile(m_defaultsPath, sysvDefaults(config).toUtf8(), 0644, error);
    case InitSystem::Boot2Docker:
        return writeRootFile(
            QStringLiteral("/var/lib/boot2docker/profile"), boot2dockerProfile(config).toUtf8(), 0644, error);
    }
    return true;
}

bool Provisioner::restartEngine(QString *error)
{
    switch (m_initSystem) {
    case InitSystem::Systemd:
        return runRootChecked(QStringLiteral("systemctl restart docker"), tr("Restarting Docker"), error);
    case InitSystem::SysVinit:
    case InitSystem::Boot2Docker:
        break;
    }
    ssh::CommandResult result;
    // Not `restart`: Debian's script exits 1 without a word when the engine was not running.
    if (!runRoot(QStringLiteral("/etc/init.d/docker stop >/dev/null 2>&1; /etc/init.d/docker start"), &result, error))
        return false;
    // Debian's script raises `ulimit -n` to 1048576 and stops where the host may not raise its hard
    // limit (a container, a locked-down VPS). Start dockerd as the script would, at the hard limit, so
    // the script's stop and status keep working.
    if (result.exitCode != 0 && m_initSystem == InitSystem::SysVinit && result.standardError.contains("ulimit")) {
        m_progress->detail(tr("The init script could not raise the open-files limit; starting dockerd at the "
                              "host's hard limit instead."));
        const QString script = QStringLiteral(
            "DOCKERD=%1; DOCKER_OPTS=; . %2; "
            "ulimit -n \"$(ulimit -Hn)\"; ulimit -u \"$(ulimit -Hu)\" 2>/dev/null; touch /var/log/docker.log; "
            "start-stop-daemon --start --background --no-close --exec \"$DOCKERD\" --pidfile /var/run/docker-ssd.pid "
            "--make-pidfile -- -p /var/run/docker.pid $DOCKER_OPTS >> /var/log/docker.log 2>&1")
                                   .arg(shellQuote(m_dockerdPath), shellQuote(m_defaultsPath));
        if (!runRoot(script, &result, error))
            return false;
    }
    if (result.exitCode != 0) {
        *error = tr("Restarting Docker with /etc/init.d/docker failed (exit code %1):\n%2\n%3")
                     .arg(result.exitCode)
                     .arg(trimmedOutput(result), engineLogTail());
        return false;
    }
    return true;
}

QString Provisioner::engineLogTail()
{
    const QString script = m_initSystem == InitSystem::Systemd
        ? QStringLiteral("journalctl -u docker --no-pager -n 15 2>/dev/null")
        : QStringLiteral("tail -n 15 /var/log/docker.log 2>/dev/null");
    ssh::CommandResult result;
    QString ignored;
    if (!runRoot(script, &result, &ignored) || result.standardOutput.trimmed().isEmpty())
        return {};
    return tr("The engine's log ends with:\n%1").arg(QString::fromUtf8(result.standardOutput).trimmed());
}

bool Provisioner::waitForEngine(const ProvisionRequest &request, QString *error)
{
    if (!request.engineAnswers)
        return true;
    QDeadlineTimer deadline(request.engineTimeoutSeconds * 1000LL);
    QString lastError;
    while (true) {
        if (request.engineAnswers(&lastError))
            return true;
        if (deadline.hasExpired())
            break;
        QThread::msleep(500);
    }
    *error = tr("Docker did not answer over TLS within %1 s after the restart: %2\n%3")
                 .arg(request.engineTimeoutSeconds)
                 .arg(lastError, engineLogTail());
    return false;
}

bool Provisioner::provision(const ProvisionRequest &request, QString *error)
{
    QString optionsError;
    if (!validateEngineOptions(request.options, &optionsError)) {
        *error = optionsError;
        return false;
    }
    if (!installEngine(error))
        return false;
    m_progress->step(tr("Copying certs to the remote machine..."));
    if (!copyCertificates(request, error))
        return false;
    m_progress->step(tr("Setting Docker configuration on the remote daemon..."));
    if (!configureEngine(request, error) || !restartEngine(error))
        return false;
    m_progress->step(tr("Checking connection to Docker..."));
    return waitForEngine(request, error);
}

bool Provisioner::updateCertificates(const ProvisionRequest &request, QString *error)
{
    m_progress->step(tr("Copying certs to the remote machine..."));
    if (!copyCertificates(request, error) || !restartEngine(error))
        return false;
    return waitForEngine(request, error);
}

} // namespace berth
