#include "tcpsocket.h"

#include "ssh/forwardsocket.h"
#include "util/translate.h"

#include <QHostAddress>
#include <QHostInfo>

#include <climits>
#include <cstring>
#ifdef Q_OS_WIN
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netinet/in.h>
#include <sys/socket.h>
#endif

namespace berth {

namespace {

// The socket address of address:port; its length, or 0 for an address of another kind.
int socketAddress(const QHostAddress &address, quint16 port, sockaddr_storage *storage)
{
    std::memset(storage, 0, sizeof *storage);
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof *in;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        return sizeof *in6;
    }
    return 0;
}

} // namespace

TcpSocket::TcpSocket(const QDeadlineTimer &deadline)
    : m_deadline(deadline)
{
}

TcpSocket::~TcpSocket()
{
    ssh::net::closeSocket(m_socket);
}

TcpSocket::Status TcpSocket::fail(Status status, int code)
{
    m_error = status == Status::TimedOut ? tr("timed out") : qt_error_string(code);
    return status;
}

TcpSocket::Status TcpSocket::waitUntilReady(bool forWrite)
{
    for (;;) {
        const qint64 remaining = m_deadline.remainingTime();
        if (remaining == 0)
            return fail(Status::TimedOut, 0);
        const int ready = waitFor(m_socket, forWrite, remaining < 0 ? -1 : int(qMin<qint64>(remaining, INT_MAX)));
        if (ready > 0)
            return Status::Ok;
        if (ready < 0)
            return fail(Status::Failed, lastError());
    }
}

TcpSocket::Status TcpSocket::connectTo(const QString &host, quint16 port)
{
    // An IP address (what machines have) is taken as it is: QHostInfo would look its name up in DNS,
    // which can take seconds. A name is looked up, blocking.
    QList<QHostAddress> addresses { QHostAddress(host) };
    if (addresses.first().isNull()) {
        const QHostInfo info = QHostInfo::fromName(host);
        addresses = info.addresses();
        if (addresses.isEmpty()) {
            m_error = info.errorString();
            return Status::Failed;
        }
    }
    Status status = Status::Failed;
    for (const QHostAddress &address : std::as_const(addresses)) {
        sockaddr_storage storage;
        const int length = socketAddress(address, port, &storage);
        if (length == 0)
            continue;
        ssh::net::closeSocket(m_socket);
        int code = 0;
        m_socket = openConnecting(&storage, length, storage.ss_family, &code);
        if (m_socket == -1) {
            status = fail(isRefused(code) ? Status::Refused : Status::Failed, code);
            continue;
        }
        status = waitUntilReady(true);
        if (status == Status::TimedOut)
            return status;
        if (status == Status::Ok) {
            code = connectResult(m_socket);
            if (code == 0)
                return Status::Ok;
            status = fail(isRefused(code) ? Status::Refused : Status::Failed, code);
        }
    }
    return status;
}

TcpSocket::Status TcpSocket::sendAll(const char *data, qint64 size)
{
    while (size > 0) {
        const qint64 sent = ssh::net::writeSome(m_socket, data, size);
        if (sent == ssh::net::wouldBlock) {
            if (const Status status = waitUntilReady(true); status != Status::Ok)
                return status;
            continue;
        }
        if (sent < 0)
            return fail(Status::Failed, lastError());
        data += sent;
        size -= sent;
    }
    return Status::Ok;
}

TcpSocket::Status TcpSocket::receive(QByteArray *data)
{
    char buffer[16384];
    for (;;) {
        const qint64 received = ssh::net::readSome(m_socket, buffer, sizeof buffer);
        if (received > 0) {
            data->append(buffer, received);
            return Status::Ok;
        }
        if (received == 0) {
            m_error = tr("the connection was closed");
            return Status::Closed;
        }
        if (received != ssh::net::wouldBlock)
            return fail(Status::Failed, lastError());
        if (const Status status = waitUntilReady(false); status != Status::Ok)
            return status;
    }
}

} // namespace berth
