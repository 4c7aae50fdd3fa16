#include "forwardsocket.h"
#include "util/translate.h"

#include <QtGlobal>

#include <climits>
#include <winsock2.h>
#include <ws2tcpip.h>

namespace berth::ssh::net {

namespace {

// Winsock needs one WSAStartup per process before its first call; it is never undone, as sockets
// may live until exit.
bool startWinsock(QString *error)
{
    static const int rc = [] {
        WSADATA data;
        return WSAStartup(MAKEWORD(2, 2), &data);
    }();
    if (rc != 0 && error)
        *error = tr("Windows Sockets cannot start: %1").arg(qt_error_string(rc));
    return rc == 0;
}

SOCKET native(Socket socket)
{
    return static_cast<SOCKET>(socket);
}

Socket wrap(SOCKET socket)
{
    return socket == INVALID_SOCKET ? invalidSocket : static_cast<Socket>(socket);
}

int clampedLength(qint64 length)
{
    return static_cast<int>(qMin<qint64>(length, INT_MAX));
}

void setNonBlocking(SOCKET socket)
{
    u_long one = 1;
    ioctlsocket(socket, FIONBIO, &one);
    // As FD_CLOEXEC: programs Berth starts must not hold a forwarded port open.
    SetHandleInformation(reinterpret_cast<HANDLE>(socket), HANDLE_FLAG_INHERIT, 0);
}

struct AddressList {
    addrinfo *list = nullptr;
    ~AddressList()
    {
        if (list)
            freeaddrinfo(list);
    }
};

bool resolve(const QString &host, int port, bool passive, AddressList *addresses, QString *error)
{
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    const QByteArray name = host.toUtf8();
    const QByteArray service = QByteArray::number(port);
    const int rc
        = getaddrinfo(name.isEmpty() ? nullptr : name.constData(), service.constData(), &hints, &addresses->list);
    if (rc != 0) {
        *error = tr("cannot resolve %1: %2").arg(host, qt_error_string(rc));
        return false;
    }
    return true;
}

// The first address of host:port on which use(socket, address) succeeds, as a non-blocking socket.
template <typename Use> Socket firstSocket(const QString &host, int port, bool passive, Use use, QString *error)
{
    if (!startWinsock(error))
        return invalidSocket;
    AddressList addresses;
    if (!resolve(host, port, passive, &addresses, error))
        return invalidSocket;
    QString reason;
    for (addrinfo *at = addresses.list; at; at = at->ai_next) {
        const SOCKET socket = ::socket(at->ai_family, at->ai_socktype, at->ai_protocol);
        if (socket == INVALID_SOCKET)
            continue;
        if (use(socket, at)) {
            setNonBlocking(socket);
            return wrap(socket);
        }
        reason = qt_error_string(WSAGetLastError());
        closesocket(socket);
    }
    *error = reason.isEmpty() ? tr("no usable address") : reason;
    return invalidSocket;
}

} // namespace

Socket listenTcp(const QString &address, int port, QString *error)
{
    const auto bindAndListen = [](SOCKET socket, const addrinfo *at) {
        // SO_REUSEADDR on Windows lets another program take over a bound port; exclusive use is what
        // the POSIX default gives.
        const BOOL one = TRUE;
        setsockopt(socket, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&one), sizeof one);
        return bind(socket, at->ai_addr, static_cast<int>(at->ai_addrlen)) == 0 && listen(socket, 16) == 0;
    };
    return firstSocket(address, port, true, bindAndListen, error);
}

Socket acceptTcp(Socket listener)
{
    const SOCKET socket = accept(native(listener), nullptr, nullptr);
    if (socket != INVALID_SOCKET)
        setNonBlocking(socket);
    return wrap(socket);
}

Socket connectTcp(const QString &host, int port, QString *error)
{
    const auto connectTo = [](SOCKET socket, const addrinfo *at) {
        return ::connect(socket, at->ai_addr, static_cast<int>(at->ai_addrlen)) == 0;
    };
    return firstSocket(host, port, false, connectTo, error);
}

int localPort(Socket socket)
{
    sockaddr_storage address {};
    int length = sizeof address;
    if (getsockname(native(socket), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    if (address.ss_family == AF_INET)
        return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
    return 0;
}

namespace {
// What recv or send returned: bytes, wouldBlock, or -1; an interrupted call is made again.
template <typename Call> qint64 retried(Call call)
{
    for (;;) {
        const int n = call();
        if (n != SOCKET_ERROR)
            return n;
        const int code = WSAGetLastError();
        if (code != WSAEINTR)
            return code == WSAEWOULDBLOCK ? wouldBlock : -1;
    }
}
} // namespace

qint64 readSome(Socket socket, char *buffer, qint64 length)
{
    return retried([&] { return recv(native(socket), buffer, clampedLength(length), 0); });
}

qint64 writeSome(Socket socket, const char *data, qint64 length)
{
    return retried([&] { return send(native(socket), data, clampedLength(length), 0); });
}

void shutdownWrite(Socket socket)
{
    shutdown(native(socket), SD_SEND);
}

void closeSocket(Socket socket)
{
    if (socket != invalidSocket)
        closesocket(native(socket));
}

} // namespace berth::ssh::net
