#include "ssh/forwardsocket.h"
#include "ssh/terminal.h"

#include <QElapsedTimer>
#include <QTest>

#include <chrono>
#include <functional>
#include <thread>

using namespace berth::ssh;

// The sockets of -L/-R port forwarding on loopback, waited on as Session::interactive does
// (terminal::waitForInput, with one socket in the role of libssh's).
class TestForwardSocket : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listensOnAFreePort();
    void portInUseRefused();
    void connectionRefused();
    void dataBothWaysThenEnd();
    void writableAtOnce();
    void sshSocketReady();
    void waitTimesOut();

private:
    // A connected pair through listener; false when it cannot be made.
    bool connectPair(net::Socket *client, net::Socket *server);
    // Waits (up to 5 s) until done() holds, waiting on sockets and m_sshClient as the SSH socket.
    terminal::WaitResult waitUntil(
        std::vector<terminal::SocketWait> *sockets, const std::function<bool(const terminal::WaitResult &)> &done);

    net::Socket m_listener = net::invalidSocket;
    net::Socket m_sshClient = net::invalidSocket;
    net::Socket m_sshServer = net::invalidSocket;
    std::vector<net::Socket> m_sockets; // closed by cleanup()
};

bool TestForwardSocket::connectPair(net::Socket *client, net::Socket *server)
{
    QString error;
    *client = net::connectTcp(QStringLiteral("127.0.0.1"), net::localPort(m_listener), &error);
    if (*client == net::invalidSocket) {
        qWarning("connect: %s", qPrintable(error));
        return false;
    }
    m_sockets.push_back(*client);
    std::vector<terminal::SocketWait> waits { { m_listener, true, false } };
    for (int i = 0; i < 25 && !waits[0].readable; ++i)
        terminal::waitForInput(false, m_sshClient == net::invalidSocket ? *client : m_sshClient, 200, &waits);
    if (!waits[0].readable)
        return false;
    *server = net::acceptTcp(m_listener);
    if (*server == net::invalidSocket)
        return false;
    m_sockets.push_back(*server);
    return true;
}

terminal::WaitResult TestForwardSocket::waitUntil(
    std::vector<terminal::SocketWait> *sockets, const std::function<bool(const terminal::WaitResult &)> &done)
{
    QElapsedTimer timer;
    timer.start();
    terminal::WaitResult result;
    while (timer.elapsed() < 5000) {
        result = terminal::waitForInput(false, m_sshClient, 200, sockets);
        if (result.failed || done(result))
            break;
    }
    return result;
}

void TestForwardSocket::init()
{
    QString error;
    m_listener = net::listenTcp(QStringLiteral("127.0.0.1"), 0, &error);
    QVERIFY2(m_listener != net::invalidSocket, qPrintable(error));
    QVERIFY(connectPair(&m_sshClient, &m_sshServer));
}

void TestForwardSocket::cleanup()
{
    for (const net::Socket socket : m_sockets)
        net::closeSocket(socket);
    m_sockets.clear();
    net::closeSocket(m_listener);
    m_listener = m_sshClient = m_sshServer = net::invalidSocket;
}

void TestForwardSocket::listensOnAFreePort()
{
    QVERIFY(net::localPort(m_listener) > 0);
    // Nothing waiting: no connection, at once.
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(net::acceptTcp(m_listener), net::invalidSocket);
    QVERIFY(timer.elapsed() < 1000);
}

void TestForwardSocket::portInUseRefused()
{
    QString error;
    const net::Socket second = net::listenTcp(QStringLiteral("127.0.0.1"), net::localPort(m_listener), &error);
    if (second != net::invalidSocket)
        net::closeSocket(second);
    QCOMPARE(second, net::invalidSocket);
    QVERIFY(!error.isEmpty());
}

void TestForwardSocket::connectionRefused()
{
    QString error;
    const net::Socket probe = net::listenTcp(QStringLiteral("127.0.0.1"), 0, &error);
    QVERIFY2(probe != net::invalidSocket, qPrintable(error));
    const int port = net::localPort(probe);
    net::closeSocket(probe);
    const net::Socket socket = net::connectTcp(QStringLiteral("127.0.0.1"), port, &error);
    if (socket != net::invalidSocket)
        net::closeSocket(socket);
    QCOMPARE(socket, net::invalidSocket);
    QVERIFY(!error.isEmpty());
}

void TestForwardSocket::dataBothWaysThenEnd()
{
    net::Socket client = net::invalidSocket;
    net::Socket server = net::invalidSocket;
    QVERIFY(connectPair(&client, &server));
    char buffer[64];
    // Nothing sent yet: a non-blocking read says so.
    QCOMPARE(net::readSome(server, buffer, sizeof buffer), net::wouldBlock);

    QCOMPARE(net::writeSome(client, "hello", 5), qint64(5));
    std::vector<terminal::SocketWait> waits { { server, true, false } };
    QVERIFY(waitUntil(&waits, [&waits](const terminal::WaitResult &) { return waits[0].readable; }).failed == false);
    QVERIFY(waits[0].readable);
    QCOMPARE(net::readSome(server, buffer, sizeof buffer), qint64(5));
    QCOMPARE(QByteArray(buffer, 5), QByteArray("hello"));
    QCOMPARE(net::readSome(server, buffer, sizeof buffer), net::wouldBlock);

    QCOMPARE(net::writeSome(server, "world!", 6), qint64(6));
    waits = { { client, true, false } };
    waitUntil(&waits, [&waits](const terminal::WaitResult &) { return waits[0].readable; });
    QVERIFY(waits[0].readable);
    QCOMPARE(net::readSome(client, buffer, sizeof buffer), qint64(6));
    QCOMPARE(QByteArray(buffer, 6), QByteArray("world!"));

    // The client's end of sending: readable, then a read of 0; the other way still works.
    net::shutdownWrite(client);
    waits = { { server, true, false } };
    waitUntil(&waits, [&waits](const terminal::WaitResult &) { return waits[0].readable; });
    QVERIFY(waits[0].readable);
    QCOMPARE(net::readSome(server, buffer, sizeof buffer), qint64(0));
    QCOMPARE(net::writeSome(server, "bye", 3), qint64(3));
    waits = { { client, true, false } };
    waitUntil(&waits, [&waits](const terminal::WaitResult &) { return waits[0].readable; });
    QCOMPARE(net::readSome(client, buffer, sizeof buffer), qint64(3));
}

void TestForwardSocket::writableAtOnce()
{
    net::Socket client = net::invalidSocket;
    net::Socket server = net::invalidSocket;
    QVERIFY(connectPair(&client, &server));
    // Read interest not asked for: not reported, even with data there.
    QCOMPARE(net::writeSome(server, "x", 1), qint64(1));
    std::vector<terminal::SocketWait> waits { { client, false, true } };
    const terminal::WaitResult result = terminal::waitForInput(false, m_sshClient, 1000, &waits);
    QVERIFY(!result.failed);
    QVERIFY(waits[0].writable);
    QVERIFY(!waits[0].readable);
}

void TestForwardSocket::sshSocketReady()
{
    std::vector<terminal::SocketWait> waits;
    QCOMPARE(net::writeSome(m_sshServer, "ssh", 3), qint64(3));
    const terminal::WaitResult result
        = waitUntil(&waits, [](const terminal::WaitResult &wait) { return wait.socketReady; });
    QVERIFY(result.socketReady);
    QVERIFY(!result.inputReady);
    char buffer[8];
    QCOMPARE(net::readSome(m_sshClient, buffer, sizeof buffer), qint64(3));
    // Its peer done: ready too (libssh then reads the end).
    net::shutdownWrite(m_sshServer);
    QVERIFY(waitUntil(&waits, [](const terminal::WaitResult &wait) { return wait.socketReady; }).socketReady);
}

void TestForwardSocket::waitTimesOut()
{
    net::Socket client = net::invalidSocket;
    net::Socket server = net::invalidSocket;
    QVERIFY(connectPair(&client, &server));
    std::vector<terminal::SocketWait> waits { { server, true, false }, { m_listener, true, false } };
    QElapsedTimer timer;
    timer.start();
    const terminal::WaitResult result = terminal::waitForInput(false, m_sshClient, 300, &waits);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!result.failed && !result.socketReady && !result.inputReady);
    QVERIFY(!waits[0].readable && !waits[1].readable);
    QVERIFY2(elapsed >= 250, qPrintable(QString::number(elapsed)));
    // Data arriving during a wait ends it early.
    timer.restart();
    std::thread writer([client] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        net::writeSome(client, "late", 4);
    });
    terminal::waitForInput(false, m_sshClient, 3000, &waits);
    const qint64 woken = timer.elapsed();
    writer.join();
    QVERIFY(waits[0].readable);
    QVERIFY2(woken < 2000, qPrintable(QString::number(woken)));
}

QTEST_GUILESS_MAIN(TestForwardSocket)
#include "tst_forwardsocket.moc"
