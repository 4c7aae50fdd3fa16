#include "portrelay.h"

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUdpSocket>

namespace berth {

namespace {

QString relayKey(const QString &protocol, int port)
{
    return protocol + QLatin1Char('/') + QString::number(port);
}

PortRelay::Result bindFailure(QAbstractSocket::SocketError error)
{
    return error == QAbstractSocket::SocketAddressNotAvailableError ? PortRelay::Result::AddressMissing
                                                                    : PortRelay::Result::Refused;
}

} // namespace

// One port relayed, on the relay's thread.
class RelayedPort : public QObject {
public:
    RelayedPort(const QHostAddress &to, int port)
        : m_to(to)
        , m_port(port)
    {
    }
    virtual PortRelay::Result listen(const QHostAddress &from, QString *error) = 0;
    virtual int active() const = 0;

protected:
    QHostAddress m_to;
    int m_port;
};

// Each connection taken here is joined to one opened to the target: what one side sends goes to the other, and
// when one side closes, the other is closed once what it was sent has gone out.
class TcpRelayedPort final : public RelayedPort {
public:
    TcpRelayedPort(const QHostAddress &to, int port)
        : RelayedPort(to, port)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] { takeConnections(); });
    }

    PortRelay::Result listen(const QHostAddress &from, QString *error) override
    {
        if (m_server.listen(from, quint16(m_port)))
            return PortRelay::Result::Relayed;
        *error = m_server.errorString();
        return bindFailure(m_server.serverError());
    }

    int active() const override { return m_connections; }

private:
    void takeConnections()
    {
        while (QTcpSocket *in = m_server.nextPendingConnection()) {
            // The taken connection owns the one to the target: deleting it ends both.
            in->setParent(this);
            auto *out = new QTcpSocket(in);
            ++m_connections;
            connect(in, &QObject::destroyed, this, [this] { --m_connections; });
            join(in, out, in);
            join(out, in, in);
            out->connectToHost(m_to, quint16(m_port));
        }
    }

    static void join(QTcpSocket *from, QTcpSocket *to, QTcpSocket *owner)
    {
        connect(from, &QIODevice::readyRead, to, [from, to] {
            if (to->isOpen())
                to->write(from->readAll());
        });
        // Closed by its peer, reset, or refused (nothing listens at the target: the forward went a moment ago).
        connect(from, &QAbstractSocket::stateChanged, to, [from, to, owner](QAbstractSocket::SocketState state) {
            if (state != QAbstractSocket::UnconnectedState)
                return;
            if (to->isOpen() && from->bytesAvailable() > 0)
                to->write(from->readAll());
            to->disconnectFromHost();
            if (to->state() == QAbstractSocket::UnconnectedState)
                owner->deleteLater();
        });
    }

    QTcpServer m_server;
    int m_connections = 0;
};

// Datagrams: each sender here gets a socket of its own toward the target, so that the target's replies find their
// way back to it.
class UdpRelayedPort final : public RelayedPort {
public:
    UdpRelayedPort(const QHostAddress &to, int port, int idleMs)
        : RelayedPort(to, port)
        , m_idleMs(idleMs)
    {
        connect(&m_socket, &QUdpSocket::readyRead, this, [this] { takeDatagrams(); });
        connect(&m_sweep, &QTimer::timeout, this, [this] { forgetQuietSenders(); });
        // Looked for four times in that time.
        m_sweep.start(qMax(idleMs / 4, 10));
    }

    PortRelay::Result listen(const QHostAddress &from, QString *error) override
    {
        // Not shared: a port another program has bound is taken, as it is for TCP.
        if (m_socket.bind(from, quint16(m_port), QAbstractSocket::DontShareAddress))
            return PortRelay::Result::Relayed;
        *error = m_socket.errorString();
        return bindFailure(m_socket.error());
    }

    int active() const override { return int(m_senders.size()); }

private:
    struct Sender {
        QUdpSocket *socket = nullptr;
        QElapsedTimer lastUsed;
    };

    void takeDatagrams()
    {
        while (m_socket.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = m_socket.receiveDatagram();
            const QHostAddress address = datagram.senderAddress();
            const int port = datagram.senderPort();
            const QString key = address.toString() + QLatin1Char('|') + QString::number(port);
            auto it = m_senders.find(key);
            if (it == m_senders.end()) {
                auto *socket = new QUdpSocket(this);
                connect(socket, &QUdpSocket::readyRead, this, [this, socket, address, port, key] {
                    while (socket->hasPendingDatagrams())
                        m_socket.writeDatagram(socket->receiveDatagram().data(), address, quint16(port));
                    const auto sender = m_senders.find(key);
                    if (sender != m_senders.end())
                        sender->lastUsed.start();
                });
                it = m_senders.insert(key, Sender { socket, {} });
            }
            it->lastUsed.start();
            it->socket->writeDatagram(datagram.data(), m_to, quint16(m_port));
        }
    }

    void forgetQuietSenders()
    {
        for (auto it = m_senders.begin(); it != m_senders.end();) {
            if (it->lastUsed.hasExpired(m_idleMs)) {
                delete it->socket;
                it = m_senders.erase(it);
            } else {
                ++it;
            }
        }
    }

    const int m_idleMs;
    QUdpSocket m_socket;
    QTimer m_sweep;
    QHash<QString, Sender> m_senders;
};

// The relays, on the relay's thread.
class PortRelayWorker : public QObject {
public:
    QHash<QString, RelayedPort *> relays;

    ~PortRelayWorker() override { qDeleteAll(relays); }
};

PortRelay::PortRelay(int udpIdleMs)
    : m_udpIdleMs(udpIdleMs)
    , m_thread(std::make_unique<QThread>())
    , m_worker(new PortRelayWorker)
{
    m_thread->setObjectName(QStringLiteral("berth-port-relay"));
    m_worker->moveToThread(m_thread.get());
    // The relays go with their thread, on it.
    QObject::connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

PortRelay::~PortRelay()
{
    m_thread->quit();
    m_thread->wait();
}

PortRelay::Result PortRelay::add(
    const QString &protocol, int port, const QHostAddress &from, const QHostAddress &to, QString *error)
{
    Result result = Result::Relayed;
    PortRelayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            const QString key = relayKey(protocol, port);
            if (worker->relays.contains(key))
                return;
            RelayedPort *relay = protocol == QLatin1String("udp")
                ? static_cast<RelayedPort *>(new UdpRelayedPort(to, port, m_udpIdleMs))
                : static_cast<RelayedPort *>(new TcpRelayedPort(to, port));
            result = relay->listen(from, error);
            if (result == Result::Relayed)
                worker->relays.insert(key, relay);
            else
                delete relay;
        },
        Qt::BlockingQueuedConnection);
    return result;
}

void PortRelay::remove(const QString &protocol, int port)
{
    PortRelayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [&] { delete worker->relays.take(relayKey(protocol, port)); }, Qt::BlockingQueuedConnection);
}

bool PortRelay::contains(const QString &protocol, int port) const
{
    bool found = false;
    PortRelayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [&] { found = worker->relays.contains(relayKey(protocol, port)); }, Qt::BlockingQueuedConnection);
    return found;
}

int PortRelay::activeCount() const
{
    int count = 0;
    PortRelayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            for (const RelayedPort *relay : std::as_const(worker->relays))
                count += relay->active();
        },
        Qt::BlockingQueuedConnection);
    return count;
}

} // namespace berth
