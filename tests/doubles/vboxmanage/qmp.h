#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// A blocking QMP client on a unix socket: the capabilities handshake, then one command at a time.
namespace vboxdouble {

class QmpClient {
public:
    QmpClient() = default;
    ~QmpClient();
    QmpClient(const QmpClient &) = delete;
    QmpClient &operator=(const QmpClient &) = delete;

    bool connectTo(const QString &socketPath, int timeoutMs);
    // The command's "return" object; false on an error reply or a broken connection.
    bool execute(
        const QString &command, QJsonObject *result = nullptr, int timeoutMs = 5000, const QJsonObject &arguments = {});
    QString queryStatus();
    // The next message QEMU sends (an event, for the supervisor); an empty object at the end.
    QJsonObject readMessage(int timeoutMs);

private:
    QByteArray readLine(int timeoutMs);

    int m_fd = -1;
    QByteArray m_buffer;
};

} // namespace vboxdouble
