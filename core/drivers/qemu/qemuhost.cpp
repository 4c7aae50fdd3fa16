#include "qemuhost.h"

#include "process/commandrunner.h"
#include "provision/osrelease.h"
#include "qemuprocess.h"
#include "util/hostinfo.h"
#include "util/translate.h"
#include "vmimage/vmimage.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>

namespace berth::qemu {

QStringList imageFiles(const VmImage &image)
{
    return { QStringLiteral("system.qcow2"), image.kernelFile, image.initrdFile };
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

QString findQemuSystem(const QString &explicitPath)
{
    if (!explicitPath.isEmpty())
        return CommandRunner::findProgram(QString(), { explicitPath });
    QString binary = CommandRunner::findProgram(qemuSystemName());
    // Not on the PATH: where an installer puts it (an empty list of folders would search the PATH).
    if (binary.isEmpty() && !QemuProcess::installFolders().isEmpty())
        binary = QStandardPaths::findExecutable(qemuSystemName(), QemuProcess::installFolders());
    return binary;
}

QString findQemuImg(const QString &qemuSystem)
{
    // Beside qemu-system first (findExecutable adds .exe on Windows), then the PATH.
    const QString imgBeside
        = QStandardPaths::findExecutable(QStringLiteral("qemu-img"), { QFileInfo(qemuSystem).absolutePath() });
    return CommandRunner::findProgram(
        QStringLiteral("qemu-img"), imgBeside.isEmpty() ? QStringList() : QStringList { imgBeside });
}

QString parseQemuVersion(const QByteArray &output)
{
    static const QRegularExpression version(
        QStringLiteral("^QEMU emulator version (\\d+\\.\\d+(?:\\.\\d+)?)"), QRegularExpression::MultilineOption);
    return version.match(QString::fromUtf8(output)).captured(1);
}

QString installAdvice(const QByteArray &osRelease)
{
#if defined(Q_OS_WIN)
    Q_UNUSED(osRelease)
    return tr("Install QEMU for Windows in %ProgramFiles%\\qemu, or put its folder on the PATH.");
#elif defined(Q_OS_MACOS)
    Q_UNUSED(osRelease)
    return tr("Install QEMU (with Homebrew: brew install qemu).");
#else
    if (OsRelease::parse(osRelease).isLike(QStringLiteral("debian")))
        return tr("Install the packages qemu-system-x86 and qemu-utils (apt install qemu-system-x86 qemu-utils).");
    return tr("Install QEMU (its x86-64 system emulator and qemu-img) with the system's package manager.");
#endif
}

QString installAdvice()
{
    QFile file(QStringLiteral("/etc/os-release"));
    return installAdvice(file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray());
}

// QEMU on Windows writes this to stderr (its log there); elsewhere an accelerator that fails stops QEMU.
bool fellBackToTcg(const QString &logPath)
{
    QFile log(logPath);
    return log.open(QIODevice::ReadOnly) && log.read(1 << 20).contains("falling back to tcg");
}

} // namespace berth::qemu
