#include "dockerclient.h"

#include "docker/tlsconnection.h"
#include "dockerevents.h"
#include "util/atomicfile.h"
#include "util/network.h"
#include "util/translate.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QUrl>

#include <memory>
#include <openssl/x509_vfy.h>

Q_LOGGING_CATEGORY(lcDocker, "berth.docker")

namespace berth {

namespace {

// Whether host:port answers plain HTTP: a TLS handshake with it fails in ways that do not say so.
bool answersPlainHttp(const QString &host, quint16 port, int timeoutMs)
{
    TcpSocket socket { QDeadlineTimer(timeoutMs) };
    const QByteArray probe("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n");
    if (socket.connectTo(host, port) != TcpSocket::Status::Ok
        || socket.sendAll(probe.constData(), probe.size()) != TcpSocket::Status::Ok)
        return false;
    QByteArray received;
    while (received.size() < 5 && socket.receive(&received) == TcpSocket::Status::Ok) { }
    return received.startsWith("HTTP/");
}

QString hostsOf(const tls::CertificateInfo &certificate)
{
    const QStringList names = certificate.dnsNames + certificate.ipAddresses;
    return names.isEmpty() ? tr("no address") : names.join(QStringLiteral(", "));
}

// What a failed TLS connection means, from the faults found in the engine's certificate (empty when
// there were none), whether the client's side of the handshake completed, and OpenSSL's reason;
// empty when it is none of these.
QString tlsFailure(const QString &url, const QList<TlsPeerError> &peerErrors, bool encrypted, const QString &detail)
{
    const QString remedy = tr("Regenerate the machine's certificates.");
    for (const TlsPeerError &e : peerErrors) {
        switch (e.code) {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return tr("The engine's certificate at %1 expired on %2. %3 If it is not that old, check this computer's "
                      "clock.")
                .arg(url, e.certificate.notAfter.toUTC().toString(Qt::ISODate), remedy);
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return tr("The engine's certificate at %1 is not valid before %2: this computer's clock (or the one of the "
                      "computer that made the certificate) is wrong. Correct the clock; if it is right, regenerate the "
                      "machine's certificates.")
                .arg(url, e.certificate.notBefore.toUTC().toString(Qt::ISODate));
        case X509_V_ERR_HOSTNAME_MISMATCH:
            return tr("The engine's certificate at %1 is not for this address: it names %2. The machine's address has "
                      "changed, or the URL reaches another engine. %3")
                .arg(url, hostsOf(e.certificate), remedy);
        default:
            break;
        }
    }
    if (!peerErrors.isEmpty()) {
        return tr("The engine at %1 presents a certificate that this store's CA did not sign (%2). %3 If the machine "
                  "uses a CA of another store, use that store.")
            .arg(url, peerErrors.first().text, remedy);
    }
    // The engine checks the client certificate after the client has checked the engine's: a refusal
    // comes back as a TLS alert, or (TLS 1.3, where the client's handshake is over by then) as the
    // connection closed without an answer.
    static const char *const refusals[] = { "alert unknown ca", "alert bad certificate", "alert certificate required",
        "alert certificate unknown", "alert decrypt error", "alert handshake failure", "alert access denied" };
    bool refused = encrypted;
    for (const char *refusal : refusals)
        refused = refused || detail.contains(QLatin1String(refusal), Qt::CaseInsensitive);
    if (!refused)
        return {};
    return tr("The engine at %1 refused this store's client certificate (%2): the engine trusts another CA. %3")
        .arg(url, detail, remedy);
}

// An HTTP response's head: its status, how its body is framed, its Server header, where the body starts.
struct HttpHead {
    int status = 0;
    qint64 contentLength = -1;
    bool chunked = false;
    QByteArray server;
    QByteArray date;
    bool closes = false; // Connection: close
    qsizetype bodyStart = -1;
};

// False until the whole head has arrived (or when it is no HTTP answer).
bool parseHead(const QByteArray &data, HttpHead *head)
{
    const qsizetype headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const QList<QByteArray> lines = data.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/"))
        return false;
    head->status = statusLine.at(1).toInt();
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            head->contentLength = value.toLongLong();
        else if (name == "transfer-encoding")
            head->chunked = value.toLower().contains("chunked");
        else if (name == "server")
            head->server = value;
        else if (name == "date")
            head->date = value;
        else if (name == "connection")
            head->closes = value.toLower().contains("close");
    }
    head->bodyStart = headerEnd + 4;
    return true;
}

// An HTTP response as far as it has arrived: complete once its framing (Content-Length, chunks) says
// so; without framing it ends with the connection.
struct HttpResponse {
    int status = 0;
    QByteArray server; // the Server header
    QByteArray date; // the Date header
    QByteArray body;
    bool complete = false;
    bool closes = false; // the engine ends the connection after it
};

HttpResponse parseResponse(const QByteArray &data)
{
    HttpResponse response;
    HttpHead head;
    if (!parseHead(data, &head))
        return response;
    response.status = head.status;
    response.server = head.server;
    response.date = head.date;
    response.closes = head.closes;
    const qint64 contentLength = head.contentLength;
    const bool chunked = head.chunked;
    const QByteArray rest = data.mid(head.bodyStart);
    if (chunked) {
        for (qsizetype at = 0;;) {
            const qsizetype sizeEnd = rest.indexOf("\r\n", at);
            bool ok = false;
            const qint64 size
                = sizeEnd < 0 ? 0 : rest.mid(at, sizeEnd - at).split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || rest.size() < sizeEnd + 2 + size + 2)
                break;
            if (size == 0) {
                response.complete = true;
                break;
            }
            response.body += rest.mid(sizeEnd + 2, size);
            at = sizeEnd + 2 + size + 2;
        }
    } else if (contentLength >= 0) {
        response.body = rest.left(contentLength);
        response.complete = rest.size() >= contentLength;
    } else {
        response.body = rest;
        response.complete = response.status / 100 == 1 || response.status == 204 || response.status == 304;
    }
    return response;
}

// A session file: a first line naming the format, the key it was kept under (the TLS files and the
// engine's address), the session in base64.
const QByteArray sessionMagic("berth-tls-session 1");
// A session resumed is not written again until it is this old (the engine gives a new one each time).
constexpr qint64 sessionRewriteSeconds = 3600;

QByteArray sessionKey(const TlsClientContext &context, const QString &host, quint16 port)
{
    const QByteArray identity = context.id() + '\n' + joinHostPort(host, port).toUtf8();
    return QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex();
}

QByteArray loadSession(const QString &path, const QByteArray &key)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = file.read(64 * 1024).split('\n');
    if (lines.size() < 3 || lines.at(0) != sessionMagic || lines.at(1) != key)
        return {};
    return QByteArray::fromBase64(lines.at(2));
}

void saveSession(const QString &path, const QByteArray &key, const TlsConnection &connection)
{
    if (path.isEmpty() || connection.session().isEmpty())
        return;
    if (connection.resumed()
        && QFileInfo(path).lastModified().secsTo(QDateTime::currentDateTime()) < sessionRewriteSeconds)
        return;
    QString error;
    const QByteArray data = sessionMagic + '\n' + key + '\n' + connection.session().toBase64() + '\n';
    if (!writeFileAtomic(path, data, privateFilePermissions, &error))
        qCDebug(lcDocker) << "TLS session not kept:" << error;
}

} // namespace

DockerClient::DockerClient(const QString &url, const DockerTlsFiles &tls, int timeoutMs)
    : m_url(url)
    , m_tls(tls)
    , m_timeoutMs(timeoutMs)
{
}

DockerClient::~DockerClient() = default;

bool DockerClient::ping(QString *error)
{
    QByteArray reply;
    if (!request("GET", QStringLiteral("/_ping"), {}, &reply, error))
        return false;
    return true;
}

bool DockerClient::version(DockerVersion *version, QString *error)
{
    QByteArray reply;
    if (!request("GET", QStringLiteral("/version"), {}, &reply, error))
        return false;
    const QJsonObject o = QJsonDocument::fromJson(reply).object();
    version->version = o.value(QLatin1String("Version")).toString();
    version->apiVersion = o.value(QLatin1String("ApiVersion")).toString();
    version->os = o.value(QLatin1String("Os")).toString();
    version->arch = o.value(QLatin1String("Arch")).toString();
    if (version->version.isEmpty()) {
        *error = tr("%1 answered, but not like a Docker engine.").arg(m_url);
        return false;
    }
    return true;
}

// dockerd puts "Server: Docker/VERSION (OS)" on every answer (its version middleware), with the same
// version as /version's. /version costs the engine far more: it asks containerd and runs runc and
// docker-init for their versions. So /_ping is asked first, and /version only when the Server header
// does not say (another program in front of the engine).
bool DockerClient::serverVersion(QString *version, QString *error)
{
    QByteArray reply, server;
    if (!request("GET", QStringLiteral("/_ping"), {}, &reply, error, &server, nullptr))
        return false;
    static const QRegularExpression docker(QStringLiteral("^Docker/(\\S+) \\("));
    if (const QRegularExpressionMatch match = docker.match(QString::fromLatin1(server)); match.hasMatch()) {
        *version = match.captured(1);
        return true;
    }
    DockerVersion full;
    if (!this->version(&full, error))
        return false;
    *version = full.version;
    return true;
}

bool DockerClient::loadImage(const QByteArray &tarball, QString *error)
{
    QByteArray reply;
    if (!request("POST", QStringLiteral("/images/load?quiet=1"), tarball, &reply, error))
        return false;
    // The engine reports a bad tarball inside a 200 reply.
    if (reply.contains("\"errorDetail\"") || reply.contains("\"error\"")) {
        *error = tr("The engine refused the image: %1").arg(QString::fromUtf8(reply).trimmed());
        return false;
    }
    return true;
}

bool DockerClient::request(const QByteArray &verb, const QString &path, const QByteArray &body, QByteArray *replyData,
    QString *error, QByteArray *server, QByteArray *date)
{
    QString host;
    quint16 port = 0;
    std::shared_ptr<const TlsClientContext> context;
    if (!engineAddress(&host, &port, &context, error))
        return false;

    const QDeadlineTimer deadline(m_timeoutMs);
    // Only a GET is asked again on a new connection (below), so only a GET goes over a kept one.
    const bool keep = m_keepConnection && verb == "GET";
    const QByteArray key = sessionKey(*context, host, port);
    std::unique_ptr<TlsConnection> connection;
    TlsConnection::Status status = TlsConnection::Status::Ok;
    const bool reused = keep && m_kept && m_keptKey == key;
    if (reused) {
        connection = std::move(m_kept);
        connection->setDeadline(deadline);
    } else {
        m_kept.reset();
        const QByteArray session = loadSession(m_tls.sessionPath, key);
        connection = std::make_unique<TlsConnection>(context, deadline);
        connection->resumeSession(session);
        status = connection->connectTo(host, port);
        if (!session.isEmpty() && status == TlsConnection::Status::HandshakeFailed) {
            // A kept session must never cost an answer: it is dropped, and the handshake made without it.
            qCDebug(lcDocker) << "TLS handshake with a kept session failed:" << connection->errorString();
            QFile::remove(m_tls.sessionPath);
            connection = std::make_unique<TlsConnection>(context, deadline);
            status = connection->connectTo(host, port);
        }
    }
    HttpResponse response;
    if (status == TlsConnection::Status::Ok) {
        QByteArray head = verb + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: " + joinHostPort(host, port).toUtf8()
            + "\r\nUser-Agent: berth/" BERTH_VERSION "\r\n";
        // HTTP/1.1 keeps a connection open unless told.
        if (!keep)
            head += "Connection: close\r\n";
        if (!body.isEmpty())
            head += "Content-Type: application/x-tar\r\n";
        if (!body.isEmpty() || verb != "GET")
            head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        head += "\r\n";
        status = connection->write(head);
        if (status == TlsConnection::Status::Ok)
            status = connection->write(body);
        QByteArray received;
        while (status == TlsConnection::Status::Ok && !(response = parseResponse(received)).complete)
            status = connection->read(&received);
        if (reused && response.status == 0 && status != TlsConnection::Status::TimedOut) {
            // The engine ended the kept connection meanwhile (it restarted, or closed it idle): a new one.
            qCDebug(lcDocker) << "kept connection ended:" << int(status) << connection->errorString();
            return request(verb, path, body, replyData, error, server, date);
        }
        if (response.complete)
            saveSession(m_tls.sessionPath, key, *connection);
        if (status == TlsConnection::Status::Closed)
            status = TlsConnection::Status::Ok; // the reply ends with the connection
        *replyData = response.body;
        if (server)
            *server = response.server;
        if (date)
            *date = response.date;
    }
    qCDebug(lcDocker) << verb << host << port << path << response.status << int(status)
                      << (reused                         ? "kept"
                                 : connection->resumed() ? "resumed"
                                                         : "full handshake")
                      << connection->errorString();
    // Every byte of the answer read, and the engine keeps the connection: the next GET goes over it.
    if (keep && response.complete && !response.closes && status == TlsConnection::Status::Ok) {
        m_kept = std::move(connection);
        m_keptKey = key;
    }

    if (status == TlsConnection::Status::TimedOut) {
        *error = tr("The Docker engine at %1 did not answer within %2 s. Check that the machine is running and "
                    "that nothing blocks the port.")
                     .arg(m_url)
                     .arg(m_timeoutMs / 1000.0);
        return false;
    }
    if (status == TlsConnection::Status::Refused) {
        *error = tr("Cannot connect to the Docker engine at %1: connection refused. Is Docker running on the "
                    "machine? Provisioning the machine again configures and starts it.")
                     .arg(m_url);
        return false;
    }
    if (response.status == 0) {
        const QString detail = status == TlsConnection::Status::Ok ? tr("the connection was closed without an answer")
                                                                   : connection->errorString();
        if (status == TlsConnection::Status::ConnectFailed) {
            *error = tr("Cannot connect to the Docker engine at %1: %2.").arg(m_url, detail);
        } else if (const QString failure = tlsFailure(m_url, connection->peerErrors(), connection->encrypted(), detail);
                   !failure.isEmpty()) {
            *error = failure;
        } else if (answersPlainHttp(host, port, qMin(m_timeoutMs, 3000))) {
            *error = tr("%1 answers plain HTTP, not TLS: Docker there runs without TLS, or another program listens on "
                        "the port. Provision the machine again to configure Docker with TLS, or check "
                        "its URL.")
                         .arg(m_url);
        } else if (status == TlsConnection::Status::HandshakeFailed) {
            *error = tr("The TLS handshake with %1 failed (%2). Check that the URL reaches the machine's Docker "
                        "engine; if it does, regenerate the machine's certificates.")
                         .arg(m_url, detail);
        } else {
            *error = tr("Cannot connect to the Docker engine at %1: %2.").arg(m_url, detail);
        }
        return false;
    }
    if (response.status < 200 || response.status >= 300) {
        *error = tr("The Docker engine at %1 answered %2 to %3 %4: %5")
                     .arg(m_url)
                     .arg(response.status)
                     .arg(QString::fromLatin1(verb), path, QString::fromUtf8(*replyData).trimmed());
        return false;
    }
    return true;
}

bool DockerClient::imageTags(QStringList *names, qint64 *bytes, QString *error)
{
    QByteArray reply;
    if (!request("GET", QStringLiteral("/images/json"), {}, &reply, error))
        return false;
    names->clear();
    *bytes = 0;
    for (const QJsonValue &image : QJsonDocument::fromJson(reply).array()) {
        const QJsonObject o = image.toObject();
        bool tagged = false;
        for (const QJsonValue &tag : o.value(QLatin1String("RepoTags")).toArray()) {
            if (tag.toString() != QLatin1String("<none>:<none>")) {
                names->append(tag.toString());
                tagged = true;
            }
        }
        if (tagged)
            *bytes += o.value(QLatin1String("Size")).toInteger();
    }
    return true;
}

bool DockerClient::publishedPorts(QList<PublishedPort> *ports, QString *error)
{
    QByteArray reply;
    if (!request("GET", QStringLiteral("/containers/json"), {}, &reply, error))
        return false;
    ports->clear();
    for (const QJsonValue &container : QJsonDocument::fromJson(reply).array()) {
        const QJsonObject c = container.toObject();
        for (const QJsonValue &port : c.value(QLatin1String("Ports")).toArray()) {
            const QJsonObject p = port.toObject();
            // A port exposed but not published has no PublicPort.
            const int published = p.value(QLatin1String("PublicPort")).toInt();
            if (published > 0) {
                ports->append({ p.value(QLatin1String("Type")).toString(), published,
                    p.value(QLatin1String("IP")).toString(), c.value(QLatin1String("Id")).toString() });
            }
        }
    }
    return true;
}

bool DockerClient::engineTime(QDateTime *time, QString *error)
{
    QByteArray reply, date;
    if (!request("GET", QStringLiteral("/_ping"), {}, &reply, error, nullptr, &date))
        return false;
    // RFC 7231's IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT": always GMT, a zone Qt 6.4's RFC 2822 parser does
    // not take by that name.
    QString text = QString::fromLatin1(date).trimmed();
    if (text.endsWith(QLatin1String(" GMT")))
        text = text.chopped(4) + QStringLiteral(" +0000");
    *time = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!time->isValid()) {
        *error
            = tr("The Docker engine at %1 gave no usable Date header (\"%2\").").arg(m_url, QString::fromLatin1(date));
        return false;
    }
    return true;
}

bool DockerClient::followContainerEvents(std::unique_ptr<DockerEventStream> *stream, QString *error) const
{
    std::unique_ptr<TlsConnection> connection;
    QByteArray host;
    if (!openStream(QDeadlineTimer(m_timeoutMs), &connection, &host, error))
        return false;
    const QByteArray filters = QUrl::toPercentEncoding(QStringLiteral(R"({"type":["container"]})"));
    const QByteArray get = "GET /events?filters=" + filters + " HTTP/1.1\r\nHost: " + host
        + "\r\nUser-Agent: berth/" BERTH_VERSION "\r\n\r\n";
    if (connection->write(get) != TlsConnection::Status::Ok) {
        *error = tr("Cannot ask the Docker engine at %1 for its events: %2").arg(m_url, connection->errorString());
        return false;
    }
    stream->reset(new DockerEventStream(std::move(connection), m_url));
    return true;
}

bool DockerClient::engineAddress(
    QString *host, quint16 *port, std::shared_ptr<const TlsClientContext> *context, QString *error) const
{
    const QUrl url(m_url);
    if (url.scheme() != QLatin1String("tcp") || url.host().isEmpty()) {
        *error = tr("\"%1\" is not a tcp:// Docker URL.").arg(m_url);
        return false;
    }
    *host = url.host();
    *port = quint16(url.port(2376)); // Docker's TLS port, as the docker CLI takes it
    *context = TlsClientContext::forFiles(m_tls, error);
    return *context != nullptr;
}

bool DockerClient::openStream(const QDeadlineTimer &deadline, std::unique_ptr<TlsConnection> *connection,
    QByteArray *hostHeader, QString *error) const
{
    QString host;
    quint16 port = 0;
    std::shared_ptr<const TlsClientContext> context;
    if (!engineAddress(&host, &port, &context, error))
        return false;
    auto made = std::make_unique<TlsConnection>(context, deadline);
    if (made->connectTo(host, port) != TlsConnection::Status::Ok) {
        *error = tr("Cannot connect to the Docker engine at %1: %2.").arg(m_url, made->errorString());
        return false;
    }
    *hostHeader = joinHostPort(host, port).toUtf8();
    *connection = std::move(made);
    return true;
}

bool DockerClient::copyImages(const DockerClient &target, const QStringList &names,
    const std::function<bool(qint64)> &progress, int transferTimeoutMs, QString *error) const
{
    const QDeadlineTimer deadline(transferTimeoutMs);
    std::unique_ptr<TlsConnection> from, to;
    QByteArray fromHost, toHost;
    if (!openStream(deadline, &from, &fromHost, error) || !target.openStream(deadline, &to, &toHost, error))
        return false;
    QByteArray query;
    for (const QString &name : names)
        query += (query.isEmpty() ? "?names=" : "&names=") + QUrl::toPercentEncoding(name);
    const QByteArray agent = "User-Agent: berth/" BERTH_VERSION "\r\nConnection: close\r\n";
    const QByteArray get = "GET /images/get" + query + " HTTP/1.1\r\nHost: " + fromHost + "\r\n" + agent + "\r\n";
    const QByteArray post = "POST /images/load?quiet=1 HTTP/1.1\r\nHost: " + toHost + "\r\n" + agent
        + "Content-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n";
    if (from->write(get) != TlsConnection::Status::Ok || to->write(post) != TlsConnection::Status::Ok) {
        *error = tr("The Docker engines stopped answering: %1").arg(from->errorString() + to->errorString());
        return false;
    }

    // The source's answer: its head, then its body (chunked, or to the end of the connection), each piece sent
    // on at once as a chunk of the load's body.
    QByteArray pending;
    HttpHead head;
    while (!parseHead(pending, &head)) {
        if (from->read(&pending) != TlsConnection::Status::Ok) {
            *error = tr("The Docker engine at %1 closed the connection before it sent the images: %2")
                         .arg(m_url, from->errorString());
            return false;
        }
    }
    if (head.status != 200) {
        while (from->read(&pending) == TlsConnection::Status::Ok) { }
        *error = tr("The Docker engine at %1 answered %2 when asked for the images: %3")
                     .arg(m_url)
                     .arg(head.status)
                     .arg(QString::fromUtf8(pending.mid(head.bodyStart)).trimmed());
        return false;
    }
    pending.remove(0, head.bodyStart);
    qint64 copied = 0;
    qint64 chunkLeft = -1; // chunked: -1 before a size line, -2 before the line end after data
    bool ended = false;
    const auto forward = [&](const QByteArray &data) {
        copied += data.size();
        return to->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n") == TlsConnection::Status::Ok;
    };
    bool sent = true;
    while (sent && !ended) {
        if (!head.chunked) {
            if (!pending.isEmpty())
                sent = forward(pending);
            pending.clear();
            ended = head.contentLength >= 0 && copied >= head.contentLength;
        }
        while (sent && head.chunked && !ended) {
            if (chunkLeft == -1) {
                const qsizetype lineEnd = pending.indexOf("\r\n");
                if (lineEnd < 0)
                    break;
                bool ok = false;
                chunkLeft = pending.left(lineEnd).split(';').first().trimmed().toLongLong(&ok, 16);
                pending.remove(0, lineEnd + 2);
                if (!ok || chunkLeft < 0) {
                    *error = tr("The Docker engine at %1 sent the images in a form Berth does not read.").arg(m_url);
                    return false;
                }
                ended = chunkLeft == 0;
            } else if (chunkLeft == -2) {
                if (pending.size() < 2)
                    break;
                pending.remove(0, 2);
                chunkLeft = -1;
            } else {
                const qsizetype take = qsizetype(qMin<qint64>(chunkLeft, pending.size()));
                if (take == 0)
                    break;
                sent = forward(pending.left(take));
                pending.remove(0, take);
                chunkLeft -= take;
                if (chunkLeft == 0)
                    chunkLeft = -2;
            }
        }
        if (!sent || ended)
            break;
        if (!progress(copied)) {
            *error = tr("Canceled.");
            return false;
        }
        const TlsConnection::Status status = from->read(&pending);
        if (status == TlsConnection::Status::Closed && !head.chunked && head.contentLength < 0)
            ended = true;
        else if (status != TlsConnection::Status::Ok) {
            *error = tr("The images from %1 stopped after %2 MB: %3")
                         .arg(m_url)
                         .arg(copied / (1024 * 1024))
                         .arg(from->errorString());
            return false;
        }
    }
    if (sent)
        sent = to->write("0\r\n\r\n") == TlsConnection::Status::Ok;
    progress(copied);

    // The target's answer: a line of JSON for each image loaded, or the error that stopped it.
    QByteArray received;
    HttpResponse response;
    while (!(response = parseResponse(received)).complete && to->read(&received) == TlsConnection::Status::Ok) { }
    response = parseResponse(received);
    const QString said = QString::fromUtf8(response.body).trimmed();
    if (response.status != 200 || response.body.contains("\"errorDetail\"") || response.body.contains("\"error\"")) {
        *error = tr("The Docker engine at %1 did not load the images (%2): %3")
                     .arg(target.m_url)
                     .arg(response.status)
                     .arg(said.isEmpty() ? to->errorString() : said);
        return false;
    }
    if (!sent) {
        *error = tr("The images could not be sent to %1: %2").arg(target.m_url, to->errorString());
        return false;
    }
    return true;
}

} // namespace berth
