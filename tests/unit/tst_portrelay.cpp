#include "util/portrelay.h"

#include <QCryptographicHash>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

#include <memory>

using namespace berth;

// The agent's relay from the IPv6 loopback to a forward on 127.0.0.1, against servers of the test's own on
// 127.0.0.1 (served by this thread's event loop, which the QTRY_ macros run).
class TestPortRelay : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void tcpGoesBothWays();
    void tcpCarriesAMegabyteWhole();
    void tcpClosedWhereNothingListens();
    void udpRepliesFindTheirSender();
    void quietUdpSenderIsForgotten();
    void removedPortNoLongerAnswers();
    void takenPortIsRefused();
    void missingAddressIsSaid();

private:
    // A port with nothing on 127.0.0.1 or ::1, for TCP and UDP.
    static int freePort();
    void startEchoServer();
    // On 127.0.0.1:m_port, each datagram back to its sender, "re:" before it.
    void startUdpEcho(QUdpSocket *echo);
    // m_port relayed from ::1 to 127.0.0.1.
    PortRelay::Result relayFromIpv6(const QString &protocol, QString *error)
    {
        return m_relay->add(protocol, m_port, m_ipv6Loopback, m_loopback, error);
    }

    std::unique_ptr<PortRelay> m_relay;
    std::unique_ptr<QTcpServer> m_echo;
    int m_port = 0;
    const QHostAddress m_ipv6Loopback { QHostAddress::LocalHostIPv6 };
    const QHostAddress m_loopback { QHostAddress::LocalHost };
};

int TestPortRelay::freePort()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return 0;
        const int port = probe.serverPort();
        QTcpServer six;
        QUdpSocket udp4, udp6;
        if (six.listen(QHostAddress::LocalHostIPv6, quint16(port))
            && udp4.bind(QHostAddress::LocalHost, quint16(port), QAbstractSocket::DontShareAddress)
            && udp6.bind(QHostAddress::LocalHostIPv6, quint16(port), QAbstractSocket::DontShareAddress))
            return port;
    }
    return 0;
}

void TestPortRelay::initTestCase()
{
    // Where the test runs, there is an IPv6 loopback: the relay's whole point.
    QTcpServer probe;
    QVERIFY2(probe.listen(QHostAddress::LocalHostIPv6), qPrintable(probe.errorString()));
}

void TestPortRelay::init()
{
    m_port = freePort();
    QVERIFY(m_port > 0);
    m_relay = std::make_unique<PortRelay>();
}

void TestPortRelay::cleanup()
{
    m_relay.reset();
    m_echo.reset();
}

void TestPortRelay::startEchoServer()
{
    // Each connection: "hello\n" first, then whatever it is sent, back.
    m_echo = std::make_unique<QTcpServer>();
    QVERIFY(m_echo->listen(m_loopback, quint16(m_port)));
    connect(m_echo.get(), &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_echo->nextPendingConnection()) {
            socket->write("hello\n");
            connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->write(socket->readAll()); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

void TestPortRelay::startUdpEcho(QUdpSocket *echo)
{
    QVERIFY(echo->bind(m_loopback, quint16(m_port)));
    connect(echo, &QUdpSocket::readyRead, this, [echo] {
        while (echo->hasPendingDatagrams()) {
            const QNetworkDatagram d = echo->receiveDatagram();
            echo->writeDatagram(QByteArray("re:") + d.data(), d.senderAddress(), quint16(d.senderPort()));
        }
    });
}

void TestPortRelay::tcpGoesBothWays()
{
    startEchoServer();
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("tcp"), &error), PortRelay::Result::Relayed);
    QVERIFY(m_relay->contains(QStringLiteral("tcp"), m_port));
    QTcpSocket client;
    QByteArray got;
    connect(&client, &QTcpSocket::readyRead, this, [&] { got += client.readAll(); });
    client.connectToHost(m_ipv6Loopback, quint16(m_port));
    client.write("ping\n");
    QTRY_COMPARE(got, QByteArray("hello\nping\n"));
    QCOMPARE(m_relay->activeCount(), 1);
    // The client goes: the relay's two connections go.
    client.disconnectFromHost();
    QTRY_COMPARE(m_relay->activeCount(), 0);
    QTRY_COMPARE(m_echo->findChildren<QTcpSocket *>().size(), 0);
}

void TestPortRelay::tcpCarriesAMegabyteWhole()
{
    startEchoServer();
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("tcp"), &error), PortRelay::Result::Relayed);
    QByteArray sent;
    for (int i = 0; sent.size() < (1 << 20); ++i)
        sent += QByteArray::number(i) + ' ';
    QTcpSocket client;
    QByteArray got;
    connect(&client, &QTcpSocket::readyRead, this, [&] { got += client.readAll(); });
    client.connectToHost(m_ipv6Loopback, quint16(m_port));
    client.write(sent);
    QTRY_VERIFY_WITH_TIMEOUT(got.size() >= sent.size() + 6, 20000);
    QCOMPARE(QCryptographicHash::hash(got, QCryptographicHash::Sha256),
        QCryptographicHash::hash(QByteArray(QByteArray("hello\n") + sent), QCryptographicHash::Sha256));
}

void TestPortRelay::tcpClosedWhereNothingListens()
{
    // The forward behind the relay is gone: the connection taken is closed, nothing stays open.
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("tcp"), &error), PortRelay::Result::Relayed);
    QTcpSocket client;
    client.connectToHost(m_ipv6Loopback, quint16(m_port));
    QVERIFY(client.waitForConnected(5000));
    QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(m_relay->activeCount(), 0);
}

void TestPortRelay::udpRepliesFindTheirSender()
{
    QUdpSocket echo;
    startUdpEcho(&echo);
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("udp"), &error), PortRelay::Result::Relayed);
    // Two senders: each gets its own replies, from the port it sent to.
    QUdpSocket first, second;
    QVERIFY(first.bind(m_ipv6Loopback, 0));
    QVERIFY(second.bind(m_ipv6Loopback, 0));
    QList<QNetworkDatagram> toFirst, toSecond;
    connect(&first, &QUdpSocket::readyRead, this, [&] {
        while (first.hasPendingDatagrams())
            toFirst << first.receiveDatagram();
    });
    connect(&second, &QUdpSocket::readyRead, this, [&] {
        while (second.hasPendingDatagrams())
            toSecond << second.receiveDatagram();
    });
    first.writeDatagram("one", m_ipv6Loopback, quint16(m_port));
    second.writeDatagram("two", m_ipv6Loopback, quint16(m_port));
    first.writeDatagram("three", m_ipv6Loopback, quint16(m_port));
    QTRY_COMPARE(toFirst.size(), 2);
    QTRY_COMPARE(toSecond.size(), 1);
    QCOMPARE(toFirst.at(0).data(), QByteArray("re:one"));
    QCOMPARE(toFirst.at(1).data(), QByteArray("re:three"));
    QCOMPARE(toSecond.at(0).data(), QByteArray("re:two"));
    QCOMPARE(toFirst.at(0).senderPort(), m_port);
    QVERIFY(toFirst.at(0).senderAddress().isEqual(m_ipv6Loopback));
    QCOMPARE(m_relay->activeCount(), 2);
}

void TestPortRelay::quietUdpSenderIsForgotten()
{
    // A relay that forgets a sender quiet for 300 ms: its socket toward the target goes, and what it sends next
    // goes through a new one.
    m_relay = std::make_unique<PortRelay>(300);
    QUdpSocket echo;
    startUdpEcho(&echo);
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("udp"), &error), PortRelay::Result::Relayed);
    QUdpSocket sender;
    QVERIFY(sender.bind(m_ipv6Loopback, 0));
    int replies = 0;
    connect(&sender, &QUdpSocket::readyRead, this, [&] {
        while (sender.hasPendingDatagrams()) {
            sender.receiveDatagram();
            ++replies;
        }
    });
    sender.writeDatagram("first", m_ipv6Loopback, quint16(m_port));
    QTRY_COMPARE(replies, 1);
    QCOMPARE(m_relay->activeCount(), 1);
    QTRY_COMPARE(m_relay->activeCount(), 0);
    sender.writeDatagram("again", m_ipv6Loopback, quint16(m_port));
    QTRY_COMPARE(replies, 2);
}

void TestPortRelay::removedPortNoLongerAnswers()
{
    startEchoServer();
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("tcp"), &error), PortRelay::Result::Relayed);
    QTcpSocket open;
    open.connectToHost(m_ipv6Loopback, quint16(m_port));
    QVERIFY(open.waitForConnected(5000));
    QTRY_COMPARE(m_relay->activeCount(), 1);
    m_relay->remove(QStringLiteral("tcp"), m_port);
    QVERIFY(!m_relay->contains(QStringLiteral("tcp"), m_port));
    // Its connections end with it, and the port is free again.
    QTRY_COMPARE(open.state(), QAbstractSocket::UnconnectedState);
    QTcpSocket refused;
    refused.connectToHost(m_ipv6Loopback, quint16(m_port));
    QVERIFY(!refused.waitForConnected(5000));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestPortRelay::takenPortIsRefused()
{
    QTcpServer tcp;
    QVERIFY(tcp.listen(m_ipv6Loopback, quint16(m_port)));
    QUdpSocket udp;
    QVERIFY(udp.bind(m_ipv6Loopback, quint16(m_port), QAbstractSocket::DontShareAddress));
    for (const QString &protocol : { QStringLiteral("tcp"), QStringLiteral("udp") }) {
        QString error;
        QCOMPARE(relayFromIpv6(protocol, &error), PortRelay::Result::Refused);
        QVERIFY2(!error.isEmpty(), qPrintable(protocol));
        QVERIFY(!m_relay->contains(protocol, m_port));
    }
    // Free again: taken by the relay at the next try.
    tcp.close();
    QString error;
    QCOMPARE(relayFromIpv6(QStringLiteral("tcp"), &error), PortRelay::Result::Relayed);
}

void TestPortRelay::missingAddressIsSaid()
{
    // TEST-NET-1 (RFC 5737): an address no computer here has.
    QString error;
    QCOMPARE(m_relay->add(QStringLiteral("tcp"), m_port, QHostAddress(QStringLiteral("192.0.2.1")), m_loopback, &error),
        PortRelay::Result::AddressMissing);
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestPortRelay)
#include "tst_portrelay.moc"
