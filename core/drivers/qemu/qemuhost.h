#pragma once

// What the QEMU driver needs to know of this computer: which QEMU it runs, whether an accelerator can
// run Berth's VM, and where its programs are.

#include <QString>
#include <QStringList>

namespace berth {

struct VmImage;

namespace qemu {

// The image files a machine boots from.
QStringList imageFiles(const VmImage &image);
// Berth's VM image is x86-64 only (installer/vm-image builds amd64): QEMU emulates an x86-64 machine
// everywhere, and a hardware accelerator can run it only on an x86-64 host. On Apple silicon that means
// TCG until there is an arm64 image for qemu-system-aarch64 with HVF.
bool hostRunsX86();
// Whether KVM can run the VM here (Linux; false elsewhere): see HostInfo::linuxVirtualization.
bool kvmUsable();
// The QEMU program for the image (see hostRunsX86()).
QString qemuSystemName();
// That program: explicitPath when given (empty if it is not an executable file), else from the PATH, else
// where QEMU's installer puts it; empty when there is none.
QString findQemuSystem(const QString &explicitPath);
// qemu-img beside qemuSystem first, then on the PATH; empty when there is none.
QString findQemuImg(const QString &qemuSystem);
// "7.2.22" from `qemu-system-x86_64 --version` ("QEMU emulator version 7.2.22 (Debian ...)"); empty if
// the text is not QEMU's.
QString parseQemuVersion(const QByteArray &output);
// What installs QEMU's programs on this system, for messages; on Linux from os-release's text (the
// Debian family's package names). installAdvice() reads /etc/os-release.
QString installAdvice(const QByteArray &osRelease);
QString installAdvice();
// QEMU reports in its log that an accelerator it was given failed and that it runs on TCG instead.
bool fellBackToTcg(const QString &logPath);
// How a machine's folder is shared (--qemu-share-protocol, Driver.ShareProtocol); empty: Berth chooses at each start.
inline constexpr QLatin1String virtiofsProtocol("virtiofs");
inline constexpr QLatin1String ninePProtocol("9p");
inline bool isShareProtocol(const QString &value)
{
    return value.isEmpty() || value == virtiofsProtocol || value == ninePProtocol;
}

} // namespace qemu
} // namespace berth
