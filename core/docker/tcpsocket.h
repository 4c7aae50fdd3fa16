#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>
#include <QtGlobal>

namespace berth {

// A TCP connection whose connect, reads and writes all end at one deadline, so an engine that never
// answers costs at most the timeout. Non-blocking underneath; reads and writes go through ssh::net
// (no SIGPIPE). Nagle's algorithm is off (TCP_NODELAY): a request sent right after the handshake's last
// message would otherwise wait for the engine's delayed ACK, 40 ms on Linux, longer than the rest of
// the exchange. Platform parts live in tcpsocket_<platform>.cpp. Used by one thread at a time.
class TcpSocket {
public:
    enum class Status { Ok, Closed, Refused, TimedOut, Failed };

    explicit TcpSocket(const QDeadlineTimer &deadline);
    ~TcpSocket();
    TcpSocket(const TcpSocket &) = delete;
    TcpSocket &operator=(const TcpSocket &) = delete;

    // Tries each address of host in turn until one accepts.
    Status connectTo(const QString &host, quint16 port);
    Status sendAll(const char *data, qint64 size);
    // Appends what arrives next to data, waiting for it; Closed at the peer's end of the stream.
    Status receive(QByteArray *data);
    void setDeadline(const QDeadlineTimer &deadline) { m_deadline = deadline; }
    // Why the last call that did not return Ok failed, as the system says it.
    QString errorString() const { return m_error; }

private:
    // Ok once the socket can be written (or read); TimedOut or Failed otherwise.
    Status waitUntilReady(bool forWrite);
    Status fail(Status status, int code);

    // Platform parts. A non-blocking socket whose connect has begun (or already ended), or -1 with
    // *error set.
    static qintptr openConnecting(const void *address, int length, int family, int *error);
    // 1 when the socket is ready, 0 when timeoutMs passed first, -1 on error.
    static int waitFor(qintptr socket, bool forWrite, int timeoutMs);
    // What a connect that has ended gave: 0, or the system's error code.
    static int connectResult(qintptr socket);
    static int lastError();
    static bool isRefused(int code);

    qintptr m_socket = -1;
    QDeadlineTimer m_deadline;
    QString m_error;
};

} // namespace berth
