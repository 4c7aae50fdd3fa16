#include "hostinfo.h"

#include "translate.h"

#include <QDir>
#include <QFileInfo>
#include <QList>
#include <QStorageInfo>
#include <QThread>

namespace berth {

HostFacts HostInfo::facts(const QString &diskPath)
{
    HostFacts facts;
    facts.cpuCount = logicalCpuCount();
    facts.memoryMb = totalMemoryMb();
    facts.diskPath = diskPath;
    facts.freeDiskMb = freeDiskMb(diskPath);
    facts.virtualization = virtualization();
    return facts;
}

int HostInfo::logicalCpuCount()
{
    return qMax(1, QThread::idealThreadCount());
}

qint64 HostInfo::freeDiskMb(const QString &path)
{
    // The store may not exist yet: the disk it will be on is its nearest existing parent's.
    QString existing = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    while (!QFileInfo::exists(existing)) {
        const QString parent = QFileInfo(existing).path();
        if (parent == existing)
            return 0;
        existing = parent;
    }
    const QStorageInfo storage(existing);
    if (!storage.isValid() || storage.bytesAvailable() < 0)
        return 0;
    return storage.bytesAvailable() / (1024 * 1024);
}

QString HostInfo::cpuVirtualizationExtension(const QByteArray &cpuinfo)
{
    // One "flags : ..." line per processor; the first says what they all have.
    for (const QByteArray &line : cpuinfo.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || line.left(colon).trimmed() != "flags")
            continue;
        const QList<QByteArray> flags = line.mid(colon + 1).simplified().split(' ');
        if (flags.contains("vmx"))
            return QStringLiteral("VT-x");
        if (flags.contains("svm"))
            return QStringLiteral("AMD-V");
        return {};
    }
    return {};
}

qint64 HostInfo::memTotalMb(const QByteArray &meminfo)
{
    // "MemTotal:        8039104 kB"
    for (const QByteArray &line : meminfo.split('\n')) {
        if (!line.startsWith("MemTotal:"))
            continue;
        const QList<QByteArray> words = line.mid(9).simplified().split(' ');
        bool ok = false;
        const qint64 value = words.value(0).toLongLong(&ok);
        if (!ok || value <= 0)
            return 0;
        const QByteArray unit = words.value(1).toLower();
        if (unit == "kb")
            return value / 1024;
        if (unit == "mb")
            return value;
        if (unit.isEmpty())
            return value / (1024 * 1024);
        return 0;
    }
    return 0;
}

HardwareVirtualization HostInfo::linuxVirtualization(const QByteArray &cpuinfo, bool devKvmExists, bool devKvmWritable)
{
    HardwareVirtualization v;
    v.accelerator = QStringLiteral("KVM");
    v.extensionName = cpuVirtualizationExtension(cpuinfo);
    v.extensions = !v.extensionName.isEmpty();
    if (!v.extensions) {
        v.problem = tr("The CPU shows neither VT-x nor AMD-V: they are turned off in the computer's firmware, "
                       "or this computer is itself a VM that does not pass them on.");
        v.remedy = tr("Turn on Intel VT-x or AMD-V (also called SVM or Virtualization Technology) in the firmware "
                      "(BIOS or UEFI) settings, or, in a VM, turn on nested virtualisation in its hypervisor.");
    } else if (!devKvmExists) {
        v.problem = tr("KVM is not loaded: /dev/kvm does not exist.");
        v.remedy = v.extensionName == QLatin1String("AMD-V")
            ? tr("Load the kvm_amd kernel module (modprobe kvm_amd as root); if it does not load, turn AMD-V on in "
                 "the firmware (BIOS or UEFI) settings.")
            : tr("Load the kvm_intel kernel module (modprobe kvm_intel as root); if it does not load, turn VT-x on "
                 "in the firmware (BIOS or UEFI) settings.");
    } else if (!devKvmWritable) {
        v.problem = tr("This user may not use /dev/kvm.");
        v.remedy = tr("Add the user to the kvm group (usermod -aG kvm USER as root), then log out and in again.");
    } else {
        v.acceleratorUsable = true;
    }
    return v;
}

} // namespace berth
