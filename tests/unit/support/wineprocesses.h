#pragma once

// Test support: the end of a killed program under Wine. Wine's server counts a process that
// TerminateProcess ends as gone (its handle signalled, its file locks released) once it has sent the Unix
// process SIGQUIT (server/thread.c, kill_thread), and that process may still finish the system call it
// was in: a rename, a write. On Windows the wait on a terminated process returns when it has stopped. A
// test that kills berth.exe and then looks at what it left waits under Wine for the Unix process too.

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QString>
#include <QThread>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace berth::test {

#ifdef Q_OS_WIN
inline bool underWine()
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}
#endif

// Under Wine: waits up to timeoutMs until no Unix process's command line holds text (Wine gives the
// process of a Windows program that program's command line), and says whether none does; false too when
// /proc cannot be read through Wine's drive Z:. Elsewhere true at once: the wait for a killed program
// already covers it.
inline bool waitForWineProcessesGone(const QString &text, int timeoutMs = 10000)
{
#ifdef Q_OS_WIN
    if (!underWine())
        return true;
    const QDir proc(QStringLiteral("Z:/proc"));
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const QStringList entries = proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        if (!entries.contains(QStringLiteral("self")))
            return false;
        bool found = false;
        for (const QString &pid : entries) {
            QFile cmdline(proc.filePath(pid + QStringLiteral("/cmdline")));
            if (pid.front().isDigit() && cmdline.open(QIODevice::ReadOnly)
                && QString::fromUtf8(cmdline.readAll()).contains(text)) {
                found = true;
                break;
            }
        }
        if (!found)
            return true;
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20);
    }
#else
    Q_UNUSED(text);
    Q_UNUSED(timeoutMs);
    return true;
#endif
}

} // namespace berth::test
