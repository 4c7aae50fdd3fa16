#include "hostinfo.h"
#include "translate.h"

#include <QLibrary>

#include <windows.h>

namespace berth {

namespace {

// WinHvPlatform.h's WHvGetCapability, loaded at run time: the DLL exists only where the Windows
// Hypervisor Platform feature is installed.
using WHvGetCapabilityFunction = HRESULT(WINAPI *)(int capabilityCode, void *buffer, UINT32 size, UINT32 *written);
constexpr int whvCapabilityCodeHypervisorPresent = 0;

bool windowsHypervisorPlatformPresent()
{
    QLibrary library(QStringLiteral("WinHvPlatform"));
    const auto getCapability = reinterpret_cast<WHvGetCapabilityFunction>(library.resolve("WHvGetCapability"));
    if (!getCapability)
        return false;
    BOOL present = FALSE;
    UINT32 written = 0;
    return SUCCEEDED(getCapability(whvCapabilityCodeHypervisorPresent, &present, sizeof present, &written)) && present;
}

} // namespace

qint64 HostInfo::totalMemoryMb()
{
    MEMORYSTATUSEX status {};
    status.dwLength = sizeof status;
    if (!GlobalMemoryStatusEx(&status))
        return 0;
    return static_cast<qint64>(status.ullTotalPhys / (1024 * 1024));
}

HardwareVirtualization HostInfo::virtualization()
{
    HardwareVirtualization v;
    v.accelerator = QStringLiteral("WHPX");
    v.acceleratorUsable = windowsHypervisorPlatformPresent();
    // Windows hides the extensions from itself once its own hypervisor runs: a working WHPX has them.
    v.extensions = IsProcessorFeaturePresent(PF_VIRT_FIRMWARE_ENABLED) || v.acceleratorUsable;
    // "Intel64 Family 6 Model 158 Stepping 10, GenuineIntel"
    const QString processor = qEnvironmentVariable("PROCESSOR_IDENTIFIER");
    if (processor.contains(QLatin1String("GenuineIntel")))
        v.extensionName = QStringLiteral("VT-x");
    else if (processor.contains(QLatin1String("AuthenticAMD")))
        v.extensionName = QStringLiteral("AMD-V");
    if (!v.extensions) {
        v.problem = tr("Windows reports the CPU's virtualisation extensions (VT-x or AMD-V) as turned off in the "
                       "firmware, or this computer is a VM that does not pass them on.");
        v.remedy = tr("Turn on Intel VT-x or AMD-V (also called SVM or Virtualization Technology) in the firmware "
                      "(BIOS or UEFI) settings, then turn on the Windows Hypervisor Platform.");
    } else if (!v.acceleratorUsable) {
        v.problem = tr("The Windows Hypervisor Platform is not turned on.");
        v.remedy = tr("Turn on \"Windows Hypervisor Platform\" in Windows Features (optionalfeatures.exe), then "
                      "restart Windows.");
    }
    return v;
}

} // namespace berth
