#pragma once

#include <QString>

namespace berth {

// Whether this system stores a file or folder under exactly this name (one path component, of the
// characters a machine name may hold). Windows does not for a name ending in a dot or a space (it drops
// them: "box." would be box's folder) nor for its device names, CON, PRN, AUX, NUL, COM0-9 and LPT0-9,
// with or without an extension ("nul.x" is NUL too). On false, reason says which. Platform parts:
// filename_unix.cpp, filename_win.cpp.
bool systemKeepsFileName(const QString &name, QString *reason);

} // namespace berth
