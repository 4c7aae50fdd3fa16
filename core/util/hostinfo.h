#pragma once

// What this computer offers a VM: processors, memory, free disk space, and whether the CPU's
// virtualisation extensions (VT-x, AMD-V) are there and an accelerator can use them. The platform parts
// are in hostinfo_unix.cpp (Linux, macOS) and hostinfo_win.cpp.

#include <QByteArray>
#include <QString>

namespace berth {

// The CPU's hardware virtualisation as the operating system lets programs use it.
struct HardwareVirtualization {
    // The CPU offers VT-x or AMD-V and the firmware has it turned on (as far as the system tells:
    // Linux shows the extensions whatever the firmware says, and KVM then fails to load).
    bool extensions = false;
    QString extensionName; // "VT-x", "AMD-V", or empty when unknown or absent
    // The system's hypervisor interface can run a VM with them now: KVM (/dev/kvm usable and the
    // extensions there), HVF (macOS), WHPX (the Windows Hypervisor Platform).
    bool acceleratorUsable = false;
    QString accelerator; // "KVM", "HVF" or "WHPX": this system's interface, usable or not
    QString problem; // why no accelerator is usable; empty when one is
    QString remedy; // what the user can do about it
};

// Everything the first-run check and the resource limits need, in one value.
struct HostFacts {
    int cpuCount = 1; // logical processors
    qint64 memoryMb = 0; // physical memory; 0 when unknown
    QString diskPath; // the folder whose disk freeDiskMb measures
    qint64 freeDiskMb = 0; // space this user may still write there; 0 when unknown
    HardwareVirtualization virtualization;
};

class HostInfo {
public:
    static HostFacts facts(const QString &diskPath);

    static int logicalCpuCount();
    // Total physical memory in MB; 0 when the system does not say.
    static qint64 totalMemoryMb();
    // Free space for this user on the disk that holds path (or its nearest existing parent), in MB.
    static qint64 freeDiskMb(const QString &path);
    static HardwareVirtualization virtualization();

    // Parsers of Linux's /proc files, pure so they are tested with sample texts.
    // "VT-x" when the CPU flags hold vmx, "AMD-V" for svm, else empty.
    static QString cpuVirtualizationExtension(const QByteArray &cpuinfo);
    // MemTotal in MB; 0 when absent.
    static qint64 memTotalMb(const QByteArray &meminfo);
    // KVM can run a VM: /dev/kvm opens for writing and the CPU shows its extensions (a nested /dev/kvm
    // without them hangs instead of failing); problem and remedy say otherwise.
    static HardwareVirtualization linuxVirtualization(
        const QByteArray &cpuinfo, bool devKvmExists, bool devKvmWritable);
};

} // namespace berth
