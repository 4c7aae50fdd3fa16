#include "hostinfo.h"
#include "translate.h"

#include <QFile>
#include <QFileInfo>
#include <QSysInfo>

#include <unistd.h>
#ifdef Q_OS_MACOS
#include <sys/sysctl.h>
#include <sys/types.h>
#endif

namespace berth {

namespace {
QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    // /proc files report a size of 0: read until the end.
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

qint64 HostInfo::totalMemoryMb()
{
#if defined(Q_OS_LINUX)
    if (const qint64 mb = memTotalMb(readProcFile("/proc/meminfo")); mb > 0)
        return mb;
#elif defined(Q_OS_MACOS)
    quint64 bytes = 0;
    size_t size = sizeof bytes;
    if (sysctlbyname("hw.memsize", &bytes, &size, nullptr, 0) == 0 && bytes > 0)
        return static_cast<qint64>(bytes / (1024 * 1024));
#endif
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return 0;
    return static_cast<qint64>(pages) * pageSize / (1024 * 1024);
}

HardwareVirtualization HostInfo::virtualization()
{
#if defined(Q_OS_LINUX)
    const QFileInfo kvm(QStringLiteral("/dev/kvm"));
    return linuxVirtualization(readProcFile("/proc/cpuinfo"), kvm.exists(), kvm.exists() && kvm.isWritable());
#elif defined(Q_OS_MACOS)
    // The Hypervisor framework says whether the CPU and the system let it run VMs (HVF).
    HardwareVirtualization v;
    v.accelerator = QStringLiteral("HVF");
    int supported = 0;
    size_t size = sizeof supported;
    v.acceleratorUsable = sysctlbyname("kern.hv_support", &supported, &size, nullptr, 0) == 0 && supported == 1;
    v.extensions = v.acceleratorUsable;
    if (QSysInfo::currentCpuArchitecture() == QLatin1String("x86_64"))
        v.extensionName = QStringLiteral("VT-x");
    if (!v.acceleratorUsable) {
        v.problem = tr("macOS's Hypervisor framework is not available on this Mac: its CPU lacks VT-x, or this is a "
                       "VM that does not pass it on.");
        v.remedy = tr("Run Berth on the Mac itself, or turn on nested virtualisation for this VM in its hypervisor.");
    }
    return v;
#else
    HardwareVirtualization v;
    v.problem = tr("Berth does not know how this system lets programs use the CPU's virtualisation extensions.");
    return v;
#endif
}

} // namespace berth
