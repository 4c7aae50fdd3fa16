#include "qemulauncher.h"

#include "network.h"
#include "qmp.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vboxdouble {

namespace {

// A value inside one of QEMU's option lists: commas are doubled.
QString optionValue(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char(','), QStringLiteral(",,"));
    return escaped;
}

bool kvmUsable()
{
    if (::access("/dev/kvm", R_OK | W_OK) != 0)
        return false;
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = cpuinfo.readAll();
    return text.contains(" vmx") || text.contains(" svm");
}

QString nicModel(const QString &type)
{
    if (type == QLatin1String("virtio"))
        return QStringLiteral("virtio-net-pci");
    if (type.startsWith(QLatin1String("Am79C")))
        return QStringLiteral("pcnet");
    if (type.startsWith(QLatin1String("NE")))
        return QStringLiteral("ne2k_pci");
    return QStringLiteral("e1000");
}

QString macWithColons(const QString &mac)
{
    QString out;
    for (int i = 0; i < mac.size(); i += 2)
        out += (i ? QStringLiteral(":") : QString()) + mac.mid(i, 2).toLower();
    return out;
}

QString qemuFormat(const QString &format)
{
    if (format == QLatin1String("VDI"))
        return QStringLiteral("vdi");
    if (format == QLatin1String("VMDK"))
        return QStringLiteral("vmdk");
    if (format == QLatin1String("VHD"))
        return QStringLiteral("vpc");
    return QStringLiteral("raw");
}

QString timestamp(qint64 sinceMs)
{
    const qint64 ms = QDateTime::currentMSecsSinceEpoch() - sinceMs;
    return QStringLiteral("%1:%2:%3.%4")
        .arg(ms / 3600000, 2, 10, QLatin1Char('0'))
        .arg(ms / 60000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000 * 1000, 6, 10, QLatin1Char('0'));
}

} // namespace

void startLog(const Machine &machine, const QStringList &lines)
{
    const QString log = machine.logFolder() + QStringLiteral("/VBox.log");
    QDir().mkpath(machine.logFolder());
    QFile::remove(log + QStringLiteral(".3"));
    for (int i = 2; i >= 1; --i)
        QFile::rename(log + QStringLiteral(".%1").arg(i), log + QStringLiteral(".%1").arg(i + 1));
    QFile::rename(log, log + QStringLiteral(".1"));
    QFile file(log);
    if (!file.open(QIODevice::WriteOnly))
        return;
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    for (const QString &line : lines)
        file.write((timestamp(start) + QLatin1Char(' ') + line + QLatin1Char('\n')).toUtf8());
}

QStringList qemuArguments(const Machine &m, Registry &registry, const VmRuntime &runtime, QString *error)
{
    QStringList args;
    const bool q35 = m.chipset == QLatin1String("ich9");
    args << QStringLiteral("-name") << optionValue(m.name) << QStringLiteral("-nodefaults")
         << QStringLiteral("-machine")
         << QStringLiteral("%1,accel=%2")
                .arg(q35 ? QStringLiteral("q35") : QStringLiteral("pc"),
                    kvmUsable() ? QStringLiteral("kvm") : QStringLiteral("tcg"))
         << QStringLiteral("-m") << QString::number(m.memory) << QStringLiteral("-smp") << QString::number(m.cpus)
         << QStringLiteral("-display") << QStringLiteral("none") << QStringLiteral("-vga")
         << (m.graphicsController == QLatin1String("null") ? QStringLiteral("none") : QStringLiteral("std"))
         << QStringLiteral("-rtc")
         << (m.switchOn(QStringLiteral("rtcuseutc")) ? QStringLiteral("base=utc") : QStringLiteral("base=localtime"));
    if (!m.switchOn(QStringLiteral("acpi")))
        args << QStringLiteral("-no-acpi");
    if (m.firmware.startsWith(QLatin1String("EFI"))) {
        const QString vars = m.folder() + QLatin1Char('/') + m.name + QStringLiteral(".nvram");
        if (!QFileInfo::exists(vars))
            QFile::copy(QStringLiteral("/usr/share/OVMF/OVMF_VARS_4M.fd"), vars);
        QFile::setPermissions(vars, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        args << QStringLiteral("-drive")
             << QStringLiteral("if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd")
             << QStringLiteral("-drive") << QStringLiteral("if=pflash,format=raw,unit=1,file=") + optionValue(vars);
    }

    // Storage: boot order from boot1..4, each kind in controller and port order.
    struct Disk {
        int argIndex; // its -device value in args
        QString kind; // dvd or disk
    };
    QVector<Disk> bootable;
    int driveNumber = 0;
    for (int ci = 0; ci < m.controllers.size(); ++ci) {
        const StorageController &c = m.controllers.at(ci);
        if (c.bus == QLatin1String("sata")) {
            for (int chunk = 0; chunk * 6 < c.portCount; ++chunk)
                args << QStringLiteral("-device") << QStringLiteral("ahci,id=ctl%1x%2").arg(ci).arg(chunk);
        } else if (c.bus != QLatin1String("ide")) {
            args << QStringLiteral("-device") << QStringLiteral("virtio-scsi-pci,id=ctl%1").arg(ci);
        }
        for (const MediumAttachment &a : c.attachments) {
            const bool dvd = a.type == QLatin1String("dvddrive");
            QString bus;
            if (c.bus == QLatin1String("sata"))
                bus = QStringLiteral("bus=ctl%1x%2.%3").arg(ci).arg(a.port / 6).arg(a.port % 6);
            else if (c.bus == QLatin1String("ide")) {
                bus = QStringLiteral("bus=ide.%1,unit=%2").arg(a.port).arg(a.device);
            } else
                bus = QStringLiteral("bus=ctl%1.0,channel=0,scsi-id=%2,lun=%3").arg(ci).arg(a.port).arg(a.device);
            const bool scsi = c.bus != QLatin1String("sata") && c.bus != QLatin1String("ide");
            const QString model = scsi ? (dvd ? QStringLiteral("scsi-cd") : QStringLiteral("scsi-hd"))
                                       : (dvd ? QStringLiteral("ide-cd") : QStringLiteral("ide-hd"));
            const QString id = QStringLiteral("disk%1").arg(driveNumber++);
            QString device = model + QLatin1Char(',') + bus + QStringLiteral(",id=") + id;
            if (!a.mediumUuid.isEmpty()) {
                const Medium *medium = registry.findMedium(a.mediumUuid);
                if (!medium || !QFileInfo::exists(medium->location)) {
                    *error = medium ? medium->location : a.mediumUuid;
                    return {};
                }
                args << QStringLiteral("-drive")
                     << QStringLiteral("file=%1,if=none,id=%2-drive,format=%3,cache=writeback%4")
                            .arg(optionValue(medium->location), id, qemuFormat(medium->format),
                                dvd ? QStringLiteral(",media=cdrom,readonly=on") : QString());
                device += QStringLiteral(",drive=") + id + QStringLiteral("-drive");
            }
            args << QStringLiteral("-device") << device;
            if (c.bootable && (dvd || !a.mediumUuid.isEmpty()))
                bootable.append(
                    Disk { static_cast<int>(args.size() - 1), dvd ? QStringLiteral("dvd") : QStringLiteral("disk") });
        }
    }
    // Network adapters.
    QStringList nicDevices;
    for (int i = 0; i < m.nics.size(); ++i) {
        const NetworkAdapter &n = m.nics.at(i);
        if (!n.enabled)
            continue;
        QString device = nicModel(n.type) + QStringLiteral(",id=nic%1,mac=%2").arg(i).arg(macWithColons(n.mac));
        if (n.attachment == QLatin1String("nat")) {
            QString netdev = QStringLiteral("user,id=net%1").arg(i);
            if (!n.natNet.isEmpty())
                netdev += QStringLiteral(",net=") + n.natNet;
            for (const PortForward &f : n.forwards)
                netdev += QStringLiteral(",hostfwd=%1:%2:%3-%4:%5")
                              .arg(f.protocol, f.hostIp)
                              .arg(f.hostPort)
                              .arg(f.guestIp)
                              .arg(f.guestPort);
            args << QStringLiteral("-netdev") << netdev;
            device += QStringLiteral(",netdev=net%1").arg(i);
        } else if (n.attachment == QLatin1String("hostonly")) {
            args << QStringLiteral("-netdev")
                 << QStringLiteral("tap,id=net%1,ifname=%2,script=no,downscript=no").arg(i).arg(tapName(m.uuid, i + 1));
            device += QStringLiteral(",netdev=net%1").arg(i);
        }
        nicDevices << device;
    }
    // bootindex: boot1..4 in order, the devices of each kind in controller and port order.
    int bootIndex = 0;
    for (const QString &kind : m.bootOrder) {
        if (kind == QLatin1String("net")) {
            for (QString &d : nicDevices)
                d += QStringLiteral(",bootindex=%1").arg(bootIndex++);
            continue;
        }
        for (const Disk &d : std::as_const(bootable)) {
            if (d.kind == kind)
                args[d.argIndex] += QStringLiteral(",bootindex=%1").arg(bootIndex++);
        }
    }
    for (const QString &d : std::as_const(nicDevices))
        args << QStringLiteral("-device") << d;
    // Serial ports at their I/O base and IRQ.
    for (int i = 0; i < m.uarts.size(); ++i) {
        const SerialPort &u = m.uarts.at(i);
        if (!u.enabled)
            continue;
        QString chardev;
        if (u.mode == QLatin1String("file"))
            chardev = QStringLiteral("file,path=") + optionValue(u.path);
        else if (u.mode == QLatin1String("server"))
            chardev = QStringLiteral("socket,path=%1,server=on,wait=off").arg(optionValue(u.path));
        else if (u.mode == QLatin1String("client"))
            chardev = QStringLiteral("socket,path=") + optionValue(u.path);
        else if (u.mode == QLatin1String("tcpserver"))
            chardev = QStringLiteral("socket,host=127.0.0.1,port=%1,server=on,wait=off").arg(u.path);
        else if (u.mode == QLatin1String("tcpclient")) {
            const int colon = static_cast<int>(u.path.lastIndexOf(QLatin1Char(':')));
            chardev = QStringLiteral("socket,host=%1,port=%2").arg(u.path.left(colon), u.path.mid(colon + 1));
        } else if (u.mode == QLatin1String("device"))
            chardev = QStringLiteral("serial,path=") + optionValue(u.path);
        else
            chardev = QStringLiteral("null");
        args << QStringLiteral("-chardev") << chardev + QStringLiteral(",id=uart%1").arg(i) << QStringLiteral("-device")
             << QStringLiteral("isa-serial,chardev=uart%1,iobase=0x%2,irq=%3").arg(i).arg(u.ioBase, 0, 16).arg(u.irq);
    }
    // Shared folders: 9p, tagged with the share's name (the guest mounts berth-home over 9p when it has it).
    for (int i = 0; i < m.sharedFolders.size(); ++i) {
        const SharedFolder &f = m.sharedFolders.at(i);
        args << QStringLiteral("-fsdev")
             << QStringLiteral("local,id=fs%1,path=%2,security_model=none%3")
                    .arg(i)
                    .arg(optionValue(f.hostPath), f.writable ? QString() : QStringLiteral(",readonly=on"))
             << QStringLiteral("-device")
             << QStringLiteral("virtio-9p-pci,fsdev=fs%1,mount_tag=%2").arg(i).arg(optionValue(f.name));
    }
    // Entropy for the guest's first SSH host keys (VirtualBox guests have RDRAND; TCG guests would wait).
    args << QStringLiteral("-device") << QStringLiteral("virtio-rng-pci");
    args << QStringLiteral("-qmp") << QStringLiteral("unix:%1,server=on,wait=off").arg(optionValue(runtime.qmpSocket))
         << QStringLiteral("-qmp") << QStringLiteral("unix:%1,server=on,wait=off").arg(optionValue(runtime.eventSocket))
         << QStringLiteral("-pidfile") << runtime.qemuPidFile;
    return args;
}

namespace {

void closeFrom(int lowest)
{
    rlimit limit {};
    const int max = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
        ? static_cast<int>(qMin<rlim_t>(limit.rlim_cur, 65536))
        : 4096;
    for (int fd = lowest; fd < max; ++fd)
        ::close(fd);
}

void writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, static_cast<size_t>(data.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

QString logTail(const QString &log)
{
    QFile file(log);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QStringList tail;
    for (qsizetype i = qMax<qsizetype>(0, lines.size() - 3); i < lines.size(); ++i)
        tail << QString::fromUtf8(lines.at(i));
    return tail.join(QLatin1Char('\n'));
}

// After QEMU ended: the machine's new state, its taps and its networks' DHCP servers.
void recordEnd(const QString &uuid, bool guestPoweredOff)
{
    RegistryLock lock;
    Registry registry;
    QString error;
    if (!registry.load(&error))
        return;
    Machine *m = registry.findMachine(uuid);
    if (!m)
        return;
    const VmRuntime runtime(*m);
    const bool requested = QFileInfo::exists(runtime.powerOffRequest);
    QStringList networks;
    for (int i = 0; i < m->nics.size(); ++i) {
        const NetworkAdapter &n = m->nics.at(i);
        if (n.enabled && n.attachment == QLatin1String("hostonly")) {
            deleteTap(tapName(m->uuid, i + 1));
            networks << n.hostOnlyAdapter;
        }
    }
    // A network's DHCP server stops with its last running VM.
    for (const QString &network : std::as_const(networks)) {
        bool inUse = false;
        for (const Machine &other : std::as_const(registry.machines)) {
            if (other.uuid == m->uuid || currentState(other) != QLatin1String("running"))
                continue;
            for (const NetworkAdapter &n : other.nics)
                inUse
                    = inUse || (n.enabled && n.attachment == QLatin1String("hostonly") && n.hostOnlyAdapter == network);
        }
        if (!inUse)
            stopDhcp(QStringLiteral("HostInterfaceNetworking-") + network);
    }
    runtime.removeFiles();
    // The state last: who sees poweroff finds the VM's processes gone.
    m->setState(requested || guestPoweredOff ? QStringLiteral("poweroff") : QStringLiteral("aborted"));
    Registry::saveMachine(*m, &error);
}

// The supervisor's life: QEMU as its child, "R" or "F<reason>" to the starter, then QEMU's events until it ends.
[[noreturn]] void supervise(const Machine &machine, const QStringList &qemuArgs, int statusFd)
{
    ::setsid();
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (null > 2)
        ::close(null);
    const VmRuntime runtime(machine);
    {
        QFile pid(runtime.supervisorPidFile);
        if (pid.open(QIODevice::WriteOnly))
            pid.write(QByteArray::number(static_cast<qint64>(::getpid())) + '\n');
    }
    const QByteArray log = QFile::encodeName(runtime.logFile);
    QVector<QByteArray> argStorage { QByteArrayLiteral("qemu-system-x86_64") };
    for (const QString &a : qemuArgs)
        argStorage << a.toLocal8Bit();
    QVector<char *> argv;
    for (QByteArray &a : argStorage)
        argv << a.data();
    argv << nullptr;
    const pid_t qemu = ::fork();
    if (qemu == 0) {
        const int logFd = ::open(log.constData(), O_WRONLY | O_APPEND | O_CREAT, 0644);
        if (logFd >= 0) {
            ::dup2(logFd, 1);
            ::dup2(logFd, 2);
        }
        closeFrom(3);
        ::execvp(argv.first(), argv.data());
        ::_exit(127);
    }
    // Wait for QEMU to answer on its event socket with a running guest.
    QmpClient events;
    bool started = false;
    QElapsedTimer timer;
    timer.start();
    int status = 0;
    bool exited = false;
    while (!started && timer.elapsed() < 120000) {
        if (::waitpid(qemu, &status, WNOHANG) == qemu) {
            exited = true;
            break;
        }
        if (events.connectTo(runtime.eventSocket, 5000)) {
            started = true;
            break;
        }
        QThread::msleep(50);
    }
    if (!started) {
        if (!exited) {
            ::kill(qemu, SIGKILL);
            ::waitpid(qemu, &status, 0);
        }
        writeAll(statusFd, "F" + logTail(runtime.logFile).toUtf8());
        ::close(statusFd);
        QFile::remove(runtime.supervisorPidFile);
        ::_exit(1);
    }
    writeAll(statusFd, "R");
    ::close(statusFd);
    bool guestPoweredOff = false;
    for (;;) {
        const QJsonObject message = events.readMessage(-1);
        if (message.isEmpty())
            break;
        if (message.value(QLatin1String("event")).toString() == QLatin1String("SHUTDOWN"))
            guestPoweredOff = message.value(QLatin1String("data")).toObject().value(QLatin1String("guest")).toBool();
    }
    while (::waitpid(qemu, &status, 0) < 0 && errno == EINTR) { }
    recordEnd(machine.uuid, guestPoweredOff);
    ::_exit(0);
}

} // namespace

bool launchVm(const Machine &machine, Registry &registry, LaunchError *error)
{
    const VmRuntime runtime(machine);
    runtime.removeFiles();
    QDir().mkpath(QFileInfo(runtime.qmpSocket).absolutePath());
    // Host-only NICs: the interface must exist; a tap on its bridge, and its DHCP server when enabled.
    for (int i = 0; i < machine.nics.size(); ++i) {
        const NetworkAdapter &n = machine.nics.at(i);
        if (!n.enabled || n.attachment != QLatin1String("hostonly"))
            continue;
        const QString network = QStringLiteral("HostInterfaceNetworking-") + n.hostOnlyAdapter;
        if (!registry.findHostOnly(n.hostOnlyAdapter)) {
            error->message
                = QStringLiteral("Failed to open/create the internal network '%1' (VERR_INTNET_FLT_IF_NOT_FOUND).")
                      .arg(network);
            error->detail = QStringLiteral("Failed to attach the network LUN (VERR_INTNET_FLT_IF_NOT_FOUND)");
            return false;
        }
        QString toolError;
        if (!createTap(tapName(machine.uuid, i + 1), n.hostOnlyAdapter, &toolError)) {
            error->message
                = QStringLiteral("Failed to open/create the internal network '%1' (VERR_INTNET_FLT_IF_NOT_FOUND).")
                      .arg(network);
            error->detail = toolError;
            return false;
        }
        const DhcpServer *dhcp = registry.findDhcpServer(network);
        if (dhcp && dhcp->enabled && !startDhcp(*dhcp, n.hostOnlyAdapter, &toolError)) {
            error->message = QStringLiteral("Failed to start the DHCP server of the network '%1'").arg(network);
            error->detail = toolError;
            return false;
        }
    }
    QString missing;
    const QStringList args = qemuArguments(machine, registry, runtime, &missing);
    if (args.isEmpty()) {
        error->message = QStringLiteral("Could not open the medium '%1'.").arg(missing);
        error->detail = QStringLiteral("VD: error VERR_FILE_NOT_FOUND opening image file '%1' (VERR_FILE_NOT_FOUND)")
                            .arg(missing);
        return false;
    }
    startLog(machine,
        { QStringLiteral("VirtualBox VM %1 linux.amd64 (the VirtualBox double: QEMU) release log").arg(machine.name),
            QStringLiteral("qemu-system-x86_64 ") + args.join(QLatin1Char(' ')) });
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        error->message = QStringLiteral("pipe: ") + QString::fromLocal8Bit(strerror(errno));
        return false;
    }
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipeFds[0]);
        // The supervisor keeps nothing of its starter's: no pipes of whoever ran VBoxManage.
        const int statusFd = ::fcntl(pipeFds[1], F_DUPFD, 3);
        for (int fd = 3; fd < 65536; ++fd)
            if (fd != statusFd)
                ::close(fd);
        if (::fork() == 0)
            supervise(machine, args, statusFd);
        ::_exit(0);
    }
    ::close(pipeFds[1]);
    int status = 0;
    ::waitpid(child, &status, 0);
    QByteArray reply;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(pipeFds[0], buffer, sizeof(buffer));
        if (n > 0) {
            reply.append(buffer, static_cast<int>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    ::close(pipeFds[0]);
    if (reply.startsWith('R'))
        return true;
    error->message = QStringLiteral("The virtual machine '%1' has terminated unexpectedly during startup. %2")
                         .arg(machine.name, QString::fromUtf8(reply.mid(1)).simplified());
    return false;
}

} // namespace vboxdouble
