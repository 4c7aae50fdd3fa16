#include "powershellhost.h"

namespace berth::hyperv {

QStringList powerShellCandidates()
{
    return {};
}

QString powerShellProgramName()
{
    // PowerShell 7 (pwsh) has no Hyper-V module on Linux or macOS: only the test double answers to this.
    return QStringLiteral("powershell");
}

} // namespace berth::hyperv
