#include "terminallauncher.h"

namespace berth {

TerminalPlatform TerminalLauncher::hostPlatform()
{
#ifdef Q_OS_MACOS
    return TerminalPlatform::MacOS;
#else
    return TerminalPlatform::Linux;
#endif
}

QString TerminalLauncher::userShell()
{
    // The login shell the user chose (chsh); a desktop session exports it.
    const QString shell = qEnvironmentVariable("SHELL");
    return shell.isEmpty() ? QStringLiteral("/bin/sh") : shell;
}

} // namespace berth
