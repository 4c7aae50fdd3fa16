#include "terminal.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace berth::ssh::terminal {

namespace {

// Signal handlers may only touch lock-free atomics and async-signal-safe calls.
std::atomic<bool> resizedFlag { false };
struct termios savedMode;
std::atomic<bool> savedModeValid { false };

struct sigaction previousWinch;
struct sigaction previousTerm;
struct sigaction previousHup;
struct sigaction previousQuit;

extern "C" void onWindowChange(int)
{
    resizedFlag.store(true);
}

// Restores the terminal, then dies of the same signal with its default action.
extern "C" void onFatalSignal(int signalNumber)
{
    if (savedModeValid.load())
        tcsetattr(STDIN_FILENO, TCSADRAIN, &savedMode);
    signal(signalNumber, SIG_DFL);
    raise(signalNumber);
}

void install(int signalNumber, void (*handler)(int), struct sigaction *previous)
{
    struct sigaction action { };
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a resize interrupts poll() so the new size is sent at once.
    action.sa_flags = 0;
    sigaction(signalNumber, &action, previous);
}

} // namespace

bool standardInputIsTerminal()
{
    return isatty(STDIN_FILENO) == 1;
}

bool size(int *columns, int *rows)
{
    struct winsize ws { };
    if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 || ws.ws_row == 0)
        return false;
    *columns = ws.ws_col;
    *rows = ws.ws_row;
    return true;
}

QByteArray type()
{
    const QByteArray term = qgetenv("TERM");
    return term.isEmpty() ? QByteArrayLiteral("xterm") : term;
}

RawMode::RawMode()
{
    if (!standardInputIsTerminal() || tcgetattr(STDIN_FILENO, &savedMode) != 0)
        return;
    savedModeValid.store(true);
    install(SIGTERM, onFatalSignal, &previousTerm);
    install(SIGHUP, onFatalSignal, &previousHup);
    install(SIGQUIT, onFatalSignal, &previousQuit);
    install(SIGWINCH, onWindowChange, &previousWinch);

    struct termios raw = savedMode;
    cfmakeraw(&raw);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) != 0) {
        savedModeValid.store(false);
        sigaction(SIGTERM, &previousTerm, nullptr);
        sigaction(SIGHUP, &previousHup, nullptr);
        sigaction(SIGQUIT, &previousQuit, nullptr);
        sigaction(SIGWINCH, &previousWinch, nullptr);
        return;
    }
    m_active = true;
}

RawMode::~RawMode()
{
    if (!m_active)
        return;
    tcsetattr(STDIN_FILENO, TCSADRAIN, &savedMode);
    savedModeValid.store(false);
    sigaction(SIGTERM, &previousTerm, nullptr);
    sigaction(SIGHUP, &previousHup, nullptr);
    sigaction(SIGQUIT, &previousQuit, nullptr);
    sigaction(SIGWINCH, &previousWinch, nullptr);
}

WaitResult waitForInput(bool watchInput, qintptr sshSocket, int timeoutMs, std::vector<SocketWait> *sockets)
{
    WaitResult result;
    std::vector<struct pollfd> fds(2 + (sockets ? sockets->size() : 0));
    fds[0].fd = static_cast<int>(sshSocket);
    fds[0].events = POLLIN;
    fds[1].fd = watchInput ? STDIN_FILENO : -1;
    fds[1].events = POLLIN;
    for (size_t i = 0; sockets && i < sockets->size(); ++i) {
        const SocketWait &wait = sockets->at(i);
        fds[2 + i].fd = wait.wantRead || wait.wantWrite ? static_cast<int>(wait.socket) : -1;
        fds[2 + i].events = static_cast<short>((wait.wantRead ? POLLIN : 0) | (wait.wantWrite ? POLLOUT : 0));
    }
    const int rc = poll(fds.data(), static_cast<nfds_t>(fds.size()), timeoutMs);
    if (rc < 0 && errno != EINTR)
        result.failed = true;
    if (rc > 0) {
        result.socketReady = (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
        result.inputReady = (fds[1].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
        for (size_t i = 0; sockets && i < sockets->size(); ++i) {
            SocketWait &wait = (*sockets)[i];
            const short revents = fds[2 + i].revents;
            wait.readable = wait.wantRead && (revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
            wait.writable = wait.wantWrite && (revents & (POLLOUT | POLLHUP | POLLERR | POLLNVAL)) != 0;
        }
    }
    result.resized = resizedFlag.exchange(false);
    return result;
}

qint64 readInput(char *buffer, qint64 length)
{
    for (;;) {
        const ssize_t n = read(STDIN_FILENO, buffer, static_cast<size_t>(length));
        if (n < 0 && errno == EINTR)
            continue;
        return n;
    }
}

bool writeOutput(const char *data, qint64 length, bool toStandardError)
{
    const int fd = toStandardError ? STDERR_FILENO : STDOUT_FILENO;
    while (length > 0) {
        const ssize_t n = write(fd, data, static_cast<size_t>(length));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                struct pollfd out {
                    fd, POLLOUT, 0
                };
                poll(&out, 1, 1000);
                continue;
            }
            return false;
        }
        data += n;
        length -= n;
    }
    return true;
}

} // namespace berth::ssh::terminal
