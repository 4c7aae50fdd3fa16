#include "qemuhost.h"

#include "util/hostinfo.h"
#include "vmimage/vmimage.h"

#include <QFile>
#include <QHostAddress>
#include <QSysInfo>
#include <QTcpServer>

namespace berth::qemu {

QString localhost()
{
    return QStringLiteral("127.0.0.1");
}

QStringList imageFiles(const VmImage &image)
{
    return { QStringLiteral("system.qcow2"), image.kernelFile, image.initrdFile };
}

bool portIsFree(int port)
{
    QTcpServer server;
    return server.listen(QHostAddress(localhost()), static_cast<quint16>(port));
}

int freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(localhost()), 0))
        return 0;
    return server.serverPort();
}

bool hostRunsX86()
{
    const QString arch = QSysInfo::currentCpuArchitecture();
    return arch == QLatin1String("x86_64") || arch == QLatin1String("i386");
}

bool kvmUsable()
{
#if defined(Q_OS_LINUX)
    return hostRunsX86() && HostInfo::virtualization().acceleratorUsable;
#else
    return false;
#endif
}

QString qemuSystemName()
{
    return QStringLiteral("qemu-system-x86_64");
}

// QEMU on Windows writes this to stderr (its log there); elsewhere an accelerator that fails stops QEMU.
bool fellBackToTcg(const QString &logPath)
{
    QFile log(logPath);
    return log.open(QIODevice::ReadOnly) && log.read(1 << 20).contains("falling back to tcg");
}

} // namespace berth::qemu
