// What DockerClient says when the engine's end of TLS is wrong, against real local servers: a good
// engine, plain HTTP, an expired or not yet valid certificate, one for another address, one from
// another CA, an engine that refuses the client certificate, a closed port and one that never answers.
// Then what it reads from an engine that answers (each HTTP framing, the version from /_ping's Server
// header or /version, an image upload), many clients at once, and the sharing of decoded TLS files.
#include "docker/dockerclient.h"
#include "docker/dockerevents.h"
#include "docker/tlsconnection.h"
#include "support/opensslcheck.h"
#include "tls/certificates.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QSemaphore>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <openssl/ssl.h>

using namespace berth;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A thread that listens on 127.0.0.1 and serves from its own event loop (the client blocks meanwhile).
class ListeningThread : public QThread {
public:
    // A subclass calls it in its own destructor, before the members its run() uses go.
    void stopServer()
    {
        quit();
        wait();
    }
    // Starts the thread; the port once it listens.
    quint16 startServer()
    {
        start();
        m_ready.acquire();
        return m_port;
    }

protected:
    // Called by run() once server listens; then run() enters the event loop.
    void listening(const QTcpServer &server)
    {
        m_port = server.serverPort();
        m_ready.release();
    }

private:
    QSemaphore m_ready;
    quint16 m_port = 0;
};

// An engine as Qt's TLS server plays it, a plain HTTP server, or one that accepts and never answers.
class ServerThread : public ListeningThread {
public:
    enum class Kind { Tls, PlainHttp, Silent };
    // The bytes to send back for what a connection has received so far; empty while more must come.
    using Answer = std::function<QByteArray(const QByteArray &request)>;
    ServerThread(Kind kind, const QSslConfiguration &tls = {}, Answer answer = {})
        : m_kind(kind)
        , m_tls(tls)
        , m_answer(std::move(answer))
    {
    }
    ~ServerThread() override { stopServer(); }
    // Before startServer(): a connection stays open after an answer for the next request on it (HTTP keep-alive),
    // unless the answer says "Connection: close" or closeAfter(answers given so far) is true: then it is closed
    // without a word, as by an engine that restarts.
    void keepOpen(std::function<bool(int answers)> closeAfter) { m_closeAfter = std::move(closeAfter); }
    // The connections accepted so far.
    int connections() const { return m_connections; }

protected:
    void run() override
    {
        std::unique_ptr<QTcpServer> server;
        if (m_kind == Kind::Tls) {
            auto *ssl = new QSslServer;
            ssl->setSslConfiguration(m_tls);
            ssl->setHandshakeTimeout(5000);
            server.reset(ssl);
        } else {
            server = std::make_unique<QTcpServer>();
        }
        QObject::connect(server.get(), &QTcpServer::pendingConnectionAvailable, server.get(), [&] {
            while (QTcpSocket *socket = server->nextPendingConnection()) {
                ++m_connections;
                if (m_kind == Kind::Silent)
                    continue; // accepted, never answered
                auto request = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, request, this] {
                    *request += socket->readAll();
                    const QByteArray reply = m_answer ? m_answer(*request)
                        : m_kind == Kind::PlainHttp
                        ? QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        : QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
                    if (reply.isEmpty())
                        return;
                    socket->write(reply);
                    ++m_answers;
                    if (m_closeAfter && !reply.contains("\r\nConnection: close\r\n") && !m_closeAfter(m_answers)) {
                        request->clear();
                        return;
                    }
                    socket->disconnectFromHost();
                });
            }
        });
        server->listen(QHostAddress::LocalHost, 0);
        listening(*server);
        exec();
    }

private:
    Kind m_kind;
    QSslConfiguration m_tls;
    Answer m_answer;
    std::function<bool(int)> m_closeAfter;
    std::atomic<int> m_connections { 0 };
    int m_answers = 0; // the server's thread only
};

// An engine that resumes sessions as dockerd does (Qt's server makes a TLS context per connection,
// so it never can): OpenSSL over the accepted sockets, one context for all, the client certificate
// required. It answers every request with 200 OK and counts the handshakes that resumed.
class ResumingEngine : public ListeningThread {
public:
    ResumingEngine(const QString &cert, const QString &key, const QString &ca)
        : m_cert(cert)
        , m_key(key)
        , m_ca(ca)
    {
    }
    ~ResumingEngine() override { stopServer(); }
    int resumed() const { return m_resumed; }

protected:
    void run() override
    {
        SSL_CTX *context = SSL_CTX_new(TLS_server_method());
        SSL_CTX_use_certificate_chain_file(context, QFile::encodeName(m_cert).constData());
        SSL_CTX_use_PrivateKey_file(context, QFile::encodeName(m_key).constData(), SSL_FILETYPE_PEM);
        SSL_CTX_load_verify_locations(context, QFile::encodeName(m_ca).constData(), nullptr);
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        const unsigned char sessionContext[] = "engine";
        SSL_CTX_set_session_id_context(context, sessionContext, sizeof sessionContext);
        QTcpServer server;
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                SSL *ssl = SSL_new(context);
                SSL_set_bio(ssl, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
                SSL_set_accept_state(ssl);
                QObject::connect(socket, &QObject::destroyed, [ssl] { SSL_free(ssl); });
                auto request = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, ssl, request, this] {
                    const QByteArray input = socket->readAll();
                    BIO_write(SSL_get_rbio(ssl), input.constData(), int(input.size()));
                    char buffer[4096];
                    int length = 0;
                    while ((length = SSL_read(ssl, buffer, sizeof buffer)) > 0)
                        request->append(buffer, length);
                    if (request->contains("\r\n\r\n") && !socket->property("answered").toBool()) {
                        socket->setProperty("answered", true);
                        m_resumed += SSL_session_reused(ssl);
                        const QByteArray reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
                        SSL_write(ssl, reply.constData(), int(reply.size()));
                        SSL_shutdown(ssl);
                    }
                    while ((length = BIO_read(SSL_get_wbio(ssl), buffer, sizeof buffer)) > 0)
                        socket->write(buffer, length);
                    if (socket->property("answered").toBool())
                        socket->disconnectFromHost();
                });
            }
        });
        server.listen(QHostAddress::LocalHost, 0);
        listening(server);
        exec();
        SSL_CTX_free(context);
    }

private:
    QString m_cert, m_key, m_ca;
    std::atomic<int> m_resumed { 0 };
};

} // namespace

class TestDockerClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failures_data();
    void failures();
    void answers_data();
    void answers();
    void loadImage();
    void whatTheAgentAsks();
    void keptConnection();
    void copyImages_data();
    void copyImages();
    void manyClientsAtOnce();
    void decodedFilesShared();
    void sessionKeptForItsEngineOnly();
    void unusableFiles_data();
    void unusableFiles();

private:
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    // A certificate for 127.0.0.1 signed by the store's CA with the given dates, as `openssl ca` made it.
    bool signWithDates(const char *certName, const QString &start, const QString &end);
    QSslConfiguration serverTls(const char *certName, const char *keyName, const char *trustedClientCa = nullptr) const;
    // A good engine (server.pem) that gives answer's replies.
    std::unique_ptr<ServerThread> engine(ServerThread::Answer answer = {}, quint16 *port = nullptr) const;
    // A copy of the store's client files (ca.pem, cert.pem, key.pem) in the folder name.
    DockerTlsFiles copyOfClientFiles(const char *name) const;

    QTemporaryDir m_dir;
};

bool TestDockerClient::signWithDates(const char *certName, const QString &start, const QString &end)
{
    namespace ossl = berth::test::openssl;
    const ossl::Owned<X509> ca = ossl::readCertificate(path("ca.pem"));
    const ossl::Owned<EVP_PKEY> caKey = ossl::readPrivateKey(path("ca-key.pem"));
    const ossl::Owned<EVP_PKEY> key = ossl::readPrivateKey(path("server-key.pem"));
    const ossl::Owned<X509> cert(X509_new());
    if (!ca || !caKey || !key || !cert)
        return false;
    X509V3_CTX context;
    X509V3_set_ctx(&context, ca.get(), cert.get(), nullptr, nullptr, 0);
    X509_NAME *subject = X509_get_subject_name(cert.get());
    bool ok = X509_set_version(cert.get(), 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 0x1000) == 1
        && X509_NAME_add_entry_by_txt(
               subject, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("test"), -1, -1, 0)
            == 1
        && X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get())) == 1
        && ASN1_TIME_set_string_X509(X509_getm_notBefore(cert.get()), start.toLatin1().constData()) == 1
        && ASN1_TIME_set_string_X509(X509_getm_notAfter(cert.get()), end.toLatin1().constData()) == 1
        && X509_set_pubkey(cert.get(), key.get()) == 1;
    // The extensions `openssl ca -extensions server` added: subjectAltName and extendedKeyUsage.
    for (const auto &[nid, value] :
        { std::pair { NID_subject_alt_name, "IP:127.0.0.1" }, std::pair { NID_ext_key_usage, "serverAuth" } }) {
        X509_EXTENSION *extension = ok ? X509V3_EXT_conf_nid(nullptr, &context, nid, value) : nullptr;
        ok = extension && X509_add_ext(cert.get(), extension, -1) == 1;
        X509_EXTENSION_free(extension);
    }
    ok = ok && X509_sign(cert.get(), caKey.get(), EVP_sha256()) > 0;
    const ossl::Owned<BIO> out(BIO_new(BIO_s_mem()));
    ok = ok && PEM_write_bio_X509(out.get(), cert.get()) == 1;
    QFile file(path(certName));
    ok = ok && file.open(QIODevice::WriteOnly) && file.write(ossl::bioText(out.get()).toLatin1()) > 0;
    if (!ok)
        qWarning("signing %s failed: %s", certName, qPrintable(ossl::errors()));
    return ok;
}

QSslConfiguration TestDockerClient::serverTls(
    const char *certName, const char *keyName, const char *trustedClientCa) const
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(readFile(path(certName))));
    tls.setPrivateKey(QSslKey(readFile(path(keyName)), QSsl::Rsa));
    // dockerd --tlsverify: a client certificate is required, and must chain to its CA.
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    tls.setCaCertificates(QSslCertificate::fromData(readFile(path(trustedClientCa ? trustedClientCa : "ca.pem"))));
    return tls;
}

void TestDockerClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(tls::generateCa(path("ca.pem"), path("ca-key.pem"), QStringLiteral("store"), &error), qPrintable(error));
    QVERIFY2(tls::generateClientCertificate(path("ca.pem"), path("ca-key.pem"), path("cert.pem"), path("key.pem"),
                 QStringLiteral("store"), &error),
        qPrintable(error));
    QVERIFY2(tls::generateServerCertificate(path("ca.pem"), path("ca-key.pem"), path("server.pem"),
                 path("server-key.pem"), QStringLiteral("store.box"), { QStringLiteral("127.0.0.1") }, &error),
        qPrintable(error));
    QVERIFY2(tls::generateServerCertificate(path("ca.pem"), path("ca-key.pem"), path("elsewhere.pem"),
                 path("elsewhere-key.pem"), QStringLiteral("store.box"), { QStringLiteral("192.0.2.7") }, &error),
        qPrintable(error));
    QVERIFY2(tls::generateCa(path("other-ca.pem"), path("other-ca-key.pem"), QStringLiteral("other"), &error),
        qPrintable(error));
    QVERIFY2(tls::generateServerCertificate(path("other-ca.pem"), path("other-ca-key.pem"), path("foreign.pem"),
                 path("foreign-key.pem"), QStringLiteral("other.box"), { QStringLiteral("127.0.0.1") }, &error),
        qPrintable(error));
    QVERIFY(signWithDates("expired.pem", QStringLiteral("20200101000000Z"), QStringLiteral("20210101000000Z")));
    QVERIFY(signWithDates("future.pem", QStringLiteral("20990101000000Z"), QStringLiteral("21000101000000Z")));
}

void TestDockerClient::failures_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("clientCa");
    QTest::addColumn<QString>("messagePart"); // empty: the ping succeeds
    const int tlsKind = int(ServerThread::Kind::Tls);
    QTest::newRow("good engine") << tlsKind << "server.pem"
                                 << "server-key.pem" << QString() << QString();
    QTest::newRow("plain HTTP") << int(ServerThread::Kind::PlainHttp) << QString() << QString() << QString()
                                << QStringLiteral("answers plain HTTP, not TLS");
    QTest::newRow("expired") << tlsKind << "expired.pem"
                             << "server-key.pem" << QString() << QStringLiteral("expired on 2021-01-01");
    QTest::newRow("not yet valid") << tlsKind << "future.pem"
                                   << "server-key.pem" << QString() << QStringLiteral("is not valid before 2099-01-01");
    QTest::newRow("other address") << tlsKind << "elsewhere.pem"
                                   << "elsewhere-key.pem" << QString()
                                   << QStringLiteral("is not for this address: it names 192.0.2.7");
    QTest::newRow("other CA") << tlsKind << "foreign.pem"
                              << "foreign-key.pem" << QString()
                              << QStringLiteral("presents a certificate that this store's CA did not sign");
    QTest::newRow("client certificate refused") << tlsKind << "server.pem"
                                                << "server-key.pem" << QStringLiteral("other-ca.pem")
                                                << QStringLiteral("refused this store's client certificate");
    QTest::newRow("connection refused") << -1 << QString() << QString() << QString()
                                        << QStringLiteral("connection refused");
    QTest::newRow("timeout") << int(ServerThread::Kind::Silent) << QString() << QString() << QString()
                             << QStringLiteral("did not answer within");
}

void TestDockerClient::failures()
{
    QFETCH(int, kind);
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, clientCa);
    QFETCH(QString, messagePart);
    quint16 port = 0;
    std::unique_ptr<ServerThread> server;
    if (kind < 0) {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        port = closed.serverPort();
    } else {
        const auto serverKind = ServerThread::Kind(kind);
        server = std::make_unique<ServerThread>(serverKind,
            serverKind == ServerThread::Kind::Tls
                ? serverTls(qPrintable(cert), qPrintable(key), clientCa.isEmpty() ? nullptr : qPrintable(clientCa))
                : QSslConfiguration());
        port = server->startServer();
    }
    QVERIFY(port != 0);
    // 2 s where the timeout is what is tested; else room for a server thread that is slow to refuse (under
    // Wine on a loaded machine the refusal of a client certificate once took longer than 2 s).
    const int timeoutMs = kind == int(ServerThread::Kind::Silent) ? 2000 : 15000;
    DockerClient client(QStringLiteral("tcp://127.0.0.1:%1").arg(port),
        { path("ca.pem"), path("cert.pem"), path("key.pem") }, timeoutMs);
    QString error;
    QElapsedTimer elapsed;
    elapsed.start();
    const bool ok = client.ping(&error);
    // A refusal, like every other failure here but the silent engine, is told at once, not at the
    // timeout (under Wine a client of Qt's once waited for it when the client certificate was refused).
    if (kind != int(ServerThread::Kind::Silent))
        QVERIFY2(elapsed.elapsed() < timeoutMs / 2, qPrintable(QString::number(elapsed.elapsed())));
    if (messagePart.isEmpty()) {
        QVERIFY2(ok, qPrintable(error));
        return;
    }
    QVERIFY(!ok);
    QVERIFY2(error.contains(messagePart), qPrintable(error));
    // Only a certificate problem sends the user to regenerate the certificates; in words of no front end.
    const bool certificateProblem = QStringList { QStringLiteral("expired"), QStringLiteral("not yet valid"),
        QStringLiteral("other address"), QStringLiteral("other CA"), QStringLiteral("client certificate refused") }
                                        .contains(QString::fromLatin1(QTest::currentDataTag()));
    QCOMPARE(error.contains(QStringLiteral("regenerate the machine's certificates"), Qt::CaseInsensitive),
        certificateProblem);
    QVERIFY2(!error.contains(QStringLiteral("berth ")), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("does not match this store's CA")), qPrintable(error));
}

std::unique_ptr<ServerThread> TestDockerClient::engine(ServerThread::Answer answer, quint16 *port) const
{
    auto server = std::make_unique<ServerThread>(
        ServerThread::Kind::Tls, serverTls("server.pem", "server-key.pem"), std::move(answer));
    *port = server->startServer();
    return server;
}

DockerTlsFiles TestDockerClient::copyOfClientFiles(const char *name) const
{
    const QString folder = path(name);
    QDir().mkpath(folder);
    for (const char *file : { "ca.pem", "cert.pem", "key.pem" }) {
        QFile::remove(folder + QLatin1Char('/') + QLatin1String(file));
        QFile::copy(path(file), folder + QLatin1Char('/') + QLatin1String(file));
    }
    return { folder + QStringLiteral("/ca.pem"), folder + QStringLiteral("/cert.pem"),
        folder + QStringLiteral("/key.pem") };
}

namespace {

// The whole request once its headers and Content-Length body have come; empty before.
QByteArray wholeRequest(const QByteArray &received)
{
    const qsizetype headerEnd = received.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return {};
    qsizetype length = 0;
    for (const QByteArray &line : received.left(headerEnd).split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    return received.size() < headerEnd + 4 + length ? QByteArray() : received;
}

const QByteArray versionJson = R"({"Version":"24.0.7","ApiVersion":"1.43","Os":"linux","Arch":"arm64"})";

} // namespace

void TestDockerClient::answers_data()
{
    QTest::addColumn<QByteArray>("pingReply");
    QTest::addColumn<QByteArray>("versionReply");
    QTest::addColumn<QString>("expected"); // the version, or a part of the error
    QTest::addColumn<bool>("versionAsked"); // whether serverVersion needed /version
    const QByteArray plainPing("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
    QTest::newRow("Server header of /_ping")
        << QByteArray("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n"
                      "Content-Length: 2\r\n\r\nOK")
        << QByteArray() << QStringLiteral("20.10.24+dfsg1") << false;
    QTest::newRow("/version, Content-Length")
        << plainPing
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(versionJson.size()) + "\r\n\r\n"
               + versionJson)
        << QStringLiteral("24.0.7") << true;
    QTest::newRow("/version, chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 2\r\n\r\nOK")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + versionJson.left(16) + "\r\n"
               + QByteArray::number(versionJson.size() - 16, 16) + ";ext=1\r\n" + versionJson.mid(16) + "\r\n0\r\n\r\n")
        << QStringLiteral("24.0.7") << true;
    QTest::newRow("/version, ended by the connection")
        << plainPing << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + versionJson)
        << QStringLiteral("24.0.7") << true;
    QTest::newRow("/version answers 404")
        << plainPing
        << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 29\r\n\r\n"
                      "{\"message\":\"page not found\"}\n")
        << QStringLiteral("answered 404 to GET /version: {\"message\":\"page not found\"}") << true;
    QTest::newRow("not a Docker engine") << plainPing << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                                         << QStringLiteral("answered, but not like a Docker engine") << true;
}

void TestDockerClient::answers()
{
    QFETCH(QByteArray, pingReply);
    QFETCH(QByteArray, versionReply);
    QFETCH(QString, expected);
    QFETCH(bool, versionAsked);
    std::atomic<int> versionRequests { 0 };
    quint16 port = 0;
    const auto server = engine(
        [&](const QByteArray &received) {
            const QByteArray request = wholeRequest(received);
            if (request.startsWith("GET /version HTTP/1.1\r\n")) {
                ++versionRequests;
                return versionReply;
            }
            return request.startsWith("GET /_ping HTTP/1.1\r\n") ? pingReply
                : request.isEmpty()                              ? QByteArray()
                                                                 : QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n");
        },
        &port);
    DockerClient client(
        QStringLiteral("tcp://127.0.0.1:%1").arg(port), { path("ca.pem"), path("cert.pem"), path("key.pem") }, 15000);
    QString version, error;
    const bool ok = client.serverVersion(&version, &error);
    QCOMPARE(versionRequests.load(), versionAsked ? 1 : 0);
    if (ok) {
        QCOMPARE(version, expected);
    } else {
        QVERIFY2(error.contains(expected), qPrintable(error));
        return;
    }
    if (!versionAsked)
        return;
    DockerVersion full;
    QVERIFY2(client.version(&full, &error), qPrintable(error));
    QCOMPARE(full.version, QStringLiteral("24.0.7"));
    QCOMPARE(full.apiVersion, QStringLiteral("1.43"));
    QCOMPARE(full.os, QStringLiteral("linux"));
    QCOMPARE(full.arch, QStringLiteral("arm64"));
}

// The machine agent's three calls: the ports running containers publish, the engine's clock, its events.
void TestDockerClient::whatTheAgentAsks()
{
    const QByteArray containers
        = R"([{"Id":"a1","Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},)"
          R"({"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},)"
          R"({"PrivatePort":443,"Type":"tcp"}]},)"
          R"({"Id":"b2","Ports":[{"IP":"127.0.0.1","PrivatePort":53,"PublicPort":5353,"Type":"udp"}]}])";
    const QByteArray start = R"({"Type":"container","Action":"start","id":"a1"})";
    const QByteArray die = R"({"status":"die","id":"a1","Type":"container","Action":"die"})";
    // Two events in one chunk (and the second one's line split across two chunks), then the engine stops.
    const QByteArray events = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + QByteArray::number(start.size() + 1 + 10, 16) + "\r\n" + start + "\n" + die.left(10) + "\r\n"
        + QByteArray::number(die.size() - 10 + 1, 16) + "\r\n" + die.mid(10) + "\n\r\n";
    quint16 port = 0;
    const auto server = engine(
        [&](const QByteArray &received) -> QByteArray {
            const QByteArray request = wholeRequest(received);
            if (request.startsWith("GET /containers/json HTTP/1.1\r\n"))
                return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(containers.size()) + "\r\n\r\n"
                    + containers;
            if (request.startsWith("GET /_ping HTTP/1.1\r\n"))
                return QByteArray(
                    "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 00:16:33 GMT\r\nContent-Length: 2\r\n\r\nOK");
            if (request.startsWith("GET /events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D HTTP/1.1\r\n"))
                return events;
            return request.isEmpty() ? QByteArray() : QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n");
        },
        &port);
    DockerClient client(
        QStringLiteral("tcp://127.0.0.1:%1").arg(port), { path("ca.pem"), path("cert.pem"), path("key.pem") }, 15000);
    QString error;
    QList<PublishedPort> ports;
    QVERIFY2(client.publishedPorts(&ports, &error), qPrintable(error));
    QCOMPARE(ports.size(), 3); // 443 is exposed, not published
    QCOMPARE(ports.at(0).port, 8080);
    QCOMPARE(ports.at(0).protocol, QStringLiteral("tcp"));
    QCOMPARE(ports.at(1).hostIp, QStringLiteral("::"));
    QCOMPARE(ports.at(2).port, 5353);
    QCOMPARE(ports.at(2).protocol, QStringLiteral("udp"));
    QCOMPARE(ports.at(2).hostIp, QStringLiteral("127.0.0.1"));
    QCOMPARE(ports.at(2).container, QStringLiteral("b2"));

    QDateTime time;
    QVERIFY2(client.engineTime(&time, &error), qPrintable(error));
    QCOMPARE(time.toSecsSinceEpoch(), 1796084193);

    std::unique_ptr<DockerEventStream> stream;
    QVERIFY2(client.followContainerEvents(&stream, &error), qPrintable(error));
    QJsonObject event;
    QCOMPARE(stream->next(5000, &event, &error), DockerEventStream::Status::Event);
    QCOMPARE(event.value(QLatin1String("Action")).toString(), QStringLiteral("start"));
    QCOMPARE(stream->next(5000, &event, &error), DockerEventStream::Status::Event);
    QCOMPARE(event.value(QLatin1String("Action")).toString(), QStringLiteral("die"));
    QCOMPARE(stream->next(5000, &event, &error), DockerEventStream::Status::Closed);
    QVERIFY2(error.contains(QStringLiteral("ended its events")), qPrintable(error));
}

// The agent's client keeps its connection for the next GET; one the engine closes, saying so or not, is made again.
void TestDockerClient::keptConnection()
{
    std::atomic<int> pings { 0 }, closeAsked { 0 };
    const auto server = std::make_unique<ServerThread>(ServerThread::Kind::Tls,
        serverTls("server.pem", "server-key.pem"), [&](const QByteArray &received) -> QByteArray {
            const QByteArray request = wholeRequest(received);
            closeAsked += request.contains("\r\nConnection: close\r\n");
            if (request.startsWith("GET /containers/json HTTP/1.1\r\n"))
                return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]";
            if (!request.startsWith("GET /_ping HTTP/1.1\r\n"))
                return request.isEmpty() ? QByteArray() : QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n");
            const int n = ++pings;
            // The second ping's answer ends its connection, saying so.
            return "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 00:16:3" + QByteArray::number(n) + " GMT\r\n"
                + (n == 2 ? "Connection: close\r\n" : "") + "Content-Length: 2\r\n\r\nOK";
        });
    // After the fourth answer the engine closes the connection without a word.
    server->keepOpen([](int answers) { return answers == 4; });
    const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(server->startServer());
    const DockerTlsFiles files { path("ca.pem"), path("cert.pem"), path("key.pem") };
    DockerClient client(url, files, 15000);
    client.keepConnection();
    QString error;
    QDateTime time;
    QList<PublishedPort> ports;
    QVERIFY2(client.engineTime(&time, &error), qPrintable(error));
    QCOMPARE(time.toSecsSinceEpoch(), 1796084191);
    QVERIFY2(client.publishedPorts(&ports, &error), qPrintable(error));
    QCOMPARE(server->connections(), 1);
    QVERIFY2(client.engineTime(&time, &error), qPrintable(error)); // "Connection: close"
    QCOMPARE(time.toSecsSinceEpoch(), 1796084192);
    QCOMPARE(server->connections(), 1);
    QVERIFY2(client.engineTime(&time, &error), qPrintable(error)); // a new connection, closed after it
    QCOMPARE(time.toSecsSinceEpoch(), 1796084193);
    QCOMPARE(server->connections(), 2);
    QVERIFY2(client.engineTime(&time, &error), qPrintable(error)); // the kept one is gone: asked on a new one
    QCOMPARE(time.toSecsSinceEpoch(), 1796084194);
    QCOMPARE(server->connections(), 3);
    QCOMPARE(closeAsked.load(), 0);

    // Any other client asks the engine to close after its answer, and makes a connection each time.
    DockerClient once(url, files, 15000);
    QVERIFY2(once.engineTime(&time, &error), qPrintable(error));
    QVERIFY2(once.engineTime(&time, &error), qPrintable(error));
    QCOMPARE(time.toSecsSinceEpoch(), 1796084196);
    QCOMPARE(server->connections(), 5);
    QCOMPARE(closeAsked.load(), 2);
}

void TestDockerClient::loadImage()
{
    // Larger than any one piece written or read, and not a multiple of them.
    QByteArray tarball;
    for (int i = 0; tarball.size() < 3 * 1024 * 1024 + 777; ++i)
        tarball += QByteArray::number(i) + ' ';
    QByteArray uploaded;
    bool refuse = false;
    quint16 port = 0;
    const auto server = engine(
        [&](const QByteArray &received) {
            const QByteArray request = wholeRequest(received);
            if (request.isEmpty())
                return QByteArray();
            uploaded = request.mid(request.indexOf("\r\n\r\n") + 4);
            const QByteArray json = refuse ? R"({"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"})"
                                           : R"({"stream":"Loaded image: box:latest\n"})";
            return request.startsWith("POST /images/load?quiet=1 HTTP/1.1\r\n")
                    && request.contains("Content-Type: application/x-tar\r\n")
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + QByteArray::number(json.size(), 16) + "\r\n"
                    + json + "\r\n0\r\n\r\n"
                : QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        },
        &port);
    DockerClient client(
        QStringLiteral("tcp://127.0.0.1:%1").arg(port), { path("ca.pem"), path("cert.pem"), path("key.pem") }, 15000);
    QString error;
    QVERIFY2(client.loadImage(tarball, &error), qPrintable(error));
    QCOMPARE(QCryptographicHash::hash(uploaded, QCryptographicHash::Sha256),
        QCryptographicHash::hash(tarball, QCryptographicHash::Sha256));
    refuse = true;
    QVERIFY(!client.loadImage(tarball, &error));
    QVERIFY2(error.contains(QStringLiteral("The engine refused the image: "))
            && error.contains(QStringLiteral("unexpected EOF")),
        qPrintable(error));
}

namespace {

// A chunked body decoded, once its last chunk has come; *complete false before.
QByteArray dechunked(const QByteArray &body, bool *complete)
{
    QByteArray data;
    *complete = false;
    for (qsizetype at = 0;;) {
        const qsizetype lineEnd = body.indexOf("\r\n", at);
        if (lineEnd < 0)
            return data;
        const qint64 size = body.mid(at, lineEnd - at).toLongLong(nullptr, 16);
        if (size == 0) {
            *complete = body.indexOf("\r\n", lineEnd + 2) >= 0;
            return data;
        }
        if (body.size() < lineEnd + 2 + size + 2)
            return data;
        data += body.mid(lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
    }
}

} // namespace

void TestDockerClient::copyImages_data()
{
    QTest::addColumn<QString>("framing"); // how the source frames `docker save`'s tarball
    QTest::newRow("chunked") << QStringLiteral("chunked");
    QTest::newRow("Content-Length") << QStringLiteral("length");
    QTest::newRow("to the end of the connection") << QStringLiteral("close");
}

void TestDockerClient::copyImages()
{
    QFETCH(QString, framing);
    QByteArray tarball;
    for (int i = 0; tarball.size() < 3 * 1024 * 1024 + 777; ++i)
        tarball += QByteArray::number(i) + ' ';
    QByteArray asked;
    int sourceStatus = 200;
    const auto source = [&](const QByteArray &received) -> QByteArray {
        const QByteArray request = wholeRequest(received);
        if (request.isEmpty())
            return QByteArray();
        asked = request.left(request.indexOf("\r\n"));
        if (sourceStatus != 200)
            return QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 42\r\n\r\n"
                              "{\"message\":\"reference does not exist\"}\n\n");
        QByteArray reply = "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\n";
        if (framing == QLatin1String("length"))
            return reply + "Content-Length: " + QByteArray::number(tarball.size()) + "\r\n\r\n" + tarball;
        if (framing == QLatin1String("close"))
            return reply + "\r\n" + tarball;
        // Chunks of odd sizes, one with an extension, as a proxy may send them.
        reply += "Transfer-Encoding: chunked\r\n\r\n";
        for (qsizetype at = 0, size = 1; at < tarball.size(); at += size, size = size * 3 + 7) {
            const QByteArray piece = tarball.mid(at, size);
            reply += QByteArray::number(piece.size(), 16) + (at == 0 ? ";name=first" : "") + "\r\n" + piece + "\r\n";
        }
        return reply + "0\r\n\r\n";
    };
    QByteArray loaded;
    bool refuse = false;
    const auto target = [&](const QByteArray &received) -> QByteArray {
        const qsizetype headerEnd = received.indexOf("\r\n\r\n");
        bool complete = false;
        // Dechunked once the last chunk has come, not at every read: under Wine a read brings a few kB, and
        // dechunking the 3 MB again at each made this test take 40 s a row rather than 0.5 s.
        if (headerEnd < 0 || !received.endsWith("\r\n0\r\n\r\n"))
            return QByteArray();
        loaded = dechunked(received.mid(headerEnd + 4), &complete);
        if (!complete)
            return QByteArray();
        const QByteArray json = refuse ? R"({"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"})"
                                       : R"({"stream":"Loaded image: box:latest\n"})";
        return received.startsWith("POST /images/load?quiet=1 HTTP/1.1\r\n")
                && received.contains("Transfer-Encoding: chunked\r\n")
            ? "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(json.size()) + "\r\n\r\n" + json
            : QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    };
    quint16 fromPort = 0, toPort = 0;
    const auto fromServer = engine(source, &fromPort);
    const auto toServer = engine(target, &toPort);
    const DockerTlsFiles files { path("ca.pem"), path("cert.pem"), path("key.pem") };
    const DockerClient from(QStringLiteral("tcp://127.0.0.1:%1").arg(fromPort), files, 15000);
    const DockerClient to(QStringLiteral("tcp://127.0.0.1:%1").arg(toPort), files, 15000);
    const QStringList names { QStringLiteral("box:latest"), QStringLiteral("registry:5000/team/app:1") };
    qint64 reported = 0;
    const auto progress = [&](qint64 copied) {
        reported = copied;
        return true;
    };
    QString error;
    QVERIFY2(from.copyImages(to, names, progress, 30000, &error), qPrintable(error));
    QCOMPARE(asked, QByteArray("GET /images/get?names=box%3Alatest&names=registry%3A5000%2Fteam%2Fapp%3A1 HTTP/1.1"));
    QCOMPARE(loaded.size(), tarball.size());
    QVERIFY(loaded == tarball);
    QCOMPARE(reported, qint64(tarball.size()));
    // The target's refusal, the source's, and a cancel, each said.
    refuse = true;
    QVERIFY(!from.copyImages(to, names, progress, 30000, &error));
    QVERIFY2(error.contains(QStringLiteral("did not load the images (200): ")) && error.contains(QStringLiteral("EOF")),
        qPrintable(error));
    refuse = false;
    QVERIFY(!from.copyImages(
        to, names, [](qint64) { return false; }, 30000, &error));
    QCOMPARE(error, QStringLiteral("Canceled."));
    sourceStatus = 404;
    QVERIFY(!from.copyImages(to, names, progress, 30000, &error));
    QVERIFY2(error.contains(QStringLiteral("answered 404 when asked for the images: "))
            && error.contains(QStringLiteral("reference does not exist")),
        qPrintable(error));
}

void TestDockerClient::manyClientsAtOnce()
{
    // As ls asks every machine at once: threads share one TLS context.
    quint16 port = 0;
    const auto server = engine({}, &port);
    constexpr int clients = 24;
    QStringList errors(clients);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back(QThread::create([&, i] {
            DockerClient client(QStringLiteral("tcp://127.0.0.1:%1").arg(port),
                { path("ca.pem"), path("cert.pem"), path("key.pem") }, 15000);
            if (QString error; !client.ping(&error))
                errors[i] = error;
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        thread->wait();
    for (const QString &error : std::as_const(errors))
        QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestDockerClient::decodedFilesShared()
{
    QString error;
    const DockerTlsFiles first = copyOfClientFiles("first");
    const DockerTlsFiles second = copyOfClientFiles("second");
    const auto firstContext = TlsClientContext::forFiles(first, &error);
    QVERIFY2(firstContext, qPrintable(error));
    // Another machine folder with the same contents: the same context.
    QCOMPARE(TlsClientContext::forFiles(second, &error).get(), firstContext.get());
    // New files in the same folder (regenerate-certs): a new context, which the engine accepts.
    QVERIFY2(tls::generateClientCertificate(path("ca.pem"), path("ca-key.pem"), second.clientCertPath,
                 second.clientKeyPath, QStringLiteral("store"), &error),
        qPrintable(error));
    const auto secondContext = TlsClientContext::forFiles(second, &error);
    QVERIFY2(secondContext, qPrintable(error));
    QVERIFY(secondContext.get() != firstContext.get());
    quint16 port = 0;
    const auto server = engine({}, &port);
    DockerClient client(QStringLiteral("tcp://127.0.0.1:%1").arg(port), second, 15000);
    QVERIFY2(client.ping(&error), qPrintable(error));
}

void TestDockerClient::sessionKeptForItsEngineOnly()
{
    ResumingEngine server(path("server.pem"), path("server-key.pem"), path("ca.pem"));
    const quint16 port = server.startServer();
    const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
    DockerTlsFiles files = copyOfClientFiles("session");
    files.sessionPath = path("session") + QStringLiteral("/sessions/engine");
    QString error;
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 0);

    // Kept after the answer, in a private file (its folder made), for these files and this engine.
    const QByteArray kept = readFile(files.sessionPath);
    const QList<QByteArray> lines = kept.split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QByteArray("berth-tls-session 1"));
    QCOMPARE(lines.at(1).size(), 64);
    QVERIFY(QByteArray::fromBase64(lines.at(2)).size() > 100);
#ifndef Q_OS_WIN
    QCOMPARE(QFile::permissions(files.sessionPath)
            & ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
        QFile::Permissions());
#endif

    // The next client resumes it; the file is left as it is (the session is fresh).
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 1);
    QCOMPARE(readFile(files.sessionPath), kept);

    // Another engine (another port) is not offered it, and gets its own.
    ResumingEngine other(path("server.pem"), path("server-key.pem"), path("ca.pem"));
    const QString otherUrl = QStringLiteral("tcp://127.0.0.1:%1").arg(other.startServer());
    QVERIFY2(DockerClient(otherUrl, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(other.resumed(), 0);
    const QList<QByteArray> otherLines = readFile(files.sessionPath).split('\n');
    QVERIFY(otherLines.at(1) != lines.at(1));

    // The other engine's session under this engine's key (as after an engine restart: it no longer
    // knows the session): a full handshake, and the new session kept.
    QFile file(files.sessionPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(lines.at(0) + '\n' + lines.at(1) + '\n' + otherLines.at(2) + '\n');
    file.close();
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 1);
    QCOMPARE(readFile(files.sessionPath).split('\n').at(1), lines.at(1));
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 2);

    // A damaged file is not used, nor one kept with other client files (regenerated certificates).
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(lines.at(0) + '\n' + lines.at(1) + "\nAAAAbroken\n");
    file.close();
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 2);
    QVERIFY2(tls::generateClientCertificate(path("ca.pem"), path("ca-key.pem"), files.clientCertPath,
                 files.clientKeyPath, QStringLiteral("store"), &error),
        qPrintable(error));
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 2);
    QVERIFY(readFile(files.sessionPath).split('\n').at(1) != lines.at(1));
    QVERIFY2(DockerClient(url, files, 15000).ping(&error), qPrintable(error));
    QCOMPARE(server.resumed(), 3);
}

void TestDockerClient::unusableFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("contents"); // empty: the file is missing
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no CA") << "ca.pem" << QByteArray() << QStringLiteral("Cannot read");
    QTest::newRow("CA not PEM") << "ca.pem" << QByteArray("not a certificate\n")
                                << QStringLiteral("is not a PEM certificate");
    QTest::newRow("certificate not PEM") << "cert.pem" << QByteArray("-----BEGIN CERTIFICATE-----\nAAAA\n")
                                         << QStringLiteral("is not a PEM certificate");
    QTest::newRow("key not PEM") << "key.pem" << QByteArray("garbage") << QStringLiteral("is not a PEM private key");
}

void TestDockerClient::unusableFiles()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, contents);
    QFETCH(QString, messagePart);
    const DockerTlsFiles files = copyOfClientFiles("unusable");
    const QString target = path("unusable") + QLatin1Char('/') + file;
    QFile::remove(target);
    if (!contents.isEmpty()) {
        QFile out(target);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(contents);
    }
    quint16 port = 0;
    const auto server = engine({}, &port);
    DockerClient client(QStringLiteral("tcp://127.0.0.1:%1").arg(port), files, 15000);
    QString error;
    QVERIFY(!client.ping(&error));
    QVERIFY2(error.contains(messagePart), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("Regenerate the machine's certificates.")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestDockerClient)

#include "tst_dockerclient.moc"
