#include "forwardsocket.h"
#include "util/translate.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace berth::ssh::net {

namespace {

void setNonBlocking(int fd)
{
    const int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
#ifdef SO_NOSIGPIPE
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
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
        *error = tr("cannot resolve %1: %2").arg(host, QString::fromLocal8Bit(gai_strerror(rc)));
        return false;
    }
    return true;
}

} // namespace

// The first address of host:port on which use(fd, address) succeeds, as a non-blocking socket.
template <typename Use> Socket firstSocket(const QString &host, int port, bool passive, Use use, QString *error)
{
    AddressList addresses;
    if (!resolve(host, port, passive, &addresses, error))
        return invalidSocket;
    QString reason;
    for (addrinfo *at = addresses.list; at; at = at->ai_next) {
        const int fd = socket(at->ai_family, at->ai_socktype, at->ai_protocol);
        if (fd < 0)
            continue;
        if (use(fd, at)) {
            setNonBlocking(fd);
            return fd;
        }
        reason = QString::fromLocal8Bit(std::strerror(errno));
        close(fd);
    }
    *error = reason.isEmpty() ? tr("no usable address") : reason;
    return invalidSocket;
}

Socket listenTcp(const QString &address, int port, QString *error)
{
    const auto bindAndListen = [](int fd, const addrinfo *at) {
        const int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        return bind(fd, at->ai_addr, at->ai_addrlen) == 0 && listen(fd, 16) == 0;
    };
    return firstSocket(address, port, true, bindAndListen, error);
}

Socket acceptTcp(Socket listener)
{
    for (;;) {
        const int fd = accept(static_cast<int>(listener), nullptr, nullptr);
        if (fd < 0 && errno == EINTR)
            continue;
        if (fd >= 0)
            setNonBlocking(fd);
        return fd < 0 ? invalidSocket : fd;
    }
}

Socket connectTcp(const QString &host, int port, QString *error)
{
    const auto connectTo = [](int fd, const addrinfo *at) { return ::connect(fd, at->ai_addr, at->ai_addrlen) == 0; };
    return firstSocket(host, port, false, connectTo, error);
}

int localPort(Socket socket)
{
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (getsockname(static_cast<int>(socket), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    if (address.ss_family == AF_INET)
        return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
    return 0;
}

qint64 readSome(Socket socket, char *buffer, qint64 length)
{
    for (;;) {
        const ssize_t n = recv(static_cast<int>(socket), buffer, static_cast<size_t>(length), 0);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? wouldBlock : -1;
    }
}

qint64 writeSome(Socket socket, const char *data, qint64 length)
{
#ifdef MSG_NOSIGNAL
    const int flags = MSG_NOSIGNAL;
#else
    const int flags = 0;
#endif
    for (;;) {
        const ssize_t n = send(static_cast<int>(socket), data, static_cast<size_t>(length), flags);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? wouldBlock : -1;
    }
}

void shutdownWrite(Socket socket)
{
    shutdown(static_cast<int>(socket), SHUT_WR);
}

void closeSocket(Socket socket)
{
    if (socket != invalidSocket)
        close(static_cast<int>(socket));
}

} // namespace berth::ssh::net
