#include "powershellhost.h"

#include <QDir>

namespace berth::hyperv {

QStringList powerShellCandidates()
{
    QStringList candidates;
    for (const char *variable : { "SystemRoot", "windir" }) {
        const QString root = qEnvironmentVariable(variable);
        if (!root.isEmpty())
            candidates << QDir::fromNativeSeparators(root)
                    + QStringLiteral("/System32/WindowsPowerShell/v1.0/powershell.exe");
    }
    candidates << QStringLiteral("C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe");
    candidates.removeDuplicates();
    return candidates;
}

QString powerShellProgramName()
{
    return QStringLiteral("powershell.exe");
}

} // namespace berth::hyperv
