#include "imagevmdriver.h"

#include "provision/provisioner.h"
#include "ssh/sshsession.h"
#include "util/hostinfo.h"
#include "util/network.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"
#include "vmimage/seediso.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTcpServer>
#include <QThread>

#include <limits>

Q_LOGGING_CATEGORY(lcImageVm, "berth.driver.vm")

namespace berth {

namespace vm {

bool portIsFree(int port)
{
    return probeLocalPort(QStringLiteral("tcp"), loopbackIPv4(), port) == PortUse::Free;
}

int freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(loopbackIPv4()), 0))
        return 0;
    return server.serverPort();
}

DriverFlag cpuFlag(const QString &prefix, const QString &envVar)
{
    return { prefix + QStringLiteral("-cpu-count"), DriverFlag::Kind::Int,
        QStringLiteral(QT_TRANSLATE_NOOP("berth", "number of CPUs for the machine")), QStringLiteral("1"), envVar, 1,
        HostInfo::logicalCpuCount(), tr("the processors of this computer") };
}

DriverFlag memoryFlag(const QString &prefix, const QString &envVar)
{
    // Below 512 MB the image's Docker does not start. Memory the system does not tell: no maximum of its own.
    static const qint64 hostMb = HostInfo::totalMemoryMb();
    constexpr qint64 unknownMb = 16 * 1024 * 1024; // as Driver.Memory in config.json
    return { prefix + QStringLiteral("-memory"), DriverFlag::Kind::Int,
        QStringLiteral(QT_TRANSLATE_NOOP("berth", "size of memory for the machine (in MB)")), QStringLiteral("1024"),
        envVar, 512, static_cast<int>(hostMb >= 512 ? qMin(hostMb, unknownMb) : unknownMb),
        hostMb >= 512 ? tr("the memory of this computer, in MB") : QString() };
}

DriverFlag diskFlag(const QString &prefix, const QString &envVar)
{
    // 2 GB holds the engine and a few images; 2 TB is past any desktop's disk.
    return { prefix + QStringLiteral("-disk-size"), DriverFlag::Kind::Int,
        QStringLiteral(
            QT_TRANSLATE_NOOP("berth", "size of the data disk (Docker's images, containers, volumes) in MB")),
        QStringLiteral("20000"), envVar, 2000, 2 * 1024 * 1024, QString() };
}

DriverFlag bootTimeoutFlag(const QString &prefix, const QString &envVar)
{
    return { prefix + QStringLiteral("-boot-timeout"), DriverFlag::Kind::Int,
        QStringLiteral(QT_TRANSLATE_NOOP("berth", "seconds to wait for the VM to answer SSH")), QStringLiteral("180"),
        envVar, 10, 24 * 3600, QString() };
}

DriverFlag imageFlag(const QString &prefix, const QString &envVar)
{
    return { prefix + QStringLiteral("-image"), DriverFlag::Kind::String,
        QStringLiteral(QT_TRANSLATE_NOOP("berth", "folder of the Berth VM image (default: the newest one cached)")),
        QString(), envVar };
}

DriverFlag noShareFlag(const QString &prefix, const QString &envVar)
{
    return { prefix + QStringLiteral("-no-share"), DriverFlag::Kind::Bool,
        QStringLiteral(QT_TRANSLATE_NOOP("berth", "do not share a host folder into the VM")), QString(), envVar };
}

DriverFlag publishAllFlag(const QString &prefix, const QString &envVar)
{
    return { prefix + QStringLiteral("-publish-all-interfaces"), DriverFlag::Kind::Bool,
        QStringLiteral(QT_TRANSLATE_NOOP("berth",
            "publish containers' ports on every network interface of this computer, not on its loopback only "
            "(whoever reaches this computer reaches them)")),
        QString(), envVar };
}

} // namespace vm

QString SharedFolder::guestPathFor(const QString &hostPath)
{
    static const QRegularExpression drive(QStringLiteral("\\A([A-Za-z]):[/\\\\]?(.*)\\z"));
    const QRegularExpressionMatch match = drive.match(hostPath);
    if (!match.hasMatch())
        return hostPath;
    QString rest = match.captured(2).replace(QLatin1Char('\\'), QLatin1Char('/'));
    while (rest.endsWith(QLatin1Char('/')))
        rest.chop(1);
    return QLatin1Char('/') + match.captured(1).toLower() + (rest.isEmpty() ? QString() : QLatin1Char('/') + rest);
}

ImageVmDriver::ImageVmDriver(const QString &machineName, const QString &storePath)
    : BaseDriver(machineName, storePath)
{
    m_sshUser = QStringLiteral("docker");
}

bool ImageVmDriver::chooseSharedFolder(
    const QString &folder, bool noShare, const QString &folderFlag, SharedFolder *shared, QString *error)
{
    *shared = {};
    if (noShare)
        return true;
    const QString host = QDir(folder.isEmpty() ? QDir::homePath() : folder).absolutePath();
    // The seed names it on a line of its own.
    if (containsLineBreakOrControl(host)) {
        *error = tr("%1 \"%2\" contains a control character, which the VM's seed cannot carry. Share a folder "
                    "without one.")
                     .arg(optionName(folderFlag), visibleText(host));
        return false;
    }
    shared->hostPath = host;
    shared->guestPath = SharedFolder::guestPathFor(host);
    return true;
}

QString ImageVmDriver::seedPath() const
{
    return machineDir() + QStringLiteral("/seed.iso");
}

QString ImageVmDriver::serialLogPath() const
{
    return machineDir() + QStringLiteral("/serial.log");
}

bool ImageVmDriver::findImage(VmImage *image, QString *error) const
{
    return VmImage::find(storeCacheDir(), m_image.dir, image, error);
}

bool ImageVmDriver::checkSharedFolderExists(const QString &folderFlag, const QString &noShareFlag, QString *error) const
{
    if (m_sharedFolder.isEmpty() || QFileInfo(m_sharedFolder.hostPath).isDir())
        return true;
    *error = tr("The shared folder %1 does not exist. Give another with %2, or turn sharing off with %3.")
                 .arg(nativePath(m_sharedFolder.hostPath), optionName(folderFlag), optionName(noShareFlag));
    return false;
}

bool ImageVmDriver::writeSeed(QString *error) const
{
    QByteArray publicKey;
    if (!ssh::publicKeyFromPrivate(m_sshKeyPath, &publicKey, error))
        return false;
    const QByteArray name = m_machineName.toUtf8();
    const QByteArray metaData = "instance-id: " + name + "\nlocal-hostname: " + name + '\n';
    QByteArray userData
        = "#cloud-config\nhostname: " + name + "\nssh_authorized_keys:\n  - " + publicKey.trimmed() + '\n';
    if (!m_sharedFolder.isEmpty())
        userData += "berth_shared_folder: " + m_sharedFolder.guestPath.toUtf8() + '\n';
    // cloud-init's write_files, as berth-firstboot reads it: one line of base64 per file.
    if (!m_engineSeed.isEmpty())
        userData += "write_files:\n";
    for (const RemoteFile &file : m_engineSeed) {
        userData += "  - path: " + file.path.toUtf8() + "\n    permissions: '0" + QByteArray::number(file.mode, 8)
            + "'\n    encoding: b64\n    content: " + file.data.toBase64() + '\n';
    }
    return writeSeedIso(seedPath(), QStringLiteral("cidata"),
        { { QStringLiteral("meta-data"), metaData }, { QStringLiteral("user-data"), userData } }, error);
}

bool ImageVmDriver::imageEngineHost(EngineHost *host) const
{
    // The image create is about to use, and how it runs Docker (its manifest's "engine"). Without
    // that, or under another init system, the provisioning over SSH configures Docker after boot.
    VmImage image;
    QString ignored;
    if (!findImage(&image, &ignored) || image.engineInit != QLatin1String("systemd")
        || !image.dockerdPath.startsWith(QLatin1Char('/')))
        return false;
    host->initSystem = InitSystem::Systemd;
    host->dockerdPath = image.dockerdPath;
    host->socketActivation = image.dockerSocketActivation;
    return true;
}

bool ImageVmDriver::setEngineSeed(const QList<RemoteFile> &files, QString *error)
{
    m_engineSeed = files;
    // Before create there is no seed yet: create writes it with these.
    return !QFile::exists(seedPath()) || writeSeed(error);
}

bool ImageVmDriver::upgrade(Progress *progress, bool *upToDate, QString *error)
{
    if (isToolboxMachine()) {
        // boot2docker's ISO is docker-machine's to replace; Berth's image is a new machine, and images move by
        // the Docker CLI (the data disk's layout is boot2docker's own).
        const QString next = movedMachineName(m_machineName);
        *error = tr("\"%1\" runs docker-machine's boot2docker, which Berth does not upgrade in place. berth upgrade "
                    "--move %1 makes \"%2\" of Berth's VM image and copies your images into it. By hand, with your "
                    "volumes too:\n"
                    "  1. berth create -d %3 %2\n"
                    "  2. eval $(berth env %1); docker save -o images.tar $(docker image ls --format "
                    "'{{.Repository}}:{{.Tag}}' | grep -v '<none>')\n"
                    "  3. eval $(berth env %2); docker load -i images.tar\n"
                    "  4. Volumes: on \"%1\", docker run --rm -v VOLUME:/v busybox tar -C /v -cf - . > VOLUME.tar; "
                    "on \"%2\", docker volume create VOLUME and docker run --rm -i -v VOLUME:/v busybox tar -C /v "
                    "-xf - < VOLUME.tar\n"
                    "When \"%2\" has what you need, remove \"%1\" with berth rm %1 (docker-machine can still drive "
                    "it until then).")
                     .arg(m_machineName, next, driverName());
        return false;
    }
    // The store's own copies come first in the search; a newer build in the system cache wins only when its
    // version differs from the machine's.
    VmImage newest;
    if (!VmImage::find(storeCacheDir(), QString(), &newest, error))
        return false;
    if (newest.version == m_image.version) {
        *upToDate = true;
        return true;
    }
    QString oldDisk;
    if (!currentSystemDisk(&oldDisk, error))
        return false;
    // A state that cannot be read is stop()'s to deal with (QEMU's that does not answer is killed).
    QString ignored;
    if (state(&ignored) != MachineState::Stopped) {
        progress->step(tr("(%1) Stopping the VM to replace its system disk...").arg(m_machineName));
        if (!stop(progress, error))
            return false;
    }
    const VmImage previous = m_image;
    if (!useImage(newest.dir, progress, error)) {
        m_image = previous;
        return false;
    }
    progress->step(
        tr("(%1) Upgrading from %2 to %3; the data disk stays.").arg(m_machineName, previous.version, m_image.version));
    if (!replaceSystemDisk(oldDisk, previous, progress, error)) {
        m_image = previous;
        return false;
    }
    *upToDate = false;
    progress->step(tr("(%1) Starting the VM to configure Docker on the new system disk...").arg(m_machineName));
    return start(progress, error);
}

bool ImageVmDriver::useImage(const QString &explicitDir, Progress *progress, QString *error)
{
    progress->step(tr("(%1) Preparing the VM image...").arg(m_machineName));
    VmImage found, image;
    if (!VmImage::find(storeCacheDir(), explicitDir, &found, error)
        || !found.installInStore(storeCacheDir(), imageFiles(found), &image, error))
        return false;
    m_image = image;
    return true;
}

bool ImageVmDriver::ensureFreePorts(QString *error)
{
    // Ports chosen at create may have been taken since: choose again, and the store keeps the new ones.
    for (int *port : { &m_sshPort, &m_dockerForwardPort }) {
        if (*port != 0 && vm::portIsFree(*port))
            continue;
        const int previous = *port;
        *port = vm::freePort();
        if (*port == 0) {
            *error = tr("No free local port for the machine's forwarded ports.");
            return false;
        }
        qCInfo(lcImageVm) << "port" << previous << "is taken; using" << *port;
    }
    if (m_sshPort == m_dockerForwardPort)
        m_dockerForwardPort = vm::freePort();
    return true;
}

bool ImageVmDriver::waitForSsh(Progress *progress, int runningCheckMs, QString *error)
{
    ssh::Target target;
    if (!sshTarget(&target, error))
        return false;
    target.connectTimeoutSeconds = 15;
    QDeadlineTimer deadline(m_bootTimeoutSeconds * 1000LL);
    QString message = tr("sshd has not started yet");
    // The image says on its console when sshd listens (rootfs/etc/systemd/system/ssh.service.d).
    // Knocking on the forwarded port instead would leave the hypervisor retrying each knock into the
    // guest until it answers, and every late knock costs the booting guest an sshd process; so the
    // port is tried only now and then, for images that do not say it.
    static const QByteArray sshdListening("berth: sshd is listening");
    QFile console(serialLogPath());
    QByteArray consoleTail; // what was read last, enough to find the line split across two reads
    bool listening = false;
    QDeadlineTimer nextKnock(m_firstSshKnockMs);
    QDeadlineTimer nextRunningCheck(0);
    while (!deadline.hasExpired()) {
        if (progress->isCanceled()) {
            *error = tr("Canceled while the VM was booting.");
            return false;
        }
        if (nextRunningCheck.hasExpired()) {
            if (!vmRunning()) {
                *error = tr("The VM stopped while booting. %1").arg(diagnose());
                if (const QString details = stoppedDetails(); !details.isEmpty())
                    *error += QLatin1Char('\n') + details;
                return false;
            }
            nextRunningCheck.setRemainingTime(runningCheckMs);
        }
        if (!listening && (console.isOpen() || console.open(QIODevice::ReadOnly | QIODevice::Unbuffered))) {
            consoleTail += console.readAll();
            listening = consoleTail.contains(sshdListening);
            consoleTail = consoleTail.right(sshdListening.size());
        }
        if (!listening && nextKnock.hasExpired()) {
            listening = sshBannerSeen(target.host, target.port, 1500);
            nextKnock.setRemainingTime(5000);
        }
        if (!listening) {
            QThread::msleep(100);
            continue;
        }
        auto session = std::make_unique<ssh::Session>();
        if (session->connect(target, &message)) {
            m_bootSession = std::move(session);
            return true;
        }
        // A key the guest refuses or a changed host key will not get better by waiting.
        if (message.contains(QLatin1String("refused the SSH key")) || message.contains(QLatin1String("known_hosts"))) {
            *error = tr("The VM answers SSH but refuses the machine's key: %1\n%2").arg(message, diagnose());
            return false;
        }
        QThread::msleep(500);
    }
    *error = tr("The VM did not answer SSH within %1 s (last: %2).\n%3")
                 .arg(m_bootTimeoutSeconds)
                 .arg(message, diagnose());
    return false;
}

ImageVmDriver::PowerButton ImageVmDriver::pressPowerButtonUntilOff(
    const std::function<bool()> &press, const std::function<bool(int)> &waitDone, int timeoutMs, Progress *progress)
{
    if (!press())
        return PowerButton::NotPressed;
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (waitDone(static_cast<int>(qMin<qint64>(deadline.remainingTime(), 5000))))
            return PowerButton::Done;
        if (deadline.hasExpired() || progress->isCanceled())
            return PowerButton::TimedOut;
        press();
    }
}

QString ImageVmDriver::diagnose() const
{
    QFile file(serialLogPath());
    if (!file.open(QIODevice::ReadOnly))
        return tr("The VM wrote no console log (%1).").arg(nativePath(serialLogPath()));
    const qint64 size = file.size();
    file.seek(qMax<qint64>(0, size - 16384));
    const QString tail = QString::fromUtf8(file.readAll()).remove(QLatin1Char('\r'));
    const QStringList lines = tail.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    auto find = [&](const QString &needle) {
        for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
            if (it->contains(needle))
                return *it;
        }
        return QString();
    };
    // The image boots quietly: its first console line is the initrd's check of the system disk.
    if (lines.isEmpty())
        return tr("The VM's console is empty: the guest did not get as far as checking its system disk (firmware, "
                  "boot loader, kernel or the search for the disk). Check the VM image.");
    QString cause;
    if (const QString panic = find(QStringLiteral("Kernel panic")); !panic.isEmpty())
        cause = tr("The guest kernel panicked: %1").arg(panic.trimmed());
    else if (const QString root = find(QStringLiteral("Gave up waiting for root")); !root.isEmpty())
        cause = tr("The guest did not find its system disk: %1").arg(root.trimmed());
    else if (const QString seed = find(QStringLiteral("berth-firstboot")); !seed.isEmpty())
        cause = tr("The guest's first-boot step says: %1").arg(seed.trimmed());
    const QStringList last = lines.mid(qMax<qsizetype>(0, lines.size() - 8));
    return (cause.isEmpty() ? QString() : cause + QLatin1Char('\n'))
        + tr("The VM's console (%1) ends with:\n%2").arg(nativePath(serialLogPath()), last.join(QLatin1Char('\n')));
}

bool ImageVmDriver::readVmJson(const QJsonObject &json, int minimumCpus, QString *error)
{
    if (!jsonNumber(json, "CPU", minimumCpus, 1024, 1, &m_cpuCount, error)
        || !jsonNumber(json, "Memory", 64, 16 * 1024 * 1024, 1024, &m_memoryMb, error)
        || !jsonNumber(json, "DiskSize", 1, std::numeric_limits<int>::max(), 20000, &m_diskSizeMb, error)
        || !jsonNumber(json, "DockerPort", 0, 65535, 0, &m_dockerForwardPort, error)
        || !jsonNumber(json, "BootTimeout", 1, 24 * 3600, 180, &m_bootTimeoutSeconds, error)
        || !jsonPath(json, "ImageDir", &m_image.dir, error)
        || !jsonText(json, "ImageVersion", QString(), &m_image.version, error)
        || !jsonBool(json, "PublishAllInterfaces", false, &m_publishAllInterfaces, error))
        return false;
    // A version names a folder of the cache (and a file of the machine's).
    static const QRegularExpression fileName(QStringLiteral("\\A(?!\\.\\.?\\z)[A-Za-z0-9._+-]+\\z"));
    if (!m_image.version.isEmpty() && !fileName.match(m_image.version).hasMatch()) {
        *error = tr("Driver.%1 \"%2\" is not a file name.").arg(QStringLiteral("ImageVersion"), m_image.version);
        return false;
    }
    return true;
}

void ImageVmDriver::writeVmJson(QJsonObject *json) const
{
    json->insert(QLatin1String("CPU"), m_cpuCount);
    json->insert(QLatin1String("Memory"), m_memoryMb);
    json->insert(QLatin1String("DiskSize"), m_diskSizeMb);
    json->insert(QLatin1String("DockerPort"), m_dockerForwardPort);
    json->insert(QLatin1String("BootTimeout"), m_bootTimeoutSeconds);
    // A local path with the platform's separators, as BaseDriver writes its own (jsonPath reads either).
    json->insert(QLatin1String("ImageDir"), QDir::toNativeSeparators(m_image.dir));
    json->insert(QLatin1String("ImageVersion"), m_image.version);
    json->insert(QLatin1String("PublishAllInterfaces"), m_publishAllInterfaces);
}

} // namespace berth
