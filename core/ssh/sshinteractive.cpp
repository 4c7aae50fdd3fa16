#include "sshsession.h"
#include "sshsession_p.h"
#include "terminal.h"

#include <algorithm>

namespace berth::ssh {

int Session::interactive(const QString &command, QString *error)
{
    if (!d->requireConnection(error))
        return -1;
    ssh_session session = d->session.get();
    const Handle<ssh_channel> channel(ssh_channel_new(session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK) {
        setError(error, d->lostConnection());
        return -1;
    }
    const bool tty = terminal::standardInputIsTerminal();
    if (tty) {
        int columns = 80;
        int rows = 24;
        terminal::size(&columns, &rows);
        if (ssh_channel_request_pty_size(channel.get(), terminal::type().constData(), columns, rows) != SSH_OK) {
            setError(error,
                QCoreApplication::translate("berth", "%1 refused a terminal (PTY): %2.")
                    .arg(d->where(), libsshError(session)));
            return -1;
        }
    }
    const int started = command.isEmpty() ? ssh_channel_request_shell(channel.get())
                                          : ssh_channel_request_exec(channel.get(), command.toUtf8().constData());
    if (started != SSH_OK) {
        setError(error,
            QCoreApplication::translate("berth", "%1 refused to start %2: %3.")
                .arg(d->where(), command.isEmpty() ? QCoreApplication::translate("berth", "a shell") : command,
                    libsshError(session)));
        return -1;
    }

    const terminal::RawMode rawMode;
    bool inputEnded = false;
    QByteArray buffer(transferChunk, Qt::Uninitialized);
    for (;;) {
        // Drain what libssh already holds before sleeping on the socket.
        for (int isStderr = 0; isStderr <= 1; ++isStderr) {
            for (;;) {
                const int n = ssh_channel_read_nonblocking(
                    channel.get(), buffer.data(), static_cast<uint32_t>(buffer.size()), isStderr);
                if (n == SSH_ERROR) {
                    setError(error, d->lostConnection());
                    return -1;
                }
                if (n <= 0)
                    break;
                terminal::writeOutput(buffer.constData(), n, isStderr != 0);
            }
        }
        if (ssh_channel_is_eof(channel.get()) || ssh_channel_is_closed(channel.get()))
            break;

        const uint32_t window = ssh_channel_window_size(channel.get());
        const terminal::WaitResult wait
            = terminal::waitForInput(!inputEnded && window > 0, ssh_get_fd(session), pollIntervalMs);
        if (wait.failed || !ssh_is_connected(session)) {
            setError(error, d->lostConnection());
            return -1;
        }
        if (wait.resized && tty) {
            int columns = 0;
            int rows = 0;
            if (terminal::size(&columns, &rows))
                ssh_channel_change_pty_size(channel.get(), columns, rows);
        }
        if (wait.inputReady && !inputEnded && window > 0) {
            const qint64 n = terminal::readInput(buffer.data(), std::min<qint64>(buffer.size(), window));
            if (n > 0) {
                if (ssh_channel_write(channel.get(), buffer.constData(), static_cast<uint32_t>(n)) == SSH_ERROR) {
                    setError(error, d->lostConnection());
                    return -1;
                }
            } else {
                // End of input (or a closed terminal): the remote side sees EOF, as with ssh.
                ssh_channel_send_eof(channel.get());
                inputEnded = true;
            }
        }
    }
    const int exitCode = ssh_channel_get_exit_status(channel.get());
    ssh_channel_close(channel.get());
    if (exitCode < 0) {
        setError(error,
            ssh_is_connected(session) ? QCoreApplication::translate("berth",
                "The remote command on %1 ended without an exit status "
                "(it may have been killed by a signal).")
                                            .arg(d->where())
                                      : d->lostConnection());
        return -1;
    }
    return exitCode;
}

} // namespace berth::ssh
