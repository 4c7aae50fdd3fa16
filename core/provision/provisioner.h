#pragma once

#include "engineconfig.h"
#include "osrelease.h"

#include <QByteArray>

#include <functional>

namespace berth {

class Progress;
namespace ssh {
class Session;
struct CommandResult;
} // namespace ssh

// What to set up on the host: the engine's options and the local files to copy there.
struct ProvisionRequest {
    QString driverName;
    int enginePort = 2376;
    EngineOptions options;
    QString caCertPath; // local
    QString serverCertPath; // local
    QString serverKeyPath; // local
    // Returns true once the engine answers over TLS (Berth's Docker client); polled after the restart.
    std::function<bool(QString *error)> engineAnswers;
    int engineTimeoutSeconds = 90;
};

// Turns a host reached over SSH into a TLS-secured Docker engine: detects the OS from /etc/os-release,
// installs Docker from the distribution's own packages when missing, copies the CA and server
// certificate, writes the engine's configuration for the host's init system (a docker.service
// drop-in, the init script's defaults, or boot2docker's profile) and restarts it.
class Provisioner {
public:
    Provisioner(ssh::Session &session, const QString &sshUser, Progress *progress);

    bool detect(QString *error);
    const OsRelease &osRelease() const { return m_os; }
    InitSystem initSystem() const { return m_initSystem; }
    // The certificate paths on the host, valid after detect().
    QString remoteCaCertPath() const;
    QString remoteServerCertPath() const;
    QString remoteServerKeyPath() const;

    bool provision(const ProvisionRequest &request, QString *error);
    // Copies a new server certificate and restarts the engine (regenerate-certs).
    bool updateCertificates(const ProvisionRequest &request, QString *error);

private:
    bool runRoot(
        const QString &script, ssh::CommandResult *result, QString *error, const QByteArray &standardInput = {});
    bool runRootChecked(const QString &script, const QString &what, QString *error);
    bool installFiles(const QList<RemoteFile> &files, QString *error);
    QString passwordNeeded() const;
    bool installEngine(QString *error);
    bool certificateFiles(const ProvisionRequest &request, QList<RemoteFile> *files, QString *error);
    RemoteFile engineConfigFile(const ProvisionRequest &request) const;
    bool restartEngine(QString *error);
    bool waitForEngine(const ProvisionRequest &request, QString *error);
    QString engineLogTail();

    ssh::Session &m_session;
    QString m_sshUser;
    Progress *m_progress;
    OsRelease m_os;
    InitSystem m_initSystem = InitSystem::Systemd;
    QString m_dockerdPath;
    bool m_socketActivation = false;
    QString m_defaultsPath; // sysvinit: /etc/default/docker, or /etc/conf.d/docker on OpenRC
};

} // namespace berth
