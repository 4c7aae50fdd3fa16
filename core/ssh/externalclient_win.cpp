#include "externalclient.h"
#include "util/translate.h"

#include <QProcess>
#include <QScopeGuard>

#include <windows.h>

namespace berth::ssh {

namespace {

// Ctrl+C and Ctrl+Break reach every process on the console: ssh, which shares it, decides what
// they do, and Berth waits for its exit code, as the exec of the Unix side gives ssh the signals.
BOOL WINAPI leaveToSsh(DWORD type)
{
    return type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT;
}

} // namespace

int runOpenSsh(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setInputChannelMode(QProcess::ForwardedInputChannel);
    process.start(program, arguments);
    if (!process.waitForStarted(30000)) {
        if (error)
            *error = tr("Cannot run %1: %2. Berth's built-in SSH client does without it.")
                         .arg(program, process.errorString());
        return -1;
    }
    SetConsoleCtrlHandler(leaveToSsh, TRUE);
    const auto restore = qScopeGuard([] { SetConsoleCtrlHandler(leaveToSsh, FALSE); });
    process.waitForFinished(-1);
    // A crash of ssh is an ssh failure, as OpenSSH reports its own.
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 255;
}

} // namespace berth::ssh
