#pragma once

#include <QByteArray>
#include <QChar>
#include <QString>

namespace berth {

// What no value Berth writes into a configuration file or a shell's input may hold: C0 and C1
// control characters, DEL, and Unicode's line and paragraph separators (systemd ends a unit's line at
// CR, LF and NUL; sh, PowerShell and dockerd split at others).
bool isLineBreakOrControl(QChar c);
// The same for a string, and an unpaired half of a UTF-16 pair, which no UTF-8 file can carry.
bool containsLineBreakOrControl(const QString &value);
// The value as a message can show it: control characters and line breaks escaped (\r, \n, \t, \uXXXX).
QString visibleText(const QString &value);
// The file's last bytes (all of it when it is shorter); empty when it cannot be read.
QByteArray fileTail(const QString &path, qint64 bytes);
// The last line of a program's log (read from its last 4 KB), trimmed: what it said before it ended. Empty when the
// file cannot be read or says nothing.
QString lastLineOfFile(const QString &path);

} // namespace berth
