#include "dockerevents.h"

#include "docker/tlsconnection.h"
#include "util/translate.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

namespace berth {

DockerEventStream::DockerEventStream(std::unique_ptr<TlsConnection> connection, const QString &url)
    : m_connection(std::move(connection))
    , m_url(url)
{
}

DockerEventStream::~DockerEventStream() = default;

bool DockerEventStream::takeChunks()
{
    if (!m_chunked) {
        m_lines += m_raw;
        m_raw.clear();
        return true;
    }
    for (;;) {
        const qsizetype sizeEnd = m_raw.indexOf("\r\n");
        if (sizeEnd < 0)
            return true;
        bool ok = false;
        const qint64 size = m_raw.left(sizeEnd).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return false;
        if (m_raw.size() < sizeEnd + 2 + size + 2)
            return true;
        m_lines += m_raw.mid(sizeEnd + 2, size);
        m_raw.remove(0, sizeEnd + 2 + size + 2);
    }
}

DockerEventStream::Status DockerEventStream::next(int waitMs, QJsonObject *event, QString *error)
{
    m_connection->setDeadline(QDeadlineTimer(waitMs));
    for (;;) {
        // A whole line is an event; an empty one (a keep-alive) is none.
        for (qsizetype end = m_lines.indexOf('\n'); end >= 0; end = m_lines.indexOf('\n')) {
            const QByteArray line = m_lines.left(end).trimmed();
            m_lines.remove(0, end + 1);
            if (line.isEmpty())
                continue;
            *event = QJsonDocument::fromJson(line).object();
            if (!event->isEmpty())
                return Status::Event;
        }
        const TlsConnection::Status status = m_connection->read(&m_raw);
        if (status == TlsConnection::Status::TimedOut)
            return Status::Idle;
        if (status != TlsConnection::Status::Ok) {
            *error = tr("The Docker engine at %1 ended its events: %2").arg(m_url, m_connection->errorString());
            return Status::Closed;
        }
        if (!m_headRead) {
            const qsizetype headEnd = m_raw.indexOf("\r\n\r\n");
            if (headEnd < 0)
                continue;
            const QByteArray head = m_raw.left(headEnd);
            const QList<QByteArray> statusLine = head.left(head.indexOf("\r\n")).split(' ');
            if (statusLine.size() < 2 || statusLine.at(1) != "200") {
                *error = tr("The Docker engine at %1 refused its events: %2")
                             .arg(m_url, QString::fromLatin1(head.left(head.indexOf("\r\n"))));
                return Status::Closed;
            }
            m_chunked = head.toLower().contains("transfer-encoding: chunked");
            m_raw.remove(0, headEnd + 4);
            m_headRead = true;
        }
        if (!takeChunks()) {
            *error = tr("The Docker engine at %1 sent events Berth cannot read.").arg(m_url);
            return Status::Closed;
        }
    }
}

} // namespace berth
