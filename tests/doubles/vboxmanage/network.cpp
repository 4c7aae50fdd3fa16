#include "network.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vboxdouble {

namespace {

// Runs PROGRAM with ARGS (stdin /dev/null), up to 30 s; its exit code, or -1 when it could not run or was
// killed. Plain fork and exec, not QProcess: VM supervisors (qemulauncher.cpp) run this in a forked copy of
// VBoxManage that closed every descriptor it did not need, Qt's own among them.
int runProgram(const QString &program, const QStringList &args, QByteArray *standardOutput, QByteArray *standardError)
{
    QVector<QByteArray> storage { QFile::encodeName(program) };
    for (const QString &a : args)
        storage << a.toLocal8Bit();
    QVector<char *> argv;
    for (QByteArray &a : storage)
        argv << a.data();
    argv << nullptr;
    int out[2];
    int err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        return -1;
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        return -1;
    }
    const pid_t child = ::fork();
    if (child == 0) {
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        ::execvp(argv.first(), argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    if (child < 0) {
        ::close(out[0]);
        ::close(err[0]);
        return -1;
    }
    pollfd fds[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
    QByteArray *sinks[2] = { standardOutput, standardError };
    int open = 2;
    QElapsedTimer timer;
    timer.start();
    while (open > 0 && timer.elapsed() < 30000) {
        if (::poll(fds, 2, 1000) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buffer[4096];
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                if (sinks[i])
                    sinks[i]->append(buffer, static_cast<int>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (const pollfd &f : fds)
        if (f.fd >= 0)
            ::close(f.fd);
    if (open > 0)
        ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) { }
    return open == 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

bool runTool(const QString &program, const QStringList &args, QString *error)
{
    QByteArray standardError;
    const int code = runProgram(program, args, nullptr, &standardError);
    if (code == 0)
        return true;
    if (error) {
        *error = QString::fromUtf8(standardError).trimmed();
        if (error->isEmpty())
            *error = code == 127 ? program + QStringLiteral(": not found")
                                 : program + QStringLiteral(": exit code %1").arg(code);
    }
    return false;
}

static QString linkLine(const QString &name)
{
    QByteArray output;
    if (runProgram(QStringLiteral("ip"),
            { QStringLiteral("-o"), QStringLiteral("link"), QStringLiteral("show"), QStringLiteral("dev"), name },
            &output, nullptr)
        != 0)
        return {};
    return QString::fromUtf8(output);
}

bool linkExists(const QString &name)
{
    return !linkLine(name).isEmpty();
}

bool createBridge(const QString &name, QString *error)
{
    return runTool(QStringLiteral("ip"),
               { QStringLiteral("link"), QStringLiteral("add"), name, QStringLiteral("type"),
                   QStringLiteral("bridge") },
               error)
        && runTool(
            QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("set"), name, QStringLiteral("up") }, error);
}

void deleteBridge(const QString &name)
{
    runTool(QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("del"), name }, nullptr);
}

bool parseIpv4(const QString &text, quint32 *address)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    quint32 value = 0;
    for (const QString &part : parts) {
        bool ok = false;
        const uint octet = part.toUInt(&ok);
        if (!ok || octet > 255)
            return false;
        value = value << 8 | octet;
    }
    *address = value;
    return true;
}

int prefixLength(const QString &netmask)
{
    quint32 mask = 0;
    parseIpv4(netmask, &mask);
    int bits = 0;
    for (quint32 m = mask; m & 0x80000000u; m <<= 1)
        ++bits;
    return bits;
}

bool setBridgeAddress(const QString &name, const QString &ip, const QString &netmask, QString *error)
{
    runTool(QStringLiteral("ip"), { QStringLiteral("addr"), QStringLiteral("flush"), QStringLiteral("dev"), name },
        nullptr);
    return runTool(QStringLiteral("ip"),
        { QStringLiteral("addr"), QStringLiteral("add"), ip + QLatin1Char('/') + QString::number(prefixLength(netmask)),
            QStringLiteral("dev"), name },
        error);
}

QString bridgeMac(const QString &name)
{
    const QStringList words = linkLine(name).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const int at = static_cast<int>(words.indexOf(QStringLiteral("link/ether")));
    return at >= 0 && at + 1 < words.size() ? words.at(at + 1) : QStringLiteral("0a:00:27:00:00:00");
}

QString tapName(const QString &machineUuid, int nic)
{
    const QByteArray hash = QCryptographicHash::hash(machineUuid.toLatin1(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("vbt%1n%2").arg(QString::fromLatin1(hash.left(8))).arg(nic);
}

bool createTap(const QString &tap, const QString &bridge, QString *error)
{
    deleteTap(tap);
    return runTool(QStringLiteral("ip"),
               { QStringLiteral("tuntap"), QStringLiteral("add"), QStringLiteral("dev"), tap, QStringLiteral("mode"),
                   QStringLiteral("tap") },
               error)
        && runTool(QStringLiteral("ip"),
            { QStringLiteral("link"), QStringLiteral("set"), tap, QStringLiteral("master"), bridge,
                QStringLiteral("up") },
            error);
}

void deleteTap(const QString &tap)
{
    if (linkExists(tap))
        runTool(QStringLiteral("ip"), { QStringLiteral("link"), QStringLiteral("del"), tap }, nullptr);
}

bool addressAllowed(const QString &ip, const QString &netmask)
{
    quint32 address = 0;
    if (!parseIpv4(ip, &address))
        return false;
    QStringList ranges;
    QFile conf(QStringLiteral("/etc/vbox/networks.conf"));
    if (conf.open(QIODevice::ReadOnly)) {
        for (const QByteArray &raw : conf.readAll().split('\n')) {
            const QString line = QString::fromUtf8(raw).trimmed();
            if (line.startsWith(QLatin1Char('*')))
                ranges += line.mid(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        }
    } else {
        ranges << QStringLiteral("192.168.56.0/21");
    }
    for (const QString &range : std::as_const(ranges)) {
        quint32 base = 0;
        const int bits = range.section(QLatin1Char('/'), 1).toInt();
        if (!parseIpv4(range.section(QLatin1Char('/'), 0, 0), &base) || bits < 0 || bits > 32)
            continue;
        const quint32 mask = bits == 0 ? 0 : ~quint32(0) << (32 - bits);
        if ((address & mask) == (base & mask) && prefixLength(netmask) >= bits)
            return true;
    }
    return false;
}

static QString dhcpFolder()
{
    return Registry::homeDir() + QStringLiteral("/dhcp");
}

static QString pidFile(const QString &networkName)
{
    return dhcpFolder() + QLatin1Char('/') + networkName + QStringLiteral(".pid");
}

QString dhcpLeaseFile(const QString &networkName)
{
    return dhcpFolder() + QLatin1Char('/') + networkName + QStringLiteral(".leases");
}

void doubleEvent(const QString &what)
{
    QFile file(Registry::homeDir() + QStringLiteral("/double-events.log"));
    if (file.open(QIODevice::WriteOnly | QIODevice::Append))
        file.write(QStringLiteral("%1 [%2] %3\n")
                       .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                       .arg(::getpid())
                       .arg(what)
                       .toUtf8());
}

static qint64 dhcpPid(const QString &networkName)
{
    QFile file(pidFile(networkName));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const qint64 pid = file.readAll().trimmed().toLongLong();
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0 ? pid : 0;
}

bool dhcpRunning(const QString &networkName)
{
    return dhcpPid(networkName) != 0;
}

bool startDhcp(const DhcpServer &server, const QString &bridge, QString *error)
{
    if (dhcpRunning(server.networkName))
        return true;
    QDir().mkpath(dhcpFolder());
    QStringList args { QStringLiteral("--conf-file=/dev/null"), QStringLiteral("--port=0"),
        QStringLiteral("--interface=") + bridge, QStringLiteral("--bind-dynamic"),
        QStringLiteral("--except-interface=lo"),
        QStringLiteral("--dhcp-range=%1,%2,%3,1h").arg(server.lowerIp, server.upperIp, server.netmask),
        // VirtualBox's host-only DHCP server gives neither a default route nor DNS servers: the NAT NIC keeps them.
        QStringLiteral("--dhcp-option=3"), QStringLiteral("--dhcp-option=6"), QStringLiteral("--dhcp-authoritative"),
        QStringLiteral("--dhcp-leasefile=") + dhcpLeaseFile(server.networkName),
        QStringLiteral("--pid-file=") + pidFile(server.networkName),
        QStringLiteral("--log-facility=") + dhcpFolder() + QLatin1Char('/') + server.networkName
            + QStringLiteral(".log"),
        QStringLiteral("--log-dhcp") };
    if (::geteuid() == 0)
        args << QStringLiteral("--user=root");
    // dnsmasq goes into the background: nothing of it may hold the caller's pipes.
    const QString errFile = dhcpFolder() + QLatin1Char('/') + server.networkName + QStringLiteral(".err");
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(errFile);
    process.start(QStringLiteral("dnsmasq"), args);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QFile err(errFile);
        err.open(QIODevice::ReadOnly);
        *error = QStringLiteral("dnsmasq: ") + QString::fromUtf8(err.readAll()).trimmed() + process.errorString();
        doubleEvent(server.networkName + QStringLiteral(": start failed: ") + *error);
        return false;
    }
    doubleEvent(server.networkName + QStringLiteral(": started dnsmasq %1").arg(dhcpPid(server.networkName)));
    return true;
}

void stopDhcp(const QString &networkName)
{
    const qint64 pid = dhcpPid(networkName);
    if (pid) {
        ::kill(static_cast<pid_t>(pid), SIGTERM);
        for (int i = 0; i < 50 && ::kill(static_cast<pid_t>(pid), 0) == 0; ++i)
            QThread::msleep(100);
    }
    doubleEvent(networkName
        + (pid ? QStringLiteral(": stopped dnsmasq %1%2")
                     .arg(pid)
                     .arg(::kill(static_cast<pid_t>(pid), 0) == 0 ? QStringLiteral(" (still alive)") : QString())
               : QStringLiteral(": stop: none running")));
    QFile::remove(pidFile(networkName));
}

} // namespace vboxdouble
