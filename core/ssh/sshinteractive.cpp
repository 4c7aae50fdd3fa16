// Session::interactive: the remote command or shell on the caller's terminal, plus the port
// forwards (-L, -R) of the built-in client, all pumped by one loop on one thread.
#include "forwardsocket.h"
#include "sshsession.h"
#include "sshsession_p.h"
#include "terminal.h"
#include "util/translate.h"

#include <QMap>
#include <QScopeGuard>

#include <algorithm>
#include <vector>

namespace berth::ssh {

namespace {

// One forwarded connection: a local socket and its SSH channel.
struct Link {
    net::Socket socket = net::invalidSocket;
    Handle<ssh_channel> channel;
    QByteArray toSocket; // read from the channel, not yet written to the socket
    bool socketEnded = false; // the socket's peer finished sending; the channel got EOF
    bool channelEnded = false; // the channel's peer finished sending; the socket's write side is shut
    bool dead = false;

    ~Link()
    {
        if (channel && !ssh_channel_is_closed(channel.get()))
            ssh_channel_close(channel.get());
        net::closeSocket(socket);
    }
};

struct Listener {
    net::Socket socket = net::invalidSocket;
    Forward forward;
};

void warn(const QString &message)
{
    const QByteArray text = message.toUtf8() + "\r\n";
    terminal::writeOutput(text.constData(), text.size(), true);
}

QString forwardTarget(const Forward &forward)
{
    return hostPort(forward.host, forward.hostPort);
}

// Moves what the channel has to the socket, as far as the socket takes it.
void pumpToSocket(Link *link, QByteArray *buffer)
{
    if (!link->channelEnded && link->toSocket.isEmpty()) {
        const int n = ssh_channel_read_nonblocking(
            link->channel.get(), buffer->data(), static_cast<uint32_t>(buffer->size()), 0);
        if (n == SSH_ERROR) {
            link->dead = true;
            return;
        }
        if (n > 0)
            link->toSocket.append(buffer->constData(), n);
        else if (ssh_channel_is_eof(link->channel.get()) || ssh_channel_is_closed(link->channel.get()))
            link->channelEnded = true;
    }
    if (!link->toSocket.isEmpty()) {
        const qint64 written = net::writeSome(link->socket, link->toSocket.constData(), link->toSocket.size());
        if (written == -1) {
            link->dead = true;
            return;
        }
        if (written > 0)
            link->toSocket.remove(0, written);
    }
    if (link->channelEnded && link->toSocket.isEmpty()) {
        net::shutdownWrite(link->socket);
        if (link->socketEnded || ssh_channel_is_closed(link->channel.get()))
            link->dead = true;
    }
}

} // namespace

int Session::interactive(const QString &command, QString *error)
{
    return interactive(command, ClientOptions(), error);
}

int Session::interactive(const QString &command, const ClientOptions &options, QString *error)
{
    if (!d->requireConnection(error))
        return -1;
    ssh_session session = d->session.get();

    std::vector<Listener> listeners;
    const auto closeListeners = qScopeGuard([&listeners] {
        for (const Listener &listener : listeners)
            net::closeSocket(listener.socket);
    });
    for (const Forward &forward : options.localForwards) {
        QString address = forward.bindAddress.isEmpty() ? QStringLiteral("127.0.0.1") : forward.bindAddress;
        if (address == QLatin1String("*"))
            address = QStringLiteral("0.0.0.0");
        QString reason;
        const net::Socket socket = net::listenTcp(address, forward.port, &reason);
        if (socket == net::invalidSocket) {
            setError(error,
                tr("Cannot forward the local port %1 (-L %2): %3. Choose a port that is free here.")
                    .arg(hostPort(address, forward.port), forward.spec, reason));
            return -1;
        }
        listeners.push_back({ socket, forward });
    }
    QMap<int, Forward> remoteForwards; // by the port the server listens on
    for (const Forward &forward : options.remoteForwards) {
        const QByteArray address
            = (forward.bindAddress.isEmpty() ? QStringLiteral("localhost") : forward.bindAddress).toUtf8();
        int bound = forward.port;
        if (ssh_channel_listen_forward(session, address.constData(), forward.port, &bound) != SSH_OK) {
            setError(error,
                tr("%1 refused to forward its port %2 (-R %3): %4. Check that its sshd allows TCP forwarding "
                   "(AllowTcpForwarding) and that the port is free there.")
                    .arg(d->where())
                    .arg(forward.port)
                    .arg(forward.spec, libsshError(session)));
            return -1;
        }
        if (forward.port == 0) {
            bound = bound > 0 ? bound : forward.port;
            warn(tr("Allocated port %1 for remote forward to %2").arg(bound).arg(forwardTarget(forward)));
        }
        remoteForwards.insert(forward.port == 0 ? bound : forward.port, forward);
    }

    Handle<ssh_channel> channel;
    bool tty = false;
    if (!options.noCommand) {
        channel.reset(ssh_channel_new(session));
        if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK) {
            setError(error, d->lostConnection());
            return -1;
        }
        tty = options.tty == ClientOptions::Tty::Force
            || (options.tty == ClientOptions::Tty::Auto && terminal::standardInputIsTerminal());
        if (tty) {
            int columns = 80;
            int rows = 24;
            terminal::size(&columns, &rows);
            if (ssh_channel_request_pty_size(channel.get(), terminal::type().constData(), columns, rows) != SSH_OK) {
                setError(error, tr("%1 refused a terminal (PTY): %2.").arg(d->where(), libsshError(session)));
                return -1;
            }
        }
        const int started = command.isEmpty() ? ssh_channel_request_shell(channel.get())
                                              : ssh_channel_request_exec(channel.get(), command.toUtf8().constData());
        if (started != SSH_OK) {
            setError(error,
                tr("%1 refused to start %2: %3.")
                    .arg(d->where(), command.isEmpty() ? tr("a shell") : command, libsshError(session)));
            return -1;
        }
    }

    std::unique_ptr<terminal::RawMode> rawMode;
    if (tty)
        rawMode = std::make_unique<terminal::RawMode>();
    bool inputEnded = !channel;
    std::vector<std::unique_ptr<Link>> links;
    std::vector<terminal::SocketWait> waits;
    QByteArray buffer(transferChunk, Qt::Uninitialized);
    for (;;) {
        if (channel) {
            // Drain what libssh already holds before sleeping on the socket.
            const auto toTerminal
                = [](const char *data, int n, bool isStderr) { terminal::writeOutput(data, n, isStderr); };
            if (drainChannel(channel.get(), &buffer, toTerminal) < 0) {
                setError(error, d->lostConnection());
                return -1;
            }
            if (ssh_channel_is_eof(channel.get()) || ssh_channel_is_closed(channel.get()))
                break;
        }

        // Connections the server accepted on a -R port (this also reads what the socket holds).
        for (;;) {
            int port = 0;
            char *originator = nullptr;
            int originatorPort = 0;
            Handle<ssh_channel> incoming(
                ssh_channel_open_forward_port(session, 0, &port, &originator, &originatorPort));
            ssh_string_free_char(originator);
            if (!incoming)
                break;
            const auto it = remoteForwards.constFind(port);
            if (it == remoteForwards.constEnd()) {
                ssh_channel_close(incoming.get());
                continue;
            }
            QString reason;
            const net::Socket socket = net::connectTcp(it->host, it->hostPort, &reason);
            if (socket == net::invalidSocket) {
                warn(
                    tr("Cannot connect to %1 for the remote forward %2: %3").arg(forwardTarget(*it), it->spec, reason));
                ssh_channel_close(incoming.get());
                continue;
            }
            auto link = std::make_unique<Link>();
            link->socket = socket;
            link->channel = std::move(incoming);
            links.push_back(std::move(link));
        }
        for (auto &link : links)
            pumpToSocket(link.get(), &buffer);
        links.erase(
            std::remove_if(links.begin(), links.end(), [](const auto &link) { return link->dead; }), links.end());
        if (!ssh_is_connected(session)) {
            setError(error, d->lostConnection());
            return -1;
        }

        waits.clear();
        for (const Listener &listener : listeners)
            waits.push_back({ listener.socket, true, false });
        for (const auto &link : links) {
            const bool room = ssh_channel_window_size(link->channel.get()) > 0;
            waits.push_back({ link->socket, !link->socketEnded && room, !link->toSocket.isEmpty() });
        }
        const uint32_t window = channel ? ssh_channel_window_size(channel.get()) : 0;
        const terminal::WaitResult wait
            = terminal::waitForInput(!inputEnded && window > 0, ssh_get_fd(session), pollIntervalMs, &waits);
        if (wait.failed) {
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
        for (size_t i = 0; i < listeners.size(); ++i) {
            if (!waits[i].readable)
                continue;
            const Listener &listener = listeners[i];
            const net::Socket socket = net::acceptTcp(listener.socket);
            if (socket == net::invalidSocket)
                continue;
            auto link = std::make_unique<Link>();
            link->socket = socket;
            link->channel.reset(ssh_channel_new(session));
            const QByteArray host = listener.forward.host.toUtf8();
            if (!link->channel
                || ssh_channel_open_forward(link->channel.get(), host.constData(), listener.forward.hostPort,
                       "127.0.0.1", net::localPort(socket))
                    != SSH_OK) {
                warn(
                    tr("%1 refused to connect to %2 for the local forward %3: %4")
                        .arg(d->where(), forwardTarget(listener.forward), listener.forward.spec, libsshError(session)));
                link->channel.reset();
                continue;
            }
            links.push_back(std::move(link));
        }
        for (size_t i = 0; i < links.size(); ++i) {
            Link *link = links[i].get();
            if (!waits[listeners.size() + i].readable)
                continue;
            const uint32_t room = ssh_channel_window_size(link->channel.get());
            if (room == 0)
                continue;
            const qint64 n = net::readSome(link->socket, buffer.data(), std::min<qint64>(buffer.size(), room));
            if (n > 0) {
                if (ssh_channel_write(link->channel.get(), buffer.constData(), static_cast<uint32_t>(n)) == SSH_ERROR)
                    link->dead = true;
            } else if (n == 0) {
                ssh_channel_send_eof(link->channel.get());
                link->socketEnded = true;
            } else if (n == -1) {
                link->dead = true;
            }
        }
    }
    rawMode.reset();
    const int exitCode = ssh_channel_get_exit_status(channel.get());
    ssh_channel_close(channel.get());
    if (exitCode < 0) {
        setError(error,
            ssh_is_connected(session) ? tr("The remote command on %1 ended without an exit status "
                                           "(it may have been killed by a signal).")
                                            .arg(d->where())
                                      : d->lostConnection());
        return -1;
    }
    return exitCode;
}

} // namespace berth::ssh
