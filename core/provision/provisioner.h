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

// How a host runs its engine: what detect() finds, or what a driver knows of its own image before
// the host boots.
struct EngineHost {
    InitSystem initSystem = InitSystem::Systemd;
    QString dockerdPath;
    bool socketActivation = false;
    QString defaultsPath = QStringLiteral("/etc/default/docker"); // SysVinit; /etc/conf.d/docker on OpenRC
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
    InitSystem initSystem() const { return m_host.initSystem; }
    // How the host runs its engine, valid after detect(); remoteCertPath() names its certificates.
    const EngineHost &engineHost() const { return m_host; }

    bool provision(const ProvisionRequest &request, QString *error);

    // The files provision() puts on such a host: CA, server certificate and key, and the engine's
    // configuration. A driver that seeds them into its VM's first boot gets the same bytes, so the
    // provisioning then finds them in place and Docker is not restarted.
    static bool engineFiles(
        const EngineHost &host, const ProvisionRequest &request, QList<RemoteFile> *files, QString *error);
    static QString remoteCertPath(const EngineHost &host, const char *fileName);
    // Copies a new server certificate and restarts the engine (regenerate-certs).
    bool updateCertificates(const ProvisionRequest &request, QString *error);

private:
    bool runRoot(
        const QString &script, ssh::CommandResult *result, QString *error, const QByteArray &standardInput = {});
    bool runRootChecked(const QString &script, const QString &what, QString *error);
    // Puts files on the host, unless its daemon.json sets what the flags for `options` set; *changed says whether
    // any differed, *engineState is systemd's "is-active" for docker ("" without systemd).
    bool installFiles(const QList<RemoteFile> &files, const EngineOptions &options, bool *changed, QString *engineState,
        QString *error);
    QString passwordNeeded() const;
    bool installEngine(QString *error);
    static bool certificateFiles(
        const EngineHost &host, const ProvisionRequest &request, QList<RemoteFile> *files, QString *error);
    bool restartEngine(QString *error);
    bool waitForEngine(const ProvisionRequest &request, QString *error);
    QString engineLogTail();

    ssh::Session &m_session;
    QString m_sshUser;
    Progress *m_progress;
    OsRelease m_os;
    EngineHost m_host;
};

} // namespace berth
