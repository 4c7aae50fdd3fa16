#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QString>

#include <memory>

class QIODevice;
class QLocalSocket;
class QTcpSocket;

namespace berth {

// Where QEMU serves QMP: a Unix socket (-qmp unix:PATH,server=on,wait=off), or a TCP port on the
// loopback address where Berth has no Unix sockets (Windows: -qmp tcp:127.0.0.1:PORT,server=on,wait=off).
struct QmpEndpoint {
    QString socketPath; // set for a Unix socket
    quint16 port = 0; // set for a loopback TCP port

    static QmpEndpoint unixSocket(const QString &path) { return { path, 0 }; }
    static QmpEndpoint loopbackPort(quint16 port) { return { QString(), port }; }
    bool isTcp() const { return socketPath.isEmpty(); }
    // For messages: the socket's path, or 127.0.0.1:PORT.
    QString shown() const;
};

// A client of QEMU's machine protocol (QMP), on a Unix socket or a loopback TCP port; the same
// protocol either way.
// Calls block, each bounded by its timeout, without an event loop: use from a worker thread in a GUI.
// Each instance is used by one thread. QEMU serves one QMP client at a time, so keep a connection short.
class QmpClient {
public:
    explicit QmpClient(const QString &socketPath);
    explicit QmpClient(const QmpEndpoint &endpoint);
    ~QmpClient();
    QmpClient(const QmpClient &) = delete;
    QmpClient &operator=(const QmpClient &) = delete;

    // Connects, reads QEMU's greeting and leaves capabilities negotiation. Connecting again drops the
    // previous connection first.
    bool connect(int timeoutMs, QString *error);
    // Closes the connection, so that other clients get theirs.
    void disconnect();
    // Runs a command and waits for its reply, skipping the events QEMU sends meanwhile. *returnValue is
    // the reply's "return" object; a return that is not an object (a list) comes as {"return": value}.
    // A QMP error {class, desc} becomes *error.
    bool execute(const QString &command, const QJsonObject &arguments, QJsonObject *returnValue, QString *error,
        int timeoutMs = 5000);
    // "running", "paused", "prelaunch", "shutdown", ... from query-status; empty on failure.
    QString status(QString *error);
    // ACPI power button: the guest shuts down if it listens.
    bool powerdown(QString *error);
    // QEMU exits at once, without asking the guest.
    bool quit(QString *error);

private:
    enum class ReadResult { Message, Closed, TimedOut, Garbage };

    bool exchange(const QString &command, const QJsonObject &arguments, QJsonObject *returnValue, QString *error,
        int timeoutMs, bool *closed);
    ReadResult readMessage(const QDeadlineTimer &deadline, QJsonObject *message);
    bool isConnected() const;
    bool connectSocket(const QDeadlineTimer &deadline, int timeoutMs, QString *error);
    void dropSocket();

    QmpEndpoint m_endpoint;
    // One of the two, and m_socket is it as a device.
    std::unique_ptr<QLocalSocket> m_localSocket;
    std::unique_ptr<QTcpSocket> m_tcpSocket;
    QIODevice *m_socket = nullptr;
    QByteArray m_buffer;
    qint64 m_nextId = 1;
};

} // namespace berth
