#pragma once

// Test support: what a program printed, as text to compare with what is expected. On Windows a
// program's line ends are "\r\n" (berth.exe prints them so, as Windows programs do): they are made
// "\n" here, so one expectation holds on both platforms.

#include <QByteArray>
#include <QString>

namespace berth::test {

inline QString printedText(const QByteArray &bytes)
{
#ifdef Q_OS_WIN
    return QString::fromUtf8(bytes).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
#else
    return QString::fromUtf8(bytes);
#endif
}

} // namespace berth::test
