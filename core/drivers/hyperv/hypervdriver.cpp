#include "hypervdriver.h"

#include "secrets/secretstore.h"
#include "ssh/sshsession.h"
#include "util/hostinfo.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>

namespace berth {

using namespace hyperv;

namespace {

// Below this the image's Docker does not start; Hyper-V's dynamic memory goes no lower.
constexpr int leastMemoryMb = 512;

const DriverFlag &cpuFlag()
{
    static const DriverFlag flag = vm::cpuFlag(QStringLiteral("hyperv"), QStringLiteral("HYPERV_CPU_COUNT"));
    return flag;
}
const DriverFlag &memoryFlag()
{
    static const DriverFlag flag = [] {
        DriverFlag memory = vm::memoryFlag(QStringLiteral("hyperv"), QStringLiteral("HYPERV_MEMORY"));
        memory.usage = QStringLiteral(
            QT_TRANSLATE_NOOP("berth", "size of memory for the machine in MB (with dynamic memory: the most it gets)"));
        return memory;
    }();
    return flag;
}
const DriverFlag diskFlag = vm::diskFlag(QStringLiteral("hyperv"), QStringLiteral("HYPERV_DISK_SIZE"));
const DriverFlag bootTimeoutFlag = vm::bootTimeoutFlag(QStringLiteral("hyperv"), QStringLiteral("HYPERV_BOOT_TIMEOUT"));
const DriverFlag imageFlag = vm::imageFlag(QStringLiteral("hyperv"), QStringLiteral("HYPERV_IMAGE"));
const DriverFlag switchFlag { QStringLiteral("hyperv-virtual-switch"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP(
        "berth", "the virtual switch the VM is on (default: the Default Switch, else the first External one)")),
    QString(), QStringLiteral("HYPERV_VIRTUAL_SWITCH") };
const DriverFlag staticMacFlag { QStringLiteral("hyperv-static-macaddress"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth",
        "a static MAC address for the VM's network adapter, 12 hexadecimal digits (default: Hyper-V's dynamic one)")),
    QString(), QStringLiteral("HYPERV_STATIC_MACADDRESS") };
const DriverFlag disableDynamicMemoryFlag { QStringLiteral("hyperv-disable-dynamic-memory"), DriverFlag::Kind::Bool,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "give the VM all of its memory at once (no dynamic memory)")), QString(),
    QStringLiteral("HYPERV_DISABLE_DYNAMIC_MEMORY") };
const DriverFlag commandTimeoutFlag { QStringLiteral("hyperv-command-timeout"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "seconds a PowerShell command may take before Berth stops it")),
    QString::number(PowerShell::defaultTimeoutSeconds), QStringLiteral("HYPERV_COMMAND_TIMEOUT"), 5, 3600, QString() };
// docker-machine's: the VM's traffic tagged with a VLAN (the adapter in access mode); 0 for none.
const DriverFlag vlanFlag { QStringLiteral("hyperv-vlan-id"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "the VLAN the VM's network adapter is on (0: none)")),
    QStringLiteral("0"), QStringLiteral("HYPERV_VLAN_ID"), 0, 4094, QString() };
// Hyper-V has no shared folders of its own: the host shares one over SMB, which the guest mounts as a Windows
// account (the folder's owner, usually), as Docker Desktop for Windows did.
const DriverFlag shareUserFlag { QStringLiteral("hyperv-share-user"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth",
        "the Windows account (COMPUTER\\user, DOMAIN\\user or a Microsoft account's e-mail) the VM mounts the shared "
        "folder as, over SMB; its password is read from HYPERV_SHARE_PASSWORD and kept in the keychain (default: "
        "nothing shared)")),
    QString(), QStringLiteral("HYPERV_SHARE_USER") };
const DriverFlag shareFolderFlag { QStringLiteral("hyperv-share-folder"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP(
        "berth", "the folder shared into the VM at the same path, with --hyperv-share-user (default: your home)")),
    QString(), QStringLiteral("HYPERV_SHARE_FOLDER") };
const DriverFlag stopTimeoutFlag { QStringLiteral("hyperv-stop-timeout"), DriverFlag::Kind::Int,
    QStringLiteral(
        QT_TRANSLATE_NOOP("berth", "seconds stop waits for the guest to shut down before it turns the VM off")),
    QStringLiteral("90"), QStringLiteral("HYPERV_STOP_TIMEOUT"), 1, 3600, QString() };

// docker-machine's flags that Berth does not take: their default is accepted, anything else refused.
const QList<RefusedFlag> &refusedFlags()
{
    static const QList<RefusedFlag> refused {
        { { QStringLiteral("hyperv-boot2docker-url"), DriverFlag::Kind::String,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's boot2docker ISO: not taken")), QString(),
              QStringLiteral("HYPERV_BOOT2DOCKER_URL") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth's Hyper-V machines boot Berth's own VM image, not boot2docker. "
                "Leave it out (%2 names another Berth image).") },
    };
    return refused;
}

// The paths Hyper-V is given, as Windows writes them.
QString hostPath(const QString &path)
{
    return nativePath(path);
}

} // namespace

HyperVDriver::HyperVDriver(const QString &machineName, const QString &storePath)
    : ImageVmDriver(machineName, storePath)
{
    // The guest is reached at its own address on the switch: SSH's port may be tried as soon as it has one.
    m_firstSshKnockMs = 0;
}

QList<DriverFlag> HyperVDriver::createFlags()
{
    QList<DriverFlag> flags { bootTimeoutFlag, commandTimeoutFlag, cpuFlag(), diskFlag, disableDynamicMemoryFlag,
        imageFlag, memoryFlag(), shareFolderFlag, shareUserFlag, staticMacFlag, stopTimeoutFlag, switchFlag, vlanFlag };
    for (const RefusedFlag &refused : refusedFlags())
        flags << refused.flag;
    std::sort(flags.begin(), flags.end(), [](const DriverFlag &a, const DriverFlag &b) { return a.name < b.name; });
    return flags;
}

QString HyperVDriver::systemDiskPath() const
{
    // Named by the image's version: an upgrade gives the VM the new one beside the old before it lets the old go.
    return machineDir() + QStringLiteral("/system-") + m_image.version + QStringLiteral(".vhdx");
}

QString HyperVDriver::dataDiskPath() const
{
    return machineDir() + QStringLiteral("/data.vhdx");
}

QString HyperVDriver::vmFolder() const
{
    return machineDir() + QLatin1Char('/') + m_machineName;
}

QStringList HyperVDriver::imageFiles(const VmImage &) const
{
    return { QStringLiteral("system.vhdx"), QStringLiteral("boot.iso") };
}

PowerShell HyperVDriver::powerShell() const
{
    return PowerShell(PowerShell::locate(), m_commandTimeoutSeconds);
}

QMap<QString, QString> HyperVDriver::vmValues() const
{
    return { { QStringLiteral("NAME"), m_machineName } };
}

bool HyperVDriver::setConfigFromFlags(const FlagValues &flags, QString *error)
{
    if (!refuseFlags(refusedFlags(), flags, imageFlag, error))
        return false;
    if (!intFlag(flags, cpuFlag(), &m_cpuCount, error) || !intFlag(flags, memoryFlag(), &m_memoryMb, error)
        || !intFlag(flags, diskFlag, &m_diskSizeMb, error)
        || !intFlag(flags, bootTimeoutFlag, &m_bootTimeoutSeconds, error)
        || !intFlag(flags, commandTimeoutFlag, &m_commandTimeoutSeconds, error)
        || !intFlag(flags, stopTimeoutFlag, &m_stopTimeoutSeconds, error)
        || !intFlag(flags, vlanFlag, &m_vlanId, error))
        return false;
    // Hyper-V gives a VM memory in steps of 2 MB: an odd number of MB is rounded down (create says the result).
    m_memoryMb -= m_memoryMb % 2;
    m_switch = flagValue(flags, switchFlag);
    if (containsLineBreakOrControl(m_switch)) {
        *error = tr("%1 \"%2\" contains a control character, which no switch's name has.")
                     .arg(optionName(switchFlag.name), visibleText(m_switch));
        return false;
    }
    m_disableDynamicMemory = boolFlag(flags, disableDynamicMemoryFlag);
    const QString mac = flagValue(flags, staticMacFlag);
    m_macAddress = staticMacAddress(mac);
    if (!mac.isEmpty() && m_macAddress.isEmpty()) {
        *error = tr("%1 \"%2\" is no MAC address a network adapter may have: give 12 hexadecimal digits (00:15:5D:0A:"
                    "0B:0C or 00155D0A0B0C), not a multicast address (odd first octet) and not zero.")
                     .arg(optionName(staticMacFlag.name), visibleText(mac));
        return false;
    }
    m_shareUser = flagValue(flags, shareUserFlag).trimmed();
    m_shareFolder = flagValue(flags, shareFolderFlag);
    if (m_shareUser.isEmpty() && !m_shareFolder.isEmpty()) {
        *error = tr("%1 needs %2: the Windows account the VM mounts the folder as.")
                     .arg(optionName(shareFolderFlag.name), optionName(shareUserFlag.name));
        return false;
    }
    if (!m_shareUser.isEmpty()) {
        if (containsLineBreakOrControl(m_shareUser) || m_shareUser.contains(QLatin1Char(','))) {
            *error = tr("%1 \"%2\" is no Windows account's name: give COMPUTER\\user, DOMAIN\\user or an e-mail "
                        "address.")
                         .arg(optionName(shareUserFlag.name), visibleText(m_shareUser));
            return false;
        }
        if (!chooseSharedFolder(m_shareFolder, false, shareFolderFlag.name, &m_smbFolder, error))
            return false;
        m_sharePassword = qEnvironmentVariable(sharePasswordVariable);
    }
    m_image.dir = flagValue(flags, imageFlag);
    m_sshKeyPath = machineDir() + QStringLiteral("/id_rsa");
    return true;
}

QString HyperVDriver::explain(const Result &result) const
{
    if (result.notRecognized)
        return tr("%1\nThe Hyper-V PowerShell module is missing: turn on Hyper-V with its management tools (Windows "
                  "Features, Hyper-V), then restart Windows.")
            .arg(result.error);
    if (result.accessDenied)
        return tr("%1\nHyper-V lets only administrators and members of the Hyper-V Administrators group drive it. To "
                  "join that group, run in PowerShell as an administrator: Add-LocalGroupMember -Group \"Hyper-V "
                  "Administrators\" -Member $env:USERNAME, then sign out and in again.")
            .arg(result.error);
    return result.error;
}

bool HyperVDriver::preCreateCheck(QString *error)
{
    const PowerShell ps = powerShell();
    if (!ps.found()) {
        *error = PowerShell::notFoundMessage();
        return false;
    }
    Result run = ps.run(tr("checking Hyper-V"), scripts::hostCheck(), {}, 60);
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    const QStringList lines
        = QString::fromUtf8(run.standardOutput).remove(QLatin1Char('\r')).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() < 3) {
        // Not Windows PowerShell 5.1 (a stand-in that runs no script, as Wine's, says nothing at all).
        *error = run.standardOutput.trimmed().isEmpty()
            ? tr("%1 ran Berth's check of Hyper-V and said nothing: it is not a working Windows PowerShell. Repair "
                 "Windows PowerShell 5.1, or choose another driver.")
                  .arg(nativePath(ps.path()))
            : tr("PowerShell's answer about Hyper-V is not understood: %1")
                  .arg(visibleText(QString::fromUtf8(run.standardOutput.left(200))));
        return false;
    }
    if (lines.at(0).trimmed().toInt() < 1) {
        *error = tr("The Hyper-V PowerShell module is not installed: Hyper-V is off on this computer, or its "
                    "management tools are. Turn Hyper-V on (Windows Features, Hyper-V, with Hyper-V Management "
                    "Tools; or as an administrator: Enable-WindowsOptionalFeature -Online -FeatureName "
                    "Microsoft-Hyper-V -All), restart Windows, and try again. Hyper-V needs Windows 10 or 11 Pro, "
                    "Enterprise or Education; otherwise choose VirtualBox.");
        return false;
    }
    const bool hyperVAdministrator = lines.at(1).trimmed() == QLatin1String("True");
    const bool administrator = lines.at(2).trimmed() == QLatin1String("True");
    if (!hyperVAdministrator && !administrator) {
        *error = tr("You are neither an administrator nor in the Hyper-V Administrators group, and Hyper-V lets no "
                    "one else create VMs. To join the group, run in PowerShell as an administrator: "
                    "Add-LocalGroupMember -Group \"Hyper-V Administrators\" -Member $env:USERNAME, then sign out "
                    "and in again (the membership counts from the next sign-in).");
        return false;
    }

    if (!checkShare(ps, administrator, error))
        return false;

    VmImage image;
    if (!findImage(&image, error))
        return false;
    for (const QString &name : imageFiles(image)) {
        if (!QFileInfo::exists(image.filePath(name))) {
            *error = tr("The VM image %1 has no %2, which Hyper-V boots. Rebuild it with installer/vm-image/build.sh.")
                         .arg(nativePath(image.dir), name);
            return false;
        }
    }

    run = ps.run(tr("listing Hyper-V's switches"), scripts::vmCountAndSwitches(), vmValues());
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    const QByteArray output = run.standardOutput.trimmed();
    const qsizetype lineEnd = output.indexOf('\n');
    if (output.left(lineEnd < 0 ? output.size() : lineEnd).trimmed().toInt() > 0) {
        *error = tr("Hyper-V already has a VM named \"%1\". Choose another name for the machine, or remove that VM "
                    "in Hyper-V Manager if it is a leftover.")
                     .arg(m_machineName);
        return false;
    }
    QJsonArray items;
    if (!PowerShell::parseJson(lineEnd < 0 ? QByteArray() : output.mid(lineEnd + 1), &items, error))
        return false;
    QString chosen;
    if (!chooseSwitch(m_switch, parseSwitches(items), switchFlag.name, &chosen, error))
        return false;
    m_switch = chosen;
    m_found = tr("Hyper-V, the virtual switch \"%1\"").arg(chosen);
    return true;
}

bool HyperVDriver::checkShare(const PowerShell &ps, bool administrator, QString *error)
{
    if (m_shareUser.isEmpty())
        return true;
    if (!administrator) {
        *error = tr("Only an administrator may share a folder with the VM (Windows' New-SmbShare). Run berth from "
                    "a PowerShell opened with \"Run as administrator\" for this create, or leave %1 out.")
                     .arg(optionName(shareUserFlag.name));
        return false;
    }
    if (!QFileInfo(m_smbFolder.hostPath).isDir()) {
        *error = tr("The shared folder %1 does not exist. Give another with %2, or leave %3 out.")
                     .arg(nativePath(m_smbFolder.hostPath), optionName(shareFolderFlag.name),
                         optionName(shareUserFlag.name));
        return false;
    }
    QString password;
    bool given = false;
    if (!sharePassword(&password, &given, error))
        return false;
    QMap<QString, QString> values { { QStringLiteral("SHARE"), shareNameFor(m_machineName) } };
    const Result run = ps.run(tr("looking for the shared folder"), scripts::smbShare(), values);
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    QJsonArray items;
    if (!PowerShell::parseJson(run.standardOutput, &items, error))
        return false;
    // A share of the name left by an earlier machine is taken over when it shares the same folder.
    const QStringList paths = parsePaths(items);
    if (!paths.isEmpty() && !samePath(paths.constFirst(), hostPath(m_smbFolder.hostPath))) {
        *error = tr("Windows already shares %1 as \"%2\", the name this machine's shared folder gets. Remove that "
                    "share (as an administrator: Remove-SmbShare -Name %2), or choose another name for the machine.")
                     .arg(paths.constFirst(), shareNameFor(m_machineName));
        return false;
    }
    m_shareFound = !paths.isEmpty();
    return true;
}

bool HyperVDriver::sharePassword(QString *password, bool *given, QString *error) const
{
    // Given now (at create, or to replace the kept one), else kept.
    *password = m_sharePassword.isEmpty() ? qEnvironmentVariable(sharePasswordVariable) : m_sharePassword;
    *given = !password->isEmpty();
    if (*given)
        return true;
    const SecretResult secret = SecretStore::read(SecretStore::windowsAccountKey(m_shareUser), 10000);
    if (secret.ok() && !secret.secret.isEmpty()) {
        *password = secret.secret;
        return true;
    }
    *error = secret.status == SecretResult::Status::NotFound
        ? tr("The VM needs the password of %1 to mount the shared folder. Set %2 to it for this command (once it "
             "has worked, Berth keeps it in the system's keychain).")
              .arg(m_shareUser, QString::fromLatin1(sharePasswordVariable))
        : tr("The password of %1 for the shared folder could not be read from the keychain: %2")
              .arg(m_shareUser, secret.message);
    return false;
}

bool HyperVDriver::createShare(const PowerShell &ps, Progress *progress, QString *error)
{
    if (m_shareUser.isEmpty())
        return true;
    progress->step(tr("(%1) Sharing %2 with the VM as \"%3\" (SMB, for %4)...")
                       .arg(m_machineName, nativePath(m_smbFolder.hostPath), shareNameFor(m_machineName), m_shareUser));
    // A share the pre-create check found for the folder is this machine's now.
    if (m_shareFound) {
        m_shareName = shareNameFor(m_machineName);
        return true;
    }
    const QMap<QString, QString> values { { QStringLiteral("SHARE"), shareNameFor(m_machineName) },
        { QStringLiteral("FOLDER"), hostPath(m_smbFolder.hostPath) }, { QStringLiteral("USER"), m_shareUser } };
    const Result run = ps.run(tr("sharing the folder"), scripts::newSmbShare(), values, 0, progress);
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    m_shareName = shareNameFor(m_machineName);
    return true;
}

bool HyperVDriver::create(Progress *progress, QString *error)
{
    // The VM is made once the machine has its final folder (bootAfterCreate): Hyper-V keeps every path it is
    // given. The disk is copied here, in the staging folder that becomes the machine's.
    if (!m_found.isEmpty())
        progress->step(tr("(%1) Using %2.").arg(m_machineName, m_found));
    if (!useImage(m_image.dir, progress, error))
        return false;
    if (!copySystemDisk(progress, error))
        return false;
    if (progress->isCanceled()) {
        *error = tr("Canceled.");
        return false;
    }
    progress->step(tr("(%1) Creating SSH key...").arg(m_machineName));
    return ssh::generateKeyPair(m_sshKeyPath, error) && writeSeed(error);
}

bool HyperVDriver::copySystemDisk(Progress *progress, QString *error)
{
    progress->step(tr("(%1) Copying the system disk...").arg(m_machineName));
    const QString image = m_image.filePath(QStringLiteral("system.vhdx"));
    QFile::remove(systemDiskPath());
    if (!QFile::copy(image, systemDiskPath())) {
        QFile::remove(systemDiskPath());
        *error = tr("Could not copy the VM image's disk %1 to %2. Check the free space of that disk.")
                     .arg(nativePath(image), nativePath(systemDiskPath()));
        return false;
    }
    // A copy of a read-only cache file is read-only too; Hyper-V writes to it.
    QFile::setPermissions(systemDiskPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool HyperVDriver::bootAfterCreate(Progress *progress, QString *error)
{
    forgetState();
    const PowerShell ps = powerShell();
    if (!createVm(ps, progress, error) || !createShare(ps, progress, error))
        return false;
    progress->step(tr("(%1) Starting the VM...").arg(m_machineName));
    return start(progress, error);
}

bool HyperVDriver::createVm(const PowerShell &ps, Progress *progress, QString *error)
{
    progress->step(tr("(%1) Creating the Hyper-V VM (generation 2, %2 CPU, %3 MB of %4 memory, data disk %5 MB) on "
                      "the switch \"%6\"...")
                       .arg(m_machineName)
                       .arg(m_cpuCount)
                       .arg(m_memoryMb)
                       .arg(m_disableDynamicMemory ? tr("static") : tr("dynamic"))
                       .arg(m_diskSizeMb)
                       .arg(m_switch));
    constexpr qint64 mb = 1024 * 1024;
    const QMap<QString, QString> values { { QStringLiteral("NAME"), m_machineName },
        { QStringLiteral("DIR"), hostPath(machineDir()) }, { QStringLiteral("SWITCH"), m_switch },
        { QStringLiteral("MEMORY"), QString::number(m_memoryMb * mb) },
        { QStringLiteral("MEMORYMIN"), QString::number(qMin(m_memoryMb, leastMemoryMb) * mb) },
        { QStringLiteral("CPUS"), QString::number(m_cpuCount) },
        { QStringLiteral("SYSTEM"), hostPath(systemDiskPath()) }, { QStringLiteral("DATA"), hostPath(dataDiskPath()) },
        { QStringLiteral("DATASIZE"), QString::number(m_diskSizeMb * mb) },
        { QStringLiteral("BOOTISO"), hostPath(m_image.filePath(QStringLiteral("boot.iso"))) },
        { QStringLiteral("SEED"), hostPath(seedPath()) }, { QStringLiteral("MAC"), m_macAddress },
        { QStringLiteral("VLAN"), QString::number(m_vlanId) } };
    const Result run = ps.run(tr("creating the VM"),
        scripts::createVm(!m_disableDynamicMemory, !m_macAddress.isEmpty(), m_vlanId > 0), values, 0, progress);
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    QJsonArray items;
    VmRecord vm;
    if (!PowerShell::parseJson(run.standardOutput, &items, error))
        return false;
    if (!parseVm(items, &vm) || vm.id.isEmpty()) {
        *error = tr("Hyper-V made the VM but did not tell its Id: %1")
                     .arg(visibleText(QString::fromUtf8(run.standardOutput.left(200))));
        return false;
    }
    m_vmId = vm.id;
    return true;
}

bool HyperVDriver::currentSystemDisk(QString *disk, QString *error)
{
    // The state read next is Hyper-V's now.
    forgetState();
    // The system disk is the VM's hard disk that is not the data disk (an older Berth named it system.vhdx).
    QStringList disks;
    if (!readHardDisks(powerShell(), scripts::hardDisks(), vmValues(), &disks, error))
        return false;
    QStringList others;
    for (const QString &path : std::as_const(disks)) {
        if (!samePath(path, hostPath(dataDiskPath())))
            others << path;
    }
    if (others.size() != 1) {
        *error = tr("Hyper-V's VM \"%1\" has %2 hard disks besides its data disk (%3), where Berth made one: its "
                    "system disk. Remove the ones added since in Hyper-V Manager, then upgrade again.")
                     .arg(m_machineName)
                     .arg(others.size())
                     .arg(others.join(QStringLiteral(", ")));
        return false;
    }
    *disk = others.constFirst();
    return true;
}

bool HyperVDriver::replaceSystemDisk(
    const QString &oldDisk, const VmImage &previous, Progress *progress, QString *error)
{
    // Whatever this does, the state read before it no longer holds.
    const auto forget = qScopeGuard([this] { forgetState(); });
    if (!copySystemDisk(progress, error))
        return false;
    const PowerShell ps = powerShell();
    const auto swap = [&](const QString &from, const QString &to, const QString &bootIso, QString *swapError) {
        QMap<QString, QString> values = vmValues();
        values.insert(QStringLiteral("OLDSYSTEM"), from);
        values.insert(QStringLiteral("SYSTEM"), to);
        values.insert(QStringLiteral("SEED"), hostPath(seedPath()));
        values.insert(QStringLiteral("BOOTISO"), bootIso);
        QStringList now;
        if (!readHardDisks(ps, scripts::replaceSystemDisk(), values, &now, swapError))
            return false;
        bool swapped = false;
        for (const QString &disk : std::as_const(now))
            swapped = swapped || samePath(disk, to);
        if (!swapped)
            *swapError = tr("Hyper-V did not take the new system disk %1 for the VM \"%2\" (its disks: %3).")
                             .arg(to, m_machineName, now.join(QStringLiteral(", ")));
        return swapped;
    };
    const QString newDisk = hostPath(systemDiskPath());
    if (!swap(oldDisk, newDisk, hostPath(m_image.filePath(QStringLiteral("boot.iso"))), error)) {
        // Back to the old disk and boot ISO as far as Hyper-V lets it; the copy goes.
        QString ignored;
        swap(newDisk, oldDisk, hostPath(previous.filePath(QStringLiteral("boot.iso"))), &ignored);
        QFile::remove(systemDiskPath());
        return false;
    }
    // The old system disk goes once the new one is in place; failing that leaves only a file behind.
    QFile::remove(oldDisk);
    return true;
}

bool HyperVDriver::readHardDisks(const PowerShell &ps, const QString &script, const QMap<QString, QString> &values,
    QStringList *disks, QString *error) const
{
    const Result run = ps.run(tr("asking for the VM's disks"), script, values);
    if (!run.ok) {
        *error = explain(run);
        return false;
    }
    QJsonArray items;
    if (!PowerShell::parseJson(run.standardOutput, &items, error))
        return false;
    *disks = parsePaths(items);
    return true;
}

bool HyperVDriver::fromJson(const QJsonObject &json, QString *error)
{
    if (!BaseDriver::fromJson(json, error) || !readVmJson(json, 1, error)
        || !jsonNumber(json, "MemSize", 64, 16 * 1024 * 1024, m_memoryMb, &m_memoryMb, error)
        || !jsonText(json, "Boot2DockerURL", QString(), &m_boot2DockerUrl, error)
        || !jsonText(json, "VSwitch", QString(), &m_switch, error)
        || !jsonText(json, "MacAddr", QString(), &m_macAddress, error)
        || !jsonNumber(json, "VLanID", 0, 4094, 0, &m_vlanId, error)
        || !jsonBool(json, "DisableDynamicMemory", false, &m_disableDynamicMemory, error)
        || !jsonText(json, "VMId", QString(), &m_vmId, error)
        || !jsonNumber(
            json, "CommandTimeout", 5, 3600, PowerShell::defaultTimeoutSeconds, &m_commandTimeoutSeconds, error)
        || !jsonNumber(json, "StopTimeout", 1, 3600, 90, &m_stopTimeoutSeconds, error)
        || !jsonText(json, "ShareUser", QString(), &m_shareUser, error)
        || !jsonText(json, "ShareFolder", QString(), &m_shareFolder, error)
        || !jsonPath(json, "SharedFolder", &m_smbFolder.hostPath, error)
        || !jsonText(json, "ShareName", QString(), &m_shareName, error))
        return false;
    m_smbFolder.guestPath = m_smbFolder.isEmpty()
        ? QString()
        : SharedFolder::guestPathFor(QDir::fromNativeSeparators(m_smbFolder.hostPath));
    static const QRegularExpression guid(
        QStringLiteral("\\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\z"));
    if (!m_vmId.isEmpty() && !guid.match(m_vmId).hasMatch()) {
        *error = tr("Driver.%1 \"%2\" is not a Hyper-V VM's Id.").arg(QStringLiteral("VMId"), visibleText(m_vmId));
        return false;
    }
    m_vmId = m_vmId.toLower();
    // docker-machine's SSH user when it stored none.
    if (m_sshUser.isEmpty())
        m_sshUser = QStringLiteral("docker");
    return true;
}

QJsonObject HyperVDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = BaseDriver::toJson(base);
    // docker-machine's names: MemSize, not ImageVmDriver's Memory.
    json.insert(QLatin1String("CPU"), m_cpuCount);
    json.insert(QLatin1String("MemSize"), m_memoryMb);
    json.insert(QLatin1String("DiskSize"), m_diskSizeMb);
    json.insert(QLatin1String("VSwitch"), m_switch);
    json.insert(QLatin1String("Boot2DockerURL"), m_boot2DockerUrl);
    json.insert(QLatin1String("MacAddr"), m_macAddress);
    json.insert(QLatin1String("VLanID"), m_vlanId);
    json.insert(QLatin1String("DisableDynamicMemory"), m_disableDynamicMemory);
    // Berth's, under names of its own.
    json.insert(QLatin1String("BootTimeout"), m_bootTimeoutSeconds);
    json.insert(QLatin1String("ImageDir"), QDir::toNativeSeparators(m_image.dir));
    json.insert(QLatin1String("ImageVersion"), m_image.version);
    json.insert(QLatin1String("VMId"), m_vmId);
    json.insert(QLatin1String("CommandTimeout"), m_commandTimeoutSeconds);
    json.insert(QLatin1String("StopTimeout"), m_stopTimeoutSeconds);
    json.insert(QLatin1String("ShareUser"), m_shareUser);
    json.insert(QLatin1String("ShareFolder"), m_shareFolder);
    json.insert(QLatin1String("SharedFolder"), QDir::toNativeSeparators(m_smbFolder.hostPath));
    json.insert(QLatin1String("ShareName"), m_shareName);
    return json;
}

} // namespace berth
