#include "process/commandrunner.h"
#include "terminallauncher.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

namespace berth {

TerminalPlatform TerminalLauncher::hostPlatform()
{
    return TerminalPlatform::Windows;
}

QString TerminalLauncher::userShell()
{
    // The desktop app's parent is Explorer, so the shell docker-machine's env would detect says nothing
    // here: PowerShell, version 7 when the user installed it.
    return QStandardPaths::findExecutable(QStringLiteral("pwsh.exe")).isEmpty() ? QStringLiteral("powershell")
                                                                                : QStringLiteral("pwsh");
}

bool TerminalLauncher::startDetached(const LaunchPlan &plan, QString *reason)
{
    QProcess process;
    process.setProgram(QDir::toNativeSeparators(plan.program));
    process.setArguments(plan.arguments);
    // cmd parses its command line itself: it gets it as planned, not as QProcess would quote arguments.
    if (!plan.nativeArguments.isEmpty())
        process.setNativeArguments(plan.nativeArguments);
    process.setProcessEnvironment(plan.environment);
    process.setWorkingDirectory(plan.workingDirectory);
    CommandRunner::closeInheritedDescriptors(&process);
    // Qt gives a detached console program a console window of its own: the one the user sees.
    if (process.startDetached())
        return true;
    *reason = process.errorString();
    return false;
}

} // namespace berth
