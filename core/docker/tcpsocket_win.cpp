#include "tcpsocket.h"

#include <winsock2.h>
#include <ws2tcpip.h>

namespace berth {

qintptr TcpSocket::openConnecting(const void *address, int length, int family, int *error)
{
    // Winsock needs one WSAStartup per process before its first call; never undone.
    static const int started = [] {
        WSADATA data;
        return WSAStartup(MAKEWORD(2, 2), &data);
    }();
    if (started != 0) {
        *error = started;
        return -1;
    }
    const SOCKET socket = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
    if (socket == INVALID_SOCKET) {
        *error = WSAGetLastError();
        return -1;
    }
    const BOOL noDelay = TRUE; // see TcpSocket: no Nagle
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&noDelay), sizeof noDelay);
    u_long nonBlocking = 1;
    if (ioctlsocket(socket, FIONBIO, &nonBlocking) == 0
        && (connect(socket, static_cast<const sockaddr *>(address), length) == 0
            || WSAGetLastError() == WSAEWOULDBLOCK))
        return qintptr(socket);
    *error = WSAGetLastError();
    closesocket(socket);
    return -1;
}

int TcpSocket::waitFor(qintptr socket, bool forWrite, int timeoutMs)
{
    // select, not WSAPoll: WSAPoll never reports a connect that failed (refused) on many Windows versions.
    // A failed connect shows in the exception set.
    fd_set ready, failed;
    FD_ZERO(&ready);
    FD_ZERO(&failed);
    FD_SET(SOCKET(socket), &ready);
    FD_SET(SOCKET(socket), &failed);
    timeval timeout { timeoutMs / 1000, (timeoutMs % 1000) * 1000 };
    const int rc = select(
        0, forWrite ? nullptr : &ready, forWrite ? &ready : nullptr, &failed, timeoutMs < 0 ? nullptr : &timeout);
    if (rc == SOCKET_ERROR)
        return -1;
    return rc > 0 ? 1 : 0;
}

int TcpSocket::connectResult(qintptr socket)
{
    int code = 0;
    int length = sizeof code;
    if (getsockopt(SOCKET(socket), SOL_SOCKET, SO_ERROR, reinterpret_cast<char *>(&code), &length) != 0)
        return WSAGetLastError();
    return code;
}

int TcpSocket::lastError()
{
    return WSAGetLastError();
}

bool TcpSocket::isRefused(int code)
{
    return code == WSAECONNREFUSED;
}

} // namespace berth
