#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <vector>

// The caller's terminal, for Session::interactive. Platform parts live in terminal_<platform>.cpp.
namespace berth::ssh::terminal {

// True when standard input is a terminal (then the remote side gets a PTY).
bool standardInputIsTerminal();

// Columns and rows of the terminal on standard input; false when there is none.
bool size(int *columns, int *rows);

// The TERM the remote PTY should emulate ("xterm" when unset).
QByteArray type();

// Raw mode on standard input while alive, when it is a terminal; the previous mode comes back on
// destruction and on SIGTERM/SIGHUP/SIGQUIT (Windows: Ctrl-Break, closing the console, logoff), so
// the user's shell is never left unusable.
class RawMode {
public:
    RawMode();
    ~RawMode();
    RawMode(const RawMode &) = delete;
    RawMode &operator=(const RawMode &) = delete;
    bool isActive() const { return m_active; }

private:
    bool m_active = false;
};

struct WaitResult {
    bool inputReady = false; // standard input is readable (or at its end)
    bool socketReady = false; // the SSH socket is readable
    bool resized = false; // the terminal changed size since the last wait
    bool failed = false; // the wait itself failed (poll, WaitForMultipleObjects)
};

// A forwarded connection's socket to watch in the same wait (see forwardsocket.h).
struct SocketWait {
    qintptr socket = -1;
    bool wantRead = false;
    bool wantWrite = false;
    bool readable = false; // out: readable, at its end or failed
    bool writable = false; // out
};

// Waits up to timeoutMs for standard input (when watchInput), the SSH socket, or one of sockets
// to become ready. The SSH socket is libssh's and stays in the blocking mode libssh gave it.
WaitResult waitForInput(bool watchInput, qintptr sshSocket, int timeoutMs, std::vector<SocketWait> *sockets = nullptr);

// Reads what standard input has: bytes read, 0 at its end, -1 on error.
qint64 readInput(char *buffer, qint64 length);

// Writes all of data to standard output (or standard error); false when it cannot be written.
bool writeOutput(const char *data, qint64 length, bool toStandardError);

} // namespace berth::ssh::terminal
