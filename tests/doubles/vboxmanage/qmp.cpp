#include "qmp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace vboxdouble {

QmpClient::~QmpClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool QmpClient::connectTo(const QString &socketPath, int timeoutMs)
{
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address {};
    if (path.size() >= static_cast<int>(sizeof(address.sun_path)))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));
    m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return false;
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    // The greeting, then capabilities negotiation.
    if (readMessage(timeoutMs).isEmpty())
        return false;
    return execute(QStringLiteral("qmp_capabilities"), nullptr, timeoutMs);
}

QByteArray QmpClient::readLine(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const int newline = m_buffer.indexOf('\n');
        if (newline >= 0) {
            const QByteArray line = m_buffer.left(newline);
            m_buffer.remove(0, newline + 1);
            return line;
        }
        const qint64 left = timeoutMs < 0 ? -1 : timeoutMs - timer.elapsed();
        if (timeoutMs >= 0 && left <= 0)
            return {};
        pollfd p { m_fd, POLLIN, 0 };
        const int ready = ::poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return {};
        char chunk[4096];
        const ssize_t n = ::read(m_fd, chunk, sizeof(chunk));
        if (n <= 0)
            return {};
        m_buffer.append(chunk, static_cast<int>(n));
    }
}

QJsonObject QmpClient::readMessage(int timeoutMs)
{
    if (m_fd < 0)
        return {};
    const QByteArray line = readLine(timeoutMs);
    return QJsonDocument::fromJson(line).object();
}

bool QmpClient::execute(const QString &command, QJsonObject *result, int timeoutMs, const QJsonObject &arguments)
{
    if (m_fd < 0)
        return false;
    QJsonObject message { { QStringLiteral("execute"), command } };
    if (!arguments.isEmpty())
        message.insert(QStringLiteral("arguments"), arguments);
    const QByteArray request = QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
    if (::write(m_fd, request.constData(), static_cast<size_t>(request.size())) != request.size())
        return false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const QJsonObject reply = readMessage(static_cast<int>(timeoutMs - timer.elapsed()));
        if (reply.isEmpty())
            return false;
        if (reply.contains(QLatin1String("event")))
            continue;
        if (reply.contains(QLatin1String("error")))
            return false;
        if (result)
            *result = reply.value(QLatin1String("return")).toObject();
        return true;
    }
    return false;
}

QString QmpClient::queryStatus()
{
    QJsonObject status;
    if (!execute(QStringLiteral("query-status"), &status))
        return {};
    return status.value(QLatin1String("status")).toString();
}

} // namespace vboxdouble
