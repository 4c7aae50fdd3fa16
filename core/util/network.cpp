#include "network.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUdpSocket>

namespace berth {

QString loopbackIPv4()
{
    return QStringLiteral("127.0.0.1");
}

bool isValidHostAddress(const QString &host)
{
    // QHostAddress trims blanks and takes a scope ("fe80::1%eth0"): only the address's own characters.
    // \\z, not $: a pattern's $ also matches before a final newline.
    static const QRegularExpression addressCharacters(QStringLiteral("\\A[0-9A-Fa-f.:]+\\z"));
    if (addressCharacters.match(host).hasMatch()
        && QHostAddress(host).protocol() != QAbstractSocket::UnknownNetworkLayerProtocol)
        return true;
    static const QRegularExpression dnsName(
        QStringLiteral("\\A(?=.{1,253}\\z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\z"));
    return dnsName.match(host).hasMatch();
}

QString joinHostPort(const QString &host, int port)
{
    if (host.contains(QLatin1Char(':')))
        return QLatin1Char('[') + host + QStringLiteral("]:") + QString::number(port);
    return host + QLatin1Char(':') + QString::number(port);
}

bool tcpPortAnswers(const QString &host, int port, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(host, static_cast<quint16>(port));
    const bool connected = socket.waitForConnected(timeoutMs);
    socket.abort();
    return connected;
}

bool sshBannerSeen(const QString &host, int port, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QTcpSocket socket;
    socket.connectToHost(host, static_cast<quint16>(port));
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return false;
    QByteArray received;
    while (received.size() < 4 && !deadline.hasExpired()) {
        if (!socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
        received += socket.readAll();
    }
    socket.abort();
    return received.startsWith("SSH-");
}

PortUse probeLocalPort(const QString &protocol, const QString &address, int port)
{
    const QHostAddress host(address);
    QAbstractSocket::SocketError failure = QAbstractSocket::UnknownSocketError;
    bool bound = false;
    if (protocol == QLatin1String("udp")) {
        QUdpSocket socket;
        bound = socket.bind(host, quint16(port));
        failure = socket.error();
    } else {
        QTcpServer server;
        bound = server.listen(host, quint16(port));
        failure = server.serverError();
    }
    if (bound)
        return PortUse::Free;
    if (failure == QAbstractSocket::AddressInUseError)
        return PortUse::InUse;
    if (failure == QAbstractSocket::SocketAccessError)
        return PortUse::NotAllowed;
    return PortUse::Unusable;
}

} // namespace berth
