#include "qmpclient.h"

#include "util/translate.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcQmp, "berth.driver.qemu.qmp")

namespace berth {

namespace {

QString seconds(int timeoutMs)
{
    return QString::number(timeoutMs / 1000.0, 'g', 3);
}

} // namespace

QString QmpEndpoint::shown() const
{
    return isTcp() ? QStringLiteral("127.0.0.1:%1").arg(port) : nativePath(socketPath);
}

QmpClient::QmpClient(const QString &socketPath)
    : m_endpoint(QmpEndpoint::unixSocket(socketPath))
{
}

QmpClient::QmpClient(const QmpEndpoint &endpoint)
    : m_endpoint(endpoint)
{
}

QmpClient::~QmpClient() = default;

bool QmpClient::isConnected() const
{
    if (m_localSocket)
        return m_localSocket->state() == QLocalSocket::ConnectedState;
    return m_tcpSocket && m_tcpSocket->state() == QAbstractSocket::ConnectedState;
}

void QmpClient::dropSocket()
{
    m_socket = nullptr;
    m_localSocket.reset();
    m_tcpSocket.reset();
}

void QmpClient::disconnect()
{
    dropSocket();
    m_buffer.clear();
}

bool QmpClient::connectSocket(const QDeadlineTimer &deadline, int timeoutMs, QString *error)
{
    const QString shownPath = m_endpoint.shown();
    QString message;
    if (m_endpoint.isTcp()) {
        m_tcpSocket = std::make_unique<QTcpSocket>();
        m_socket = m_tcpSocket.get();
        m_tcpSocket->connectToHost(QHostAddress(QHostAddress::LocalHost), m_endpoint.port);
        if (m_tcpSocket->state() != QAbstractSocket::ConnectedState)
            m_tcpSocket->waitForConnected(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
        if (m_tcpSocket->state() == QAbstractSocket::ConnectedState)
            return true;
        switch (m_tcpSocket->error()) {
        case QAbstractSocket::ConnectionRefusedError:
            message = tr("QEMU is not running: nothing listens on its QMP port %1.").arg(shownPath);
            break;
        case QAbstractSocket::SocketTimeoutError:
            message = tr("QEMU did not accept a connection on its QMP port %1 within %2 s. It may be hung.")
                          .arg(shownPath, seconds(timeoutMs));
            break;
        default:
            message = tr("Cannot connect to QEMU's QMP port %1: %2.").arg(shownPath, m_tcpSocket->errorString());
            break;
        }
    } else {
        m_localSocket = std::make_unique<QLocalSocket>();
        m_socket = m_localSocket.get();
        // QLocalSocket takes a name without a slash as one in the temporary folder: pass an absolute path.
        m_localSocket->connectToServer(QFileInfo(m_endpoint.socketPath).absoluteFilePath());
        if (m_localSocket->state() != QLocalSocket::ConnectedState)
            m_localSocket->waitForConnected(static_cast<int>(deadline.remainingTime()));
        if (m_localSocket->state() == QLocalSocket::ConnectedState)
            return true;
        switch (m_localSocket->error()) {
        case QLocalSocket::ServerNotFoundError:
            message = tr("QEMU is not running: no QMP socket at %1.").arg(shownPath);
            break;
        case QLocalSocket::ConnectionRefusedError:
            message = tr("QEMU is not running: nothing listens on the QMP socket %1 (left over from a QEMU that "
                         "stopped).")
                          .arg(shownPath);
            break;
        case QLocalSocket::SocketAccessError:
            message = tr("Cannot open the QMP socket %1: %2. Run Berth as the user who started the machine.")
                          .arg(shownPath, m_localSocket->errorString());
            break;
        case QLocalSocket::SocketTimeoutError:
            message = tr("QEMU did not accept a connection on its QMP socket %1 within %2 s. It may be hung.")
                          .arg(shownPath, seconds(timeoutMs));
            break;
        default:
            message = tr("Cannot connect to QEMU's QMP socket %1: %2.").arg(shownPath, m_localSocket->errorString());
            break;
        }
    }
    if (error)
        *error = message;
    dropSocket();
    return false;
}

bool QmpClient::connect(int timeoutMs, QString *error)
{
    const QDeadlineTimer deadline(timeoutMs);
    const QString shownPath = m_endpoint.shown();
    dropSocket();
    m_buffer.clear();
    if (!connectSocket(deadline, timeoutMs, error))
        return false;

    QJsonObject greeting;
    const ReadResult read = readMessage(deadline, &greeting);
    if (read != ReadResult::Message || !greeting.contains(QLatin1String("QMP"))) {
        if (error) {
            if (read == ReadResult::TimedOut)
                *error = tr("QEMU did not greet on its QMP socket %1 within %2 s. It may be hung, or another client "
                            "holds the socket: QEMU serves one at a time.")
                             .arg(shownPath, seconds(timeoutMs));
            else if (read == ReadResult::Closed)
                *error = tr("QEMU closed its QMP socket %1 before greeting. It may be shutting down.").arg(shownPath);
            else
                *error = tr("%1 is not a QEMU QMP socket: it did not send a QMP greeting.").arg(shownPath);
        }
        dropSocket();
        return false;
    }
    const QJsonObject version
        = greeting.value(QLatin1String("QMP")).toObject().value(QLatin1String("version")).toObject();
    qCDebug(lcQmp) << "connected to QEMU" << version.value(QLatin1String("qemu")).toObject() << "at" << shownPath;

    // Until capabilities are negotiated QEMU accepts no other command.
    QJsonObject ignored;
    const int left = static_cast<int>(qMax<qint64>(1, deadline.remainingTime()));
    if (!execute(QStringLiteral("qmp_capabilities"), {}, &ignored, error, left)) {
        dropSocket();
        return false;
    }
    return true;
}

bool QmpClient::execute(
    const QString &command, const QJsonObject &arguments, QJsonObject *returnValue, QString *error, int timeoutMs)
{
    bool closed = false;
    return exchange(command, arguments, returnValue, error, timeoutMs, &closed);
}

bool QmpClient::exchange(const QString &command, const QJsonObject &arguments, QJsonObject *returnValue, QString *error,
    int timeoutMs, bool *closed)
{
    const QString shownPath = m_endpoint.shown();
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    *closed = false;
    if (!isConnected()) {
        return fail(m_socket ? tr("QEMU closed its QMP socket %1.").arg(shownPath)
                             : tr("Not connected to QEMU's QMP socket %1.").arg(shownPath));
    }

    const QDeadlineTimer deadline(timeoutMs);
    // An id in the request comes back in its reply, so a late reply to an earlier command is not taken
    // for this one.
    const qint64 id = m_nextId++;
    QJsonObject request { { QStringLiteral("execute"), command }, { QStringLiteral("id"), id } };
    if (!arguments.isEmpty())
        request.insert(QStringLiteral("arguments"), arguments);
    QByteArray line = QJsonDocument(request).toJson(QJsonDocument::Compact);
    line.append("\r\n");
    m_socket->write(line);
    while (m_socket->bytesToWrite() > 0) {
        if (deadline.hasExpired() || !m_socket->waitForBytesWritten(static_cast<int>(deadline.remainingTime()))) {
            if (!isConnected()) {
                *closed = true;
                return fail(tr("QEMU closed its QMP socket %1 before taking \"%2\".").arg(shownPath, command));
            }
            return fail(tr("QEMU did not take \"%1\" on its QMP socket %2 within %3 s. It may be hung.")
                            .arg(command, shownPath, seconds(timeoutMs)));
        }
    }

    for (;;) {
        QJsonObject message;
        switch (readMessage(deadline, &message)) {
        case ReadResult::Message:
            break;
        case ReadResult::Closed:
            *closed = true;
            return fail(tr("QEMU closed its QMP socket %1 before answering \"%2\".").arg(shownPath, command));
        case ReadResult::TimedOut:
            return fail(tr("QEMU did not answer \"%1\" on its QMP socket %2 within %3 s. It may be hung.")
                            .arg(command, shownPath, seconds(timeoutMs)));
        case ReadResult::Garbage:
            return fail(tr("QEMU sent something other than QMP on %1 while running \"%2\".").arg(shownPath, command));
        }
        if (message.contains(QLatin1String("event"))) {
            qCDebug(lcQmp) << "event" << message.value(QLatin1String("event")).toString();
            continue;
        }
        const bool isReply = message.contains(QLatin1String("return")) || message.contains(QLatin1String("error"));
        if (!isReply || message.value(QLatin1String("id")).toInteger(-1) != id) {
            qCDebug(lcQmp) << "skipping" << message;
            continue;
        }
        if (message.contains(QLatin1String("error"))) {
            const QJsonObject qmpError = message.value(QLatin1String("error")).toObject();
            return fail(tr("QEMU refused \"%1\": %2 (%3).")
                            .arg(command, qmpError.value(QLatin1String("desc")).toString(),
                                qmpError.value(QLatin1String("class")).toString()));
        }
        const QJsonValue value = message.value(QLatin1String("return"));
        if (returnValue)
            *returnValue = value.isObject() ? value.toObject() : QJsonObject { { QStringLiteral("return"), value } };
        return true;
    }
}

QmpClient::ReadResult QmpClient::readMessage(const QDeadlineTimer &deadline, QJsonObject *message)
{
    for (;;) {
        // QMP sends one JSON object a line, ended by CRLF.
        const int newline = m_buffer.indexOf('\n');
        if (newline >= 0) {
            const QByteArray line = m_buffer.left(newline).trimmed();
            m_buffer.remove(0, newline + 1);
            if (line.isEmpty())
                continue;
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
            if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
                qCWarning(lcQmp) << "not QMP:" << line.left(200);
                return ReadResult::Garbage;
            }
            *message = document.object();
            return ReadResult::Message;
        }
        if (m_socket->bytesAvailable() > 0) {
            m_buffer += m_socket->readAll();
            continue;
        }
        if (!isConnected())
            return ReadResult::Closed;
        if (deadline.hasExpired())
            return ReadResult::TimedOut;
        // False on a timeout or when QEMU closes the socket; the checks above tell which.
        m_socket->waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
    }
}

QString QmpClient::status(QString *error)
{
    QJsonObject result;
    if (!execute(QStringLiteral("query-status"), {}, &result, error))
        return {};
    const QString state = result.value(QLatin1String("status")).toString();
    if (state.isEmpty() && error)
        *error = tr("QEMU answered query-status without a status.");
    return state;
}

bool QmpClient::powerdown(QString *error)
{
    QJsonObject ignored;
    return execute(QStringLiteral("system_powerdown"), {}, &ignored, error);
}

bool QmpClient::quit(QString *error)
{
    QJsonObject ignored;
    bool closed = false;
    const bool answered = exchange(QStringLiteral("quit"), {}, &ignored, error, 5000, &closed);
    // QEMU may close the socket as it exits before its reply is read: that is the quit we asked for.
    const bool quitting = answered || (closed && m_socket);
    dropSocket();
    m_buffer.clear();
    return quitting;
}

} // namespace berth
