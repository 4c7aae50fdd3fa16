#include "dockerclient.h"

#include "util/translate.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

Q_LOGGING_CATEGORY(lcDocker, "berth.docker")

namespace berth {

namespace {

bool readFile(const QString &path, QByteArray *data, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2. Regenerate the certificates with \"berth regenerate-certs\".")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    *data = file.readAll();
    return true;
}

// Whether host:port answers plain HTTP: a TLS handshake with it fails in ways that do not say so.
bool answersPlainHttp(const QUrl &url, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(url.host(), static_cast<quint16>(url.port()));
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n");
    QByteArray received;
    QDeadlineTimer deadline(timeoutMs);
    while (received.size() < 5 && !deadline.hasExpired() && socket.waitForReadyRead(int(deadline.remainingTime())))
        received += socket.readAll();
    return received.startsWith("HTTP/");
}

QString hostsOf(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternates = certificate.subjectAlternativeNames();
    for (auto it = alternates.begin(); it != alternates.end(); ++it)
        names << it.value();
    return names.isEmpty() ? QCoreApplication::translate("berth", "no address") : names.join(QStringLiteral(", "));
}

// What a failed TLS connection means, from the certificate errors Qt saw (empty when there were
// none), whether the client's side of the handshake completed, and OpenSSL's reason; empty when it
// is none of these.
QString tlsFailure(const QString &url, const QList<QSslError> &sslErrors, bool encrypted, const QString &detail)
{
    const QString remedy = QCoreApplication::translate("berth", "Run \"berth regenerate-certs\" for the machine.");
    for (const QSslError &e : sslErrors) {
        const QSslCertificate cert = e.certificate();
        switch (e.error()) {
        case QSslError::CertificateExpired:
            return QCoreApplication::translate("berth",
                "The engine's certificate at %1 expired on %2. %3 If it is not that old, check this computer's clock.")
                .arg(url, cert.expiryDate().toUTC().toString(Qt::ISODate), remedy);
        case QSslError::CertificateNotYetValid:
            return QCoreApplication::translate("berth",
                "The engine's certificate at %1 is not valid before %2: this computer's clock (or the one of the "
                "computer that made the certificate) is wrong. Correct the clock; if it is right, run \"berth "
                "regenerate-certs\" for the machine.")
                .arg(url, cert.effectiveDate().toUTC().toString(Qt::ISODate));
        case QSslError::HostNameMismatch:
            return QCoreApplication::translate("berth",
                "The engine's certificate at %1 is not for this address: it names %2. The machine's address has "
                "changed, or the URL reaches another engine. %3")
                .arg(url, hostsOf(cert), remedy);
        default:
            break;
        }
    }
    if (!sslErrors.isEmpty()) {
        return QCoreApplication::translate("berth",
            "The engine at %1 presents a certificate that this store's CA did not sign (%2). %3 If the machine "
            "uses a CA of another store, use that store (-s).")
            .arg(url, sslErrors.first().errorString(), remedy);
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
    return QCoreApplication::translate(
        "berth", "The engine at %1 refused this store's client certificate (%2): the engine trusts another CA. %3")
        .arg(url, detail, remedy);
}

} // namespace

DockerClient::DockerClient(const QString &url, const DockerTlsFiles &tls, int timeoutMs)
    : m_url(url)
    , m_tls(tls)
    , m_timeoutMs(timeoutMs)
{
}

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

bool DockerClient::request(
    const QByteArray &verb, const QString &path, const QByteArray &body, QByteArray *replyData, QString *error)
{
    QUrl url(m_url);
    if (url.scheme() != QLatin1String("tcp") || url.host().isEmpty()) {
        *error = tr("\"%1\" is not a tcp:// Docker URL.").arg(m_url);
        return false;
    }
    url.setScheme(QStringLiteral("https"));
    url.setPath(path.section(QLatin1Char('?'), 0, 0));
    url.setQuery(path.section(QLatin1Char('?'), 1));

    QByteArray ca, cert, key;
    if (!readFile(m_tls.caCertPath, &ca, error) || !readFile(m_tls.clientCertPath, &cert, error)
        || !readFile(m_tls.clientKeyPath, &key, error))
        return false;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromData(ca, QSsl::Pem));
    ssl.setLocalCertificate(QSslCertificate(cert, QSsl::Pem));
    ssl.setPrivateKey(QSslKey(key, QSsl::Rsa, QSsl::Pem));
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);

    QNetworkRequest request(url);
    request.setSslConfiguration(ssl);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(
        QNetworkRequest::UserAgentHeader, QString(QStringLiteral("berth/") + QLatin1String(BERTH_VERSION)));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-tar"));

    QNetworkAccessManager manager;
    QEventLoop loop;
    QNetworkReply *reply = manager.sendCustomRequest(request, verb, body);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QList<QSslError> sslErrors;
    QObject::connect(
        reply, &QNetworkReply::sslErrors, &loop, [&sslErrors](const QList<QSslError> &errors) { sslErrors += errors; });
    bool encrypted = false;
    QObject::connect(reply, &QNetworkReply::encrypted, &loop, [&encrypted] { encrypted = true; });
    // transferTimeout covers a stalled transfer; this covers a connect that never completes.
    QTimer deadline;
    deadline.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    deadline.start(m_timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    deadline.stop();

    const QNetworkReply::NetworkError code = reply->error();
    if (reply->isOpen())
        *replyData = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString detail = reply->errorString();
    reply->deleteLater();
    qCDebug(lcDocker) << verb << url.toString() << status << code;

    if (timedOut || code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError) {
        *error = tr("The Docker engine at %1 did not answer within %2 s. Check that the machine is running and "
                    "that nothing blocks the port.")
                     .arg(m_url)
                     .arg(m_timeoutMs / 1000.0);
        return false;
    }
    if (code == QNetworkReply::ConnectionRefusedError) {
        *error = tr("Cannot connect to the Docker engine at %1: connection refused. Is Docker running on the "
                    "machine? \"berth provision\" configures and starts it.")
                     .arg(m_url);
        return false;
    }
    if (code != QNetworkReply::NoError && status == 0) {
        if (const QString failure = tlsFailure(m_url, sslErrors, encrypted, detail); !failure.isEmpty()) {
            *error = failure;
        } else if (answersPlainHttp(url, qMin(m_timeoutMs, 3000))) {
            *error = tr("%1 answers plain HTTP, not TLS: Docker there runs without TLS, or another program listens on "
                        "the port. Run \"berth provision\" for the machine to configure Docker with TLS, or check "
                        "its URL.")
                         .arg(m_url);
        } else if (code == QNetworkReply::SslHandshakeFailedError) {
            *error = tr("The TLS handshake with %1 failed (%2). Check that the URL reaches the machine's Docker "
                        "engine; if it does, run \"berth regenerate-certs\" for the machine.")
                         .arg(m_url, detail);
        } else {
            *error = tr("Cannot connect to the Docker engine at %1: %2.").arg(m_url, detail);
        }
        return false;
    }
    if (status < 200 || status >= 300) {
        *error = tr("The Docker engine at %1 answered %2 to %3 %4: %5")
                     .arg(m_url)
                     .arg(status)
                     .arg(QString::fromLatin1(verb), path, QString::fromUtf8(*replyData).trimmed());
        return false;
    }
    return true;
}

} // namespace berth
