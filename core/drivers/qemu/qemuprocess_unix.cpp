#include "process/commandrunner.h"
#include "qemuprocess.h"
#include "util/translate.h"

#include <QFile>

namespace berth {

bool QemuProcess::qmpOverTcp()
{
    return false;
}

bool QemuProcess::canShareFolders()
{
    return true;
}

QStringList QemuProcess::installFolders()
{
    // Package managers put QEMU on the PATH.
    return {};
}

bool QemuProcess::start(const QString &program, const QStringList &arguments, const QmpEndpoint &, const QString &,
    int timeoutMs, QString *error)
{
    // With -daemonize QEMU's first process exits once the machine is set up and its QMP socket listens
    // (0), or when it failed, saying why on stderr; the daemon's own output goes to /dev/null.
    const CommandOutput output
        = CommandRunner::run(program, arguments + QStringList { QStringLiteral("-daemonize") }, timeoutMs);
    if (output.exitCode != 0) {
        *error = tr("QEMU did not start: %1").arg(CommandRunner::lastLine(output));
        return false;
    }
    return true;
}

bool QemuProcess::isOurQemu(qint64 pid, const QString &pidFilePath)
{
#if defined(Q_OS_LINUX)
    // The pid may have been reused by another program since QEMU died.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (cmdline.open(QIODevice::ReadOnly) && !cmdline.readAll().contains(QFile::encodeName(pidFilePath)))
        return false;
#else
    Q_UNUSED(pid)
    Q_UNUSED(pidFilePath)
#endif
    return true;
}

} // namespace berth
