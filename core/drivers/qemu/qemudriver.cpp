#include "qemudriver.h"

#include "process/commandrunner.h"
#include "provision/provisioner.h"
#include "qemuhost.h"
#include "qemuprocess.h"
#include "qmpclient.h"
#include "ssh/sshsession.h"
#include "util/atomicfile.h"
#include "util/hostinfo.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"
#include "virtiofsd.h"
#include "vmimage/seediso.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QStandardPaths>

#include <limits>
#include <utility>

Q_LOGGING_CATEGORY(lcQemu, "berth.driver.qemu")

namespace berth {

using namespace qemu;

namespace {

// The limits create applies (a stored machine is read with looser ones: it may come from a larger
// computer). A front end shows the free disk space beside the disk's size (HostInfo::freeDiskMb).
const DriverFlag &cpuFlag()
{
    static const DriverFlag flag = vm::cpuFlag(QStringLiteral("qemu"), QStringLiteral("QEMU_CPU_COUNT"));
    return flag;
}
const DriverFlag &memoryFlag()
{
    static const DriverFlag flag = vm::memoryFlag(QStringLiteral("qemu"), QStringLiteral("QEMU_MEMORY_SIZE"));
    return flag;
}
const DriverFlag diskFlag = vm::diskFlag(QStringLiteral("qemu"), QStringLiteral("QEMU_DISK_SIZE"));
const DriverFlag binaryFlag { QStringLiteral("qemu-binary"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "path of qemu-system (default: found on the PATH)")), QString(),
    QStringLiteral("QEMU_BINARY") };
const DriverFlag imageFlag = vm::imageFlag(QStringLiteral("qemu"), QStringLiteral("QEMU_IMAGE"));
const DriverFlag shareFlag { QStringLiteral("qemu-share-folder"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "host folder shared into the VM at the same path (default: your home)")),
    QString(), QStringLiteral("QEMU_SHARE_FOLDER") };
const DriverFlag noShareFlag = vm::noShareFlag(QStringLiteral("qemu"), QStringLiteral("QEMU_NO_SHARE"));
const DriverFlag shareProtocolFlag { QStringLiteral("qemu-share-protocol"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP("berth",
        "virtiofs or 9p: how the folder is shared (default: virtiofs where virtiofsd acts as each user of the VM: "
        "when Berth runs as root, or virtiofsd is 1.11 or later; else 9p)")),
    QString(), QStringLiteral("QEMU_SHARE_PROTOCOL") };
const DriverFlag virtiofsdFlag { QStringLiteral("qemu-virtiofsd"), DriverFlag::Kind::String,
    QStringLiteral(QT_TRANSLATE_NOOP(
        "berth", "path of virtiofsd (default: found on the PATH, then where Linux distributions install it)")),
    QString(), QStringLiteral("QEMU_VIRTIOFSD") };
const DriverFlag publishAllFlag
    = vm::publishAllFlag(QStringLiteral("qemu"), QStringLiteral("QEMU_PUBLISH_ALL_INTERFACES"));
const DriverFlag sshPortFlag { QStringLiteral("qemu-ssh-port"), DriverFlag::Kind::Int,
    QStringLiteral(QT_TRANSLATE_NOOP("berth", "local port forwarded to the VM's SSH (default: a free one)")),
    QStringLiteral("0"), QString(), 0, 65535, QString() };
const DriverFlag dockerPortFlag { QStringLiteral("qemu-docker-port"), DriverFlag::Kind::Int,
    QStringLiteral(
        QT_TRANSLATE_NOOP("berth", "local port forwarded to the VM's Docker TLS port (default: a free one)")),
    QStringLiteral("0"), QString(), 0, 65535, QString() };
const DriverFlag bootTimeoutFlag = vm::bootTimeoutFlag(QStringLiteral("qemu"), QString());

} // namespace

QemuDriver::QemuDriver(const QString &machineName, const QString &storePath)
    : ImageVmDriver(machineName, storePath)
{
    m_sshPort = 0; // a free local port forwarded to the guest's 22, chosen at create
    m_ipAddress = loopbackIPv4();
}

QList<DriverFlag> QemuDriver::createFlags()
{
    return { binaryFlag, bootTimeoutFlag, cpuFlag(), diskFlag, dockerPortFlag, imageFlag, memoryFlag(), noShareFlag,
        publishAllFlag, shareFlag, shareProtocolFlag, sshPortFlag, virtiofsdFlag };
}

QString QemuDriver::systemDiskPath() const
{
    return machineDir() + QStringLiteral("/system.qcow2");
}

QString QemuDriver::dataDiskPath() const
{
    return machineDir() + QStringLiteral("/data.qcow2");
}

QString QemuDriver::pidFilePath() const
{
    return machineDir() + QStringLiteral("/qemu.pid");
}

namespace {
// A Unix socket's path in the machine folder: it has room for about 100 bytes, so a deep store gets one in the temp
// folder (BERTH-HASH.SUFFIX).
QString socketPath(const QString &machineDir, const QString &name, const QString &suffix)
{
    const QString path = machineDir + QLatin1Char('/') + name;
    if (QFile::encodeName(path).size() < 100)
        return path;
    const QByteArray hash = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QDir::tempPath() + QStringLiteral("/berth-") + QString::fromLatin1(hash) + QLatin1Char('.') + suffix;
}
} // namespace

QString QemuDriver::qmpSocketPath() const
{
    return socketPath(machineDir(), QStringLiteral("qmp.sock"), QStringLiteral("qmp"));
}

QString QemuDriver::virtiofsSocketPath() const
{
    return socketPath(machineDir(), QStringLiteral("virtiofs.sock"), QStringLiteral("vfs"));
}

QString QemuDriver::virtiofsdPidPath() const
{
    return machineDir() + QStringLiteral("/virtiofsd.pid");
}

QString QemuDriver::virtiofsdLogPath() const
{
    return machineDir() + QStringLiteral("/virtiofsd.log");
}

QString QemuDriver::qmpPortPath() const
{
    return machineDir() + QStringLiteral("/qmp.port");
}

QmpEndpoint QemuDriver::qmpEndpoint() const
{
    if (!QemuProcess::qmpOverTcp())
        return QmpEndpoint::unixSocket(qmpSocketPath());
    // The port QEMU was started with; 0 (nothing listens there) when it was never started.
    QFile file(qmpPortPath());
    const uint port = file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toUInt() : 0;
    return QmpEndpoint::loopbackPort(port <= 65535 ? static_cast<quint16>(port) : 0);
}

QString QemuDriver::qemuLogPath() const
{
    return machineDir() + QStringLiteral("/qemu.log");
}

QStringList QemuDriver::imageFiles(const VmImage &image) const
{
    return qemu::imageFiles(image);
}

bool QemuDriver::setConfigFromFlags(const FlagValues &flags, QString *error)
{
    if (!intFlag(flags, cpuFlag(), &m_cpuCount, error) || !intFlag(flags, memoryFlag(), &m_memoryMb, error)
        || !intFlag(flags, diskFlag, &m_diskSizeMb, error) || !intFlag(flags, sshPortFlag, &m_sshPort, error)
        || !intFlag(flags, dockerPortFlag, &m_dockerForwardPort, error)
        || !intFlag(flags, bootTimeoutFlag, &m_bootTimeoutSeconds, error))
        return false;
    m_qemuBinary = flagValue(flags, binaryFlag);
    m_image.dir = flagValue(flags, imageFlag);
    m_publishAllInterfaces = boolFlag(flags, publishAllFlag);
    const bool share = !boolFlag(flags, noShareFlag);
    const QString folder = flagValue(flags, shareFlag);
    // QEMU for Windows has no 9p: the default is no shared folder there, and asking for one is refused.
    if (share && !QemuProcess::canShareFolders() && !folder.isEmpty()) {
        *error = tr("QEMU on this system cannot share a folder into the VM (it has no 9p file system). Leave "
                    "--qemu-share-folder out.");
        return false;
    }
    if (!chooseSharedFolder(folder, !share || !QemuProcess::canShareFolders(), shareFlag.name, &m_sharedFolder, error))
        return false;
    // QEMU reads it inside a comma-separated option list.
    if (m_sharedFolder.hostPath.contains(QLatin1Char(','))) {
        *error = tr("%1 \"%2\" contains a comma or a control character, which QEMU cannot take in a shared "
                    "folder's path. Share a folder without them.")
                     .arg(optionName(shareFlag.name), visibleText(m_sharedFolder.hostPath));
        return false;
    }
    m_shareProtocol = flagValue(flags, shareProtocolFlag);
    if (!isShareProtocol(m_shareProtocol)) {
        *error = tr("%1 \"%2\" is neither virtiofs nor 9p.")
                     .arg(optionName(shareProtocolFlag.name), visibleText(m_shareProtocol));
        return false;
    }
    m_virtiofsd = flagValue(flags, virtiofsdFlag);
    // Either option asks for virtiofs: off Linux that is the reason to refuse it, whatever else is installed.
    const bool asksForVirtiofs = !m_virtiofsd.isEmpty() || m_shareProtocol == virtiofsProtocol;
    if (asksForVirtiofs && !Virtiofsd::available()) {
        *error = tr("%1: QEMU shares a folder through virtiofs on Linux only, not on this system. Leave the "
                    "option out.")
                     .arg(!m_virtiofsd.isEmpty() ? optionName(virtiofsdFlag.name)
                                                 : optionName(shareProtocolFlag.name) + QStringLiteral(" virtiofs"));
        return false;
    }
    if (!m_virtiofsd.isEmpty())
        m_virtiofsd = QFileInfo(m_virtiofsd).absoluteFilePath();
    const QString virtiofsd = Virtiofsd::find(m_virtiofsd);
    if (!m_virtiofsd.isEmpty() && virtiofsd.isEmpty()) {
        *error = tr("The virtiofsd program %1 (%2) is not an executable file.")
                     .arg(nativePath(m_virtiofsd), optionName(virtiofsdFlag.name));
        return false;
    }
    if (m_shareProtocol == virtiofsProtocol && virtiofsd.isEmpty()) {
        *error = tr("%1 virtiofs needs QEMU's virtiofsd, which is not installed here (Debian: the package "
                    "qemu-system-common up to Debian 12, virtiofsd from Debian 13). Install it, or leave the option "
                    "out.")
                     .arg(optionName(shareProtocolFlag.name));
        return false;
    }
    m_sshKeyPath = machineDir() + QStringLiteral("/id_rsa");
    return true;
}

bool QemuDriver::findTools(QString *error)
{
    const QString binary = findQemuSystem(m_qemuBinary);
    if (binary.isEmpty()) {
        *error = m_qemuBinary.isEmpty()
            ? tr("%1 not found. %2 Or give its path with %3.")
                  .arg(qemuSystemName(), installAdvice(), optionName(QStringLiteral("qemu-binary")))
            : tr("The QEMU program %1 (%2) is not an executable file.")
                  .arg(nativePath(m_qemuBinary), optionName(QStringLiteral("qemu-binary")));
        return false;
    }
    const QString img = findQemuImg(binary);
    if (img.isEmpty()) {
        *error = tr("qemu-img not found. %1").arg(installAdvice());
        return false;
    }
    m_qemuBinary = binary;
    m_qemuImg = img;
    return true;
}

bool QemuDriver::preCreateCheck(QString *error)
{
    if (!findTools(error))
        return false;
    VmImage image;
    if (!findImage(&image, error) || !checkSharedFolderExists(shareFlag.name, noShareFlag.name, error))
        return false;
    if (m_shareProtocol == virtiofsProtocol && !image.mountsVirtiofs) {
        *error = tr("The VM image %1 mounts no folder shared through virtiofs (%2 virtiofs). Use a newer image, or "
                    "leave the option out.")
                     .arg(image.version, optionName(shareProtocolFlag.name));
        return false;
    }
    for (const int port : { m_sshPort, m_dockerForwardPort }) {
        if (port != 0 && !vm::portIsFree(port)) {
            *error = tr("Local port %1 is already in use. Choose another, or leave the port out and Berth picks a "
                        "free one.")
                         .arg(port);
            return false;
        }
    }
    return true;
}

bool QemuDriver::createSystemDisk(QString *error)
{
    // A copy-on-write overlay: the machine's changes land in its own file, the image stays shared.
    const CommandOutput output = CommandRunner::run(m_qemuImg,
        { QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
            QStringLiteral("-F"), QStringLiteral("qcow2"), QStringLiteral("-b"),
            m_image.filePath(QStringLiteral("system.qcow2")), systemDiskPath() });
    if (output.exitCode != 0) {
        *error = tr("qemu-img could not create the system disk: %1").arg(CommandRunner::lastLine(output));
        return false;
    }
    return true;
}

bool QemuDriver::create(Progress *progress, QString *error)
{
    if (!useImage(m_image.dir, progress, error))
        return false;

    progress->step(tr("(%1) Creating SSH key...").arg(m_machineName));
    if (!ssh::generateKeyPair(m_sshKeyPath, error) || !writeSeed(error))
        return false;

    progress->step(tr("(%1) Creating disks (data disk %2 MB)...").arg(m_machineName).arg(m_diskSizeMb));
    if (!createSystemDisk(error))
        return false;
    const CommandOutput data = CommandRunner::run(m_qemuImg,
        { QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"), dataDiskPath(),
            QString::number(m_diskSizeMb) + QLatin1Char('M') });
    if (data.exitCode != 0) {
        *error = tr("qemu-img could not create the data disk: %1").arg(CommandRunner::lastLine(data));
        return false;
    }
    return true;
}

bool QemuDriver::bootAfterCreate(Progress *progress, QString *error)
{
    progress->step(tr("(%1) Starting the VM...").arg(m_machineName));
    if (!start(progress, error))
        return false;
    if (m_accelerator == QLatin1String("tcg"))
        progress->step(tr("(%1) No hardware acceleration (KVM/HVF) here: QEMU emulates the CPU, which is several "
                          "times slower.")
                           .arg(m_machineName));
    else
        progress->step(tr("(%1) QEMU uses %2.").arg(m_machineName, m_accelerator.toUpper()));
    return true;
}

bool QemuDriver::currentSystemDisk(QString *disk, QString *error)
{
    if (!findTools(error))
        return false;
    *disk = systemDiskPath();
    return true;
}

bool QemuDriver::replaceSystemDisk(const QString &oldDisk, const VmImage &, Progress *, QString *error)
{
    // The new overlay is made where the old one was (systemDiskPath()), which waits aside until it is.
    const QString aside = oldDisk + QStringLiteral(".old");
    QFile::remove(aside);
    if (!QFile::rename(oldDisk, aside)) {
        *error = tr("Could not move the system disk %1 aside for the new one. Make the machine's folder writable, then "
                    "upgrade again.")
                     .arg(nativePath(oldDisk));
        return false;
    }
    if (!createSystemDisk(error)) {
        QFile::rename(aside, oldDisk);
        return false;
    }
    QFile::remove(aside);
    return true;
}

bool QemuDriver::fromJson(const QJsonObject &json, QString *error)
{
    QString sharedFolder;
    if (!BaseDriver::fromJson(json, error) || !readVmJson(json, 1, error)
        || !jsonPath(json, "QemuBinary", &m_qemuBinary, error)
        || !jsonText(json, "KernelCmdline", QString(), &m_image.kernelCmdline, error)
        // Machines made before these were recorded boot what their image had then.
        || !jsonText(json, "KernelFile", QStringLiteral("vmlinuz"), &m_image.kernelFile, error)
        || !jsonText(json, "InitrdFile", QStringLiteral("initrd.img"), &m_image.initrdFile, error)
        || !jsonPath(json, "SharedFolder", &sharedFolder, error)
        || !jsonText(json, "Accelerator", QString(), &m_accelerator, error)
        // Machines made before these were recorded share over 9p, which every image mounts.
        || !jsonText(json, "ShareProtocol", QString(), &m_shareProtocol, error)
        || !jsonBool(json, "ImageMountsVirtiofs", false, &m_image.mountsVirtiofs, error)
        || !jsonPath(json, "Virtiofsd", &m_virtiofsd, error))
        return false;
    if (!isShareProtocol(m_shareProtocol)) {
        *error = tr("Driver.ShareProtocol \"%1\" is neither virtiofs nor 9p.").arg(m_shareProtocol);
        return false;
    }
    m_sharedFolder = { sharedFolder, SharedFolder::guestPathFor(sharedFolder) };
    // File names inside the image's folder, and a version that names a folder of the cache.
    static const QRegularExpression fileName(QStringLiteral("\\A(?!\\.\\.?\\z)[A-Za-z0-9._+-]+\\z"));
    for (const auto &[key, value] :
        { std::pair { "KernelFile", m_image.kernelFile }, std::pair { "InitrdFile", m_image.initrdFile } }) {
        if (!value.isEmpty() && !fileName.match(value).hasMatch()) {
            *error = tr("Driver.%1 \"%2\" is not a file name.").arg(QLatin1String(key), value);
            return false;
        }
    }
    // QEMU reads the shared folder inside a comma-separated option list.
    if (sharedFolder.contains(QLatin1Char(','))) {
        *error = tr("Driver.SharedFolder \"%1\" contains a comma, which QEMU would read as another option.")
                     .arg(sharedFolder);
        return false;
    }
    static const QStringList accelerators { QString(), QStringLiteral("kvm"), QStringLiteral("hvf"),
        QStringLiteral("whpx"), QStringLiteral("tcg") };
    if (!accelerators.contains(m_accelerator)) {
        *error = tr("Driver.Accelerator \"%1\" is none of kvm, hvf, whpx and tcg.").arg(m_accelerator);
        return false;
    }
    m_ipAddress = loopbackIPv4();
    return true;
}

QJsonObject QemuDriver::toJson(const QJsonObject &base) const
{
    QJsonObject json = BaseDriver::toJson(base);
    writeVmJson(&json);
    // Local paths with the platform's separators, as BaseDriver writes its own (jsonPath reads either).
    json.insert(QLatin1String("QemuBinary"), QDir::toNativeSeparators(m_qemuBinary));
    json.insert(QLatin1String("KernelCmdline"), m_image.kernelCmdline);
    json.insert(QLatin1String("KernelFile"), m_image.kernelFile);
    json.insert(QLatin1String("InitrdFile"), m_image.initrdFile);
    json.insert(QLatin1String("SharedFolder"), QDir::toNativeSeparators(m_sharedFolder.hostPath));
    json.insert(QLatin1String("Accelerator"), m_accelerator);
    json.insert(QLatin1String("ShareProtocol"), m_shareProtocol);
    json.insert(QLatin1String("ImageMountsVirtiofs"), m_image.mountsVirtiofs);
    json.insert(QLatin1String("Virtiofsd"), QDir::toNativeSeparators(m_virtiofsd));
    return json;
}

} // namespace berth
