#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QString>

#include <memory>

class QLocalSocket;

namespace berth {

// A client of QEMU's machine protocol (QMP) on its Unix socket (-qmp unix:PATH,server=on,wait=off).
// Calls block, each bounded by its timeout, without an event loop: use from a worker thread in a GUI.
// Each instance is used by one thread. QEMU serves one QMP client at a time, so keep a connection short.
class QmpClient {
public:
    explicit QmpClient(const QString &socketPath);
    ~QmpClient();
    QmpClient(const QmpClient &) = delete;
    QmpClient &operator=(const QmpClient &) = delete;

    // Connects, reads QEMU's greeting and leaves capabilities negotiation. Connecting again drops the
    // previous connection first.
    bool connect(int timeoutMs, QString *error);
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

    QString m_socketPath;
    std::unique_ptr<QLocalSocket> m_socket;
    QByteArray m_buffer;
    qint64 m_nextId = 1;
};

} // namespace berth
