// VirtualBoxDriver::check: what the first-run check shows of VirtualBox on this computer.

#include "util/hostinfo.h"
#include "util/translate.h"
#include "vboxcommands.h"
#include "vboxhost.h"
#include "vboxinfo.h"
#include "virtualboxdriver.h"
#include "vmimage/vmimage.h"

#include <QFileInfo>

namespace berth {

using namespace vbox;

namespace {
// Below a QEMU with a hardware accelerator (100), above an emulating one (10). On Windows VirtualBox comes
// first: it shares the home folder, which QEMU for Windows cannot.
#if defined(Q_OS_WIN)
constexpr int virtualBoxPreference = 110;
#else
constexpr int virtualBoxPreference = 80;
#endif
} // namespace

DriverCheck VirtualBoxDriver::check(const QString &storePath)
{
    DriverCheck c;
    c.driverName = QStringLiteral("virtualbox");
    QStringList problems, remedies;
    c.preference = virtualBoxPreference;
    const auto result = [&] { return c.finished(problems, remedies); };

    const VBoxManage vbox;
    if (!vbox.found()) {
        c.summary = tr("VirtualBox is not installed");
        problems << tr("VirtualBox is not installed: Berth found no VBoxManage.");
        remedies << tr("Install VirtualBox %1.%2 or later from https://www.virtualbox.org (or set VBOX_INSTALL_PATH "
                       "to the folder that holds VBoxManage).")
                        .arg(minimumMajor)
                        .arg(minimumMinor);
        return result();
    }
    const Result run = vbox.run(args::version(), 15);
    Version version = Version::parse(run.standardOutput);
    c.version = version.text;
    if (!run.ok) {
        c.summary = tr("VirtualBox does not run");
        problems << run.error;
        remedies << tr("Reinstall VirtualBox from https://www.virtualbox.org.");
        return result();
    }
    QString problem, remedy;
    if (!checkVersion(run.standardOutput + run.standardError, &version, &problem, &remedy)) {
        c.summary
            = version.isValid() ? tr("VirtualBox %1 cannot be used").arg(version.text) : tr("VirtualBox does not run");
        problems << problem;
        remedies << remedy;
        return result();
    }
    c.usable = true;

    const HardwareVirtualization hardware = HostInfo::virtualization();
    c.accelerator = hardware.extensionName.isEmpty() ? QStringLiteral("VT-x/AMD-V") : hardware.extensionName;
    if (hyperVRunning()) {
        c.usable = false;
        problems << tr("Hyper-V runs on this computer, and VirtualBox cannot use VT-x or AMD-V beside it.");
        remedies << tr("Choose Hyper-V instead, or turn Hyper-V off (bcdedit /set hypervisorlaunchtype off as an "
                       "administrator, then restart Windows).");
    } else if (!hardware.extensions) {
        c.usable = false;
        problems << hardware.problem;
        remedies << hardware.remedy;
    }

    VmImage image;
    QString imageError;
    if (!VmImage::find(
            storePath + QStringLiteral("/cache"), qEnvironmentVariable("VIRTUALBOX_IMAGE"), &image, &imageError)) {
        c.usable = false;
        problems << tr("Berth's VM image is missing or cannot be used.");
        remedies << imageError;
    } else if (!QFileInfo::exists(image.filePath(QStringLiteral("system.vdi")))) {
        c.usable = false;
        problems << tr("Berth's VM image has no disk for VirtualBox (system.vdi).");
        remedies << tr("Rebuild it with installer/vm-image/build.sh.");
    }
    c.summary = c.usable ? tr("VirtualBox %1").arg(version.text) : tr("VirtualBox %1 cannot be used").arg(version.text);
    return result();
}

} // namespace berth
