#include "machineapi.h"

#include "api/machineagent.h"
#include "api/operationkind.h"
#include "docker/dockerclient.h"
#include "drivers/driverregistry.h"
#include "format/goformat.h"
#include "provision/engineconfig.h"
#include "provision/provisioner.h"
#include "secrets/secretstore.h"
#include "ssh/sshsession.h"
#include "tls/certificates.h"
#include "util/atomicfile.h"
#include "util/filelock.h"
#include "util/openfiles.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcApi, "berth.api")

namespace berth {

namespace {

constexpr int machineLockTimeoutMs = 2000;
// After a VM answers SSH, its Docker daemon needs a little longer (about 15 s under TCG).
constexpr int dockerReadySeconds = 120;

// Where the engine's certificates go on such a host (config.json's *RemotePath).
void setRemoteCertPaths(const EngineHost &engineHost, AuthOptions *auth)
{
    auth->caCertRemotePath = Provisioner::remoteCertPath(engineHost, "ca.pem");
    auth->serverCertRemotePath = Provisioner::remoteCertPath(engineHost, "server.pem");
    auth->serverKeyRemotePath = Provisioner::remoteCertPath(engineHost, "server-key.pem");
}

// What the provisioning puts on the host for this machine.
ProvisionRequest provisionRequest(const Host &host, const DockerTlsFiles &tlsFiles)
{
    const AuthOptions &auth = host.machine.auth;
    ProvisionRequest request;
    request.driverName = host.driver->driverName();
    request.enginePort = host.driver->enginePort();
    request.options = host.machine.engine;
    // A proxy's password comes from the system's keychain (the desktop app's wizard put it there), for the
    // host's engine only.
    request.options.env = withProxyPasswords(host.machine.engine.env, [](const QString &proxyHost) {
        const SecretResult secret = SecretStore::read(SecretStore::proxyKey(proxyHost), 10000);
        return secret.ok() ? secret.secret : QString();
    });
    request.caCertPath = auth.caCertPath;
    request.serverCertPath = auth.serverCertPath;
    request.serverKeyPath = auth.serverKeyPath;
    QString ignored;
    const QString url = host.driver->url(&ignored);
    request.engineAnswers = [url, tlsFiles](QString *pingError) {
        DockerClient client(url, tlsFiles, 3000);
        return client.ping(pingError);
    };
    return request;
}

// The engine options of config.json (edited by hand, or written by another tool) are checked as
// those of the command line, before anything is done on the host.
bool storedEngineOptionsUsable(const Host &host, Error *error)
{
    QString message;
    if (validateEngineOptions(host.machine.engine, &message))
        return true;
    return fail(error,
        tr("The engine options stored for \"%1\" cannot be used: %2\nCorrect HostOptions.EngineOptions in its "
           "config.json.")
            .arg(host.machine.name, message));
}

} // namespace

MachineApi::MachineApi(const QString &storePath)
    : m_store(storePath)
{
}

bool MachineApi::loadHost(const QString &name, Host *host, Error *error) const
{
    if (!m_store.load(name, &host->machine, error))
        return false;
    host->driver = DriverRegistry::forStoredMachine(host->machine.driverName, name, m_store.rootPath());
    QString message;
    if (!host->driver->fromJson(host->machine.driver, &message)) {
        return fail(error,
            tr("%1: %2\nFix the file, or remove the machine from the store.")
                .arg(nativePath(m_store.configPath(name)), message),
            Remedy::ForceRemove, name);
    }
    // Whatever StorePath and the certificate paths of config.json say, a machine's files are those of its
    // folder in this store (a store copied from elsewhere, or a hand-edited file, leads nowhere else).
    pinAuthPaths(*host, m_store.machineDir(name));
    return true;
}

bool MachineApi::saveHost(const Host &host, Error *error) const
{
    Machine machine = host.machine;
    machine.driver = host.driver->toJson(host.machine.driver);
    return m_store.save(machine, error);
}

std::unique_ptr<FileLock> MachineApi::lockMachine(const QString &name, Error *error, const QString &purpose) const
{
    QString message;
    if (!isValidMachineName(name, &message)) {
        fail(error, message, ErrorKind::InvalidInput);
        return nullptr;
    }
    if (!m_store.exists(name)) {
        Host host;
        loadHost(name, &host, error); // says it does not exist
        return nullptr;
    }
    return m_store.lock(name, machineLockTimeoutMs, error, purpose);
}

bool MachineApi::seedEngine(Host &host, const EngineHost &engineHost, Error *error)
{
    setRemoteCertPaths(engineHost, &host.machine.auth);
    QList<RemoteFile> files;
    QString message;
    if (!copyClientCertsToMachine(host, error) || !generateServerCert(host, error))
        return false;
    if (!Provisioner::engineFiles(engineHost, provisionRequest(host, clientTlsFiles(host)), &files, &message)
        || !host.driver->setEngineSeed(files, &message))
        return fail(error, message);
    return true;
}

bool MachineApi::provisionHost(Host &host, Progress *progress, Error *error, bool certsReady, bool creating)
{
    QString message;
    if (!storedEngineOptionsUsable(host, error))
        return false;
    progress->step(tr("Waiting for SSH to be available..."));
    ssh::Target target;
    if (!host.driver->sshTarget(&target, &message))
        return fail(error, message);
    std::unique_ptr<ssh::Session> session = host.driver->takeBootSession();
    if (!session) {
        session = std::make_unique<ssh::Session>();
        // A host that is booting answers SSH late; a wrong key or a changed host key will not get better.
        QDeadlineTimer deadline(host.driver->bootSeconds() * 1000);
        while (!session->connect(target, &message)) {
            const bool retry = message.contains(QLatin1String("refused")) && !message.contains(QLatin1String("key"));
            if (progress->isCanceled())
                return fail(error, tr("Canceled while waiting for SSH."), ErrorKind::Canceled);
            if (!retry || deadline.hasExpired())
                return fail(error, message);
            QThread::sleep(1);
        }
    }
    progress->step(tr("Detecting the provisioner..."));
    Provisioner provisioner(*session, host.driver->sshUsername(), progress);
    if (!provisioner.detect(&message))
        return fail(error, message);
    const OsRelease &os = provisioner.osRelease();
    progress->step(tr("Provisioning with %1...").arg(os.id.isEmpty() ? tr("an unknown system") : os.id));

    // docker-machine never stores these (its provisioner works on a copy of AuthOptions): a machine it made keeps
    // them empty, as docker-machine leaves them; Berth records them for the machines it makes.
    if (creating || !host.machine.auth.caCertRemotePath.isEmpty())
        setRemoteCertPaths(provisioner.engineHost(), &host.machine.auth);

    progress->step(tr("Copying certs to the local machine directory..."));
    if (!certsReady && (!copyClientCertsToMachine(host, error) || !generateServerCert(host, error)))
        return false;
    if (!saveHost(host, error))
        return false;

    if (!provisioner.provision(provisionRequest(host, clientTlsFiles(host)), &message))
        return fail(error, message);
    return true;
}

bool MachineApi::checkCreate(const CreateOptions &options, Error *error) const
{
    return checkCreateOptions(options, nullptr, error);
}

bool MachineApi::checkCreateOptions(const CreateOptions &options, Host *host, Error *error) const
{
    QString message;
    if (!isValidMachineName(options.name, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    const DriverInfo *info = DriverRegistry::find(options.driverName);
    if (!info) {
        QStringList names;
        for (const DriverInfo &d : DriverRegistry::drivers())
            names << d.name;
        return fail(error,
            tr("Driver \"%1\" not found. Berth has these drivers: %2.")
                .arg(options.driverName, names.join(QStringLiteral(", "))),
            ErrorKind::InvalidInput);
    }
    if (!validateEngineOptions(options.engine, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    if (m_store.exists(options.name))
        return fail(error, tr("Docker machine \"%1\" already exists").arg(options.name), ErrorKind::AlreadyExists);
    Host checked;
    Host &made = host ? *host : checked;
    made.driver = info->factory(options.name, m_store.rootPath());
    made.driver->setMachineDir(m_store.stagingDir(options.name));
    if (!made.driver->setConfigFromFlags(options.driverFlags, &message))
        return fail(error, message, ErrorKind::InvalidOption);
    return true;
}

bool MachineApi::create(const CreateOptions &options, Progress *progress, Error *error)
{
    QString message;
    // The machine is made in a staging folder and gets its name only when complete: a create killed at
    // any moment leaves no half machine, only a hidden folder that the next create or rm sweeps away.
    const QString staging = m_store.stagingDir(options.name);
    Host host;
    if (!checkCreateOptions(options, &host, error))
        return false;

    progress->step(tr("Running pre-create checks..."));
    if (!host.driver->preCreateCheck(&message))
        return fail(error, message, ErrorKind::PreCreateCheck);
    if (!m_store.ensureWritable(error))
        return false;

    // Hold the machine's name for the whole create; a second create of it waits, then finds it exists.
    const auto lock = m_store.lock(options.name, machineLockTimeoutMs, error, operationPurpose(OperationKind::Create));
    if (!lock)
        return false;
    sweepLeftovers(options.name);
    if (m_store.exists(options.name))
        return fail(error, tr("Docker machine \"%1\" already exists").arg(options.name), ErrorKind::AlreadyExists);
    if (!ensureClientCertificates(progress, error))
        return false;

    host.machine.name = options.name;
    host.machine.driverName = host.driver->driverName();
    host.machine.engine = options.engine;
    pinAuthPaths(host, staging);
    host.machine.auth.serverCertSans = options.tlsSans;

    // From here on a failure removes what was made, so no half-made machine is left behind.
    bool published = false;
    auto rollBack = [&](const QString &why) {
        QString ignored;
        host.driver->remove(&ignored);
        Error removeError;
        if (published)
            m_store.remove(options.name, &removeError);
        else
            MachineStore::removeTree(staging);
        if (progress->isCanceled())
            return fail(
                error, tr("Creating \"%1\" was canceled; nothing was kept.").arg(options.name), ErrorKind::Canceled);
        return fail(
            error, tr("Error creating machine: %1\nNothing was kept; fix the cause and run create again.").arg(why));
    };

    progress->step(tr("Creating machine..."));
    if (!makePrivateDir(staging, &message))
        return fail(error, message);
    // A VM of Berth's image gets its engine's certificates and configuration on its seed: Docker
    // starts configured while the VM boots, and the provisioning over SSH below finds everything
    // in place instead of restarting it (a cold Docker start is ten seconds of an emulated CPU).
    Error stepError;
    EngineHost engineHost;
    const bool seeded = host.driver->usesSsh() && host.driver->imageEngineHost(&engineHost);
    if (seeded && !seedEngine(host, engineHost, &stepError))
        return rollBack(stepError.message);
    // Between the steps too: a cancel during a step that does not wait is seen when it ends.
    if (progress->isCanceled() || !host.driver->create(progress, &message))
        return rollBack(message);
    // Every file of the store's for this machine is there before it gets its name.
    if (!seeded) {
        progress->step(tr("Copying certs to the local machine directory..."));
        // A VM whose address comes from a DHCP server as it boots (VirtualBox's) has none yet: its certificate
        // is made once it has booted.
        const bool addressKnown = !host.driver->ip(nullptr).isEmpty();
        if (!copyClientCertsToMachine(host, &stepError)
            || (host.driver->usesSsh() && addressKnown && !generateServerCert(host, &stepError)))
            return rollBack(stepError.message);
    }
    Machine staged = host.machine;
    staged.driver = host.driver->toJson(host.machine.driver);
    if (!m_store.saveStaged(staged, staging, &stepError) || !m_store.publishStaged(options.name, &stepError))
        return rollBack(stepError.message);
    published = true;

    if (host.driver->usesSsh()) {
        // The same machine as stored under its name, with its final paths, boots and is provisioned now.
        Host named;
        if (!loadHost(options.name, &named, &stepError))
            return rollBack(stepError.message);
        host = std::move(named);
        if (progress->isCanceled() || !host.driver->bootAfterCreate(progress, &message))
            return rollBack(message);
        progress->step(tr("Waiting for machine to be running, this may take a few minutes..."));
        if (!provisionHost(host, progress, &stepError, checkServerCertificate(host, nullptr), true))
            return rollBack(stepError.message);
        if (!saveHost(host, &stepError))
            return rollBack(stepError.message);
        // The provisioning has put the files on the host: none stays on the seed.
        if (seeded && !host.driver->setEngineSeed({}, &message))
            return rollBack(message);
        progress->step(tr("Docker is up and running!"));
    }
    updateContext(host, progress);
    startAgent(host, progress);
    progress->step(tr("To see how to connect your Docker Client to the Docker Engine running on this virtual machine, "
                      "run: %1 env %2")
                       .arg(QCoreApplication::applicationName(), options.name));
    return true;
}

void MachineApi::stopLeftoverVm(const QString &name, const QString &dir) const
{
    // A VM started from that folder is known by its pid file; the driver checks the pid is that VM's.
    if (!QFileInfo::exists(dir + QStringLiteral("/qemu.pid")))
        return;
    std::unique_ptr<Driver> driver = DriverRegistry::forStoredMachine(QStringLiteral("qemu"), name, m_store.rootPath());
    driver->setMachineDir(dir);
    QString ignored;
    driver->kill(&ignored);
}

QHash<QString, QString> MachineApi::activities() const
{
    QHash<QString, QString> found;
    QString purpose;
    for (const QString &name : m_store.machineNames()) {
        if (m_store.lockHolder(name, &purpose))
            found.insert(name, purpose);
    }
    return found;
}

QStringList MachineApi::creating() const
{
    QStringList names;
    for (const auto &[name, dir] : m_store.leftovers()) {
        // A free lock means nobody is creating it: the probe takes it for an instant and lets it go.
        if (dir == m_store.stagingDir(name) && !m_store.lock(name, 0, nullptr))
            names << name;
    }
    return names;
}

void MachineApi::sweepLeftovers(const QString &heldName) const
{
    for (const auto &[name, dir] : m_store.leftovers()) {
        // Only the holder of a machine's lock works in its hidden folders: a free lock means a dead owner.
        std::unique_ptr<FileLock> lock;
        if (name != heldName && !(lock = m_store.lock(name, 0, nullptr)))
            continue;
        qCInfo(lcApi) << "removing" << dir << "left by an interrupted command";
        stopLeftoverVm(name, dir);
        MachineStore::removeTree(dir);
    }
}

bool MachineApi::remove(const QString &name, bool force, Progress *progress, Error *error)
{
    QString message;
    if (!isValidMachineName(name, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    const auto notFound = [&] {
        return fail(error, tr("Docker machine \"%1\" does not exist.").arg(name), Remedy::ListOrCreate, name,
            ErrorKind::NotFound);
    };
    if (!m_store.exists(name) && !QFileInfo::exists(m_store.stagingDir(name)))
        return notFound();
    const auto lock = m_store.lock(name, machineLockTimeoutMs, error, operationPurpose(OperationKind::Remove));
    if (!lock)
        return false;
    sweepLeftovers(name);
    if (!m_store.exists(name))
        return notFound();
    progress->step(tr("Removing \"%1\"...").arg(name));
    const QString dir = m_store.machineDir(name);
    const QFileInfo folder(dir);
    // A link goes as a link, and nothing is read through it; a folder without config.json (made by
    // something else than Berth's create) holds no more than files.
    if (folder.isSymLink() || !folder.isDir() || !QFileInfo(m_store.configPath(name)).isFile()) {
        if (!folder.isSymLink())
            stopLeftoverVm(name, dir);
        return m_store.remove(name, error);
    }
    stopAgent(name);
    Host host;
    Error loadError;
    if (loadHost(name, &host, &loadError)) {
        if (!host.driver->remove(&message) && !force)
            return fail(error, tr("Error removing host \"%1\": %2").arg(name, message), Remedy::ForceRemove, name);
    } else if (!force) {
        return fail(
            error, tr("Cannot read machine \"%1\": %2").arg(name, loadError.message), Remedy::ForceRemove, name);
    } else {
        stopLeftoverVm(name, dir);
    }
    if (!m_store.remove(name, error))
        return false;
    removeContext(name, progress);
    return true;
}

namespace {
// stop and kill share this shape: load, run one driver call, report. As docker-machine's
// runActionForState, a machine already stopped is an error, so a script learns nothing was done.
template <typename Call>
bool driverAction(const MachineApi &api, const QString &name, Host *host, Progress *progress, Error *error, Call call)
{
    if (!api.loadHost(name, host, error))
        return false;
    if (host->driver->state(nullptr) == MachineState::Stopped)
        return fail(error, tr("Machine \"%1\" is already stopped.").arg(name));
    QString message;
    if (!call(*host->driver, &message))
        return fail(error, message, progress->isCanceled() ? ErrorKind::Canceled : ErrorKind::General);
    return true;
}
} // namespace

bool MachineApi::start(const QString &name, Progress *progress, Error *error)
{
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::Start));
    if (!lock)
        return false;
    progress->step(tr("Starting \"%1\"...").arg(name));
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    QString message;
    // As docker-machine: starting a running machine is an error, so a script learns it did nothing.
    if (host.driver->state(nullptr) == MachineState::Running) {
        // Its agent, if it is missing (killed, or the computer's session ended it), is what start still does.
        startAgent(host, progress);
        return fail(error, tr("Machine \"%1\" is already running.").arg(name));
    }
    // A canceled start leaves the machine as it found it: stopped.
    const auto canceled = [&] {
        QString ignored;
        host.driver->kill(&ignored);
        return fail(error, tr("Starting \"%1\" was canceled; the machine is stopped.").arg(name), ErrorKind::Canceled);
    };
    if (!host.driver->start(progress, &message))
        return progress->isCanceled() ? canceled() : fail(error, message);
    // A VM may have moved to other local ports.
    if (!saveHost(host, error))
        return false;
    progress->step(tr("Machine \"%1\" was started.").arg(name));
    if (!afterBoot(host, progress, error))
        return progress->isCanceled() ? canceled() : false;
    updateContext(host, progress);
    startAgent(host, progress);
    return true;
}

bool MachineApi::afterBoot(Host &host, Progress *progress, Error *error)
{
    if (!host.driver->usesSsh())
        return true;
    // A machine that came back with another address, or whose provisioning never finished.
    if (!checkServerCertificate(host, nullptr)) {
        progress->step(tr("The machine's certificates do not match it; provisioning it again..."));
        return provisionHost(host, progress, error) && saveHost(host, error);
    }
    if (host.driver->bootSeconds() == 0)
        return true;
    progress->step(tr("Waiting for Docker..."));
    QString url = host.driver->url(nullptr);
    const DockerTlsFiles tlsFiles = clientTlsFiles(host);
    QDeadlineTimer deadline(dockerReadySeconds * 1000);
    QString message;
    while (true) {
        DockerClient client(url, tlsFiles, 3000);
        if (client.ping(&message))
            return true;
        if (progress->isCanceled())
            return fail(error, tr("Canceled while waiting for Docker."), ErrorKind::Canceled);
        if (deadline.hasExpired())
            break;
        QThread::msleep(500);
    }
    return fail(error,
        tr("Docker did not answer over TLS within %1 s: %2\n%3")
            .arg(dockerReadySeconds)
            .arg(message, host.driver->diagnose()));
}

bool MachineApi::stop(const QString &name, Progress *progress, Error *error)
{
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::Stop));
    if (!lock)
        return false;
    progress->step(tr("Stopping \"%1\"...").arg(name));
    stopAgent(name);
    Host host;
    // A stopped VM whose address came from a DHCP server has none until it starts again: saved.
    if (!driverAction(
            *this, name, &host, progress, error, [progress](Driver &d, QString *e) { return d.stop(progress, e); })
        || !saveHost(host, error))
        return false;
    progress->step(tr("Machine \"%1\" was stopped.").arg(name));
    return true;
}

bool MachineApi::restart(const QString &name, Progress *progress, Error *error)
{
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::Restart));
    if (!lock)
        return false;
    progress->step(tr("Restarting \"%1\"...").arg(name));
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    QString message;
    // The VM's forwards go with it: the next agent makes them again.
    stopAgent(name);
    if (!host.driver->restart(progress, &message))
        return fail(error, message, progress->isCanceled() ? ErrorKind::Canceled : ErrorKind::General);
    if (!saveHost(host, error) || (host.driver->bootSeconds() != 0 && !afterBoot(host, progress, error)))
        return false;
    updateContext(host, progress);
    startAgent(host, progress);
    return true;
}

bool MachineApi::kill(const QString &name, Progress *progress, Error *error)
{
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::Kill));
    if (!lock)
        return false;
    progress->step(tr("Killing \"%1\"...").arg(name));
    stopAgent(name);
    Host host;
    if (!driverAction(*this, name, &host, progress, error, [](Driver &d, QString *e) { return d.kill(e); })
        || !saveHost(host, error))
        return false;
    progress->step(tr("Machine \"%1\" was killed.").arg(name));
    return true;
}

bool MachineApi::provision(const QString &name, Progress *progress, Error *error)
{
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::Provision));
    if (!lock)
        return false;
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    if (!host.driver->usesSsh())
        return fail(error,
            tr("\"%1\" uses the %2 driver: Berth has no SSH access to provision it.")
                .arg(name, host.driver->driverName()));
    if (!ensureClientCertificates(progress, error) || !provisionHost(host, progress, error) || !saveHost(host, error))
        return false;
    updateContext(host, progress);
    return true;
}

bool MachineApi::regenerateCerts(const QString &name, bool clientCerts, Progress *progress, Error *error)
{
    // The machine's lock first, then the store's certificates' (create takes them in that order too).
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::RegenerateCerts));
    if (!lock)
        return false;
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    // A new CA invalidates every machine's server certificate: docker-machine warns, and so does the CLI.
    if (!ensureClientCertificates(progress, error, clientCerts))
        return false;
    progress->step(tr("Regenerating TLS certificates"));
    if (!(host.driver->usesSsh() ? provisionHost(host, progress, error) && saveHost(host, error)
                                 : copyClientCertsToMachine(host, error)))
        return false;
    updateContext(host, progress);
    return true;
}

bool MachineApi::upgrade(const QString &name, Progress *progress, Error *error)
{
    const auto lock = lockMachine(name, error, operationPurpose(OperationKind::Upgrade));
    if (!lock)
        return false;
    Host host;
    if (!loadHost(name, &host, error) || !storedEngineOptionsUsable(host, error))
        return false;
    QString message;
    bool upToDate = false;
    stopAgent(name);
    if (!host.driver->upgrade(progress, &upToDate, &message)) {
        // The VM may run on (a refused upgrade): so does its agent. One that finds no VM ends at once.
        startAgent(host, progress);
        return fail(error, message);
    }
    if (!saveHost(host, error))
        return false;
    if (upToDate) {
        startAgent(host, progress);
        progress->step(tr("Machine \"%1\" already runs the newest image.").arg(name));
        return true;
    }
    // A new system disk has a stock engine: configure it for TLS again, with the same certificates' CA.
    if (!provisionHost(host, progress, error) || !saveHost(host, error))
        return false;
    updateContext(host, progress);
    startAgent(host, progress);
    return true;
}

bool MachineApi::state(const QString &name, MachineState *state, Error *error)
{
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    QString message;
    *state = host.driver->state(&message);
    if (*state == MachineState::Error && !message.isEmpty())
        return fail(error, message);
    return true;
}

QString MachineApi::ip(const QString &name, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return {};
    QString message;
    const QString address = host.driver->ip(&message);
    if (address.isEmpty())
        fail(error, message);
    return address;
}

namespace {
// docker-machine's VM drivers answer "Host is not running" for the URL of a stopped machine. Only a
// driver whose state is local is asked, so url and env still open no network connection.
QString runningUrl(const Host &host, QString *message)
{
    if (host.driver->stateIsLocal()) {
        QString stateError;
        const MachineState state = host.driver->state(&stateError);
        if (state != MachineState::Running) {
            *message = state == MachineState::Error && !stateError.isEmpty() ? stateError : tr("Host is not running");
            return {};
        }
    }
    return host.driver->url(message);
}
} // namespace

QString MachineApi::url(const QString &name, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return {};
    QString message;
    const QString value = runningUrl(host, &message);
    if (value.isEmpty())
        fail(error, message);
    return value;
}

namespace {
// The threads that list machines, kept for the program's life: none of them ends while it runs. Under
// Wine 8, a pool destroyed at the end of each list crashed `berth ls -q` in 5 runs of 6,000: waiting for
// a pool thread to end, QThread::wait() found the thread object's memory unmapped. A pool whose threads
// never end is never in that wait (no crash in 5,800 runs), and a second list reuses the first's threads.
QThreadPool &listPool(int machines)
{
    static QMutex mutex;
    static QThreadPool *const pool = [] {
        auto *threads = new QThreadPool; // never deleted: its threads end with the program
        threads->setExpiryTimeout(-1);
        return threads;
    }();
    // Enough threads for every machine of every list under way at once (the desktop's watcher and an
    // action's may overlap).
    const QMutexLocker locker(&mutex);
    pool->setMaxThreadCount(qMax(pool->maxThreadCount(), pool->activeThreadCount() + qMax(1, machines)));
    return *pool;
}
} // namespace

QList<MachineListEntry> MachineApi::list(int timeoutSeconds, const QString &activeUrl, ListDetail detail) const
{
    const QStringList names = m_store.machineNames();
    // One thread per machine, all at once: the timeouts of any number of unreachable hosts overlap
    // into one. Each holds a few descriptors while it waits, so the default limit must not cap them.
    raiseOpenFileLimit();
    QThreadPool &pool = listPool(static_cast<int>(names.size()));
    QList<QFuture<MachineListEntry>> futures;
    for (const QString &name : names) {
        futures << QtConcurrent::run(&pool, [this, name, activeUrl, timeoutSeconds, detail] {
            QElapsedTimer timer;
            timer.start();
            MachineListEntry entry;
            entry.name = name;
            Host host;
            Error loadError;
            if (!loadHost(name, &host, &loadError)) {
                entry.state = MachineState::Error;
                entry.error = loadError.message;
                return entry;
            }
            entry.driverName = host.driver->driverName();
            entry.labels = host.machine.engine.labels;
            entry.resources = host.driver->resources();
            if (detail == ListDetail::Config)
                return entry;
            QString message;
            entry.state = host.driver->state(&message);
            if (entry.state == MachineState::Error)
                entry.error = message;
            if (entry.state == MachineState::Running) {
                entry.url = host.driver->url(&message);
                entry.active = !activeUrl.isEmpty() && activeUrl == entry.url;
                // Ports its agent could not forward (taken here), until they are; or no agent at all.
                AgentReport agent;
                if (AgentReport::read(m_store.machineDir(name), &agent))
                    entry.error = agent.problems();
                else if ((entry.agentMissing = host.driver->forwardsPorts() && !host.driver->isToolboxMachine()))
                    entry.error = tr("Published ports are not forwarded to this computer: the machine's agent is not "
                                     "running. \"berth start %1\" starts it.")
                                      .arg(name);
            }
            if (entry.state == MachineState::Running && detail == ListDetail::Engine) {
                QString version;
                if (queryDockerVersion(host, timeoutSeconds, &version, &message)) {
                    entry.dockerVersion = QLatin1Char('v') + version;
                } else {
                    entry.dockerVersion = QStringLiteral("Unknown");
                    entry.error = tr("Unable to query docker version: %1").arg(message);
                }
            }
            entry.responseTimeMs = timer.elapsed();
            return entry;
        });
    }
    QList<MachineListEntry> entries;
    for (QFuture<MachineListEntry> &future : futures)
        entries << future.result();
    return entries;
}

DockerTlsFiles MachineApi::clientTlsFiles(const Host &host) const
{
    const AuthOptions &auth = host.machine.auth;
    return { auth.caCertPath, auth.clientCertPath, auth.clientKeyPath, m_store.tlsSessionPath(host.machine.name) };
}

bool MachineApi::queryDockerVersion(const Host &host, int timeoutSeconds, QString *version, QString *error) const
{
    const QString url = host.driver->url(error);
    if (url.isEmpty())
        return false;
    DockerClient client(url, clientTlsFiles(host), timeoutSeconds * 1000);
    return client.serverVersion(version, error);
}

QString MachineApi::dockerVersion(const QString &name, int timeoutSeconds, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return {};
    QString version, message;
    if (runningUrl(host, &message).isEmpty()) {
        fail(error, message);
        return {};
    }
    if (!queryDockerVersion(host, timeoutSeconds, &version, &message))
        fail(error, tr("Unable to query docker version: %1").arg(message));
    return version;
}

QString MachineApi::active(const QString &activeUrl, Error *error) const
{
    if (!activeUrl.isEmpty()) {
        for (const QString &name : m_store.machineNames()) {
            Host host;
            if (!loadHost(name, &host, nullptr))
                continue;
            QString message;
            if (host.driver->url(&message) == activeUrl)
                return name;
        }
    }
    fail(error, tr("No active host found"));
    return {};
}

bool MachineApi::envSettings(const QString &name, EnvSettings *settings, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    QString message;
    settings->dockerHost = runningUrl(host, &message);
    if (settings->dockerHost.isEmpty())
        return fail(error, tr("Error checking TLS connection: %1").arg(message));
    if (host.driver->usesSsh() && !checkServerCertificate(host, error))
        return false;
    settings->certPath = nativePath(m_store.machineDir(name));
    settings->machineName = name;
    return true;
}

bool MachineApi::configText(const QString &name, QString *text, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    QString message;
    const QString dockerHost = runningUrl(host, &message);
    if (dockerHost.isEmpty())
        return fail(error, tr("Error running connection boilerplate: %1").arg(message));
    if (host.driver->usesSsh() && !checkServerCertificate(host, error))
        return false;
    // docker-machine names the copies in the machine folder, quoted as Go's %q quotes.
    const QString dir = m_store.machineDir(name) + QLatin1Char('/');
    *text = QStringLiteral("--tlsverify\n--tlscacert=%1\n--tlscert=%2\n--tlskey=%3\n-H=%4\n")
                .arg(goQuote(nativePath(dir + QStringLiteral("ca.pem"))),
                    goQuote(nativePath(dir + QStringLiteral("cert.pem"))),
                    goQuote(nativePath(dir + QStringLiteral("key.pem"))), dockerHost);
    return true;
}

bool MachineApi::inspect(const QString &name, QJsonObject *json, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    Machine machine = host.machine;
    machine.driver = host.driver->toJson(host.machine.driver);
    *json = machine.toJson();
    return true;
}

bool MachineApi::sshTarget(const QString &name, ssh::Target *target, Error *error) const
{
    Host host;
    if (!loadHost(name, &host, error))
        return false;
    QString message;
    if (!host.driver->sshTarget(target, &message))
        return fail(error, message);
    return true;
}

} // namespace berth
