// The QEMU driver's VM at run time: QEMU's command line, its launch, the waits for its boot and its exit,
// start, stop, kill, its state, and what its console says when it does not answer.

#include "process/detachedprocess.h"
#include "qemudriver.h"
#include "qemuhost.h"
#include "qemuprocess.h"
#include "qmpclient.h"
#include "util/atomicfile.h"
#include "util/text.h"
#include "util/translate.h"
#include "virtiofsd.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcQemu)

namespace berth {

using namespace qemu;

namespace {
// MiB of this computer's memory for TCG's translated code, per virtual processor, and at most.
constexpr int tcgTranslationCacheMbPerCpu = 128;
constexpr int tcgTranslationCacheMbMax = 512;

// A value inside one of QEMU's "key=value,key=value" options: a comma is written twice, else a store
// path holding one would end the value there and add options of its own.
QString qemuOptionValue(const QString &value)
{
    return QString(value).replace(QLatin1Char(','), QStringLiteral(",,"));
}
} // namespace

QStringList QemuDriver::qemuArguments(const QmpEndpoint &qmp, bool virtiofs) const
{
    QStringList args { QStringLiteral("-name"), QStringLiteral("berth-") + m_machineName };
    bool hardwareOffered = false;
#if defined(Q_OS_MACOS)
    hardwareOffered = hostRunsX86();
    if (hardwareOffered)
        args << QStringLiteral("-accel") << QStringLiteral("hvf");
#elif defined(Q_OS_WIN)
    // Windows Hypervisor Platform where it is turned on; QEMU falls back to TCG where it is not. Its
    // in-kernel interrupt controller hangs Linux guests on many Windows builds: QEMU's own then.
    hardwareOffered = hostRunsX86();
    if (hardwareOffered)
        args << QStringLiteral("-accel") << QStringLiteral("whpx,kernel-irqchip=off");
#else
    hardwareOffered = kvmUsable();
    if (hardwareOffered)
        args << QStringLiteral("-accel") << QStringLiteral("kvm");
#endif
    // QEMU takes the first accelerator that works. TCG's translation cache is QEMU 7.2's biggest share of this
    // computer's memory: 1 GiB by default, all of it kept once used. Without the guest's address-space randomization
    // (below) a Docker VM's boot translates about 330 MB of code; when the cache is full QEMU empties it, with every
    // virtual processor stopped. 128 MB cost a 1-processor boot no time that could be measured, but slowed a
    // 2-processor one (starts of 23-32 s against 19-20 s); 256 MB did not (README.md, bench/memory.sh).
    const int cacheMb = std::min(tcgTranslationCacheMbMax, tcgTranslationCacheMbPerCpu * std::max(1, m_cpuCount));
    args << QStringLiteral("-accel") << QStringLiteral("tcg,tb-size=%1").arg(cacheMb);
    // The default CPU model: "max" trips KVM assertions under nested virtualisation, "host" fails under TCG.
    QString machine = QStringLiteral("q35");
#if defined(Q_OS_LINUX)
    // The guest's memory from a memfd rather than anonymous memory, which QEMU asks Linux to back with transparent
    // huge pages: there a page the guest touched made 2 MB of this computer's memory its own, and the kernel's
    // khugepaged filled in again the holes free page reporting had made. A 1 GB machine under TCG held 511 MB two
    // minutes after create and more each minute (529 MB at 150 s); with a memfd, which gets no huge pages, 451 MB, and
    // no more later (bench/memory.sh).
    args << QStringLiteral("-object") << QStringLiteral("memory-backend-memfd,id=berth-ram,size=%1M").arg(m_memoryMb);
    machine += QStringLiteral(",memory-backend=berth-ram");
#endif
    args << QStringLiteral("-machine") << machine;
    args << QStringLiteral("-smp") << QString::number(m_cpuCount) << QStringLiteral("-m")
         << QString::number(m_memoryMb);
    args << QStringLiteral("-nodefaults") << QStringLiteral("-display") << QStringLiteral("none");
    // TCG translates guest code for the virtual address it runs at: with address-space randomization every new
    // process has its libraries (and PIE program) somewhere else, and QEMU translates them again. Where QEMU can only
    // emulate (no accelerator offered, or WHPX fell back at the last start), the guest goes without it for its
    // processes (norandmaps): a boot translated 0.6 million blocks rather than 1.55 million, and started in 32 s
    // rather than 39 s (README.md). With an accelerator the guest keeps it.
    QString cmdline = m_image.kernelCmdline;
    if (!hardwareOffered || m_accelerator == QLatin1String("tcg"))
        cmdline = QStringLiteral("norandmaps ") + cmdline;
    args << QStringLiteral("-kernel") << m_image.filePath(m_image.kernelFile) << QStringLiteral("-initrd")
         << m_image.filePath(m_image.initrdFile) << QStringLiteral("-append") << cmdline;
    // What the guest frees on its disks (it mounts them with discard) goes back to this computer: the
    // qcow2 clusters are freed and the file's blocks punched out.
    for (const QString &disk : { systemDiskPath(), dataDiskPath() })
        args << QStringLiteral("-drive")
             << QStringLiteral("file=%1,if=virtio,format=qcow2,discard=unmap").arg(qemuOptionValue(disk));
    args << QStringLiteral("-drive")
         << QStringLiteral("file=%1,if=virtio,format=raw,readonly=on").arg(qemuOptionValue(seedPath()));
    args << QStringLiteral("-netdev")
         << QStringLiteral("user,id=net0,hostfwd=tcp:%1:%2-:22,hostfwd=tcp:%1:%3-:2376")
                .arg(loopbackIPv4())
                .arg(m_sshPort)
                .arg(m_dockerForwardPort);
    args << QStringLiteral("-device") << QStringLiteral("virtio-net-pci,netdev=net0");
    args << QStringLiteral("-device") << QStringLiteral("virtio-rng-pci");
    // The guest reports the memory it frees (free page reporting), which QEMU then gives back: without
    // it, every page the guest ever touched stays in this computer's memory.
    args << QStringLiteral("-device") << QStringLiteral("virtio-balloon-pci,free-page-reporting=on");
    // QEMU for Windows has no -virtfs: setConfigFromFlags leaves no shared folder there.
    if (!m_sharedFolder.isEmpty() && virtiofs) {
        // virtiofsd serves it; the guest's memory (a memfd, above) is shared with it.
        args << QStringLiteral("-chardev")
             << QStringLiteral("socket,id=berth-home-fs,path=%1").arg(qemuOptionValue(virtiofsSocketPath()));
        args << QStringLiteral("-device") << QStringLiteral("vhost-user-fs-pci,chardev=berth-home-fs,tag=berth-home");
    } else if (!m_sharedFolder.isEmpty() && QemuProcess::canShareFolders()) {
        args << QStringLiteral("-virtfs")
             << QStringLiteral("local,path=%1,mount_tag=berth-home,security_model=none,id=berth-home")
                    .arg(m_sharedFolder.hostPath);
    }
    args << QStringLiteral("-chardev")
         << QStringLiteral("file,id=console,path=%1").arg(qemuOptionValue(serialLogPath()));
    args << QStringLiteral("-serial") << QStringLiteral("chardev:console");
    if (qmp.isTcp())
        args << QStringLiteral("-qmp")
             << QStringLiteral("tcp:%1:%2,server=on,wait=off").arg(loopbackIPv4()).arg(qmp.port);
    else
        args << QStringLiteral("-qmp")
             << QStringLiteral("unix:%1,server=on,wait=off").arg(qemuOptionValue(qmp.socketPath));
    // QemuProcess::start adds -daemonize where QEMU has it.
    args << QStringLiteral("-pidfile") << pidFilePath();
    return args;
}

bool QemuDriver::launch(QString *error)
{
    for (const QString &path : { systemDiskPath(), dataDiskPath(), seedPath() }) {
        if (!QFileInfo::exists(path)) {
            *error = tr("The machine's disk %1 is missing, so it cannot start. Remove the machine and create it "
                        "again.")
                         .arg(nativePath(path));
            return false;
        }
    }
    for (const QString &name : imageFiles(m_image)) {
        if (!QFileInfo::exists(m_image.filePath(name))) {
            *error = tr("The VM image file %1 is missing from %2. Remove the machine and create it again.")
                         .arg(name, nativePath(m_image.dir));
            return false;
        }
    }
    if (m_qemuBinary.isEmpty() || !QFileInfo(m_qemuBinary).isExecutable()) {
        if (!findTools(error))
            return false;
    }
    if (!ensureFreePorts(error))
        return false;
    QFile::remove(pidFilePath());
    QFile::remove(qmpSocketPath());
    QmpEndpoint endpoint = QmpEndpoint::unixSocket(qmpSocketPath());
    if (QemuProcess::qmpOverTcp()) {
        // Chosen now, as the forwarded ports are; the machine folder says which for later commands.
        // Nothing but the loopback address reaches it, but any local user there can: QMP has no login.
        int port = vm::freePort();
        for (int tries = 0; tries < 10 && port != 0 && (port == m_sshPort || port == m_dockerForwardPort); ++tries)
            port = vm::freePort();
        if (port == m_sshPort || port == m_dockerForwardPort)
            port = 0;
        if (port == 0) {
            *error = tr("No free local port for QEMU's control connection (QMP).");
            return false;
        }
        endpoint = QmpEndpoint::loopbackPort(static_cast<quint16>(port));
        if (!writeFileAtomic(qmpPortPath(), QByteArray::number(port) + '\n', privateFilePermissions, error, false))
            return false;
    }
    bool virtiofs = false;
    if (!startVirtiofsd(&virtiofs, error))
        return false;
    if (!QemuProcess::start(m_qemuBinary, qemuArguments(endpoint, virtiofs), endpoint, qemuLogPath(), 60000, error)) {
        QString lastWords;
        if (virtiofs && !Virtiofsd::isRunning(virtiofsdPidPath(), virtiofsdLogPath(), &lastWords))
            *error += QLatin1Char('\n') + tr("virtiofsd, which serves the shared folder, ended: %1").arg(lastWords);
        Virtiofsd::stop(virtiofsdPidPath(), virtiofsSocketPath());
        return false;
    }
    QmpClient qmp(endpoint);
    QJsonObject kvm;
    QString ignored;
    if (qmp.connect(5000, &ignored) && qmp.execute(QStringLiteral("query-kvm"), {}, &kvm, &ignored))
        m_accelerator = kvm.value(QLatin1String("enabled")).toBool() ? QStringLiteral("kvm") : QStringLiteral("tcg");
#if defined(Q_OS_MACOS)
    // QMP cannot tell HVF from TCG; HVF was asked for only where it can run the image.
    if (m_accelerator == QLatin1String("tcg") && hostRunsX86())
        m_accelerator = QStringLiteral("hvf");
#elif defined(Q_OS_WIN)
    // Nor WHPX from TCG; QEMU says in its log when WHPX failed ("falling back to tcg").
    if (m_accelerator == QLatin1String("tcg") && hostRunsX86() && !fellBackToTcg(qemuLogPath()))
        m_accelerator = QStringLiteral("whpx");
#endif
    return true;
}

bool QemuDriver::chooseShareProtocol(Virtiofsd::Program *virtiofsd, QString *error) const
{
    *virtiofsd = {};
    if (m_sharedFolder.isEmpty() || m_shareProtocol == ninePProtocol)
        return true;
    const QString path = Virtiofsd::find(m_virtiofsd);
    if (m_shareProtocol.isEmpty()) {
        // Unasked, virtiofs where it serves the VM's users as 9p does (Virtiofsd::actsAsEveryGuestUser): 10,000 small
        // files read in 2.5 times the VM disk's time (2.8 without root, ids translated), through 9p in 6.9 times
        // (README.md, bench/shared.sh).
        if (path.isEmpty() || !m_image.mountsVirtiofs)
            return true;
        const Virtiofsd::Program program = Virtiofsd::inspect(path);
        if (Virtiofsd::actsAsEveryGuestUser(program))
            *virtiofsd = program;
        return true;
    }
    if (path.isEmpty()) {
        *error = m_virtiofsd.isEmpty()
            ? tr("This machine shares its folder through virtiofs, and QEMU's virtiofsd is not installed here. "
                 "Install it (Debian: qemu-system-common up to Debian 12, virtiofsd from Debian 13).")
            : tr("This machine shares its folder through virtiofs, and its virtiofsd %1 is not an executable file "
                 "any more.")
                  .arg(nativePath(m_virtiofsd));
        return false;
    }
    if (!m_image.mountsVirtiofs) {
        *error = tr("This machine shares its folder through virtiofs, which its VM image %1 does not mount. Run "
                    "\"berth upgrade %2\" for a newer image.")
                     .arg(m_image.version, m_machineName);
        return false;
    }
    *virtiofsd = Virtiofsd::inspect(path);
    return true;
}

bool QemuDriver::startVirtiofsd(bool *virtiofs, QString *error)
{
    // One that outlived its QEMU (Berth stopped before QEMU started), or one QEMU has not ended yet.
    Virtiofsd::stop(virtiofsdPidPath(), virtiofsSocketPath());
    Virtiofsd::Program program;
    if (!chooseShareProtocol(&program, error))
        return false;
    *virtiofs = !program.isEmpty();
    if (!*virtiofs)
        return true;
    qCInfo(lcQemu) << "sharing" << m_sharedFolder.hostPath << "through" << program.path
                   << (program.translatesIds ? "(ids translated)" : "");
    return Virtiofsd::start(
        program, m_sharedFolder.hostPath, virtiofsSocketPath(), virtiofsdLogPath(), virtiofsdPidPath(), error);
}

QString QemuDriver::stoppedDetails() const
{
    // Where QEMU runs without -daemonize (Windows) its own last words are in its log.
    const QString said = lastLineOfFile(qemuLogPath());
    return said.isEmpty() ? QString() : tr("QEMU said: %1").arg(said);
}

bool QemuDriver::start(Progress *progress, QString *error)
{
    if (runningPid() > 0)
        return waitForSsh(progress, 0, error);
    if (!launch(error))
        return false;
    progress->step(tr("(%1) Waiting for the VM to boot...").arg(m_machineName));
    return waitForSsh(progress, 0, error);
}

bool QemuDriver::waitForExit(qint64 pid, int timeoutMs, Progress *progress) const
{
    // In short waits, so that a cancel is seen within a quarter of a second.
    const QDeadlineTimer deadline(timeoutMs);
    while (!progress->isCanceled()) {
        if (DetachedProcess::waitForExit(
                pid, static_cast<int>(qBound(qint64(0), deadline.remainingTime(), qint64(250)))))
            return true;
        if (deadline.hasExpired())
            return false;
    }
    return false;
}

qint64 QemuDriver::runningPid() const
{
    QFile file(pidFilePath());
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const qint64 pid = file.readAll().trimmed().toLongLong();
    if (pid <= 0 || !DetachedProcess::isAlive(pid) || !QemuProcess::isOurQemu(pid, pidFilePath()))
        return 0;
    return pid;
}

bool QemuDriver::stop(Progress *progress, QString *error)
{
    const qint64 pid = runningPid();
    if (pid <= 0) {
        Virtiofsd::stop(virtiofsdPidPath(), virtiofsSocketPath());
        return true;
    }
    QmpClient qmp(qmpEndpoint());
    QString message;
    // An ACPI power-down lets the guest stop Docker and flush its disks; QEMU exits when it is off. Between the
    // presses QMP is left to others (QEMU serves one client at a time).
    const auto press = [&qmp, &message] {
        const bool pressed = qmp.connect(5000, &message) && qmp.powerdown(&message);
        qmp.disconnect();
        return pressed;
    };
    const auto exited = [this, pid, progress](int ms) { return waitForExit(pid, ms, progress); };
    if (pressPowerButtonUntilOff(press, exited, 90000, progress) == PowerButton::Done) {
        Virtiofsd::stop(virtiofsdPidPath(), virtiofsSocketPath());
        return true;
    }
    if (progress->isCanceled()) {
        *error = tr("Canceled: the VM was asked to power down and may still do so.");
        return false;
    }
    qCInfo(lcQemu) << "guest did not power down:" << message;
    if (qmp.connect(5000, &message))
        qmp.quit(&message);
    if (!DetachedProcess::waitForExit(pid, 10000))
        DetachedProcess::killHard(pid);
    if (DetachedProcess::waitForExit(pid, 10000)) {
        Virtiofsd::stop(virtiofsdPidPath(), virtiofsSocketPath());
        return true;
    }
    *error = tr("QEMU (pid %1) did not stop.").arg(pid);
    return false;
}

bool QemuDriver::kill(QString *error)
{
    const qint64 pid = runningPid();
    if (pid > 0) {
        DetachedProcess::killHard(pid);
        if (!DetachedProcess::waitForExit(pid, 10000)) {
            *error = tr("QEMU (pid %1) did not die.").arg(pid);
            return false;
        }
    }
    // virtiofsd ends when QEMU's connection does; this one, should it not have (or QEMU never have come).
    Virtiofsd::stop(virtiofsdPidPath(), virtiofsSocketPath());
    if (pid <= 0)
        return true;
    QFile::remove(pidFilePath());
    QFile::remove(qmpSocketPath());
    QFile::remove(qmpPortPath());
    return true;
}

bool QemuDriver::restart(Progress *progress, QString *error)
{
    return stop(progress, error) && start(progress, error);
}

bool QemuDriver::remove(QString *error)
{
    if (!kill(error))
        return false;
    // The machine folder goes with the store entry; the socket may live in the temp folder.
    QFile::remove(qmpSocketPath());
    return true;
}

MachineState QemuDriver::state(QString *error)
{
    if (runningPid() <= 0)
        return MachineState::Stopped;
    QmpClient qmp(qmpEndpoint());
    const QString status = qmp.connect(3000, error) ? qmp.status(error) : QString();
    if (status == QLatin1String("running"))
        return MachineState::Running;
    if (status == QLatin1String("paused") || status == QLatin1String("suspended"))
        return MachineState::Paused;
    if (status == QLatin1String("shutdown"))
        return MachineState::Stopping;
    if (status == QLatin1String("prelaunch") || status == QLatin1String("inmigrate"))
        return MachineState::Starting;
    if (status.isEmpty())
        return MachineState::Error;
    return MachineState::Running;
}

QString QemuDriver::ip(QString *) const
{
    return loopbackIPv4();
}

QString QemuDriver::url(QString *) const
{
    return QStringLiteral("tcp://%1:%2").arg(loopbackIPv4()).arg(m_dockerForwardPort);
}

} // namespace berth
