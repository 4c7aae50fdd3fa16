#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace berth {

class DockerEventStream;
class TlsClientContext;
class TlsConnection;

struct DockerVersion {
    QString version; // "20.10.24+dfsg1"
    QString apiVersion; // "1.41"
    QString os;
    QString arch;
};

// The TLS files a Docker client presents (DOCKER_CERT_PATH's ca.pem, cert.pem, key.pem), and where the
// client keeps the engine's TLS session between processes (empty: nowhere). A resumed session spares
// both sides the key signatures and certificate checks of a full handshake, most of the CPU a short
// request costs (`ls` asks every engine once per run). The file is used only with the same TLS files
// and the same host and port; it is private (0600) like the client's key, whose power it carries.
struct DockerTlsFiles {
    QString caCertPath;
    QString clientCertPath;
    QString clientKeyPath;
    QString sessionPath;
};

// A port a running container publishes on the engine's host: `docker run -p 127.0.0.1:8080:80/tcp` is
// { "tcp", 8080, "127.0.0.1" }.
struct PublishedPort {
    QString protocol; // "tcp", "udp" (or "sctp")
    int port = 0;
    QString hostIp; // "0.0.0.0", "::", "127.0.0.1", ...
    QString container; // its id
};

// A small Docker Engine API client over TLS (OpenSSL on a plain socket: TlsConnection). Calls block
// and each is bounded by the timeout: use from a worker thread in a GUI. Each instance is used by one
// thread; instances on different threads share the decoded TLS files (TlsClientContext).
class DockerClient {
public:
    DockerClient(const QString &url, const DockerTlsFiles &tls, int timeoutMs);
    ~DockerClient();
    DockerClient(const DockerClient &) = delete;
    DockerClient &operator=(const DockerClient &) = delete;

    // GETs from now on leave their connection open for the next one (HTTP keep-alive), and one that the
    // engine ended meanwhile is made again: for a client that asks the same engine every few seconds (the
    // machine agent), which then spares the engine a TCP connection and a TLS handshake each time.
    void keepConnection() { m_keepConnection = true; }

    bool ping(QString *error);
    bool version(DockerVersion *version, QString *error);
    // The engine's version alone (DockerVersion::version), as cheaply as the engine allows: see the .cpp.
    bool serverVersion(QString *version, QString *error);
    // POST /images/load with a `docker save` tarball.
    bool loadImage(const QByteArray &tarball, QString *error);
    // Every tagged image's name (REPOSITORY:TAG), and their sizes added up (as `docker image ls` shows each).
    bool imageTags(QStringList *names, qint64 *bytes, QString *error);
    // `docker save NAMES | docker load` from this engine into target's: GET /images/get streamed into POST
    // /images/load (chunked), never held whole in memory nor written to a file. progress(bytes so far) returns
    // false to stop. The whole copy may take transferTimeoutMs.
    bool copyImages(const DockerClient &target, const QStringList &names, const std::function<bool(qint64)> &progress,
        int transferTimeoutMs, QString *error) const;

    // Every port the running containers publish (GET /containers/json).
    bool publishedPorts(QList<PublishedPort> *ports, QString *error);
    // The engine's clock, to the second (the Date header of its answer to /_ping).
    bool engineTime(QDateTime *time, QString *error);
    // GET /events of containers from now on, on a connection that stays open (no timeout but each wait's):
    // stream->next() gives them as the engine sends them.
    bool followContainerEvents(std::unique_ptr<DockerEventStream> *stream, QString *error) const;

private:
    // The engine's host and port from the URL, and the TLS context of the client's files.
    bool engineAddress(
        QString *host, quint16 *port, std::shared_ptr<const TlsClientContext> *context, QString *error) const;
    // A TLS connection to the engine, and the Host header that names it.
    bool openStream(const QDeadlineTimer &deadline, std::unique_ptr<TlsConnection> *connection, QByteArray *hostHeader,
        QString *error) const;
    // server and date, when given, receive the answer's Server and Date headers.
    bool request(const QByteArray &verb, const QString &path, const QByteArray &body, QByteArray *reply, QString *error,
        QByteArray *server = nullptr, QByteArray *date = nullptr);

    QString m_url;
    DockerTlsFiles m_tls;
    int m_timeoutMs;
    bool m_keepConnection = false;
    // The connection kept by the last GET, and the key (TLS files and address) it was made with.
    std::unique_ptr<TlsConnection> m_kept;
    QByteArray m_keptKey;
};

} // namespace berth
