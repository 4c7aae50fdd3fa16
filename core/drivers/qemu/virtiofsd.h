#pragma once

#include <QString>

namespace berth {

// virtiofsd, QEMU's virtio-fs daemon, serving a machine's shared folder to QEMU's vhost-user-fs device: a
// program of its own beside QEMU, which ends when QEMU does (it closes the connection). Linux only
// (virtiofsd_unix.cpp; QEMU for Windows and macOS has no vhost-user-fs: virtiofsd_win.cpp finds none).
// Blocking: for a worker thread.
class Virtiofsd {
public:
    // A virtiofsd program and what it can do, as its --help says.
    struct Program {
        QString path;
        // The Rust virtiofsd (Debian 13's package virtiofsd; --shared-dir), not QEMU 7's (-o source=).
        bool rust = false;
        // It translates the VM's user ids itself (--translate-uid: the Rust virtiofsd from 1.11 on).
        bool translatesIds = false;
        bool isEmpty() const { return path.isEmpty(); }
    };

    // Whether QEMU here can share a folder through virtiofs at all: on Linux only.
    static bool available();
    // explicitPath when given (--qemu-virtiofsd), else the virtiofsd on the PATH, else the Rust one in
    // /usr/libexec (Debian 13, Fedora) or /usr/lib (Arch), else QEMU 7's in /usr/lib/qemu (Debian 12's
    // qemu-system-common). Empty where there is none (or explicitPath is not an executable file).
    static QString find(const QString &explicitPath = QString());
    // What the program at path is (it runs `path --help`); empty when path is.
    static Program inspect(const QString &path);
    // Whether program acts as each user of the VM on the folder, as 9p does: when Berth runs as root, or when
    // it translates ids: then every user of the VM is this user on this computer, and this user's files are
    // theirs in the VM (9p shows them so too). Otherwise it runs in a user namespace of its own, as its root:
    // the VM's root is this user, and the VM's other users can read but not create files (virtiofsd cannot
    // take their ids).
    static bool actsAsEveryGuestUser(const Program &program);
    // Starts program for folder, listening on socketPath (made anew), its output appended to logPath and its
    // pid written to pidPath; QEMU connects to socketPath afterwards. Without root, as above: with every id of
    // the VM translated to this user's, or in a user namespace (util-linux's unshare).
    static bool start(const Program &program, const QString &folder, const QString &socketPath, const QString &logPath,
        const QString &pidPath, QString *error);
    // Ends the virtiofsd that pidPath names if it still runs (QEMU never connected, or did not end it), and
    // removes pidPath and socketPath.
    static void stop(const QString &pidPath, const QString &socketPath);
    // Whether the virtiofsd of pidPath runs; *lastWords is the last line of logPath when it does not.
    static bool isRunning(const QString &pidPath, const QString &logPath, QString *lastWords);
};

} // namespace berth
