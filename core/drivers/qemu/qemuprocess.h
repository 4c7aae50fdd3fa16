#pragma once

#include "qmpclient.h"

#include <QString>
#include <QStringList>

namespace berth {

// The platform part of running QEMU: starting it so that it outlives Berth, and telling it by its pid
// (watched and killed as process/detachedprocess.h does). POSIX in qemuprocess_unix.cpp (QEMU's -daemonize,
// /proc), Windows in qemuprocess_win.cpp (a detached CreateProcess, process handles; QEMU for Windows has no
// -daemonize). Blocking: for a worker thread.
class QemuProcess {
public:
    // Where this platform's Berth reaches QMP: a Unix socket, or a loopback TCP port where Qt's
    // local sockets are not Unix sockets (Windows: named pipes, which QEMU does not serve).
    static bool qmpOverTcp();
    // QEMU for Windows has no 9p (-virtfs): no folder can be shared into the VM there.
    static bool canShareFolders();
    // Folders QEMU's programs are installed in besides the PATH (Windows: %ProgramFiles%\qemu, where
    // the QEMU for Windows installer puts them, as it does not add itself to the PATH).
    static QStringList installFolders();

    // Starts QEMU with arguments (which include its -qmp endpoint and -pidfile) so that it keeps
    // running after Berth exits, and returns once QEMU has set the machine up, or with what QEMU said
    // when it failed. logPath receives QEMU's own output where it has no other place (Windows).
    static bool start(const QString &program, const QStringList &arguments, const QmpEndpoint &qmp,
        const QString &logPath, int timeoutMs, QString *error);
    // Whether the live process pid is the QEMU that wrote pidFilePath, not another program that got
    // the pid after that QEMU died.
    static bool isOurQemu(qint64 pid, const QString &pidFilePath);
};

} // namespace berth
