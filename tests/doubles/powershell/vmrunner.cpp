#include "vmrunner.h"

#include "smbshare.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace berth::psdouble {

namespace {

const QString ovmfDir = QStringLiteral("/usr/share/OVMF/");

struct Subnet {
    quint32 network = 0;
    int prefix = 0;
    quint32 address(quint32 offset) const { return network + offset; }
    quint32 broadcast() const { return network | (prefix >= 32 ? 0 : (0xffffffffu >> prefix)); }
    quint32 mask() const { return prefix == 0 ? 0 : 0xffffffffu << (32 - prefix); }
};

QString ipText(quint32 a)
{
    return QStringLiteral("%1.%2.%3.%4").arg(a >> 24).arg((a >> 16) & 0xff).arg((a >> 8) & 0xff).arg(a & 0xff);
}

Subnet parseSubnet(const QString &cidr)
{
    Subnet s;
    const QStringList parts = cidr.split(QLatin1Char('/'));
    const QStringList octets = parts.value(0).split(QLatin1Char('.'));
    for (const QString &o : octets)
        s.network = (s.network << 8) | (o.toUInt() & 0xff);
    s.prefix = parts.value(1, QStringLiteral("24")).toInt();
    s.network &= s.mask();
    return s;
}

QString tapName(const VmRecord &vm)
{
    return QStringLiteral("hvtap") + QString(vm.id).remove(QLatin1Char('-')).left(8);
}

QString macWithColons(const QString &mac)
{
    QStringList parts;
    for (int i = 0; i + 1 < mac.size(); i += 2)
        parts.append(mac.mid(i, 2).toLower());
    return parts.join(QLatin1Char(':'));
}

// OVMF's Microsoft variable store without the "Microsoft Corporation UEFI CA 2011" entry of db: what
// Hyper-V's "Microsoft Windows" Secure Boot template trusts (Windows' own signing CA only).
QByteArray windowsOnlyVariables(QByteArray store)
{
    const int fvHeader = static_cast<quint8>(store.at(0x30)) | (static_cast<quint8>(store.at(0x31)) << 8);
    auto u32 = [&](int at) {
        quint32 v;
        std::memcpy(&v, store.constData() + at, 4);
        return v;
    };
    const int storeStart = fvHeader;
    const int storeEnd = storeStart + static_cast<int>(u32(storeStart + 16));
    const QByteArray dbGuid = QByteArray::fromHex("cbb219d73a3d9645a3bcdad00e67656f");
    int p = storeStart + 28;
    while (p + 60 <= storeEnd && static_cast<quint8>(store.at(p)) == 0xaa
        && static_cast<quint8>(store.at(p + 1)) == 0x55) {
        const quint8 state = static_cast<quint8>(store.at(p + 2));
        const int nameSize = static_cast<int>(u32(p + 36));
        const int dataSize = static_cast<int>(u32(p + 40));
        const int dataStart = p + 60 + nameSize;
        const int next = (dataStart + dataSize + 3) & ~3;
        const QString name
            = QString::fromUtf16(reinterpret_cast<const char16_t *>(store.constData() + p + 60), nameSize / 2 - 1);
        if (state == 0x3f && name == QLatin1String("db") && store.mid(p + 44, 16) == dbGuid) {
            QByteArray kept;
            for (int q = dataStart; q < dataStart + dataSize;) {
                const int listSize = static_cast<int>(u32(q + 16));
                const QByteArray list = store.mid(q, listSize);
                if (!list.contains("Microsoft Corporation UEFI CA 2011"))
                    kept += list;
                q += listSize;
            }
            QByteArray rebuilt = store.mid(p, 60 + nameSize) + kept;
            const quint32 newSize = static_cast<quint32>(kept.size());
            std::memcpy(rebuilt.data() + 40, &newSize, 4);
            while (rebuilt.size() % 4)
                rebuilt.append('\xff');
            QByteArray rest = store.mid(next, storeEnd - next);
            QByteArray region = rebuilt + rest;
            region.append(QByteArray(storeEnd - p - region.size(), '\xff'));
            store.replace(p, storeEnd - p, region);
            return store;
        }
        p = next;
    }
    return {};
}

} // namespace

qint64 readPid(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

// The process pid is alive and its command line names `marker`.
bool processRuns(qint64 pid, const QString &marker)
{
    if (pid <= 0)
        return false;
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    return cmdline.readAll().contains(marker.toUtf8());
}

QString VmRunner::hostAddress(const SwitchConfig &sw)
{
    return ipText(parseSubnet(sw.subnet).address(1));
}

bool VmRunner::run(const QString &program, const QStringList &args, QString *error)
{
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 %2: %3")
                         .arg(program, args.join(QLatin1Char(' ')),
                             QString::fromLocal8Bit(process.readAllStandardError() + process.readAllStandardOutput())
                                 .trimmed());
        return false;
    }
    return true;
}

const SwitchConfig *VmRunner::findSwitch(const HostConfig &config, const QString &name)
{
    for (const SwitchConfig &sw : config.switches) {
        if (sw.name.compare(name, Qt::CaseInsensitive) == 0)
            return &sw;
    }
    return nullptr;
}

bool VmRunner::ensureSwitch(const SwitchConfig &sw, const QString &home, QString *error)
{
    const Subnet subnet = parseSubnet(sw.subnet);
    if (!run(QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("show"), QStringLiteral("dev"), sw.bridge },
            nullptr)) {
        if (!run(QStringLiteral("ip"),
                { QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("name"), sw.bridge,
                    QStringLiteral("type"), QStringLiteral("bridge") },
                error)
            || !run(QStringLiteral("ip"),
                { QStringLiteral("addr"), QStringLiteral("add"),
                    ipText(subnet.address(1)) + QLatin1Char('/') + QString::number(subnet.prefix),
                    QStringLiteral("dev"), sw.bridge },
                error)
            || !run(QStringLiteral("ip"),
                { QStringLiteral("link"), QStringLiteral("set"), sw.bridge, QStringLiteral("up") }, error))
            return false;
    }
    const QString folder = home + QStringLiteral("/switches/") + sw.bridge;
    QDir().mkpath(folder);
    // The host's shared folders on its address there.
    if (!SmbShares::startServer(sw, HyperV::instance().config(), error))
        return false;
    if (processRuns(readPid(folder + QStringLiteral("/dnsmasq.pid")), QStringLiteral("dnsmasq")))
        return true;
    return run(QStringLiteral("dnsmasq"),
        { QStringLiteral("--conf-file=/dev/null"), QStringLiteral("--port=0"), QStringLiteral("--bind-interfaces"),
            QStringLiteral("--interface=") + sw.bridge, QStringLiteral("--except-interface=lo"),
            QStringLiteral("--dhcp-range=%1,%2,%3,1h")
                .arg(ipText(subnet.address(10)), ipText(subnet.broadcast() - 1), ipText(subnet.mask())),
            QStringLiteral("--dhcp-authoritative"), QStringLiteral("--user=root"), QStringLiteral("--group=root"),
            QStringLiteral("--pid-file=") + folder + QStringLiteral("/dnsmasq.pid"),
            QStringLiteral("--dhcp-leasefile=") + folder + QStringLiteral("/leases"),
            QStringLiteral("--log-facility=") + folder + QStringLiteral("/dnsmasq.log"), QStringLiteral("--log-dhcp") },
        error);
}

QString VmRunner::firmwareVars(const VmRecord &vm, const QString &folder, QString *code, QString *error)
{
    QString source;
    if (!vm.secureBoot) {
        *code = ovmfDir + QStringLiteral("OVMF_CODE_4M.fd");
        source = ovmfDir + QStringLiteral("OVMF_VARS_4M.fd");
    } else {
        *code = ovmfDir + QStringLiteral("OVMF_CODE_4M.secboot.fd");
        source = ovmfDir + QStringLiteral("OVMF_VARS_4M.ms.fd");
    }
    // The firmware's variables are the VM's own (Hyper-V keeps them in its .vmgs) and follow the template.
    const QString vars = folder + QStringLiteral("/OVMF_VARS.fd");
    const QString stamp = folder + QStringLiteral("/OVMF_VARS.template");
    const QString wanted = vm.secureBoot ? vm.secureBootTemplate : QStringLiteral("Off");
    QFile stampFile(stamp);
    if (QFile::exists(vars) && stampFile.open(QIODevice::ReadOnly) && QString::fromUtf8(stampFile.readAll()) == wanted)
        return vars;
    stampFile.close();
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2 (Debian's ovmf package)").arg(source, in.errorString());
        return {};
    }
    QByteArray data = in.readAll();
    if (vm.secureBoot && vm.secureBootTemplate.compare(QLatin1String("MicrosoftWindows"), Qt::CaseInsensitive) == 0) {
        data = windowsOnlyVariables(data);
        if (data.isEmpty()) {
            *error = QStringLiteral("%1 has no db variable with Microsoft's UEFI CA to remove").arg(source);
            return {};
        }
    }
    QFile out(vars);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(data) != data.size()) {
        *error = QStringLiteral("%1: %2").arg(vars, out.errorString());
        return {};
    }
    out.close();
    if (stampFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
        stampFile.write(wanted.toUtf8());
    return vars;
}

bool VmRunner::start(VmRecord &vm, const HostConfig &config, QString *error)
{
    const QString folder = HyperV::instance().vmFolder(vm.id);
    QDir().mkpath(folder);
    QStringList args { QStringLiteral("-name"), QStringLiteral("berth-hyperv-") + vm.id };
    // KVM only where the processor shows VT-x/AMD-V: a nested /dev/kvm without them cannot run a guest.
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    const QByteArray cpu = cpuinfo.open(QIODevice::ReadOnly) ? cpuinfo.readAll() : QByteArray();
    if (QFileInfo(QStringLiteral("/dev/kvm")).isWritable() && (cpu.contains(" vmx") || cpu.contains(" svm")))
        args << QStringLiteral("-accel") << QStringLiteral("kvm");
    args << QStringLiteral("-accel") << QStringLiteral("tcg");
    args << QStringLiteral("-m") << QString::number(vm.memoryStartup / 1048576) << QStringLiteral("-smp")
         << QString::number(vm.processorCount) << QStringLiteral("-display") << QStringLiteral("none")
         << QStringLiteral("-daemonize") << QStringLiteral("-pidfile") << folder + QStringLiteral("/qemu.pid")
         << QStringLiteral("-qmp") << QStringLiteral("unix:%1/qmp.sock,server=on,wait=off").arg(folder)
         << QStringLiteral("-serial") << QStringLiteral("file:%1/serial.log").arg(folder) << QStringLiteral("-device")
         << QStringLiteral("virtio-rng-pci");
    const bool gen2 = vm.generation == 2;
    if (gen2) {
        QString code;
        const QString vars = firmwareVars(vm, folder, &code, error);
        if (vars.isEmpty())
            return false;
        args << QStringLiteral("-machine") << QStringLiteral("q35,smm=on") << QStringLiteral("-global")
             << QStringLiteral("driver=cfi.pflash01,property=secure,value=on") << QStringLiteral("-drive")
             << QStringLiteral("if=pflash,format=raw,unit=0,file=%1,readonly=on").arg(code) << QStringLiteral("-drive")
             << QStringLiteral("if=pflash,format=raw,unit=1,file=%1").arg(vars) << QStringLiteral("-device")
             << QStringLiteral("virtio-scsi-pci,id=scsi0")
             // No network boot: OVMF's PXE would take a DHCP lease the double would report as the guest's.
             << QStringLiteral("-fw_cfg") << QStringLiteral("name=opt/org.tianocore/IPv4PXESupport,string=n")
             << QStringLiteral("-fw_cfg") << QStringLiteral("name=opt/org.tianocore/IPv6PXESupport,string=n");
    } else {
        args << QStringLiteral("-machine") << QStringLiteral("pc");
    }
    // The boot order: FirstBootDevice, then the drives as they were added (network boot is not emulated).
    QList<Drive> ordered = vm.drives;
    std::stable_sort(ordered.begin(), ordered.end(),
        [&](const Drive &a, const Drive &b) { return a.id == vm.firstBootDevice && b.id != vm.firstBootDevice; });
    for (int i = 0; i < ordered.size(); ++i) {
        const Drive &d = ordered.at(i);
        const QString id = QStringLiteral("d%1").arg(i);
        const QString format = d.dvd                                      ? QStringLiteral("raw")
            : d.path.endsWith(QLatin1String(".vhd"), Qt::CaseInsensitive) ? QStringLiteral("vpc")
                                                                          : QStringLiteral("vhdx");
        // An empty DVD drive: a CD drive without a disc.
        if (d.path.isEmpty())
            args << QStringLiteral("-drive") << QStringLiteral("if=none,id=%1,media=cdrom").arg(id);
        else
            args << QStringLiteral("-drive")
                 << QStringLiteral("file=%1,if=none,id=%2,format=%3%4")
                        .arg(QString(d.path).replace(QLatin1Char(','), QStringLiteral(",,")), id, format,
                            d.dvd ? QStringLiteral(",media=cdrom,readonly=on") : QString());
        QString device;
        if (gen2)
            device = QStringLiteral("%1,drive=%2,bus=scsi0.0,channel=0,scsi-id=%3,lun=0")
                         .arg(d.dvd ? QStringLiteral("scsi-cd") : QStringLiteral("scsi-hd"), id)
                         .arg(d.controllerLocation);
        else
            device = QStringLiteral("%1,drive=%2,bus=ide.%3,unit=%4")
                         .arg(d.dvd ? QStringLiteral("ide-cd") : QStringLiteral("ide-hd"), id)
                         .arg(d.controllerNumber)
                         .arg(d.controllerLocation);
        args << QStringLiteral("-device") << device + QStringLiteral(",bootindex=%1").arg(i);
    }
    QString tap;
    if (!vm.switchName.isEmpty()) {
        const SwitchConfig *sw = findSwitch(config, vm.switchName);
        if (!sw) {
            *error = QStringLiteral("the switch \"%1\" no longer exists").arg(vm.switchName);
            return false;
        }
        if (!ensureSwitch(*sw, HyperV::instance().home(), error))
            return false;
        tap = tapName(vm);
        run(QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("del"), tap }, nullptr);
        if (!run(QStringLiteral("ip"),
                { QStringLiteral("tuntap"), QStringLiteral("add"), QStringLiteral("dev"), tap, QStringLiteral("mode"),
                    QStringLiteral("tap") },
                error)
            || !run(QStringLiteral("ip"),
                { QStringLiteral("link"), QStringLiteral("set"), tap, QStringLiteral("master"), sw->bridge,
                    QStringLiteral("up") },
                error))
            return false;
        args << QStringLiteral("-netdev") << QStringLiteral("tap,id=n0,ifname=%1,script=no,downscript=no").arg(tap)
             << QStringLiteral("-device")
             << QStringLiteral("virtio-net-pci,netdev=n0,mac=%1,romfile=").arg(macWithColons(vm.mac));
    } else {
        args << QStringLiteral("-nic") << QStringLiteral("none");
    }
    QFile::remove(folder + QStringLiteral("/serial.log"));
    QFile::remove(folder + QStringLiteral("/qmp.sock"));
    QProcess qemu;
    qemu.setStandardOutputFile(folder + QStringLiteral("/qemu.log"));
    qemu.setStandardErrorFile(folder + QStringLiteral("/qemu.log"), QIODevice::Append);
    qemu.start(QStringLiteral("qemu-system-x86_64"), args);
    if (!qemu.waitForFinished(120000) || qemu.exitCode() != 0) {
        QFile log(folder + QStringLiteral("/qemu.log"));
        log.open(QIODevice::ReadOnly);
        *error = QString::fromLocal8Bit(log.readAll()).trimmed();
        if (!tap.isEmpty())
            run(QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("del"), tap }, nullptr);
        return false;
    }
    return true;
}

bool VmRunner::isAlive(const VmRecord &vm)
{
    return processRuns(readPid(HyperV::instance().vmFolder(vm.id) + QStringLiteral("/qemu.pid")), vm.id);
}

bool VmRunner::qmp(const QString &socketPath, const QByteArray &command)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    const QByteArray path = QFile::encodeName(socketPath);
    if (path.size() >= static_cast<int>(sizeof(address.sun_path))) {
        ::close(fd);
        return false;
    }
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return false;
    }
    timeval timeout { 5, 0 };
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    auto readLine = [fd] {
        QByteArray line;
        char c = 0;
        while (::read(fd, &c, 1) == 1 && c != '\n')
            line.append(c);
        return line;
    };
    readLine(); // the greeting
    const QByteArray hello = "{\"execute\":\"qmp_capabilities\"}\n";
    const QByteArray request = "{\"execute\":\"" + command + "\"}\n";
    bool ok = ::write(fd, hello.constData(), static_cast<size_t>(hello.size())) == hello.size();
    readLine();
    ok = ok && ::write(fd, request.constData(), static_cast<size_t>(request.size())) == request.size();
    ok = ok && readLine().contains("return");
    ::close(fd);
    return ok;
}

bool VmRunner::shutDown(const VmRecord &vm, int timeoutSeconds)
{
    const QString folder = HyperV::instance().vmFolder(vm.id);
    qmp(folder + QStringLiteral("/qmp.sock"), "system_powerdown");
    for (int i = 0; i < timeoutSeconds * 10; ++i) {
        if (!isAlive(vm))
            return true;
        QThread::msleep(100);
    }
    return false;
}

void VmRunner::turnOff(const VmRecord &vm)
{
    const QString folder = HyperV::instance().vmFolder(vm.id);
    qmp(folder + QStringLiteral("/qmp.sock"), "quit");
    for (int i = 0; i < 100 && isAlive(vm); ++i)
        QThread::msleep(100);
    if (isAlive(vm))
        ::kill(static_cast<pid_t>(readPid(folder + QStringLiteral("/qemu.pid"))), SIGKILL);
    for (int i = 0; i < 50 && isAlive(vm); ++i)
        QThread::msleep(100);
}

void VmRunner::cleanUp(const VmRecord &vm, const QList<VmRecord> &others, const HostConfig &config)
{
    run(QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("del"), tapName(vm) }, nullptr);
    const SwitchConfig *sw = findSwitch(config, vm.switchName);
    if (!sw)
        return;
    for (const VmRecord &other : others) {
        if (other.id != vm.id && other.switchName.compare(vm.switchName, Qt::CaseInsensitive) == 0 && isAlive(other))
            return;
    }
    const QString folder = HyperV::instance().home() + QStringLiteral("/switches/") + sw->bridge;
    const qint64 pid = readPid(folder + QStringLiteral("/dnsmasq.pid"));
    if (processRuns(pid, QStringLiteral("dnsmasq")))
        ::kill(static_cast<pid_t>(pid), SIGTERM);
    SmbShares::stopServer(*sw);
}

QStringList VmRunner::guestAddresses(const VmRecord &vm, const HostConfig &config)
{
    QStringList addresses;
    const SwitchConfig *sw = findSwitch(config, vm.switchName);
    if (!sw || vm.state != QLatin1String("Running"))
        return addresses;
    QFile leases(HyperV::instance().home() + QStringLiteral("/switches/") + sw->bridge + QStringLiteral("/leases"));
    QString ipv4;
    if (leases.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : leases.readAll().split('\n')) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() < 3
                || QString::fromLatin1(fields.at(1)).compare(macWithColons(vm.mac), Qt::CaseInsensitive))
                continue;
            // A lease given before this boot is the last boot's: the guest has not asked again yet.
            if (fields.at(0).toLongLong() - 3600 >= vm.startedAt - 2)
                ipv4 = QString::fromLatin1(fields.at(2));
        }
    }
    // The guest has not reported anything yet; a guest whose DHCP is never answered (guestReportsOnlyIPv6) reports
    // its link-local address from the start.
    if (ipv4.isEmpty() && !config.guestReportsOnlyIPv6)
        return addresses;
    if (!config.guestReportsOnlyIPv6)
        addresses.append(ipv4);
    // The link-local address the guest makes from its MAC (EUI-64).
    QList<int> b;
    for (int i = 0; i < 12; i += 2)
        b.append(vm.mac.mid(i, 2).toInt(nullptr, 16));
    const int groups[4] = { ((b[0] ^ 2) << 8) | b[1], (b[2] << 8) | 0xff, 0xfe00 | b[3], (b[4] << 8) | b[5] };
    QStringList parts;
    for (int g : groups)
        parts.append(QString::number(g, 16));
    addresses.append(QStringLiteral("fe80::") + parts.join(QLatin1Char(':')));
    return addresses;
}

} // namespace berth::psdouble
