#include "vboxhost.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <cstring>
#include <windows.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace berth::vbox {

namespace {

// The hypervisor the CPU reports Windows runs under ("Microsoft Hv" for Hyper-V); empty when none.
QString hypervisorVendor()
{
#if defined(__x86_64__) || defined(__i386__)
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 31)))
        return {};
    __cpuid(0x40000000, eax, ebx, ecx, edx);
    char vendor[13] = {};
    std::memcpy(vendor, &ebx, 4);
    std::memcpy(vendor + 4, &ecx, 4);
    std::memcpy(vendor + 8, &edx, 4);
    return QString::fromLatin1(vendor);
#else
    return {};
#endif
}

} // namespace

QString registryInstallDir()
{
    // VirtualBox installs for x86-64 only: its key is in the 64-bit view.
    QSettings key(QStringLiteral("HKEY_LOCAL_MACHINE\\SOFTWARE\\Oracle\\VirtualBox"), QSettings::Registry64Format);
    return QDir::fromNativeSeparators(key.value(QStringLiteral("InstallDir")).toString());
}

QStringList installFolders()
{
    QStringList folders;
    if (const QString registered = registryInstallDir(); !registered.isEmpty())
        folders << registered;
    for (const char *variable : { "ProgramW6432", "ProgramFiles" }) {
        const QString programFiles = qEnvironmentVariable(variable);
        if (!programFiles.isEmpty())
            folders << QDir::fromNativeSeparators(programFiles) + QStringLiteral("/Oracle/VirtualBox");
    }
    folders << QStringLiteral("C:/Program Files/Oracle/VirtualBox");
    folders.removeDuplicates();
    return folders;
}

bool hyperVRunning()
{
    // The Hyper-V role installed (its management service) and its hypervisor running under Windows; Windows
    // inside another vendor's VM, or in a Hyper-V VM without the role, is not this case.
    wchar_t system[MAX_PATH] = {};
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    const QString vmms = QString::fromWCharArray(system, static_cast<int>(length)) + QStringLiteral("\\vmms.exe");
    return length > 0 && QFileInfo::exists(vmms) && hypervisorVendor() == QLatin1String("Microsoft Hv");
}

bool hostOnlyRangesLimited()
{
    return false;
}

QByteArray outputAsUtf8(const QByteArray &output)
{
    // The ANSI code page is what Qt's local 8-bit encoding is on Windows (CP_ACP).
    return QString::fromLocal8Bit(output).toUtf8();
}

} // namespace berth::vbox
