#include "provisioner.h"

#include "ssh/sshsession.h"
#include "util/progress.h"
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

QString Provisioner::passwordNeeded() const
{
    return tr("The user %1 needs a password for sudo on the host. Allow it password-less sudo "
              "(NOPASSWD in /etc/sudoers.d) or log in as root with --generic-ssh-user root.")
        .arg(m_sshUser);
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
        *error = passwordNeeded();
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

bool Provisioner::installFiles(
    const QList<RemoteFile> &files, const EngineOptions &options, bool *changed, QString *engineState, QString *error)
{
    const QByteArray script
        = installFilesScript(files, m_host.initSystem == InitSystem::Systemd, daemonJsonFlagKeys(options));
    const QString shell
        = m_sshUser == QLatin1String("root") ? QStringLiteral("sh -s") : QStringLiteral("sudo -n sh -s");
    qCDebug(lcProvision) << "remote: installing" << files.size() << "files";
    ssh::CommandResult result;
    if (!m_session.run(shell, &result, error, script))
        return false;
    qCDebug(lcProvision) << "remote:" << result.standardOutput.trimmed();
    if (result.exitCode == 0) {
        const QString out = QString::fromUtf8(result.standardOutput);
        *changed = out.startsWith(QLatin1String("changed ")) || out.contains(QLatin1String("\nchanged "));
        const qsizetype at = out.indexOf(QLatin1String("engine="));
        *engineState = at < 0 ? QString() : out.mid(at + 7).section(QLatin1Char('\n'), 0, 0).trimmed();
        return true;
    }
    m_progress->detail(QString::fromUtf8(result.standardError));
    if (m_sshUser != QLatin1String("root") && result.standardError.contains("sudo: a password is required")) {
        *error = passwordNeeded();
        return false;
    }
    switch (result.exitCode) {
    case installConflictExitCode: {
        const QString key = QString::fromUtf8(result.standardError).trimmed().section(QLatin1Char('\n'), -1);
        *error = tr("/etc/docker/daemon.json on the host sets \"%1\", which Berth gives the Docker engine as a flag; "
                    "the engine does not start when both set it. Leave out the engine option that sets \"%1\", or "
                    "remove \"%1\" from that file, then provision the machine again.")
                     .arg(key);
        break;
    }
    case installSystemctlExitCode:
        *error = tr("Enabling the docker service failed on the host:\n%1").arg(trimmedOutput(result));
        break;
    default:
        *error = tr("Copying the certificates and Docker's configuration to the host failed (exit code %1):\n%2")
                     .arg(result.exitCode)
                     .arg(trimmedOutput(result));
    }
    return false;
}

bool Provisioner::detect(QString *error)
{
    // os-release and how the engine is started, in one round trip.
    static const char marker[] = "@@berth-probe@@";
    const QString probe
        = QStringLiteral("cat /etc/os-release 2>/dev/null; echo; echo %1; "
                         "if [ -d /run/systemd/system ]; then echo init=systemd; fi; "
                         "if systemctl cat docker.socket >/dev/null 2>&1; then echo socket=yes; fi; "
                         "if [ -d /etc/conf.d ] && [ ! -d /etc/default ]; then echo defaults=/etc/conf.d/docker; fi; "
                         "echo dockerd=$(PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\" command -v dockerd || true)")
              .arg(QLatin1String(marker));
    ssh::CommandResult result;
    if (!m_session.run(probe, &result, error))
        return false;
    const qsizetype split = result.standardOutput.indexOf(QByteArray(QByteArray(marker) + '\n'));
    const QByteArray osRelease = split < 0 ? QByteArray() : result.standardOutput.left(split);
    if (split < 0 || osRelease.trimmed().isEmpty()) {
        *error = tr("The host has no /etc/os-release, so Berth cannot tell its operating system. Berth provisions "
                    "Linux hosts with os-release (Debian, Ubuntu, Fedora, Alpine, Arch, openSUSE, boot2docker).");
        return false;
    }
    m_os = OsRelease::parse(osRelease);
    qCDebug(lcProvision) << "os-release id" << m_os.id << "like" << m_os.idLike;

    const QString out = QString::fromUtf8(result.standardOutput.mid(split));
    if (m_os.id == QLatin1String("boot2docker"))
        m_host.initSystem = InitSystem::Boot2Docker;
    else if (out.contains(QLatin1String("init=systemd")))
        m_host.initSystem = InitSystem::Systemd;
    else
        m_host.initSystem = InitSystem::SysVinit;
    m_host.socketActivation = out.contains(QLatin1String("socket=yes"));
    m_host.defaultsPath = out.contains(QLatin1String("defaults=/etc/conf.d/docker"))
        ? QStringLiteral("/etc/conf.d/docker")
        : QStringLiteral("/etc/default/docker");
    const qsizetype at = out.indexOf(QLatin1String("dockerd="));
    m_host.dockerdPath = at < 0 ? QString() : out.mid(at + 8).section(QLatin1Char('\n'), 0, 0).trimmed();
    return true;
}

QString Provisioner::remoteCertPath(const EngineHost &host, const char *fileName)
{
    return remoteCertDir(host.initSystem) + QLatin1Char('/') + QLatin1String(fileName);
}

bool Provisioner::installEngine(QString *error)
{
    if (!m_host.dockerdPath.isEmpty())
        return true;
    const QString script = installScript(m_os);
    if (script.isEmpty()) {
        *error = tr("Docker is not installed on the host, and Berth does not know how to install it on %1. Install "
                    "the Docker engine there, then provision the machine again.")
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
    m_host.dockerdPath = QString::fromUtf8(result.standardOutput).trimmed();
    if (m_host.dockerdPath.isEmpty()) {
        *error = tr("Docker was installed on the host, but dockerd is not on the PATH. Check the host's packages.");
        return false;
    }
    return detect(error);
}

bool Provisioner::certificateFiles(
    const EngineHost &host, const ProvisionRequest &request, QList<RemoteFile> *files, QString *error)
{
    const struct {
        QString local;
        QString remote;
        int mode;
    } certificates[] = {
        { request.caCertPath, remoteCertPath(host, "ca.pem"), 0644 },
        { request.serverCertPath, remoteCertPath(host, "server.pem"), 0644 },
        { request.serverKeyPath, remoteCertPath(host, "server-key.pem"), 0600 },
    };
    for (const auto &certificate : certificates) {
        QFile local(certificate.local);
        if (!local.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read %1: %2").arg(certificate.local, local.errorString());
            return false;
        }
        files->append({ certificate.remote, local.readAll(), certificate.mode });
    }
    return true;
}

bool Provisioner::engineFiles(
    const EngineHost &host, const ProvisionRequest &request, QList<RemoteFile> *files, QString *error)
{
    // Every file is checked here, whoever asks for it (the provisioning, or a VM's seed).
    if (!validateEngineOptions(host.initSystem, request.options, error)
        || !certificateFiles(host, request, files, error))
        return false;
    EngineConfig config;
    config.initSystem = host.initSystem;
    config.dockerdPath = host.dockerdPath.isEmpty() ? QStringLiteral("/usr/bin/dockerd") : host.dockerdPath;
    config.socketActivation = host.socketActivation;
    config.port = request.enginePort;
    config.caCertPath = remoteCertPath(host, "ca.pem");
    config.serverCertPath = remoteCertPath(host, "server.pem");
    config.serverKeyPath = remoteCertPath(host, "server-key.pem");
    config.driverName = request.driverName;
    config.options = request.options;
    switch (host.initSystem) {
    case InitSystem::Systemd:
        files->append({ QStringLiteral("/etc/systemd/system/docker.service.d/10-machine.conf"),
            systemdDropIn(config).toUtf8(), 0644 });
        break;
    case InitSystem::SysVinit:
        files->append({ host.defaultsPath, sysvDefaults(config).toUtf8(), 0644 });
        break;
    case InitSystem::Boot2Docker:
        files->append({ QStringLiteral("/var/lib/boot2docker/profile"), boot2dockerProfile(config).toUtf8(), 0644 });
        break;
    }
    return true;
}

bool Provisioner::restartEngine(QString *error)
{
    switch (m_host.initSystem) {
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
    if (result.exitCode != 0 && m_host.initSystem == InitSystem::SysVinit && result.standardError.contains("ulimit")) {
        m_progress->detail(tr("The init script could not raise the open-files limit; starting dockerd at the "
                              "host's hard limit instead."));
        const QString script = QStringLiteral(
            "DOCKERD=%1; DOCKER_OPTS=; . %2; "
            "ulimit -n \"$(ulimit -Hn)\"; ulimit -u \"$(ulimit -Hu)\" 2>/dev/null; touch /var/log/docker.log; "
            "start-stop-daemon --start --background --no-close --exec \"$DOCKERD\" --pidfile /var/run/docker-ssd.pid "
            "--make-pidfile -- -p /var/run/docker.pid $DOCKER_OPTS >> /var/log/docker.log 2>&1")
                                   .arg(shellQuote(m_host.dockerdPath), shellQuote(m_host.defaultsPath));
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
    QString script = QStringLiteral("tail -n 15 /var/log/docker.log 2>/dev/null");
    if (m_host.initSystem == InitSystem::Systemd)
        script = QStringLiteral("journalctl -u docker --no-pager -n 15 2>/dev/null");
    else if (m_host.initSystem == InitSystem::Boot2Docker)
        script = QStringLiteral("tail -n 15 /var/lib/boot2docker/docker.log 2>/dev/null"); // boot2docker's init script
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
        if (m_progress->isCanceled()) {
            *error = tr("Canceled while waiting for Docker to restart.");
            return false;
        }
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
    // Before anything is installed or written: the options may come from a config.json edited by hand.
    if (!validateEngineOptions(m_host.initSystem, request.options, error))
        return false;
    if (!installEngine(error))
        return false;
    // Certificates and configuration in one round trip (each costs a second on an emulated VM).
    m_progress->step(tr("Copying certs to the remote machine..."));
    QList<RemoteFile> files;
    if (!engineFiles(m_host, request, &files, error))
        return false;
    m_progress->step(tr("Setting Docker configuration on the remote daemon..."));
    bool changed = false;
    QString engineState;
    if (!installFiles(files, request.options, &changed, &engineState, error))
        return false;
    // Everything was in place already (a VM that got it on its first boot): Docker runs, or is
    // starting, with this configuration; a restart would only start it twice.
    const bool running = engineState == QLatin1String("active") || engineState == QLatin1String("activating");
    if (changed || !running) {
        if (!restartEngine(error))
            return false;
    }
    m_progress->step(tr("Checking connection to Docker..."));
    return waitForEngine(request, error);
}

bool Provisioner::updateCertificates(const ProvisionRequest &request, QString *error)
{
    m_progress->step(tr("Copying certs to the remote machine..."));
    QList<RemoteFile> files;
    bool changed = false;
    QString engineState;
    if (!certificateFiles(m_host, request, &files, error)
        || !installFiles(files, request.options, &changed, &engineState, error) || !restartEngine(error))
        return false;
    return waitForEngine(request, error);
}

} // namespace berth
