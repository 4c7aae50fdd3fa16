// The Hyper-V driver's VM at run time: its state, start and the wait for the guest's address and SSH, stop,
// kill, and removal with its disks.

#include "hypervdriver.h"
#include "secrets/secretstore.h"
#include "ssh/sshsession.h"
#include "util/network.h"
#include "util/text.h"
#include "util/translate.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QScopeGuard>
#include <QThread>

namespace berth {

namespace hyperv {
Q_DECLARE_LOGGING_CATEGORY(lcHyperV)
}

using namespace hyperv;

namespace {

// After the guest first reports IPv6 addresses only, how long it may take to get an IPv4 one from the switch's
// DHCP server: its network is up by then, and a DHCP answer takes seconds.
constexpr int ipv6OnlyGraceMs = 30000;
// How often the guest's address is asked while it boots (each ask is a PowerShell run).
constexpr int addressPollMs = 1500;
// How long Hyper-V may take to report a VM off after Stop-VM returned or the VM was turned off.
constexpr int offWaitMs = 30000;

// What state() read last for each VM (by its folder), for a few seconds: the desktop app asks every machine's
// state each second, and each ask is a PowerShell that loads the Hyper-V module. What this process does to a
// VM drops it at once (forgetState); a change made elsewhere shows within those seconds.
struct KnownState {
    VmRecord vm;
    bool exists = false;
    QDeadlineTimer fresh;
};
constexpr int knownStateMs = 3000;
QMutex knownStatesLock;
QHash<QString, KnownState> knownStates;

} // namespace

bool HyperVDriver::findVm(const PowerShell &ps, VmRecord *vm, bool *exists, QString *error) const
{
    *exists = false;
    const Result run = ps.run(tr("asking for the VM"), scripts::vm(), vmValues());
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    QJsonArray items;
    if (!PowerShell::parseJson(run.standardOutput, &items, error))
        return false;
    if (items.isEmpty())
        return true;
    *exists = parseVm(items, vm);
    // Hyper-V allows two VMs of one name: the machine's is the one made for it.
    const bool ours = !m_vmId.isEmpty()
        ? vm->id == m_vmId
        : (isToolboxMachine() || samePath(vm->path, vmFolder()) || samePath(QFileInfo(vm->path).path(), machineDir()));
    if (items.size() > 1 && !m_vmId.isEmpty()) {
        for (const QJsonValue &item : std::as_const(items)) {
            VmRecord other;
            if (parseVm(QJsonArray { item }, &other) && other.id == m_vmId) {
                *vm = other;
                return true;
            }
        }
    }
    if (!ours) {
        *error = tr("Hyper-V's VM \"%1\" is not this machine's (its Id is %2, its files are in %3). Berth leaves it "
                    "alone; remove the machine from the store by force, and that VM in Hyper-V Manager if it is not "
                    "wanted.")
                     .arg(m_machineName, vm->id, nativePath(vm->path));
        return false;
    }
    return true;
}

void HyperVDriver::forgetState() const
{
    const QMutexLocker locker(&knownStatesLock);
    knownStates.remove(vmFolder());
}

MachineState HyperVDriver::state(QString *error)
{
    VmRecord vm;
    bool exists = false;
    bool known = false;
    {
        const QMutexLocker locker(&knownStatesLock);
        const auto it = knownStates.constFind(vmFolder());
        if (it != knownStates.constEnd() && !it->fresh.hasExpired()) {
            vm = it->vm;
            exists = it->exists;
            known = true;
        }
    }
    if (!known) {
        QString message;
        if (!findVm(powerShell(), &vm, &exists, &message)) {
            if (error)
                *error = message;
            return MachineState::Error;
        }
        const QMutexLocker locker(&knownStatesLock);
        knownStates.insert(vmFolder(), { vm, exists, QDeadlineTimer(knownStateMs) });
    }
    if (!exists) {
        if (error)
            *error = tr("Hyper-V has no VM named \"%1\" any more: it was removed outside Berth. Remove the machine.")
                         .arg(m_machineName);
        return MachineState::Error;
    }
    const MachineState state = machineState(vm.state);
    if (state == MachineState::Error && error)
        *error = tr("Hyper-V says the VM \"%1\" is in state %2, which Berth does not know. Look at it in Hyper-V "
                    "Manager.")
                     .arg(m_machineName)
                     .arg(vm.state);
    return state;
}

bool HyperVDriver::vmRunning() const
{
    VmRecord vm;
    bool exists = false;
    QString ignored;
    // A PowerShell that fails now and then does not end the wait for the boot; the boot's own time does.
    if (!findVm(powerShell(), &vm, &exists, &ignored))
        return true;
    const MachineState state = machineState(vm.state);
    return exists && (state == MachineState::Running || state == MachineState::Starting);
}

QString HyperVDriver::url(QString *error) const
{
    const QString address = ip(error);
    return address.isEmpty() ? QString() : QStringLiteral("tcp://") + joinHostPort(address, enginePort());
}

QString HyperVDriver::diagnose() const
{
    // Hyper-V gives a VM's serial port to a named pipe only: the console is seen in Hyper-V Manager.
    return tr("Look at the VM's screen in Hyper-V Manager (Connect...) to see how far it booted.");
}

bool HyperVDriver::start(Progress *progress, QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    forgetState();
    const PowerShell ps = powerShell();
    VmRecord vm;
    bool exists = false;
    if (!findVm(ps, &vm, &exists, error))
        return false;
    if (!exists) {
        state(error);
        return false;
    }
    switch (machineState(vm.state)) {
    case MachineState::Stopped:
    case MachineState::Saved:
    case MachineState::Paused: {
        // A saved VM comes back as it was; Start-VM resumes a paused one too.
        m_ipAddress.clear();
        const Result run = ps.run(tr("starting the VM"), scripts::startVm(), vmValues(), 0, progress);
        if (!run.ok) {
            *error = explain(run);
            return false;
        }
        break;
    }
    case MachineState::Error:
        state(error);
        return false;
    default:
        break;
    }
    progress->step(tr("(%1) Waiting for the VM to report its IP address...").arg(m_machineName));
    if (!waitForAddress(ps, progress, error))
        return false;
    progress->step(tr("(%1) Waiting for the VM to boot...").arg(m_machineName));
    // Asking Hyper-V whether the VM still runs costs a PowerShell run: every three seconds.
    if (!waitForSsh(progress, 3000, error))
        return false;
    mountShare(progress);
    return true;
}

void HyperVDriver::mountShare(Progress *progress)
{
    if (m_shareName.isEmpty() || m_smbFolder.isEmpty() || !m_bootSession)
        return;
    progress->step(tr("(%1) Mounting the shared folder %2...").arg(m_machineName, nativePath(m_smbFolder.hostPath)));
    const auto notMounted = [&](const QString &why) {
        progress->step(tr("(%1) The shared folder is not mounted in the VM: %2").arg(m_machineName, why));
    };
    QString password;
    bool given = false;
    QString message;
    if (!sharePassword(&password, &given, &message)) {
        notMounted(message);
        return;
    }
    const Result run = powerShell().run(tr("asking for this computer's address on the switch"), scripts::hostAddress(),
        { { QStringLiteral("SWITCH"), m_switch } });
    QJsonArray items;
    if (!run.ok || !PowerShell::parseJson(run.standardOutput, &items, &message)) {
        notMounted(run.ok ? message : explain(run));
        return;
    }
    const QString host
        = items.isEmpty() ? QString() : items.at(0).toObject().value(QLatin1String("IPAddress")).toString();
    if (host.isEmpty()) {
        notMounted(tr("Windows has no IPv4 address on the switch \"%1\", where the VM would reach it.").arg(m_switch));
        return;
    }
    ssh::CommandResult result;
    if (!m_bootSession->run(guestMountCommand(m_smbFolder.guestPath, host, m_shareName, m_shareUser), &result, &message,
            cifsPasswordInput(password))) {
        notMounted(message);
        return;
    }
    if (result.exitCode != 0) {
        notMounted(tr("%1\nIf the password of %2 changed, set %3 to it and start the machine again.")
                       .arg(QString::fromUtf8(result.standardError).trimmed(), m_shareUser,
                           QString::fromLatin1(sharePasswordVariable)));
        return;
    }
    if (!given)
        return;
    // A password that worked is kept for the next starts.
    const SecretResult stored = SecretStore::write(SecretStore::windowsAccountKey(m_shareUser), password, 20000);
    if (!stored.ok())
        progress->step(
            tr("(%1) The password of %2 could not be kept in the keychain: %3 At the next start, set %4 "
               "again.")
                .arg(m_machineName, m_shareUser, stored.message, QString::fromLatin1(sharePasswordVariable)));
}

bool HyperVDriver::waitForAddress(const PowerShell &ps, Progress *progress, QString *error)
{
    const QDeadlineTimer deadline(m_bootTimeoutSeconds * 1000LL);
    QDeadlineTimer ipv6Grace(QDeadlineTimer::Forever);
    QString reported;
    while (true) {
        const Result run = ps.run(tr("asking for the VM's address"), scripts::vmAndAdapters(), vmValues(), 0, progress);
        if (!run.ok) {
            *error = explain(run);
            return false;
        }
        // A line for the VM, then one for its adapters (-Compress).
        const QList<QByteArray> lines = run.standardOutput.trimmed().split('\n');
        QJsonArray vmItems, adapters;
        VmRecord vm;
        if (!PowerShell::parseJson(lines.value(0), &vmItems, error)
            || !PowerShell::parseJson(lines.value(1), &adapters, error))
            return false;
        if (!parseVm(vmItems, &vm)) {
            state(error);
            return false;
        }
        const MachineState now = machineState(vm.state);
        if (now != MachineState::Running && now != MachineState::Starting) {
            *error = tr("The VM stopped while booting (Hyper-V says %1). %2").arg(machineStateName(now), diagnose());
            return false;
        }
        bool ipv6Only = false;
        const QString address = guestIpv4(adapters, &ipv6Only, &reported);
        if (!address.isEmpty()) {
            m_ipAddress = address;
            qCInfo(lcHyperV) << m_machineName << "is at" << address;
            return true;
        }
        if (ipv6Only && ipv6Grace.isForever())
            ipv6Grace.setRemainingTime(ipv6OnlyGraceMs);
        if (ipv6Only && ipv6Grace.hasExpired()) {
            *error = tr("The VM reports only IPv6 addresses to Hyper-V (%1), and Berth reaches machines over IPv4: "
                        "the switch \"%2\" gave it no IPv4 address. On the Default Switch, restart the Host Network "
                        "Service (or Windows); on an External switch, the network needs a DHCP server. Or choose "
                        "another switch with --hyperv-virtual-switch.")
                         .arg(reported, m_switch);
            return false;
        }
        if (progress->isCanceled()) {
            *error = tr("Canceled while waiting for the VM's address.");
            return false;
        }
        if (deadline.hasExpired()) {
            *error = reported.isEmpty()
                ? tr("The VM reported no IP address to Hyper-V within %1 s. Its network adapter is on the switch "
                     "\"%2\", which may give no addresses, or the guest did not boot. %3")
                      .arg(m_bootTimeoutSeconds)
                      .arg(m_switch, diagnose())
                : tr("The VM reported no IPv4 address to Hyper-V within %1 s (it reported %2).")
                      .arg(m_bootTimeoutSeconds)
                      .arg(reported);
            return false;
        }
        for (int waited = 0; waited < addressPollMs && !progress->isCanceled(); waited += 100)
            QThread::msleep(100);
    }
}

bool HyperVDriver::waitForOff(const PowerShell &ps, int timeoutMs, Progress *progress, QString *error) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        VmRecord vm;
        bool exists = false;
        if (!findVm(ps, &vm, &exists, error))
            return false;
        if (!exists || machineState(vm.state) == MachineState::Stopped)
            return true;
        if ((progress && progress->isCanceled()) || deadline.hasExpired()) {
            *error = tr("Hyper-V did not turn the VM \"%1\" off within %2 s.").arg(m_machineName).arg(timeoutMs / 1000);
            return false;
        }
        QThread::msleep(500);
    }
}

bool HyperVDriver::turnOff(const PowerShell &ps, QString *error)
{
    const Result run = ps.run(tr("turning the VM off"), scripts::turnOffVm(), vmValues());
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    m_ipAddress.clear();
    return waitForOff(ps, offWaitMs, nullptr, error);
}

// stop's and kill's first step: the VM's state now. False (with error) when there is no VM, or when it is off
// already (*off set, nothing more to do).
bool HyperVDriver::stateBeforeStop(const PowerShell &ps, MachineState *now, bool *off, QString *error)
{
    *off = false;
    VmRecord vm;
    bool exists = false;
    if (!findVm(ps, &vm, &exists, error))
        return false;
    if (!exists) {
        state(error);
        return false;
    }
    *now = machineState(vm.state);
    if (*now == MachineState::Stopped || *now == MachineState::Saved) {
        m_ipAddress.clear();
        *off = true;
    }
    return true;
}

bool HyperVDriver::stop(Progress *progress, QString *error)
{
    bool switchedOff = false;
    if (!switchOff(true, progress, error, &switchedOff))
        return false;
    if (switchedOff)
        compactDataDisk(powerShell(), progress);
    return true;
}

void HyperVDriver::compactDataDisk(const PowerShell &ps, Progress *progress)
{
    // A Toolbox machine's disk.vhd: boot2docker trims nothing, and docker-machine never compacted it.
    const QString disk = dataDiskPath();
    if (isToolboxMachine() || !QFileInfo::exists(disk))
        return;
    const qint64 before = QFileInfo(disk).size();
    progress->step(tr("(%1) Giving the space Docker freed on the data disk back to Windows").arg(m_machineName));
    const Result run = ps.run(tr("compacting the data disk"), scripts::compactDisk(),
        { { QStringLiteral("DISK"), nativePath(disk) } }, m_compactTimeoutSeconds, progress);
    if (!run.ok) {
        progress->step(tr("(%1) The data disk was not compacted (%2). The machine is stopped; the next stop tries "
                          "again.")
                           .arg(m_machineName, run.canceled ? tr("canceled") : explain(run)));
        return;
    }
    const qint64 after = QFileInfo(disk).size();
    constexpr double mb = 1024.0 * 1024.0;
    progress->step(tr("(%1) The data disk's file is %2 MB (%3 MB before).")
                       .arg(m_machineName)
                       .arg(qRound64(after / mb))
                       .arg(qRound64(before / mb)));
}

bool HyperVDriver::kill(QString *error)
{
    return switchOff(false, nullptr, error);
}

bool HyperVDriver::switchOff(bool shutDownFirst, Progress *progress, QString *error, bool *switchedOff)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    forgetState();
    const PowerShell ps = powerShell();
    MachineState now = MachineState::Error;
    bool off = false;
    if (!stateBeforeStop(ps, &now, &off, error))
        return false;
    // Read only when this returns true: every way on from here turns the VM off or fails.
    if (switchedOff)
        *switchedOff = !off;
    if (off)
        return true;
    if (shutDownFirst
        && (now == MachineState::Running || now == MachineState::Starting || now == MachineState::Stopping)) {
        // Stop-VM asks the guest to shut down and returns when it is off; it is given the stop timeout.
        const Result run
            = ps.run(tr("shutting the VM down"), scripts::stopVm(), vmValues(), m_stopTimeoutSeconds, progress);
        if (run.ok) {
            m_ipAddress.clear();
            return waitForOff(ps, offWaitMs, progress, error);
        }
        if (run.canceled) {
            *error = tr("Canceled: the VM was asked to shut down and may still do so.");
            return false;
        }
        // A guest whose shutdown service is not up yet is not asked: Stop-VM would prompt to turn it off.
        progress->step(run.timedOut
                ? tr("(%1) The VM did not shut down within %2 s; turning it off.")
                      .arg(m_machineName)
                      .arg(m_stopTimeoutSeconds)
                : tr("(%1) The guest could not be shut down (%2); turning the VM off.").arg(m_machineName, run.error));
    }
    return turnOff(ps, error);
}

bool HyperVDriver::restart(Progress *progress, QString *error)
{
    // Not compacted: a restart is to be quick, and the disk is compacted at the next stop.
    return switchOff(true, progress, error) && start(progress, error);
}

bool HyperVDriver::remove(QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    forgetState();
    const PowerShell ps = powerShell();
    VmRecord vm;
    bool exists = false;
    if (!findVm(ps, &vm, &exists, error))
        return false;
    if (exists) {
        const MachineState now = machineState(vm.state);
        if (now != MachineState::Stopped && now != MachineState::Saved && !turnOff(ps, error))
            return false;
        const Result run = ps.run(tr("removing the VM"), scripts::removeVm(), vmValues());
        if (!run.ok) {
            *error = explain(run);
            return false;
        }
    }
    m_ipAddress.clear();
    // Remove-VM leaves the disks and the VM's folder: they go too (the store removes the rest of the machine's
    // folder). Hyper-V may hold a disk a moment after the VM is gone.
    QStringList left;
    const QStringList disks { systemDiskPath(), dataDiskPath(), machineDir() + QStringLiteral("/disk.vhd") };
    for (const QString &disk : disks) {
        for (int attempt = 0; QFile::exists(disk) && !QFile::remove(disk) && attempt < 20; ++attempt)
            QThread::msleep(250);
        if (QFile::exists(disk))
            left << nativePath(disk);
    }
    if (QFileInfo(vmFolder()).isDir() && !QDir(vmFolder()).removeRecursively())
        left << nativePath(vmFolder());
    if (!removeShare(ps, error))
        return false;
    if (!left.isEmpty()) {
        *error = tr("Hyper-V's VM \"%1\" is removed, but these files are still in use and stay: %2. Close what "
                    "holds them (Hyper-V Manager, a backup), then remove the machine again.")
                     .arg(m_machineName, left.join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

bool HyperVDriver::removeShare(const PowerShell &ps, QString *error)
{
    if (m_shareName.isEmpty())
        return true;
    const QMap<QString, QString> values { { QStringLiteral("SHARE"), m_shareName } };
    Result run = ps.run(tr("looking for the shared folder"), scripts::smbShare(), values);
    if (run.ok && !run.standardOutput.trimmed().isEmpty())
        run = ps.run(tr("removing the shared folder"), scripts::removeSmbShare(), values);
    if (!run.ok) {
        *error = tr("Hyper-V's VM \"%1\" is removed, but Windows still shares %2 as \"%3\": %4\nRemove the share "
                    "as an administrator (Remove-SmbShare -Name %3 -Force), then remove the machine again.")
                     .arg(m_machineName, nativePath(m_smbFolder.hostPath), m_shareName, explain(run));
        return false;
    }
    m_shareName.clear();
    return true;
}

} // namespace berth
