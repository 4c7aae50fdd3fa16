// The VirtualBox driver's VM at run time: its network (host-only adapter, DHCP server, NAT rules) set up at each
// start from power-off, start, the wait for its boot and its address, stop, kill, removal and state.

#include "hostonlynetwork.h"
#include "ssh/sshsession.h"
#include "util/atomicfile.h"
#include "util/filelock.h"
#include "util/network.h"
#include "util/text.h"
#include "util/translate.h"
#include "vboxcommands.h"
#include "vboxhost.h"
#include "vboxinfo.h"
#include "virtualboxdriver.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QScopeGuard>
#include <QSet>
#include <QThread>

namespace berth {

namespace vbox {
Q_DECLARE_LOGGING_CATEGORY(lcVirtualBox)
}

using namespace vbox;

namespace {

// The guest's DHCP client asks for its address on the host-only network as the VM boots; under an emulated
// CPU that can come some seconds after sshd listens.
constexpr int addressWaitMs = 60000;
// How long poweroff may take; VirtualBox ends a VM at once.
constexpr int powerOffWaitMs = 30000;

// The state showvminfo said last, for each VM (by its folder), with what its log and settings file looked like
// then. VirtualBox writes one of them whenever the VM's state changes (the VM's process its log; VBoxSVC the
// settings of a VM whose process died): while neither changed, and for a few seconds at most, the state holds
// and no VBoxManage runs. The desktop app asks every machine's state every second.
struct KnownState {
    QString vmState;
    QDateTime logTime;
    qint64 logSize = -1;
    QDateTime settingsTime;
    QDeadlineTimer fresh;
};
constexpr int knownStateMs = 10000;
QMutex knownStatesLock;
QHash<QString, KnownState> knownStates;

KnownState filesOf(const QString &log, const QString &settings)
{
    KnownState now;
    const QFileInfo logInfo(log), settingsInfo(settings);
    now.logTime = logInfo.lastModified();
    now.logSize = logInfo.exists() ? logInfo.size() : -1;
    now.settingsTime = settingsInfo.lastModified();
    return now;
}

} // namespace

bool VirtualBoxDriver::vmInfo(const VBoxManage &vbox, VmInfo *info, QString *error, bool *machineNotFound) const
{
    const Result result = vbox.run(args::showVmInfo(m_machineName));
    if (machineNotFound)
        *machineNotFound = result.machineNotFound;
    if (!result.ok) {
        *error = result.machineNotFound ? tr("VirtualBox has no VM named \"%1\" any more: it was removed outside "
                                             "Berth. Remove the machine.")
                                              .arg(m_machineName)
                                        : result.error;
        return false;
    }
    *info = VmInfo::parse(result.standardOutput);
    return true;
}

QString VirtualBoxDriver::settingsPath() const
{
    return vmFolder() + QLatin1Char('/') + m_machineName + QStringLiteral(".vbox");
}

void VirtualBoxDriver::forgetState() const
{
    const QMutexLocker locker(&knownStatesLock);
    knownStates.remove(vmFolder());
}

MachineState VirtualBoxDriver::state(QString *error)
{
    const KnownState files = filesOf(vboxLogPath(), settingsPath());
    QString vmState;
    {
        const QMutexLocker locker(&knownStatesLock);
        const auto known = knownStates.constFind(vmFolder());
        if (known != knownStates.constEnd() && files.settingsTime.isValid() && !known->fresh.hasExpired()
            && known->logTime == files.logTime && known->logSize == files.logSize
            && known->settingsTime == files.settingsTime)
            vmState = known->vmState;
    }
    if (vmState.isEmpty()) {
        VmInfo info;
        QString message;
        if (!vmInfo(vboxManage(), &info, &message)) {
            if (error)
                *error = message;
            return MachineState::Error;
        }
        vmState = info.state();
        KnownState known = files;
        known.vmState = vmState;
        known.fresh.setRemainingTime(knownStateMs);
        const QMutexLocker locker(&knownStatesLock);
        knownStates.insert(vmFolder(), known);
    }
    const MachineState state = machineState(vmState);
    if (state == MachineState::Error && error)
        *error = tr("The VM \"%1\" is stuck (VirtualBox's guru meditation): kill it, then start it again. "
                    "VirtualBox's log of it: %2")
                     .arg(m_machineName, nativePath(vboxLogPath()));
    return state;
}

bool VirtualBoxDriver::vmRunning() const
{
    VmInfo info;
    QString ignored;
    // A VBoxManage that fails now and then does not end the wait for the boot; the boot's own time does.
    if (!vmInfo(vboxManage(), &info, &ignored))
        return true;
    const MachineState state = machineState(info.state());
    return state == MachineState::Running || state == MachineState::Paused || state == MachineState::Starting;
}

QString VirtualBoxDriver::stoppedDetails() const
{
    const StartFailure failure = explainStartFailure(QString(), fileTail(vboxLogPath(), 65536));
    if (!failure.reason.isEmpty())
        return failure.reason + QLatin1Char(' ') + failure.remedy;
    return tr("VirtualBox's log of the VM: %1").arg(nativePath(vboxLogPath()));
}

QString VirtualBoxDriver::diagnose() const
{
    // boot2docker writes nothing Berth reads to a serial port.
    if (isToolboxMachine())
        return tr("VirtualBox's log of the VM: %1").arg(nativePath(vboxLogPath()));
    // What VirtualBox itself saw of the guest, for a console that says little.
    const QStringList lines = QString::fromUtf8(fileTail(vboxLogPath(), 4096))
                                  .remove(QLatin1Char('\r'))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList last = lines.mid(qMax<qsizetype>(1, lines.size() - 6));
    if (last.isEmpty())
        return ImageVmDriver::diagnose();
    return ImageVmDriver::diagnose() + QLatin1Char('\n')
        + tr("VirtualBox's log of the VM (%1) ends with:\n%2")
              .arg(nativePath(vboxLogPath()), last.join(QLatin1Char('\n')));
}

QString VirtualBoxDriver::url(QString *error) const
{
    const QString address = ip(error);
    return address.isEmpty() ? QString() : QStringLiteral("tcp://") + joinHostPort(address, enginePort());
}

bool VirtualBoxDriver::waitForVmState(const VBoxManage &vbox, const std::function<bool(const QString &)> &done,
    int timeoutMs, Progress *progress, QString *error) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        VmInfo info;
        if (!vmInfo(vbox, &info, error))
            return false;
        if (done(info.state()))
            return true;
        for (int i = 0; i < 4; ++i) {
            if (progress->isCanceled() || deadline.hasExpired())
                return false;
            QThread::msleep(250);
        }
    }
}

bool VirtualBoxDriver::setUpNetwork(const VBoxManage &vbox, const VmInfo &info, Progress *progress, QString *error)
{
    // Two machines started at once would each make an adapter for the same network.
    const QString locks = m_storePath + QStringLiteral("/.locks");
    if (!makePrivateDir(locks, error))
        return false;
    FileLock lock(locks + QStringLiteral("/.virtualbox-network.lock"));
    lock.setPurpose(QStringLiteral("virtualbox-network"));
    if (!lock.tryLock(120000)) {
        *error = tr("Another Berth command has been setting up VirtualBox's host-only network for two minutes. Try "
                    "again when it is done. %1")
                     .arg(lock.errorString());
        return false;
    }
    return setUpHostOnlyNetwork(vbox, info, progress, error) && setUpPortForwards(vbox, info, error);
}

bool VirtualBoxDriver::setUpHostOnlyNetwork(
    const VBoxManage &vbox, const VmInfo &info, Progress *progress, QString *error)
{
    Ipv4Cidr cidr;
    QByteArray output;
    if (!parseHostOnlyCidr(hostOnlyCidr(), QStringLiteral("Driver.HostOnlyCIDR"), &cidr, error)
        || !vbox.run(args::listHostOnlyInterfaces(), &output, error))
        return false;
    QList<HostOnlyInterface> adapters = parseHostOnlyInterfaces(output);
    const int nic = info.hostOnlyNic();
    AdapterChoice choice;
    if (!chooseAdapter(
            cidr, nic > 0 ? info.hostOnlyAdapter(nic) : QString(), adapters, hostInterfaces(), &choice, error))
        return false;

    if (choice.action != AdapterChoice::Action::Reuse && hostOnlyRangesLimited()) {
        // VirtualBox 6.1.28 and later refuse an address outside the allowed ranges with a bare "access denied".
        const Result versionRun = vbox.run(args::version());
        if (versionRun.ok && !checkHostOnlyRange(Version::parse(versionRun.standardOutput), cidr, error))
            return false;
    }
    // Windows asks for an administrator's permission, in a window that may sit behind the others.
    if (choice.action == AdapterChoice::Action::Create)
        progress->step(tr("(%1) Creating a host-only network adapter for %2 (Windows may ask for permission)...")
                           .arg(m_machineName, cidr.toString()));
    else if (choice.action == AdapterChoice::Action::Repair)
        progress->step(tr("(%1) Giving the host-only adapter \"%2\" its address %3 again (Windows may ask for "
                          "permission)...")
                           .arg(m_machineName, choice.name, cidr.toString()));
    if (choice.action == AdapterChoice::Action::Create) {
        const Result created = vbox.run(args::createHostOnlyInterface());
        choice.name = parseCreatedInterface(created.standardOutput);
        if (choice.name.isEmpty()) {
            // VirtualBox may say it failed and make the adapter all the same (its ticket 14040): a new one counts.
            QSet<QString> known;
            for (const HostOnlyInterface &adapter : adapters)
                known.insert(adapter.name);
            QByteArray after;
            QString ignored;
            if (vbox.run(args::listHostOnlyInterfaces(), &after, &ignored)) {
                for (const HostOnlyInterface &adapter : parseHostOnlyInterfaces(after)) {
                    if (!known.contains(adapter.name))
                        choice.name = adapter.name;
                }
            }
        }
        if (choice.name.isEmpty()) {
            *error = created.ok ? tr("VirtualBox made no host-only adapter (VBoxManage hostonlyif create said: %1).")
                                      .arg(QString::fromUtf8(created.standardOutput.trimmed()))
                                : created.error;
            return false;
        }
        adapters.append(HostOnlyInterface());
        adapters.last().name = choice.name;
        adapters.last().networkName = hostOnlyNetworkName(choice.name);
    }
    if (choice.networkName.isEmpty())
        choice.networkName = hostOnlyNetworkName(choice.name);
    if (choice.action != AdapterChoice::Action::Reuse
        && !vbox.run(args::configureHostOnlyInterface(choice.name, cidr), nullptr, error))
        return false;

    if (!vbox.run(args::listDhcpServers(), &output, error))
        return false;
    const DhcpPlan plan
        = planDhcp(wantedDhcpServer(cidr, choice.networkName, !m_hostOnlyNoDhcp), parseDhcpServers(output), adapters);
    for (const QString &orphan : plan.orphans) {
        QString ignored;
        if (!vbox.run(args::removeDhcpServer(orphan), nullptr, &ignored))
            qCInfo(lcVirtualBox) << "could not remove the orphaned DHCP server" << orphan << ignored;
    }
    if (plan.action != DhcpPlan::Action::None) {
        const bool add = plan.action == DhcpPlan::Action::Add;
        Result dhcp = vbox.run(args::dhcpServer(add, plan.server));
        // Some VirtualBox versions make an adapter's DHCP server with it, unlisted until then.
        if (!dhcp.ok && add && dhcp.standardError.contains("already exists"))
            dhcp = vbox.run(args::dhcpServer(false, plan.server));
        if (!dhcp.ok) {
            *error = dhcp.error;
            return false;
        }
    }
    if (info.nicAttachment(2) != QLatin1String("hostonly") || info.hostOnlyAdapter(2) != choice.name
        || info.nicType(2) != m_hostOnlyNicType)
        return vbox.run(args::attachHostOnlyNic(m_machineName, choice.name, m_hostOnlyNicType, m_hostOnlyPromiscMode),
            nullptr, error);
    return true;
}

bool VirtualBoxDriver::setUpPortForwards(const VBoxManage &vbox, const VmInfo &info, QString *error)
{
    // The ports kept while they are free; NAT rules changed only where they differ.
    if (!ensureFreePorts(error))
        return false;
    for (const auto &[rule, hostPort, guestPort] : { std::tuple { QStringLiteral("ssh"), m_sshPort, 22 },
             std::tuple { QStringLiteral("docker"), m_dockerForwardPort, enginePort() } }) {
        bool present = false, same = false;
        for (const NatRule &forward : info.forwards()) {
            if (forward.nic != 1 || forward.name != rule)
                continue;
            present = true;
            same = forward.hostPort == hostPort && forward.guestPort == guestPort
                && forward.protocol == QLatin1String("tcp") && forward.hostIp == loopbackIPv4();
        }
        if (same)
            continue;
        if (present && !vbox.run(args::removePortForward(m_machineName, rule), nullptr, error))
            return false;
        if (!vbox.run(args::addPortForward(m_machineName, rule, hostPort, guestPort), nullptr, error))
            return false;
    }
    return true;
}

bool VirtualBoxDriver::launch(const VBoxManage &vbox, QString *error)
{
    const Result started = vbox.run(args::startVm(m_machineName, m_uiType));
    if (started.ok)
        return true;
    const StartFailure failure
        = explainStartFailure(QString::fromUtf8(started.standardError), fileTail(vboxLogPath(), 65536));
    *error = failure.reason.isEmpty()
        ? tr("VirtualBox could not start the VM: %1\nVirtualBox's log of it: %2")
              .arg(started.error, nativePath(vboxLogPath()))
        : tr("VirtualBox could not start the VM: %1\n%2 %3").arg(started.error, failure.reason, failure.remedy);
    return false;
}

bool VirtualBoxDriver::start(Progress *progress, QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    const VBoxManage vbox = vboxManage();
    VmInfo info;
    if (!vmInfo(vbox, &info, error))
        return false;
    switch (machineState(info.state())) {
    case MachineState::Stopped:
        progress->step(tr("(%1) Checking the network, making it again where needed...").arg(m_machineName));
        if (!setUpNetwork(vbox, info, progress, error) || !launch(vbox, error))
            return false;
        break;
    case MachineState::Saved:
        // The saved VM comes back as it was, its network with it (VirtualBox allows no change while saved).
        if (!launch(vbox, error))
            return false;
        break;
    case MachineState::Paused:
        if (!vbox.run(args::controlVm(m_machineName, QStringLiteral("resume")), nullptr, error))
            return false;
        break;
    case MachineState::Error:
        state(error);
        return false;
    default:
        break;
    }
    progress->step(tr("(%1) Waiting for the VM to boot...").arg(m_machineName));
    // Asking VirtualBox whether the VM still runs costs a VBoxManage run: every two seconds.
    if (!waitForSsh(progress, 2000, error))
        return false;
    progress->step(tr("(%1) Waiting for an IP...").arg(m_machineName));
    return readAddress(vbox, progress, error);
}

bool VirtualBoxDriver::readAddress(const VBoxManage &vbox, Progress *progress, QString *error)
{
    VmInfo info;
    if (!vmInfo(vbox, &info, error))
        return false;
    const int nic = info.hostOnlyNic();
    const QString mac = nic > 0 ? info.macAddress(nic) : QString();
    if (mac.isEmpty()) {
        *error = tr("The VM \"%1\" has no host-only network adapter, so it has no address this computer reaches. "
                    "Remove the machine and create it again.")
                     .arg(m_machineName);
        return false;
    }
    ssh::Session *session = m_bootSession.get();
    std::unique_ptr<ssh::Session> own;
    if (!session) {
        ssh::Target target;
        own = std::make_unique<ssh::Session>();
        if (!sshTarget(&target, error) || !own->connect(target, error))
            return false;
        session = own.get();
    }
    const QDeadlineTimer deadline(addressWaitMs);
    QString said;
    while (true) {
        ssh::CommandResult result;
        if (!session->run(QStringLiteral("ip addr show"), &result, error))
            return false;
        m_ipAddress = guestAddressForMac(result.standardOutput, mac);
        if (!m_ipAddress.isEmpty())
            break;
        said = QString::fromUtf8(result.standardOutput + result.standardError).trimmed();
        if (progress->isCanceled()) {
            *error = tr("Canceled while waiting for the VM's address.");
            return false;
        }
        if (deadline.hasExpired()) {
            *error = tr("The VM got no address on the host-only network (%1) within %2 s: its adapter with the MAC "
                        "address %3 has none. VirtualBox's DHCP server for the network may be off or broken: "
                        "restart VirtualBox, or the computer. The VM's interfaces:\n%4")
                         .arg(hostOnlyCidr())
                         .arg(addressWaitMs / 1000)
                         .arg(mac, said);
            return false;
        }
        QThread::msleep(1000);
    }
    qCInfo(lcVirtualBox) << m_machineName << "is at" << m_ipAddress;

    // Windows may take the host-only adapter's address away as the VM starts (docker-machine saw it too):
    // give it back, or this computer cannot reach the VM.
    QByteArray output;
    Ipv4Cidr cidr;
    QString ignored;
    if (vbox.run(args::listHostOnlyInterfaces(), &output, &ignored)
        && parseHostOnlyCidr(hostOnlyCidr(), QString(), &cidr, &ignored)) {
        for (const HostOnlyInterface &adapter : parseHostOnlyInterfaces(output)) {
            if (adapter.name == info.hostOnlyAdapter(nic) && adapter.ipAddress != cidr.addressText()) {
                qCWarning(lcVirtualBox) << "the host-only adapter" << adapter.name
                                        << "lost its address; setting it again";
                if (!vbox.run(args::configureHostOnlyInterface(adapter.name, cidr), nullptr, error))
                    return false;
            }
        }
    }
    return true;
}

bool VirtualBoxDriver::powerOff(const VBoxManage &vbox, Progress *progress, QString *error)
{
    if (!vbox.run(args::controlVm(m_machineName, QStringLiteral("poweroff")), nullptr, error))
        return false;
    NullProgress uncancelable;
    if (!waitForVmState(
            vbox, [](const QString &now) { return machineState(now) == MachineState::Stopped; }, powerOffWaitMs,
            progress ? progress : &uncancelable, error)) {
        if (error->isEmpty())
            *error = tr("VirtualBox did not power the VM \"%1\" off within %2 s.")
                         .arg(m_machineName)
                         .arg(powerOffWaitMs / 1000);
        return false;
    }
    m_ipAddress.clear();
    return true;
}

bool VirtualBoxDriver::settleOff(const VBoxManage &vbox, MachineState *now, bool *off, QString *error)
{
    VmInfo info;
    if (!vmInfo(vbox, &info, error))
        return false;
    *now = machineState(info.state());
    *off = *now == MachineState::Stopped || *now == MachineState::Saved;
    if (*off)
        m_ipAddress.clear();
    return *now != MachineState::Saved || vbox.run(args::discardState(m_machineName), nullptr, error);
}

bool VirtualBoxDriver::stop(Progress *progress, QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    const VBoxManage vbox = vboxManage();
    MachineState now = MachineState::None;
    bool off = false;
    if (!settleOff(vbox, &now, &off, error))
        return false;
    if (off)
        return true;
    if (now == MachineState::Paused
        && !vbox.run(args::controlVm(m_machineName, QStringLiteral("resume")), nullptr, error))
        return false;
    // The ACPI power button lets the guest stop Docker and flush its disks.
    QString waitError;
    const auto press = [this, &vbox] {
        QString pressError; // a guest that cannot be told so is powered off below
        return vbox.run(args::controlVm(m_machineName, QStringLiteral("acpipowerbutton")), nullptr, &pressError);
    };
    const auto stopped = [this, &vbox, progress, &waitError](int ms) {
        return waitForVmState(
                   vbox, [](const QString &state) { return machineState(state) == MachineState::Stopped; }, ms,
                   progress, &waitError)
            || !waitError.isEmpty();
    };
    const PowerButton button = now == MachineState::Error
        ? PowerButton::NotPressed
        : pressPowerButtonUntilOff(press, stopped, m_stopTimeoutSeconds * 1000, progress);
    if (button == PowerButton::Done && waitError.isEmpty()) {
        m_ipAddress.clear();
        return true;
    }
    if (button != PowerButton::NotPressed) {
        if (progress->isCanceled()) {
            *error = tr("Canceled: the VM was asked to power down and may still do so.");
            return false;
        }
        if (!waitError.isEmpty()) {
            *error = waitError;
            return false;
        }
        progress->step(tr("(%1) The VM did not power down within %2 s; powering it off.")
                           .arg(m_machineName)
                           .arg(m_stopTimeoutSeconds));
    }
    return powerOff(vbox, nullptr, error);
}

bool VirtualBoxDriver::kill(QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    const VBoxManage vbox = vboxManage();
    MachineState now = MachineState::None;
    bool off = false;
    return settleOff(vbox, &now, &off, error) && (off || powerOff(vbox, nullptr, error));
}

bool VirtualBoxDriver::restart(Progress *progress, QString *error)
{
    return stop(progress, error) && start(progress, error);
}

bool VirtualBoxDriver::remove(QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    const VBoxManage vbox = vboxManage();
    VmInfo info;
    bool notFound = false;
    // A VM VirtualBox does not have (never made, or removed outside Berth) leaves nothing to remove.
    if (!vmInfo(vbox, &info, error, &notFound)) {
        if (notFound)
            error->clear();
        return notFound;
    }
    // A VM of that name whose settings are elsewhere is not this machine's (its own was removed by hand, and
    // someone made another): it is left alone.
    const QString settings = QDir::cleanPath(QDir::fromNativeSeparators(info.value(QStringLiteral("CfgFile"))));
    const QString folder = QDir::cleanPath(machineDir());
    const auto canonical = [](const QString &path) {
        const QString resolved = QFileInfo(path).canonicalFilePath();
        return resolved.isEmpty() ? path : resolved;
    };
#if defined(Q_OS_WIN)
    const Qt::CaseSensitivity paths = Qt::CaseInsensitive;
#else
    const Qt::CaseSensitivity paths = Qt::CaseSensitive;
#endif
    const bool inFolder = settings.startsWith(folder + QLatin1Char('/'), paths)
        || canonical(settings).startsWith(canonical(folder) + QLatin1Char('/'), paths);
    if (!settings.isEmpty() && !inFolder) {
        *error = tr("VirtualBox's VM \"%1\" is not this machine's: its settings are in %2, outside the machine's "
                    "folder %3. Berth leaves it alone; remove the machine from the store by force, and that VM in "
                    "VirtualBox if it is not wanted.")
                     .arg(m_machineName, nativePath(settings), nativePath(folder));
        return false;
    }
    const MachineState now = machineState(info.state());
    if (now != MachineState::Stopped && now != MachineState::Saved && !powerOff(vbox, nullptr, error))
        return false;
    if (!vbox.run(args::unregisterVm(m_machineName), nullptr, error))
        return false;
    // unregistervm --delete deletes the hard disks only: the images in the machine's folder that VirtualBox
    // still knows (docker-machine's boot2docker.iso, the seed) are closed, or they would stay in its media list
    // after the folder goes. What VirtualBox no longer knows fails, and is left.
    for (const QString &file : info.mediaFiles()) {
        const QString path = QDir::cleanPath(QDir::fromNativeSeparators(file));
        if (!path.startsWith(folder + QLatin1Char('/'), paths) || !QFileInfo::exists(path))
            continue;
        QString ignored;
        if (!vbox.run(args::closeDvd(file), nullptr, &ignored))
            qCInfo(lcVirtualBox) << "not closed:" << file << ignored;
    }
    return true;
}

} // namespace berth
