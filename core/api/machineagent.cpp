#include "machineagent.h"

#include "docker/dockerclient.h"
#include "docker/dockerevents.h"
#include "machineapi.h"
#include "process/detachedprocess.h"
#include "ssh/sshsession.h"
#include "util/atomicfile.h"
#include "util/filelock.h"
#include "util/network.h"
#include "util/portrelay.h"
#include "util/translate.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <cstdio>

namespace berth {

namespace {

// How often the agent looks again: at the VM (each wait for an event ends this soon), at a port that was taken, at
// the guest's clock.
constexpr int eventWaitMs = 1000;
constexpr int retryTakenMs = 2000;
constexpr int clockCheckMs = 5000;
constexpr int guestRetryMs = 5000;
// The engine sends "die" before its list of running containers has lost the container (and `docker kill` sends
// nothing after): the list is read again this long after an event.
constexpr int settleMs = 1500;
// The engine's clock comes to the second (HTTP's Date): a difference beyond this is a clock that fell behind.
constexpr double clockToleranceSeconds = 3.0;

// The guest's half of a forward: the hypervisor's NAT delivers a forwarded connection from its gateway to the
// guest's own address, where only what listens on every address would get it. With these rules it goes to the
// guest's loopback, where docker-proxy listens for every published port, whether it was published on 0.0.0.0 or
// on 127.0.0.1. Only what comes from the NAT's gateway to the guest itself is redirected (not DHCP's answers).
const char guestForwardScript[] = R"sh(set -e
route=$(ip -4 route show default)
set -- $route
dev= gw=
while [ $# -gt 1 ]; do case $1 in dev) dev=$2 ;; via) gw=$2 ;; esac; shift; done
if [ -z "$dev" ] || [ -z "$gw" ]; then echo "no default route ($route)" >&2; exit 1; fi
sudo sysctl -q -w "net.ipv4.conf.$dev.route_localnet=1"
for proto in tcp udp; do
    if [ "$proto" = udp ]; then set -- ! --sport 67; else set --; fi
    set -- -i "$dev" -s "$gw" -p "$proto" "$@" -m addrtype --dst-type LOCAL -j DNAT --to-destination 127.0.0.1
    sudo iptables -t nat -C PREROUTING "$@" 2>/dev/null || sudo iptables -t nat -I PREROUTING "$@"
done
)sh";

} // namespace

bool AgentReport::read(const QString &machineDir, AgentReport *report)
{
    QFile file(MachineAgent::reportPath(machineDir));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    const qint64 pid = json.value(QLatin1String("Pid")).toInteger();
    // What an agent that has ended left says nothing. Its lock says whether it runs (its pid may live on as a
    // zombie where nothing reaps it).
    FileLock probe(MachineAgent::lockPath(machineDir));
    if (pid <= 0 || probe.tryLock(0))
        return false;
    *report = AgentReport();
    report->pid = pid;
    for (const QJsonValue &port : json.value(QLatin1String("Forwarded")).toArray())
        report->forwarded << port.toString();
    const QJsonObject skipped = json.value(QLatin1String("Skipped")).toObject();
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        report->skipped.insert(it.key(), it.value().toString());
    return true;
}

QString AgentReport::problems() const
{
    QStringList lines;
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        lines << tr("port %1 not forwarded: %2").arg(it.key(), it.value());
    return lines.join(QStringLiteral("; "));
}

MachineAgent::MachineAgent(const QString &storePath, const QString &name)
    : m_storePath(storePath)
    , m_name(name)
    , m_api(std::make_unique<MachineApi>(storePath))
{
    m_dir = m_api->store().machineDir(name);
}

MachineAgent::~MachineAgent() = default;

void MachineAgent::closeInheritedDescriptors()
{
    DetachedProcess::closeInheritedDescriptors();
}

void MachineAgent::log(const QString &line) const
{
    // Standard error is agent.log (MachineApi starts the agent so).
    const QByteArray text
        = (QDateTime::currentDateTime().toString(Qt::ISODateWithMs) + QLatin1Char(' ') + line + QLatin1Char('\n'))
              .toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

int MachineAgent::run()
{
    FileLock lock(lockPath(m_dir));
    lock.setPurpose(QStringLiteral("agent"));
    if (!lock.tryLock(3000)) {
        log(tr("Another agent (pid %1) runs for \"%2\"; this one ends.").arg(lock.holderPid()).arg(m_name));
        return 0;
    }
    Error error;
    m_host = std::make_unique<Host>();
    if (!m_api->loadHost(m_name, m_host.get(), &error)) {
        log(error.message);
        return 1;
    }
    Driver &driver = *m_host->driver;
    if (!driver.forwardsPorts()) {
        log(tr("The %1 driver keeps published ports on the machine's own address: nothing to forward.")
                .arg(driver.driverName()));
        return 0;
    }
    // Its thread only for an agent that forwards.
    m_relay = std::make_unique<PortRelay>();
    QString message;
    m_engine = std::make_unique<DockerClient>(driver.url(&message), m_api->clientTlsFiles(*m_host), 5000);
    m_engine->keepConnection();
    log(tr("Agent of \"%1\" started (pid %2): published ports answer on %3.")
            .arg(m_name)
            .arg(QCoreApplication::applicationPid())
            .arg(driver.forwardAddress()));
    // Forwards an earlier agent made while this VM ran stay until they are not wanted.
    if (!driver.portForwards(&m_made, &message))
        log(tr("The forwards made before cannot be read: %1").arg(message));

    // ls knows from now on that an agent looks after the machine.
    writeReport();

    std::unique_ptr<DockerEventStream> events;
    QString streamProblem;
    QElapsedTimer sinceRetry, sinceClock, sinceGuest, sinceEvent;
    sinceRetry.start();
    sinceClock.start();
    bool guestTried = false;
    while (driver.vmExists()) {
        if (!events) {
            if (!m_engine->followContainerEvents(&events, &message)) {
                // Docker restarting (a provisioning, a new certificate): the forwards stay as they are meanwhile.
                if (message != streamProblem)
                    log(message);
                streamProblem = message;
                QThread::msleep(eventWaitMs);
                continue;
            }
            if (!streamProblem.isEmpty())
                log(tr("Following the engine's events again."));
            streamProblem.clear();
            // What started or stopped while nobody listened.
            syncForwards();
        }
        QJsonObject event;
        switch (events->next(eventWaitMs, &event, &message)) {
        case DockerEventStream::Status::Event: {
            const QString action = event.value(QLatin1String("Action")).toString();
            if (action == QLatin1String("start") || action == QLatin1String("die") || action == QLatin1String("stop")) {
                syncForwards();
                sinceEvent.start();
            }
            break;
        }
        case DockerEventStream::Status::Idle:
            break;
        case DockerEventStream::Status::Closed:
            log(message);
            streamProblem = message;
            events.reset();
            break;
        }
        // After the first forwards: those of ports published on every address work without it.
        if (!m_guestReady && (!guestTried || sinceGuest.hasExpired(guestRetryMs))) {
            m_guestReady = prepareGuest();
            guestTried = true;
            sinceGuest.start();
        }
        if (sinceEvent.isValid() && sinceEvent.hasExpired(settleMs)) {
            syncForwards();
            sinceEvent.invalidate();
        }
        if ((!m_skipped.isEmpty() || !m_relayRefused.isEmpty()) && sinceRetry.hasExpired(retryTakenMs)) {
            syncForwards();
            sinceRetry.start();
        }
        if (sinceClock.hasExpired(clockCheckMs)) {
            checkClock();
            sinceClock.start();
        }
        writeReport();
    }
    log(tr("The VM of \"%1\" is no longer running; the agent ends.").arg(m_name));
    QFile::remove(reportPath(m_dir));
    return 0;
}

void MachineAgent::syncForwards()
{
    Driver &driver = *m_host->driver;
    QList<PublishedPort> ports;
    QString message;
    if (!m_engine->publishedPorts(&ports, &message)) {
        log(message);
        return;
    }
    QList<PortForward> wanted;
    for (const PublishedPort &port : ports) {
        const PortForward forward { port.protocol, port.port };
        // 0.0.0.0 and :: publish the same port twice; SCTP has no forward.
        if ((forward.protocol == QLatin1String("tcp") || forward.protocol == QLatin1String("udp"))
            && !wanted.contains(forward))
            wanted << forward;
    }
    for (const PortForward &forward : QList<PortForward>(m_made)) {
        if (wanted.contains(forward))
            continue;
        m_relay->remove(forward.protocol, forward.port);
        m_relayRefused.remove(forward);
        if (driver.removePortForward(forward, &message)) {
            m_made.removeAll(forward);
            log(tr("Port %1 is no longer published: not forwarded any more.").arg(forward.name()));
        } else {
            log(tr("The forward of port %1 cannot be removed: %2").arg(forward.name(), message));
        }
    }
    for (const PortForward &forward : wanted) {
        if (m_made.contains(forward))
            continue;
        if (driver.addPortForward(forward, &message)) {
            m_made << forward;
            m_skipped.remove(forward);
            log(tr("Port %1 forwarded: %2:%3 on this computer.")
                    .arg(forward.name(), driver.forwardAddress())
                    .arg(forward.port));
            continue;
        }
        const QString why = whyNotForwarded(forward, message);
        if (m_skipped.value(forward) != why)
            log(tr("Port %1 not forwarded: %2").arg(forward.name(), why));
        m_skipped.insert(forward, why);
    }
    for (const PortForward &forward : m_skipped.keys()) {
        if (!wanted.contains(forward))
            m_skipped.remove(forward);
    }
    // Those made by an agent before this one too.
    for (const PortForward &forward : std::as_const(m_made))
        relayIpv6(forward);
}

void MachineAgent::relayIpv6(const PortForward &forward)
{
    if (m_noIpv6 || m_relay->contains(forward.protocol, forward.port))
        return;
    const bool everyAddress = m_host->driver->publishesOnEveryInterface();
    const QString ipv6 = everyAddress ? QStringLiteral("::") : QStringLiteral("::1");
    QString message;
    switch (m_relay->add(forward.protocol, forward.port,
        QHostAddress(everyAddress ? QHostAddress::AnyIPv6 : QHostAddress::LocalHostIPv6),
        QHostAddress(QHostAddress::LocalHost), &message)) {
    case PortRelay::Result::Relayed:
        m_relayRefused.remove(forward);
        log(tr("Port %1 answers on [%2]:%3 too.").arg(forward.name(), ipv6).arg(forward.port));
        return;
    case PortRelay::Result::AddressMissing:
        m_noIpv6 = true;
        log(tr("This computer has no IPv6 loopback (::1): published ports answer on IPv4 only."));
        return;
    case PortRelay::Result::Refused:
        // The IPv4 forward works: ls has nothing to report, the log says it once, and it is tried again.
        if (m_relayRefused.value(forward) != message)
            log(tr("Port %1 answers on IPv4 only for now: on %2, %3").arg(forward.name(), ipv6, message));
        m_relayRefused.insert(forward, message);
        return;
    }
}

QString MachineAgent::whyNotForwarded(const PortForward &forward, const QString &driverSaid) const
{
    // The hypervisor may say only that it could not; binding the port here says why.
    switch (probeLocalPort(forward.protocol, m_host->driver->forwardAddress(), forward.port)) {
    case PortUse::InUse:
        return tr("another program on this computer uses port %1; it is forwarded once that port is free")
            .arg(forward.port);
    case PortUse::NotAllowed:
        return tr("this computer lets only administrators use port %1; publish the container on a port above "
                  "1023 (docker run -p 8080:%1)")
            .arg(forward.port);
    case PortUse::Free:
    case PortUse::Unusable:
        break;
    }
    return driverSaid;
}

bool MachineAgent::runInGuest(const QString &command, QString *output, QString *error)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!m_ssh || !m_ssh->isConnected()) {
            ssh::Target target;
            Error targetError;
            if (!m_api->sshTarget(m_name, &target, &targetError)) {
                *error = targetError.message;
                return false;
            }
            m_ssh = std::make_unique<ssh::Session>();
            if (!m_ssh->connect(target, error)) {
                m_ssh.reset();
                return false;
            }
        }
        ssh::CommandResult result;
        // A session the VM dropped (a pause, a restart of sshd) is opened again, once.
        if (!m_ssh->run(command, &result, error)) {
            m_ssh.reset();
            continue;
        }
        *output = QString::fromUtf8(result.standardOutput + result.standardError).trimmed();
        if (result.exitCode != 0) {
            *error = tr("exit code %1: %2").arg(result.exitCode).arg(*output);
            return false;
        }
        return true;
    }
    return false;
}

bool MachineAgent::prepareGuest()
{
    QString output, error;
    if (!runInGuest(QString::fromUtf8(guestForwardScript), &output, &error)) {
        log(tr("The VM does not take forwarded connections to its loopback yet (tried again in %1 s): %2")
                .arg(guestRetryMs / 1000)
                .arg(error));
        return false;
    }
    log(tr("The VM hands forwarded connections to what listens on its loopback too."));
    return true;
}

void MachineAgent::checkClock()
{
    QDateTime guest;
    QString message;
    if (!m_engine->engineTime(&guest, &message))
        return;
    // The Date header drops the fraction of a second: half a second on average.
    const double skew = (guest.toMSecsSinceEpoch() + 500 - QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    if (qAbs(skew) < clockToleranceSeconds)
        return;
    QString output;
    const QString now = QString::number(QDateTime::currentMSecsSinceEpoch() / 1000.0, 'f', 3);
    if (!runInGuest(QStringLiteral("sudo date -u -s @") + now, &output, &message)) {
        log(tr("The VM's clock is %1 s off, and could not be set: %2").arg(skew, 0, 'f', 0).arg(message));
        return;
    }
    log(skew < 0 ? tr(
            "The VM's clock was %1 s behind (the VM was paused, or this computer slept); set to this computer's time.")
                       .arg(-skew, 0, 'f', 0)
                 : tr("The VM's clock was %1 s ahead; set to this computer's time.").arg(skew, 0, 'f', 0));
}

void MachineAgent::writeReport()
{
    QJsonArray forwarded;
    QList<PortForward> made = m_made;
    std::sort(made.begin(), made.end());
    for (const PortForward &forward : made)
        forwarded << forward.name();
    QJsonObject skipped;
    for (auto it = m_skipped.begin(); it != m_skipped.end(); ++it)
        skipped.insert(it.key().name(), it.value());
    const QJsonObject report { { QStringLiteral("Pid"), QCoreApplication::applicationPid() },
        { QStringLiteral("Forwarded"), forwarded }, { QStringLiteral("Skipped"), skipped } };
    const QByteArray data = QJsonDocument(report).toJson(QJsonDocument::Indented);
    if (data == m_lastReport)
        return;
    QString error;
    if (writeFileAtomic(reportPath(m_dir), data, privateFilePermissions, &error, false))
        m_lastReport = data;
    else
        log(error);
}

} // namespace berth
