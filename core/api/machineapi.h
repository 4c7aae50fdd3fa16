#pragma once

#include "drivers/driver.h"
#include "machine/machine.h"
#include "machine/machinestore.h"
#include "shell/envrenderer.h"
#include "util/error.h"
#include "util/hostinfo.h"
#include "util/machinestate.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <memory>

namespace berth {

struct DockerTlsFiles;

namespace ssh {
struct Target;
}

// A stored machine with its driver.
struct Host {
    Machine machine;
    std::unique_ptr<Driver> driver;
};

struct CreateOptions {
    QString name;
    QString driverName;
    FlagValues driverFlags;
    EngineOptions engine;
    QStringList tlsSans; // extra SANs for the server certificate
};

// A driver as create offers it: its name, what it is for, and the flags it takes.
struct DriverDescription {
    QString name;
    QString description;
    QList<DriverFlag> flags;
};

// One row of `ls`.
struct MachineListEntry {
    QString name;
    bool active = false;
    QString driverName;
    MachineState state = MachineState::None;
    QString url;
    QString dockerVersion; // "v20.10.24", "Unknown", or empty when not running
    QString error;
    // A running VM whose agent should forward its published ports has none (the error says so).
    bool agentMissing = false;
    qint64 responseTimeMs = 0;
    QStringList labels;
    MachineResources resources;
};

// The engine's operations, one call each, shared by the CLI and the GUI. Calls block; a GUI runs them
// on a worker thread. Progress reports each step; a failure fills Error with what to do.
class MachineApi {
public:
    explicit MachineApi(const QString &storePath);

    // Every driver create can use, in the order `create --help` lists them.
    static QList<DriverDescription> drivers();
    // The first-run check (machinehost.cpp): what each driver that runs a VM here says of this computer, the
    // best choice first. Starts the hypervisors' tools: blocking.
    QList<DriverCheck> checkDrivers() const;
    // This computer's processors, memory, free space on the store's disk and hardware virtualisation.
    HostFacts hostFacts() const;

    MachineStore &store() { return m_store; }
    const MachineStore &store() const { return m_store; }

    bool loadHost(const QString &name, Host *host, Error *error) const;

    bool create(const CreateOptions &options, Progress *progress, Error *error);
    // What create checks before it makes anything (name, driver, its flags, engine options, a machine of
    // that name), for a front end that asks before it starts: no file is written.
    bool checkCreate(const CreateOptions &options, Error *error) const;
    bool remove(const QString &name, bool force, Progress *progress, Error *error);
    bool start(const QString &name, Progress *progress, Error *error);
    bool stop(const QString &name, Progress *progress, Error *error);
    bool restart(const QString &name, Progress *progress, Error *error);
    bool kill(const QString &name, Progress *progress, Error *error);
    bool provision(const QString &name, Progress *progress, Error *error);
    bool regenerateCerts(const QString &name, bool clientCerts, Progress *progress, Error *error);
    // A Berth VM gets the newest image; its data disk (Docker's data, /home) stays.
    bool upgrade(const QString &name, Progress *progress, Error *error);
    // A Docker Toolbox machine (boot2docker) moved to Berth's VM image (machinemove.cpp): a new machine,
    // ImageVmDriver::movedMachineName(name), of the same driver, processors, memory, disk and engine options, with the
    // Toolbox machine's tagged images copied into its engine (started for that, and stopped again if it was). The
    // Toolbox machine stays as it was, for docker-machine or `rm`.
    bool moveToolboxMachine(const QString &name, Progress *progress, Error *error);

    bool state(const QString &name, MachineState *state, Error *error);
    QString ip(const QString &name, Error *error) const;
    QString url(const QString &name, Error *error) const;

    // How much list() finds out about each machine: its stored configuration only; also its state (a VM's
    // process, a host's SSH port); or also its engine's version (a TLS connection to each).
    enum class ListDetail { Config, State, Engine };
    // Every machine, the engines queried in parallel: a slow or dead host costs at most timeoutSeconds,
    // once, not once per machine. The machine whose URL is activeUrl is marked active: the CLI passes its
    // DOCKER_HOST, the desktop app the URL of the machine the user chose (the engine reads neither).
    QList<MachineListEntry> list(
        int timeoutSeconds, const QString &activeUrl, ListDetail detail = ListDetail::Engine) const;
    // The machines whose create is under way now (in this process or another), not yet in list(): a
    // staging folder whose lock is held. What a dead create left is not among them.
    QStringList creating() const;
    // The machines an operation (of this process or another) is changing now, each with what it does:
    // "create" (a machine in the store whose VM is still booting), "start", "stop", "restart", "kill",
    // "remove", "provision", "regenerate-certs", "upgrade".
    QHash<QString, QString> activities() const;
    // A running machine's agent started again when it is missing (killed, or ended with the session that started
    // it), as start does for a running machine; nothing when the machine does not run or an operation holds it.
    // For a front end that stays open (the desktop app's watcher), where the user has no `berth start` to type.
    void restartMissingAgent(const QString &name) const;
    // The version of the machine's Docker engine ("20.10.24+dfsg1"), asked over TLS.
    QString dockerVersion(const QString &name, int timeoutSeconds, Error *error) const;
    // The machine whose URL is activeUrl (the CLI's DOCKER_HOST); error when there is none.
    QString active(const QString &activeUrl, Error *error) const;

    // What `env` prints for the machine, checked against local files only (no network).
    bool envSettings(const QString &name, EnvSettings *settings, Error *error) const;
    // `config`: the docker CLI flags that reach the machine.
    bool configText(const QString &name, QString *text, Error *error) const;
    // `inspect`: the stored host as docker-machine prints it.
    bool inspect(const QString &name, QJsonObject *json, Error *error) const;
    // Where `ssh` and `scp` connect.
    bool sshTarget(const QString &name, ssh::Target *target, Error *error) const;
    // `ssh`: arguments are ssh's own options, `--`, then the remote command, as docker-machine passed them
    // to ssh. OpenSSH's client runs when it is installed, unless nativeSsh (Berth's own client, which
    // takes the same options); Berth pins the host key on first contact either way. Returns the remote
    // command's exit code, or -1 with error set.
    int ssh(const QString &name, const QStringList &arguments, bool nativeSsh, Error *error) const;
    // `scp`: sourceMachine or destinationMachine is empty for a path on this computer; from one machine to
    // another, the files go through this computer.
    bool copy(const QString &sourceMachine, const QString &sourcePath, const QString &destinationMachine,
        const QString &destinationPath, bool recursive, Error *error) const;

    // `use` (machinecontext.cpp): the machine's Docker CLI context brought up to date and made the current one, so
    // that `docker` reaches the machine without `env`. Returns the context's name, or empty with error set.
    QString useContext(const QString &name, Error *error);
    // The Docker CLI's own default context is the current one again.
    bool unsetContext(Error *error);

    // The files a client of the machine's engine uses, its TLS session kept in the store with them.
    DockerTlsFiles clientTlsFiles(const Host &host) const;

    // The CA and client certificate shared by every machine: made when missing, or made anew with
    // replace (the old ones come back if that fails).
    bool ensureClientCertificates(Progress *progress, Error *error, bool replace = false);

private:
    bool saveHost(const Host &host, Error *error) const;
    // checkCreate(), leaving the configured driver in host (create goes on with it) when host is given.
    bool checkCreateOptions(const CreateOptions &options, Host *host, Error *error) const;
    // The lock of a machine that exists, held by whatever changes it or its VM: a second command on the same
    // machine is refused, not run alongside. A name that is not a machine makes no lock file.
    std::unique_ptr<FileLock> lockMachine(const QString &name, Error *error, const QString &purpose) const;
    bool ensureClientCertificatesLocked(Progress *progress, Error *error, bool replace) const;
    // Copies certs/'s CA and client certificate into the machine's own folder (its staging folder in create).
    bool copyClientCertsToMachine(const Host &host, Error *error) const;
    // Sets the local certificate paths to the store's layout and the driver's folder to machineDir (the
    // machine's own folder, or its staging folder): nothing follows what config.json names.
    void pinAuthPaths(Host &host, const QString &machineDir) const;
    // Removes what interrupted commands left in hidden folders of machines/ (heldName's lock is ours).
    void sweepLeftovers(const QString &heldName) const;
    // Kills a VM still running from a folder that is being removed.
    void stopLeftoverVm(const QString &name, const QString &dir) const;
    bool generateServerCert(const Host &host, Error *error) const;
    // certsReady: create put the client certificates in the machine folder and made the server
    // certificate already (seedEngine). creating: create provisions the machine it makes.
    bool provisionHost(Host &host, Progress *progress, Error *error, bool certsReady = false, bool creating = false);
    // Berth's image: the engine's certificates and configuration on the VM's seed (see
    // Driver::setEngineSeed).
    bool seedEngine(Host &host, const EngineHost &engineHost, Error *error);
    // After a start: re-provision when the certificates no longer fit, else wait for a VM's Docker.
    bool afterBoot(Host &host, Progress *progress, Error *error);
    bool checkServerCertificate(const Host &host, Error *error) const;
    // The machine's Docker CLI context follows its URL and client certificates (create, start, restart, provision,
    // regenerate-certs, upgrade) and goes with it (rm). The operation has done its work by then: what keeps the
    // context from being written is a step to read, not the operation's failure.
    bool writeContext(const Host &host, QString *message) const;
    void updateContext(const Host &host, Progress *progress) const;
    void removeContext(const QString &name, Progress *progress) const;
    // The machine's agent (machineagent.h; agentcontrol.cpp), for a running VM behind NAT: started after create,
    // start, restart and upgrade unless one runs, ended before a stop, kill, restart, upgrade and rm. A start that
    // fails is a step to read: the machine works, only its published ports stay in the VM.
    void startAgent(const Host &host, Progress *progress) const;
    void stopAgent(const QString &name) const;
    bool queryDockerVersion(const Host &host, int timeoutSeconds, QString *version, QString *error) const;

    MachineStore m_store;
};

} // namespace berth
