#include "envrenderer.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>

// tlhelp32.h needs windows.h first.
// clang-format off
#include <windows.h>
#include <tlhelp32.h>
// clang-format on

namespace berth {

namespace {

struct ProcessEntry {
    QString exe; // file name, such as cmd.exe
    DWORD parent = 0;
};

// Every running process by id, from one Toolhelp snapshot; false with the reason when none can be had.
bool processTable(QHash<DWORD, ProcessEntry> *table, QString *reason)
{
    const HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) {
        *reason = qt_error_string(static_cast<int>(GetLastError()));
        return false;
    }
    PROCESSENTRY32W entry {};
    entry.dwSize = sizeof entry;
    for (BOOL more = Process32FirstW(snapshot, &entry); more; more = Process32NextW(snapshot, &entry))
        table->insert(entry.th32ProcessID, { QString::fromWCharArray(entry.szExeFile), entry.th32ParentProcessID });
    CloseHandle(snapshot);
    if (table->isEmpty()) {
        *reason = qt_error_string(static_cast<int>(GetLastError()));
        return false;
    }
    return true;
}

// When the process started; false when it cannot be asked (gone, or not ours to query).
bool startTime(DWORD pid, ULONGLONG *time)
{
    const HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!process)
        return false;
    FILETIME created;
    FILETIME exited;
    FILETIME kernel;
    FILETIME user;
    const bool known = GetProcessTimes(process, &created, &exited, &kernel, &user);
    CloseHandle(process);
    *time = (ULONGLONG(created.dwHighDateTime) << 32) | created.dwLowDateTime;
    return known;
}

// The file names of our ancestors, parent first, skipping copies of our own executable (a wrapper
// that is Berth itself says nothing of the shell). A process id the parent left behind may have been
// reused by a younger process: the walk stops there.
QStringList ancestorNames(const QHash<DWORD, ProcessEntry> &table)
{
    const DWORD self = GetCurrentProcessId();
    const QString ownExe = table.value(self).exe.toLower();
    QStringList names;
    DWORD child = self;
    for (int depth = 0; depth < 16 && names.size() < 2; ++depth) {
        const DWORD parent = table.value(child).parent;
        const auto it = table.constFind(parent);
        if (parent == 0 || parent == child || it == table.constEnd())
            break;
        ULONGLONG childStart = 0;
        ULONGLONG parentStart = 0;
        if (startTime(child, &childStart) && startTime(parent, &parentStart) && parentStart > childStart)
            break;
        if (it->exe.toLower() != ownExe)
            names << it->exe;
        child = parent;
    }
    return names;
}

} // namespace

QString detectShell(QString *error, QString *notice)
{
    const QString shell = qEnvironmentVariable("SHELL");
    if (shell.isEmpty()) {
        QHash<DWORD, ProcessEntry> table;
        QString reason;
        if (!processTable(&table, &reason)) {
            if (error)
                *error = QCoreApplication::translate("berth",
                    "Error: Unknown shell: the running processes cannot be listed (%1). Name it with --shell "
                    "(cmd or powershell).")
                             .arg(reason.trimmed());
            return {};
        }
        return shellFromAncestors(ancestorNames(table), notice);
    }
    // Git Bash, Cygwin and MSYS2 export SHELL; fish there sets __fish_bin_dir.
    if (!qEnvironmentVariable("__fish_bin_dir").isEmpty())
        return QStringLiteral("fish");
    QString name = QFileInfo(shell).fileName();
    if (name.endsWith(QLatin1String(".exe"), Qt::CaseInsensitive))
        name.chop(4);
    return name;
}

} // namespace berth
