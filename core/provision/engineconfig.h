#pragma once

#include "engineoptions.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace berth {

// How the engine is started on the host.
enum class InitSystem {
    Systemd, // a docker.service drop-in
    SysVinit, // the distribution's /etc/init.d/docker with /etc/default/docker
    Boot2Docker, // /var/lib/boot2docker/profile, as Docker Toolbox machines
};

// What the remote dockerd is configured with. Paths are on the host.
struct EngineConfig {
    InitSystem initSystem = InitSystem::Systemd;
    QString dockerdPath = QStringLiteral("/usr/bin/dockerd");
    bool socketActivation = false; // systemd's docker.socket provides -H fd://
    int port = 2376;
    QString caCertPath;
    QString serverCertPath;
    QString serverKeyPath;
    QString driverName; // becomes the provider= label, as docker-machine does
    EngineOptions options;
};

// Where the host keeps the CA and server certificate.
QString remoteCertDir(InitSystem initSystem);

// Refuses engine options that cannot be passed safely whatever the host (a control character or line
// break anywhere; whitespace or quotes in a flag, a label or a registry; an --engine-env entry without
// NAME=; a storage driver that is not a name). The message names the option.
bool validateEngineOptions(const EngineOptions &options, QString *error);

// The engine's environment with each proxy variable's password put in: a proxy URL with a user and no
// password (as config.json keeps it) gets the one passwordFor(proxy host) gives, when it gives one. The
// result goes to the host only; the store never holds a password.
QStringList withProxyPasswords(const QStringList &env, const std::function<QString(const QString &host)> &passwordFor);
// The same, and what the host's init system cannot carry (shell syntax where an init script reads
// the options as shell words).
bool validateEngineOptions(InitSystem initSystem, const EngineOptions &options, QString *error);

// dockerd's arguments: listeners, TLS, storage driver, labels, registries, arbitrary flags.
QStringList dockerdArguments(const EngineConfig &config);

// /etc/systemd/system/docker.service.d/10-machine.conf
QString systemdDropIn(const EngineConfig &config);
// /etc/default/docker for the distribution's init script.
QString sysvDefaults(const EngineConfig &config);
// /var/lib/boot2docker/profile
QString boot2dockerProfile(const EngineConfig &config);

// A file the provisioner puts on the host.
struct RemoteFile {
    QString path;
    QByteArray data;
    int mode = 0644;
};

// The keys of dockerd's configuration file (daemon.json) that the flags Berth starts dockerd with set too: "hosts",
// the TLS keys and "labels" always, and those of the storage driver, the registries and each --engine-opt given.
// dockerd refuses to start when its file sets a key its flags set ("specified both as a flag and in the
// configuration file"). A list flag's key is its plural ("labels" for --label, "log-opts" for --log-opt).
QStringList daemonJsonFlagKeys(const EngineOptions &options);

// One POSIX sh script (run as root, read from its standard input) that puts all of `files` on
// the host in one SSH round trip: each byte for byte (base64, so any content), written beside its
// place and renamed over it, and only when it differs; it prints "changed PATH" for each file it
// replaced. Before anything is written it refuses (exit code installConflictExitCode, the key as the last line
// of its standard error) when `daemonJsonPath` sets one of `flagKeys` (daemonJsonFlagKeys), which dockerd would
// refuse beside Berth's flags. A failed write says which file on standard error and exits 1.
// For systemd (`reloadSystemd`), a changed file under /etc/systemd makes it run
// `systemctl daemon-reload`, and docker.service is enabled when it is not (exit code
// installSystemctlExitCode when either fails); the last line is "engine=" and what
// `systemctl is-active docker` says.
constexpr int installConflictExitCode = 97;
constexpr int installSystemctlExitCode = 98;
QByteArray installFilesScript(const QList<RemoteFile> &files, bool reloadSystemd, const QStringList &flagKeys,
    const QString &daemonJsonPath = QStringLiteral("/etc/docker/daemon.json"));

} // namespace berth
