#pragma once

// Where Windows PowerShell is on this computer, each platform its own way (powershellhost_win.cpp,
// powershellhost_unix.cpp).

#include <QStringList>

namespace berth::hyperv {

// The paths to try before the PATH: on Windows the one Windows installs (under %SystemRoot%), so that a
// powershell.exe earlier on the PATH is not taken for it; none elsewhere.
QStringList powerShellCandidates();
// The program's name on the PATH: powershell.exe on Windows, powershell elsewhere (Berth's test double).
QString powerShellProgramName();

} // namespace berth::hyperv
