#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace berth {

class TlsConnection;

// The engine's events as they happen (DockerClient::followContainerEvents): one TLS connection whose answer never
// ends, read in waits of the caller's length. Used by one thread.
class DockerEventStream {
public:
    DockerEventStream(std::unique_ptr<TlsConnection> connection, const QString &url);
    ~DockerEventStream();
    DockerEventStream(const DockerEventStream &) = delete;
    DockerEventStream &operator=(const DockerEventStream &) = delete;

    enum class Status { Event, Idle, Closed };
    // The next event ({"Type":"container","Action":"start","id":...}), waiting at most waitMs for it: Event, Idle
    // when none came in time, Closed (with why) when the engine ended the stream or refused it.
    Status next(int waitMs, QJsonObject *event, QString *error);

private:
    // Moves what whole chunks the buffer holds into m_lines; false when the chunked framing is broken.
    bool takeChunks();

    std::unique_ptr<TlsConnection> m_connection;
    QString m_url;
    QByteArray m_raw; // as received, after the head
    QByteArray m_lines; // the answer's body: one JSON object a line
    bool m_headRead = false;
    bool m_chunked = false;
};

} // namespace berth
