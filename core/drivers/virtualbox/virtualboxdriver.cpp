#include "virtualboxdriver.h"

#include "hostonlynetwork.h"
#include "ssh/sshsession.h"
#include "util/hostinfo.h"
#include "util/network.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"
#include "vboxcommands.h"
#include "vboxhost.h"
#include "vboxinfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>

namespace berth {

using namespace vbox;

namespace {

// In 192.168.56.0/21, the range VirtualBox 6.1.28 and later allow on Linux and macOS without
// /etc/vbox/networks.conf (docker-machine's 192.168.99.1/24 is outside it), and away from VirtualBox's own
// vboxnet0 (192.168.56.1/24), which other tools use.
const QString defaultHostOnlyCidr = QStringLiteral("192.168.59.1/24");

const DriverFlag &cpuFlag()
{
    static const DriverFlag flag = [] {
        DriverFlag cpus = vm::cpuFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_CPU_COUNT"));
        cpus.usage = QStringLiteral(
            QT_TRANSLATE_NOOP("berth", "number of CPUs for the machine (-1 to use the number of CPUs available)"));
        cpus.extraValues = { -1 };
        return cpus;
    }();
    return flag;
}
const DriverFlag &memoryFlag()
{
    static const DriverFlag flag
        = vm::memoryFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_MEMORY_SIZE"));
    return flag;
}
const DriverFlag diskFlag = vm::diskFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_DISK_SIZE"));
const DriverFlag bootTimeoutFlag
    = vm::bootTimeoutFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_BOOT_TIMEOUT"));
const DriverFlag commandTimeoutFlag { QStringLiteral("virtualbox-command-timeout"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "seconds a VBoxManage command may take before Berth stops it")),
    QString::number(VBoxManage::defaultTimeoutSeconds), QStringLiteral("VIRTUALBOX_COMMAND_TIMEOUT"), 5, 3600,
    QString() };
const DriverFlag stopTimeoutFlag { QStringLiteral("virtualbox-stop-timeout"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP(
        "berth", "seconds stop waits for the VM to power down after its ACPI power button before it powers it off")),
    QStringLiteral("90"), QStringLiteral("VIRTUALBOX_STOP_TIMEOUT"), 1, 3600, QString() };
const DriverFlag hostOnlyCidrFlag { QStringLiteral("virtualbox-hostonly-cidr"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "this computer's address and prefix on the host-only network")),
    defaultHostOnlyCidr, QStringLiteral("VIRTUALBOX_HOSTONLY_CIDR") };
const DriverFlag hostOnlyNicTypeFlag { QStringLiteral("virtualbox-hostonly-nictype"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "the host-only network adapter's type")), QStringLiteral("82540EM"),
    QStringLiteral("VIRTUALBOX_HOSTONLY_NIC_TYPE") };
const DriverFlag natNicTypeFlag { QStringLiteral("virtualbox-nat-nictype"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "the NAT network adapter's type")), QStringLiteral("82540EM"),
    QStringLiteral("VIRTUALBOX_NAT_NICTYPE") };
const DriverFlag imageFlag = vm::imageFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_IMAGE"));
const DriverFlag noShareFlag = vm::noShareFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_NO_SHARE"));
const DriverFlag publishAllFlag
    = vm::publishAllFlag(QStringLiteral("virtualbox"), QStringLiteral("VIRTUALBOX_PUBLISH_ALL_INTERFACES"));
const DriverFlag shareFolderFlag { QStringLiteral("virtualbox-share-folder"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP(
        "berth", "host folder shared into the VM at the same path (default: your home); DIR:NAME shares it at /NAME")),
    QString(), QStringLiteral("VIRTUALBOX_SHARE_FOLDER") };
const DriverFlag noVtxCheckFlag { QStringLiteral("virtualbox-no-vtx-check"), DriverFlag::Kind::Bool,
    QStringLiteral(
        QT_TRANSLATE_NOOP("berth", "do not check for VT-x/AMD-V (and, on Windows, Hyper-V) before the VM is created")),
    QString(), QStringLiteral("VIRTUALBOX_NO_VTX_CHECK") };
const DriverFlag uiTypeFlag { QStringLiteral("virtualbox-ui-type"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "how VirtualBox shows the VM: headless, gui, sdl or separate")),
    QStringLiteral("headless"), QStringLiteral("VIRTUALBOX_UI_TYPE") };

// docker-machine's flags that mean nothing for Berth's VMs: taken at their default, refused otherwise.
const QList<RefusedFlag> &refusedFlags()
{
    static const QList<RefusedFlag> refused {
        { { QStringLiteral("virtualbox-boot2docker-url"), DriverFlag::Kind::String,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's boot2docker ISO: not taken")), QString(),
              QStringLiteral("VIRTUALBOX_BOOT2DOCKER_URL") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth's VirtualBox machines boot Berth's own VM image, not boot2docker. "
                "Leave it out (%2 names another Berth image).") },
        { { QStringLiteral("virtualbox-import-boot2docker-vm"), DriverFlag::Kind::String,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's import of a boot2docker VM: not taken")),
              QString(), QStringLiteral("VIRTUALBOX_BOOT2DOCKER_IMPORT_VM") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth does not import boot2docker VMs (a machine docker-machine made is "
                "driven as it is). Leave it out.") },
        { { QStringLiteral("virtualbox-host-dns-resolver"), DriverFlag::Kind::Bool,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's host DNS resolver: not taken")), QString(),
              QStringLiteral("VIRTUALBOX_HOST_DNS_RESOLVER") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth's VMs resolve names through VirtualBox's DNS proxy, as docker-machine's "
                "did by default. Leave it out.") },
        { { QStringLiteral("virtualbox-hostonly-nicpromisc"), DriverFlag::Kind::String,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's promiscuous mode: only deny is taken")),
              QStringLiteral("deny"), QStringLiteral("VIRTUALBOX_HOSTONLY_NIC_PROMISC") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth's host-only adapter sees the VM's own traffic only (deny). Leave it "
                "out.") },
        { { QStringLiteral("virtualbox-hostonly-no-dhcp"), DriverFlag::Kind::Bool,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's host-only network without DHCP: not taken")),
              QString(), QStringLiteral("VIRTUALBOX_HOSTONLY_NO_DHCP") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth's VMs get their address on the host-only network from VirtualBox's "
                "DHCP server. Leave it out.") },
        { { QStringLiteral("virtualbox-no-dns-proxy"), DriverFlag::Kind::Bool,
              QStringLiteral(QT_TRANSLATE_NOOP("berth", "docker-machine's DNS without the proxy: not taken")),
              QString(), QStringLiteral("VIRTUALBOX_NO_DNS_PROXY") },
            QT_TRANSLATE_NOOP("berth",
                "%1 is docker-machine's: Berth's VMs resolve names through VirtualBox's DNS proxy, as docker-machine's "
                "did by default. Leave it out.") },
    };
    return refused;
}

// The adapter types Berth's image has drivers for (e1000, pcnet32, virtio-net).
const QStringList &nicTypes()
{
    static const QStringList types { QStringLiteral("82540EM"), QStringLiteral("82543GC"), QStringLiteral("82545EM"),
        QStringLiteral("Am79C970A"), QStringLiteral("Am79C973"), QStringLiteral("virtio") };
    return types;
}
const QStringList &uiTypes()
{
    static const QStringList types { QStringLiteral("headless"), QStringLiteral("gui"), QStringLiteral("sdl"),
        QStringLiteral("separate") };
    return types;
}
const QStringList &promiscuousModes()
{
    static const QStringList modes { QStringLiteral("deny"), QStringLiteral("allow-vms"), QStringLiteral("allow-all") };
    return modes;
}

bool oneOf(const QString &value, const QStringList &allowed, const QString &what, QString *error)
{
    if (allowed.contains(value))
        return true;
    *error = tr("%1 \"%2\" is none of %3.").arg(what, value, allowed.join(QStringLiteral(", ")));
    return false;
}

// docker-machine's --virtualbox-share-folder DIR:NAME: DIR is shared and the VM sees it at /NAME. The colon of
// a Windows drive (C:\Users) belongs to DIR.
void splitShareFolder(const QString &value, QString *dir, QString *name)
{
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    const QString after = colon < 0 ? QString() : value.mid(colon + 1);
    if (colon <= 0 || after.isEmpty() || after.contains(QLatin1Char('/')) || after.contains(QLatin1Char('\\'))) {
        *dir = value;
        name->clear();
        return;
    }
    *dir = value.left(colon);
    *name = after;
}

} // namespace

VirtualBoxDriver::VirtualBoxDriver(const QString &machineName, const QString &storePath)
    : ImageVmDriver(machineName, storePath)
    , m_hostOnlyCidr(defaultHostOnlyCidr)
{
    m_sshPort = 0; // a free local port forwarded to the guest's 22, chosen at create
}

QList<DriverFlag> VirtualBoxDriver::createFlags()
{
    QList<DriverFlag> flags { bootTimeoutFlag, commandTimeoutFlag, cpuFlag(), diskFlag, hostOnlyCidrFlag,
        hostOnlyNicTypeFlag, imageFlag, memoryFlag(), natNicTypeFlag, noShareFlag, noVtxCheckFlag, publishAllFlag,
        shareFolderFlag, stopTimeoutFlag, uiTypeFlag };
    for (const RefusedFlag &refused : refusedFlags())
        flags << refused.flag;
    std::sort(flags.begin(), flags.end(), [](const DriverFlag &a, const DriverFlag &b) { return a.name < b.name; });
    return flags;
}

QString VirtualBoxDriver::vmFolder() const
{
    return machineDir() + QLatin1Char('/') + m_machineName;
}

QString VirtualBoxDriver::vboxLogPath() const
{
    return vmFolder() + QStringLiteral("/Logs/VBox.log");
}

QString VirtualBoxDriver::systemDiskPath() const
{
    // Named by the image's version: an upgrade makes the new one beside the old before it lets the old go.
    return machineDir() + QStringLiteral("/system-") + m_image.version + QStringLiteral(".vdi");
}

QString VirtualBoxDriver::dataDiskPath() const
{
    return machineDir() + QStringLiteral("/data.vdi");
}

QStringList VirtualBoxDriver::imageFiles(const VmImage &) const
{
    return { QStringLiteral("system.vdi"), QStringLiteral("boot.iso") };
}

QString VirtualBoxDriver::hostOnlyCidr() const
{
    // docker-machine 0.2's machines had none: they got the default.
    return m_hostOnlyCidr.isEmpty() ? defaultHostOnlyCidr : m_hostOnlyCidr;
}

VBoxManage VirtualBoxDriver::vboxManage() const
{
    return VBoxManage(VBoxManage::locate(), m_commandTimeoutSeconds);
}

bool VirtualBoxDriver::checkVersion(
    const QByteArray &versionOutput, Version *version, QString *problem, QString *remedy)
{
    *version = Version::parse(versionOutput);
    if (!version->isValid()) {
        *problem = tr("VBoxManage --version printed no version (\"%1\").")
                       .arg(visibleText(QString::fromUtf8(versionOutput.trimmed().right(200))));
        *remedy = tr("Reinstall VirtualBox from https://www.virtualbox.org.");
        return false;
    }
    if (!version->atLeast(minimumMajor, minimumMinor)) {
        *problem = tr("VirtualBox %1 is too old: Berth needs %2.%3 or later.")
                       .arg(version->text)
                       .arg(minimumMajor)
                       .arg(minimumMinor);
        *remedy = tr("Install a newer VirtualBox from https://www.virtualbox.org.");
        return false;
    }
    if (kernelModuleMissing(versionOutput)) {
        *problem = tr("VirtualBox %1 is installed, but its kernel module (vboxdrv) is not loaded, so no VM can start.")
                       .arg(version->text);
        *remedy = tr("Set it up as root with /sbin/vboxconfig, then try again.");
        return false;
    }
    return true;
}

bool VirtualBoxDriver::setConfigFromFlags(const FlagValues &flags, QString *error)
{
    if (!refuseFlags(refusedFlags(), flags, imageFlag, error))
        return false;
    if (!intFlag(flags, cpuFlag(), &m_cpuCount, error) || !intFlag(flags, memoryFlag(), &m_memoryMb, error)
        || !intFlag(flags, diskFlag, &m_diskSizeMb, error)
        || !intFlag(flags, bootTimeoutFlag, &m_bootTimeoutSeconds, error)
        || !intFlag(flags, commandTimeoutFlag, &m_commandTimeoutSeconds, error)
        || !intFlag(flags, stopTimeoutFlag, &m_stopTimeoutSeconds, error))
        return false;
    // docker-machine's -1: every processor of this computer.
    if (m_cpuCount < 1)
        m_cpuCount = HostInfo::logicalCpuCount();
    m_natNicType = flagValue(flags, natNicTypeFlag);
    m_hostOnlyNicType = flagValue(flags, hostOnlyNicTypeFlag);
    m_uiType = flagValue(flags, uiTypeFlag);
    m_hostOnlyCidr = flagValue(flags, hostOnlyCidrFlag);
    Ipv4Cidr cidr;
    if (!oneOf(m_natNicType, nicTypes(), optionName(natNicTypeFlag.name), error)
        || !oneOf(m_hostOnlyNicType, nicTypes(), optionName(hostOnlyNicTypeFlag.name), error)
        || !oneOf(m_uiType, uiTypes(), optionName(uiTypeFlag.name), error)
        || !parseHostOnlyCidr(m_hostOnlyCidr, optionName(hostOnlyCidrFlag.name), &cidr, error))
        return false;
    m_image.dir = flagValue(flags, imageFlag);
    m_noVtxCheck = boolFlag(flags, noVtxCheckFlag);
    m_noShare = boolFlag(flags, noShareFlag);
    m_publishAllInterfaces = boolFlag(flags, publishAllFlag);
    m_shareFolder = flagValue(flags, shareFolderFlag);
    QString dir, name;
    splitShareFolder(m_shareFolder, &dir, &name);
    if (!chooseSharedFolder(dir, m_noShare, shareFolderFlag.name, &m_sharedFolder, error))
        return false;
    static const QRegularExpression guestName(QStringLiteral("\\A[A-Za-z0-9._-]+\\z"));
    if (!name.isEmpty()
        && (!guestName.match(name).hasMatch() || name == QLatin1String("..") || name == QLatin1String("."))) {
        *error = tr("%1 \"%2\": the name after the colon, where the VM sees the folder (/NAME), may hold only "
                    "letters, digits, '.', '_' and '-'.")
                     .arg(optionName(shareFolderFlag.name), visibleText(m_shareFolder));
        return false;
    }
    if (!name.isEmpty() && !m_sharedFolder.isEmpty())
        m_sharedFolder.guestPath = QLatin1Char('/') + name;
    m_sshKeyPath = machineDir() + QStringLiteral("/id_rsa");
    return true;
}

bool VirtualBoxDriver::preCreateCheck(QString *error)
{
    const VBoxManage vbox = vboxManage();
    if (!vbox.found()) {
        *error = VBoxManage::notFoundMessage();
        return false;
    }
    const Result versionRun = vbox.run(args::version(), 30);
    Version version;
    if (!versionRun.ok) {
        *error = versionRun.error;
        return false;
    }
    QString problem, remedy;
    if (!checkVersion(versionRun.standardOutput + versionRun.standardError, &version, &problem, &remedy)) {
        *error = problem + QLatin1Char(' ') + remedy;
        return false;
    }
    m_found = tr("VirtualBox %1 (%2)").arg(version.text, nativePath(vbox.path()));

    if (!m_noVtxCheck) {
        const QString skip = tr("To skip this check, use %1.").arg(optionName(noVtxCheckFlag.name));
        if (hyperVRunning()) {
            *error = tr("Hyper-V runs on this computer, and VirtualBox cannot use VT-x or AMD-V beside it: its VMs "
                        "do not start, or crawl. Use the Hyper-V driver (hyperv), or turn Hyper-V off (bcdedit /set "
                        "hypervisorlaunchtype off as an administrator, then restart Windows). %1")
                         .arg(skip);
            return false;
        }
        const HardwareVirtualization hardware = HostInfo::virtualization();
        if (!hardware.extensions) {
            *error = tr("VirtualBox needs VT-x or AMD-V, and this computer does not offer them. %1 %2 %3")
                         .arg(hardware.problem, hardware.remedy, skip);
            return false;
        }
    }

    VmImage image;
    if (!findImage(&image, error))
        return false;
    for (const QString &name : imageFiles(image)) {
        if (!QFileInfo::exists(image.filePath(name))) {
            *error = tr("The VM image %1 has no %2, which VirtualBox boots. Rebuild it with "
                        "installer/vm-image/build.sh.")
                         .arg(nativePath(image.dir), name);
            return false;
        }
    }
    if (!checkSharedFolderExists(shareFolderFlag.name, noShareFlag.name, error))
        return false;

    QByteArray output;
    if (!vbox.run(args::listVms(), &output, error))
        return false;
    if (parseVmNames(output).contains(m_machineName)) {
        *error = tr("VirtualBox already has a VM named \"%1\". Choose another name for the machine, or remove that "
                    "VM in VirtualBox if it is a leftover.")
                     .arg(m_machineName);
        return false;
    }

    Ipv4Cidr cidr;
    if (!parseHostOnlyCidr(hostOnlyCidr(), optionName(hostOnlyCidrFlag.name), &cidr, error))
        return false;
    if (!checkHostOnlyRange(version, cidr, error))
        return false;
    if (!vbox.run(args::listHostOnlyInterfaces(), &output, error))
        return false;
    AdapterChoice choice;
    return chooseAdapter(cidr, QString(), parseHostOnlyInterfaces(output), hostInterfaces(), &choice, error);
}

bool VirtualBoxDriver::checkHostOnlyRange(const Version &version, const Ipv4Cidr &cidr, QString *error) const
{
    if (!hostOnlyRangesLimited() || !version.atLeast(6, 1, 28))
        return true;
    QFile conf(QStringLiteral("/etc/vbox/networks.conf"));
    const bool exists = conf.open(QIODevice::ReadOnly);
    const QList<Ipv4Cidr> ranges = allowedHostOnlyRanges(exists ? conf.readAll() : QByteArray(), exists);
    if (rangeAllowed(cidr, ranges))
        return true;
    QStringList allowed;
    for (const Ipv4Cidr &range : ranges)
        allowed << Ipv4Cidr { range.network(), range.prefix }.toString();
    *error
        = tr("VirtualBox %1 allows host-only networks here only in %2 (/etc/vbox/networks.conf), and %3 is not in "
             "them. Choose a network there with %4, or add the line \"* %5\" to /etc/vbox/networks.conf.")
              .arg(version.text, allowed.isEmpty() ? tr("none") : allowed.join(QStringLiteral(", ")), cidr.toString(),
                  optionName(hostOnlyCidrFlag.name), Ipv4Cidr { cidr.network(), cidr.prefix }.toString());
    return false;
}

bool VirtualBoxDriver::create(Progress *progress, QString *error)
{
    // What names no path of the machine's folder: VirtualBox's VM is made once the machine has its final
    // folder (bootAfterCreate), as VirtualBox keeps every path it is given.
    if (!m_found.isEmpty())
        progress->step(tr("(%1) Using %2.").arg(m_machineName, m_found));
    if (!useImage(m_image.dir, progress, error))
        return false;
    progress->step(tr("(%1) Creating SSH key...").arg(m_machineName));
    return ssh::generateKeyPair(m_sshKeyPath, error) && writeSeed(error) && ensureFreePorts(error);
}

bool VirtualBoxDriver::bootAfterCreate(Progress *progress, QString *error)
{
    if (!registerVm(progress, error))
        return false;
    progress->step(tr("(%1) Starting the VM...").arg(m_machineName));
    return start(progress, error);
}

bool VirtualBoxDriver::registerVm(Progress *progress, QString *error)
{
    forgetState();
    const VBoxManage vbox = vboxManage();
    progress->step(tr("(%1) Creating VirtualBox VM...").arg(m_machineName));
    VmHardware hardware;
    hardware.name = m_machineName;
    hardware.cpus = m_cpuCount;
    hardware.memoryMb = m_memoryMb;
    hardware.natNicType = m_natNicType;
    hardware.serialLogPath = nativePath(serialLogPath());
    if (!vbox.run(args::createVm(m_machineName, nativePath(machineDir())), nullptr, error)
        || !vbox.run(args::configureVm(hardware), nullptr, error)
        || !vbox.run(args::addStorageController(m_machineName), nullptr, error))
        return false;

    progress->step(tr("(%1) Creating disks (data disk %2 MB)...").arg(m_machineName).arg(m_diskSizeMb));
    if (!copySystemDisk(vbox, error)
        || !vbox.run(args::createDisk(nativePath(dataDiskPath()), m_diskSizeMb), nullptr, error))
        return false;
    const QString dvd = QStringLiteral("dvddrive"), hdd = QStringLiteral("hdd");
    if (!vbox.run(
            args::attach(m_machineName, bootIsoPort, dvd, nativePath(m_image.filePath(QStringLiteral("boot.iso")))),
            nullptr, error)
        || !vbox.run(args::attach(m_machineName, systemDiskPort, hdd, nativePath(systemDiskPath())), nullptr, error)
        || !vbox.run(args::attach(m_machineName, dataDiskPort, hdd, nativePath(dataDiskPath())), nullptr, error)
        || !vbox.run(args::attach(m_machineName, seedPort, dvd, nativePath(seedPath())), nullptr, error))
        return false;
    if (!m_sharedFolder.isEmpty()) {
        if (!vbox.run(args::addSharedFolder(m_machineName, nativePath(m_sharedFolder.hostPath)), nullptr, error)
            || !vbox.run(args::allowSharedFolderSymlinks(m_machineName), nullptr, error))
            return false;
    }
    return true;
}

bool VirtualBoxDriver::copySystemDisk(const VBoxManage &vbox, QString *error) const
{
    const QString image = nativePath(m_image.filePath(QStringLiteral("system.vdi")));
    // Copying it takes long on a slow disk: ten times a command's time.
    const bool copied
        = vbox.run(args::cloneDisk(image, nativePath(systemDiskPath())), nullptr, error, m_commandTimeoutSeconds * 10);
    // VirtualBox keeps the image's disk registered once it has read it; another copy of the same image (a second
    // store's) would then clash with its UUID. Another create still copying it keeps it open: then it stays.
    QString ignored;
    vbox.run(args::closeDisk(image, false), nullptr, &ignored);
    return copied;
}

bool VirtualBoxDriver::currentSystemDisk(QString *disk, QString *error)
{
    // The state read next is VirtualBox's now.
    forgetState();
    VmInfo info;
    if (!vmInfo(vboxManage(), &info, error))
        return false;
    *disk = info.medium(QLatin1String(storageController), systemDiskPort, 0);
    return true;
}

bool VirtualBoxDriver::replaceSystemDisk(const QString &oldDisk, const VmImage &previous, Progress *, QString *error)
{
    const VBoxManage vbox = vboxManage();
    if (!copySystemDisk(vbox, error))
        return false;
    const QString hdd = QStringLiteral("hdd");
    if (!vbox.run(args::detach(m_machineName, systemDiskPort), nullptr, error)
        || !vbox.run(args::attach(m_machineName, systemDiskPort, hdd, nativePath(systemDiskPath())), nullptr, error)
        || !vbox.run(args::attach(m_machineName, bootIsoPort, QStringLiteral("dvddrive"),
                         nativePath(m_image.filePath(QStringLiteral("boot.iso")))),
            nullptr, error)) {
        // Back to the old disk and boot ISO as far as VirtualBox lets it; the copy goes.
        QString ignored;
        vbox.run(args::attach(m_machineName, systemDiskPort, hdd, oldDisk), nullptr, &ignored);
        vbox.run(args::attach(m_machineName, bootIsoPort, QStringLiteral("dvddrive"),
                     nativePath(previous.filePath(QStringLiteral("boot.iso")))),
            nullptr, &ignored);
        vbox.run(args::closeDisk(nativePath(systemDiskPath()), true), nullptr, &ignored);
        return false;
    }
    // The old system disk goes once the new one is in place; failing that leaves only a file behind.
    QString ignored;
    if (!oldDisk.isEmpty() && oldDisk != QLatin1String("none"))
        vbox.run(args::closeDisk(oldDisk, true), nullptr, &ignored);
    return true;
}

MachineResources VirtualBoxDriver::resources() const
{
    // docker-machine's -1: every processor of the computer it was made on.
    MachineResources resources = ImageVmDriver::resources();
    resources.cpus = qMax(0, resources.cpus);
    return resources;
}

bool VirtualBoxDriver::fromJson(const QJsonObject &json, QString *error)
{
    if (!BaseDriver::fromJson(json, error) || !readVmJson(json, -1, error)
        || !jsonText(json, "NatNicType", QStringLiteral("82540EM"), &m_natNicType, error)
        || !jsonText(json, "HostOnlyCIDR", QString(), &m_hostOnlyCidr, error)
        || !jsonText(json, "HostOnlyNicType", QStringLiteral("82540EM"), &m_hostOnlyNicType, error)
        || !jsonText(json, "HostOnlyPromiscMode", QStringLiteral("deny"), &m_hostOnlyPromiscMode, error)
        || !jsonBool(json, "HostOnlyNoDHCP", false, &m_hostOnlyNoDhcp, error)
        || !jsonText(json, "UIType", QStringLiteral("headless"), &m_uiType, error)
        || !jsonBool(json, "NoShare", false, &m_noShare, error)
        || !jsonText(json, "ShareFolder", QString(), &m_shareFolder, error)
        || !jsonBool(json, "NoVTXCheck", false, &m_noVtxCheck, error)
        || !jsonNumber(
            json, "CommandTimeout", 5, 3600, VBoxManage::defaultTimeoutSeconds, &m_commandTimeoutSeconds, error)
        || !jsonNumber(json, "StopTimeout", 1, 3600, 90, &m_stopTimeoutSeconds, error)
        || !jsonPath(json, "SharedFolder", &m_sharedFolder.hostPath, error))
        return false;
    // Where the guest mounts it: docker-machine's /NAME of DIR:NAME, else the host's path.
    QString dir, name;
    splitShareFolder(m_shareFolder, &dir, &name);
    m_sharedFolder.guestPath = m_sharedFolder.isEmpty() ? QString()
        : name.isEmpty()                                ? SharedFolder::guestPathFor(m_sharedFolder.hostPath)
                                                        : QLatin1Char('/') + name;
    Ipv4Cidr cidr;
    if (!oneOf(m_natNicType, nicTypes(), QStringLiteral("Driver.NatNicType"), error)
        || !oneOf(m_hostOnlyNicType, nicTypes(), QStringLiteral("Driver.HostOnlyNicType"), error)
        || !oneOf(m_hostOnlyPromiscMode, promiscuousModes(), QStringLiteral("Driver.HostOnlyPromiscMode"), error)
        || !oneOf(m_uiType, uiTypes(), QStringLiteral("Driver.UIType"), error)
        || !parseHostOnlyCidr(hostOnlyCidr(), QStringLiteral("Driver.HostOnlyCIDR"), &cidr, error))
        return false;
    // docker-machine's SSH user when it stored none.
    if (m_sshUser.isEmpty())
        m_sshUser = QStringLiteral("docker");
    return true;
}

QJsonObject VirtualBoxDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = BaseDriver::toJson(base);
    writeVmJson(&json);
    json.insert(QLatin1String("NatNicType"), m_natNicType);
    json.insert(QLatin1String("HostOnlyCIDR"), m_hostOnlyCidr);
    json.insert(QLatin1String("HostOnlyNicType"), m_hostOnlyNicType);
    json.insert(QLatin1String("HostOnlyPromiscMode"), m_hostOnlyPromiscMode);
    json.insert(QLatin1String("HostOnlyNoDHCP"), m_hostOnlyNoDhcp);
    json.insert(QLatin1String("UIType"), m_uiType);
    json.insert(QLatin1String("NoShare"), m_noShare);
    json.insert(QLatin1String("ShareFolder"), m_shareFolder);
    json.insert(QLatin1String("NoVTXCheck"), m_noVtxCheck);
    json.insert(QLatin1String("CommandTimeout"), m_commandTimeoutSeconds);
    json.insert(QLatin1String("StopTimeout"), m_stopTimeoutSeconds);
    json.insert(QLatin1String("SharedFolder"), QDir::toNativeSeparators(m_sharedFolder.hostPath));
    // docker-machine's fields of what Berth does not do, as docker-machine writes them for its defaults; those
    // of a machine it made stay as they are.
    const QList<QPair<const char *, QJsonValue>> docker { { "VBoxManager", QJsonObject() },
        { "HostInterfaces", QJsonObject() }, { "Boot2DockerURL", QString() }, { "Boot2DockerImportVM", QString() },
        { "HostDNSResolver", false }, { "DNSProxy", true } };
    for (const auto &[key, value] : docker) {
        if (!json.contains(QLatin1String(key)))
            json.insert(QLatin1String(key), value);
    }
    return json;
}

} // namespace berth
