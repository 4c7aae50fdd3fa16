#include "terminallauncher.h"

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

} // namespace berth
