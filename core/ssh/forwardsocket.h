#pragma once

#include <QString>
#include <QtGlobal>

// The TCP sockets of port forwarding (-L, -R) for Session::interactive. Platform parts live in
// forwardsocket_<platform>.cpp; sockets are waited on with terminal::waitForInput.
namespace berth::ssh::net {

using Socket = qintptr;
constexpr Socket invalidSocket = -1;

// A listening socket on address:port; invalidSocket with error set when that cannot be.
Socket listenTcp(const QString &address, int port, QString *error);
// The next waiting connection of listener, non-blocking; invalidSocket when there is none.
Socket acceptTcp(Socket listener);
// A connection to host:port, made non-blocking once connected; invalidSocket with error set.
Socket connectTcp(const QString &host, int port, QString *error);
// The local port of a socket (0 when unknown).
int localPort(Socket socket);

constexpr qint64 wouldBlock = -2;
// Bytes read (0 at the peer's end), wouldBlock, or -1 on error.
qint64 readSome(Socket socket, char *buffer, qint64 length);
// Bytes written (perhaps fewer than length), wouldBlock, or -1 on error; never raises SIGPIPE.
qint64 writeSome(Socket socket, const char *data, qint64 length);
void shutdownWrite(Socket socket);
void closeSocket(Socket socket);

} // namespace berth::ssh::net
