#pragma once

#include <QString>
#include <QStringList>

namespace berth {

// Programs that outlive Berth (QEMU where it has no -daemonize, a machine's agent), watched and ended by their
// pid. POSIX in detachedprocess_unix.cpp (kill(2)), Windows in detachedprocess_win.cpp (process handles).
class DetachedProcess {
public:
    // Starts program detached from Berth (no console, its own process group or session, out of Berth's job),
    // stdout and stderr appended to logPath, in workingDir; *pid is its process id. On POSIX passedDescriptor, when
    // not -1, stays open in the program under the same number (a listening socket it is told of); Windows has none.
    static bool start(const QString &program, const QStringList &arguments, const QString &workingDir,
        const QString &logPath, qint64 *pid, QString *error, int passedDescriptor = -1);
    // Whether a process with that id runs and may be signalled by this user.
    static bool isAlive(qint64 pid);
    // True once pid has exited, false if it still runs after timeoutMs.
    static bool waitForExit(qint64 pid, int timeoutMs);
    // Ends pid at once, without asking (SIGKILL, TerminateProcess). False if it could not be asked to.
    static bool killHard(qint64 pid);
    // The program gets none of Berth's descriptors or handles beyond its standard input, output and error (on POSIX
    // start() makes them close-on-exec for the start, as Qt 6.4's startDetached runs no child modifier, and leaves
    // them as they were after it).
    // For a program started so, first thing in main(): closes what it inherited beyond standard input, output and
    // error all the same, should another thread of the starter have opened a descriptor without close-on-exec
    // between that and the fork; on Windows this does nothing.
    static void closeInheritedDescriptors();
};

} // namespace berth
