#pragma once

#include <QString>

namespace berth {

// virtiofsd, QEMU's virtio-fs daemon, serving a machine's shared folder to QEMU's vhost-user-fs device: a
// program of its own beside QEMU, which ends when QEMU does (it closes the connection). Linux only
// (virtiofsd_unix.cpp; QEMU for Windows and macOS has no vhost-user-fs: virtiofsd_win.cpp finds none).
// Blocking: for a worker thread.
class Virtiofsd {
public:
    // The installed virtiofsd: QEMU 7's in /usr/lib/qemu (Debian 12's qemu-system-common), the Rust one in
    // /usr/libexec (Debian 13's virtiofsd package) or on the PATH. Empty where there is none.
    static QString find();
    // Whether virtiofsd acts as each user of the VM on the folder, as 9p does: only when Berth runs as root.
    // Without root virtiofsd runs in a user namespace of its own, as its root: the VM's root is this user,
    // and the VM's other users can read but not create files (virtiofsd cannot take their ids).
    static bool actsAsEveryGuestUser();
    // Starts program for folder, listening on socketPath (made anew), its output appended to logPath and its
    // pid written to pidPath; QEMU connects to socketPath afterwards. Without root it runs in a user namespace
    // (util-linux's unshare), as above.
    static bool start(const QString &program, const QString &folder, const QString &socketPath, const QString &logPath,
        const QString &pidPath, QString *error);
    // Ends the virtiofsd that pidPath names if it still runs (QEMU never connected, or did not end it), and
    // removes pidPath and socketPath.
    static void stop(const QString &pidPath, const QString &socketPath);
    // Whether the virtiofsd of pidPath runs; *lastWords is the last line of logPath when it does not.
    static bool isRunning(const QString &pidPath, const QString &logPath, QString *lastWords);
};

} // namespace berth
