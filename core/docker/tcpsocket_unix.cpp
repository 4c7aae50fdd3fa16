#include "tcpsocket.h"

#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace berth {

qintptr TcpSocket::openConnecting(const void *address, int length, int family, int *error)
{
    const int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0) {
        *error = errno;
        return -1;
    }
    // fcntl rather than SOCK_NONBLOCK | SOCK_CLOEXEC, which macOS lacks.
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    const int one = 1;
#ifdef SO_NOSIGPIPE // where send has no MSG_NOSIGNAL
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    // See TcpSocket: no Nagle.
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0
        && (connect(fd, static_cast<const sockaddr *>(address), socklen_t(length)) == 0 || errno == EINPROGRESS))
        return fd;
    *error = errno;
    close(fd);
    return -1;
}

int TcpSocket::waitFor(qintptr socket, bool forWrite, int timeoutMs)
{
    pollfd entry { int(socket), short(forWrite ? POLLOUT : POLLIN), 0 };
    const int rc = poll(&entry, 1, timeoutMs);
    if (rc < 0 && errno == EINTR)
        return 0; // the caller waits again for what remains
    return rc > 0 ? 1 : rc;
}

int TcpSocket::connectResult(qintptr socket)
{
    int code = 0;
    socklen_t length = sizeof code;
    if (getsockopt(int(socket), SOL_SOCKET, SO_ERROR, &code, &length) != 0)
        return errno;
    return code;
}

int TcpSocket::lastError()
{
    return errno;
}

bool TcpSocket::isRefused(int code)
{
    return code == ECONNREFUSED;
}

} // namespace berth
