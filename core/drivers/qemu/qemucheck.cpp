// QemuDriver::check: what the first-run check shows of QEMU on this computer.

#include "process/commandrunner.h"
#include "qemudriver.h"
#include "qemuhost.h"
#include "util/hostinfo.h"
#include "util/translate.h"
#include "vmimage/vmimage.h"

namespace berth {

using namespace qemu;

namespace {
// An accelerated QEMU is the best choice a driver can be; emulated, it works but is several times slower.
constexpr int acceleratedPreference = 100;
constexpr int emulatedPreference = 10;
} // namespace

DriverCheck QemuDriver::check(const QString &storePath)
{
    DriverCheck c;
    c.driverName = QStringLiteral("qemu");
    QStringList problems, remedies;
    const auto result = [&] { return c.finished(problems, remedies); };

    // The same variables create reads (QEMU_BINARY, QEMU_IMAGE).
    const QString explicitBinary = qEnvironmentVariable("QEMU_BINARY");
    const QString binary = findQemuSystem(explicitBinary);
    if (binary.isEmpty()) {
        c.summary = tr("QEMU is not installed");
        problems << (explicitBinary.isEmpty()
                ? tr("QEMU is not installed: %1 is not on the PATH.").arg(qemuSystemName())
                : tr("QEMU_BINARY names %1, which is not an executable file.").arg(nativePath(explicitBinary)));
        remedies << installAdvice();
        return result();
    }
    const CommandOutput output = CommandRunner::run(binary, { QStringLiteral("--version") }, 15000);
    c.version = parseQemuVersion(output.standardOutput);
    if (output.exitCode != 0 || c.version.isEmpty()) {
        c.summary = tr("QEMU does not run");
        problems << tr("%1 does not run: %2").arg(nativePath(binary), CommandRunner::lastLine(output));
        remedies << tr("Reinstall QEMU. %1").arg(installAdvice());
        return result();
    }
    c.usable = true;
    if (findQemuImg(binary).isEmpty()) {
        c.usable = false;
        problems << tr("qemu-img, which makes the VM's disks, is not installed.");
        remedies << installAdvice();
    }

    VmImage image;
    QString imageError;
    if (!VmImage::find(storePath + QStringLiteral("/cache"), qEnvironmentVariable("QEMU_IMAGE"), &image, &imageError)) {
        c.usable = false;
        // VmImage's message says what is wrong with it and how to get one.
        problems << tr("Berth's VM image is missing or cannot be used.");
        remedies << imageError;
    }

    // As QemuDriver::qemuArguments chooses: the system's accelerator where it can run an x86-64 VM.
    const HardwareVirtualization hardware = HostInfo::virtualization();
    if (!hostRunsX86()) {
        c.accelerator = QStringLiteral("TCG");
        problems << tr("Berth's VM image is for x86-64 processors: QEMU emulates one on this computer, which is "
                       "several times slower.");
        remedies << tr("None for now: an image for this processor is planned.");
    } else if (hardware.acceleratorUsable) {
        c.accelerator = hardware.accelerator;
    } else {
        c.accelerator = QStringLiteral("TCG");
        problems << tr("%1 QEMU emulates the processor instead, which is several times slower.").arg(hardware.problem);
        remedies << hardware.remedy;
    }
    const bool accelerated = c.accelerator != QLatin1String("TCG");
    c.preference = accelerated ? acceleratedPreference : emulatedPreference;
    c.summary = accelerated ? tr("QEMU %1 with %2").arg(c.version, c.accelerator)
                            : tr("QEMU %1, emulating the processor (no hardware acceleration)").arg(c.version);
    return result();
}

} // namespace berth
