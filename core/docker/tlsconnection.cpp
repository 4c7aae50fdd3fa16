#include "tlsconnection.h"

#include "util/translate.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QMutex>

#include <map>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace berth {

namespace {

bool readFile(const QString &path, QByteArray *data, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2. Regenerate the machine's certificates.")
                     .arg(nativePath(path), file.errorString());
        return false;
    }
    *data = file.readAll();
    return true;
}

// OpenSSL's reasons for the last failure, drained from its queue; empty when it gave none.
QString openSslReasons()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        if (const char *reason = ERR_reason_error_string(code)) {
            reasons << QString::fromLatin1(reason);
        } else {
            char buffer[256] = {};
            ERR_error_string_n(code, buffer, sizeof buffer);
            reasons << QString::fromLatin1(buffer);
        }
    }
    return reasons.join(QStringLiteral("; "));
}

template <typename T, void (*Free)(T *)> struct Freer {
    void operator()(T *p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Freer<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

bool notPem(const QString &path, const QString &what, QString *error)
{
    *error = tr("%1 is not a PEM %2 (%3). Regenerate the machine's certificates.")
                 .arg(nativePath(path), what, openSslReasons());
    return false;
}

// Sets up OpenSSL for the decoded files; false with error set when they are not usable.
bool configure(SSL_CTX *context, const DockerTlsFiles &files, const QByteArray &ca, const QByteArray &cert,
    const QByteArray &key, QString *error)
{
    // Every certificate of the CA file is trusted, as Qt did with it.
    int authorities = 0;
    const BioPtr caBio = memoryBio(ca);
    while (const X509Ptr authority { PEM_read_bio_X509(caBio.get(), nullptr, nullptr, nullptr) })
        authorities += X509_STORE_add_cert(SSL_CTX_get_cert_store(context), authority.get());
    ERR_clear_error(); // the end of the file reads as "no start line"
    if (authorities == 0)
        return notPem(files.caCertPath, tr("certificate"), error);
    const BioPtr certBio = memoryBio(cert);
    const X509Ptr client(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    if (!client || SSL_CTX_use_certificate(context, client.get()) != 1)
        return notPem(files.clientCertPath, tr("certificate"), error);
    const BioPtr keyBio = memoryBio(key);
    const PkeyPtr privateKey(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!privateKey || SSL_CTX_use_PrivateKey(context, privateKey.get()) != 1)
        return notPem(files.clientKeyPath, tr("private key"), error);
    if (SSL_CTX_check_private_key(context) != 1) {
        ERR_clear_error();
        *error = tr("The key %1 does not belong to the certificate %2. Regenerate the machine's certificates.")
                     .arg(nativePath(files.clientKeyPath), nativePath(files.clientCertPath));
        return false;
    }
    return true;
}

// As Qt checked the engine's name: an IP address among the certificate's IP SANs, or the host as
// a name among its DNS SANs or its common name.
bool namesHost(X509 *cert, const QByteArray &host)
{
    return X509_check_ip_asc(cert, host.constData(), 0) == 1
        || X509_check_host(cert, host.constData(), size_t(host.size()), X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT, nullptr)
        == 1;
}

TlsConnection *connectionOf(X509_STORE_CTX *store)
{
    const auto *ssl = static_cast<const SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    return static_cast<TlsConnection *>(SSL_get_app_data(ssl));
}

} // namespace

std::shared_ptr<const TlsClientContext> TlsClientContext::forFiles(const DockerTlsFiles &files, QString *error)
{
    // The files are read every time, so a machine whose certificates were regenerated gets the new
    // ones; only their decoding is shared.
    QByteArray ca, cert, key;
    if (!readFile(files.caCertPath, &ca, error) || !readFile(files.clientCertPath, &cert, error)
        || !readFile(files.clientKeyPath, &key, error))
        return nullptr;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QByteArray *data : { &ca, &cert, &key }) {
        hash.addData(QByteArray(QByteArray::number(data->size()) + ':'));
        hash.addData(*data);
    }
    const QByteArray id = hash.result();

    static QMutex mutex;
    static std::map<QByteArray, std::shared_ptr<const TlsClientContext>> cache;
    // A long-running GUI meets few stores; a bound keeps contexts of replaced files from piling up.
    constexpr size_t maxCached = 8;
    const QMutexLocker locker(&mutex);
    if (const auto found = cache.find(id); found != cache.end())
        return found->second;

    std::shared_ptr<TlsClientContext> context(new TlsClientContext);
    context->m_context = SSL_CTX_new(TLS_client_method());
    if (!context->m_context) {
        *error = tr("Cannot set up TLS: %1.").arg(openSslReasons());
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(context->m_context, TLS1_2_VERSION);
    // A reply cut short is told by its HTTP framing, so an engine that closes without TLS's
    // close_notify is not an error in itself.
    SSL_CTX_set_options(context->m_context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_verify(context->m_context, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_cert_verify_callback(context->m_context, &TlsConnection::verifyPeer, nullptr);
    // Sessions are kept by their connection (TlsConnection::session), not in the context.
    SSL_CTX_set_session_cache_mode(context->m_context, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(context->m_context, &TlsConnection::sessionArrived);
    context->m_id = id;
    if (!configure(context->m_context, files, ca, cert, key, error))
        return nullptr;
    if (cache.size() >= maxCached)
        cache.clear(); // connections keep the contexts they hold
    cache.emplace(id, context);
    return context;
}

TlsClientContext::~TlsClientContext()
{
    SSL_CTX_free(m_context);
}

TlsConnection::TlsConnection(std::shared_ptr<const TlsClientContext> context, const QDeadlineTimer &deadline)
    : m_context(std::move(context))
    , m_socket(deadline)
{
}

TlsConnection::~TlsConnection()
{
    SSL_free(m_ssl);
}

// Checks the engine's certificate chain and name, and records every fault (as Qt did) so the user
// is told the one that matters (expired, for another address) rather than the first OpenSSL met.
int TlsConnection::verifyPeer(X509_STORE_CTX *store, void *)
{
    TlsConnection *self = connectionOf(store);
    X509_STORE_CTX_set_verify_cb(store, &TlsConnection::collectError);
    if (X509_verify_cert(store) != 1 && self->m_peerErrors.isEmpty()) {
        const int code = X509_STORE_CTX_get_error(store);
        self->m_peerErrors.append({ code, QString::fromLatin1(X509_verify_cert_error_string(code)), {} });
    }
    if (X509 *leaf = X509_STORE_CTX_get0_cert(store); leaf && !namesHost(leaf, self->m_host)) {
        self->m_peerErrors.append({ X509_V_ERR_HOSTNAME_MISMATCH,
            QString::fromLatin1(X509_verify_cert_error_string(X509_V_ERR_HOSTNAME_MISMATCH)),
            tls::certificateInfo(leaf) });
    }
    if (self->m_peerErrors.isEmpty())
        return 1;
    X509_STORE_CTX_set_error(store, self->m_peerErrors.first().code);
    return 0;
}

// Notes a fault and lets the verification go on, so that verifyPeer knows all of them.
int TlsConnection::collectError(int ok, X509_STORE_CTX *store)
{
    if (!ok) {
        const int code = X509_STORE_CTX_get_error(store);
        X509 *cert = X509_STORE_CTX_get_current_cert(store);
        connectionOf(store)->m_peerErrors.append({ code, QString::fromLatin1(X509_verify_cert_error_string(code)),
            cert ? tls::certificateInfo(cert) : tls::CertificateInfo() });
    }
    return 1;
}

int TlsConnection::sessionArrived(SSL *ssl, SSL_SESSION *session)
{
    auto *self = static_cast<TlsConnection *>(SSL_get_app_data(ssl));
    const int length = i2d_SSL_SESSION(session, nullptr);
    if (length > 0) {
        self->m_session.resize(length);
        auto *out = reinterpret_cast<unsigned char *>(self->m_session.data());
        i2d_SSL_SESSION(session, &out);
    }
    return 0; // OpenSSL keeps its reference
}

void TlsConnection::resumeSession(const QByteArray &session)
{
    m_resume = session;
}

bool TlsConnection::resumed() const
{
    return m_ssl && SSL_session_reused(m_ssl) == 1;
}

TlsConnection::Status TlsConnection::connectTo(const QString &host, quint16 port)
{
    switch (m_socket.connectTo(host, port)) {
    case TcpSocket::Status::Ok:
        break;
    case TcpSocket::Status::Refused:
        m_error = m_socket.errorString();
        return Status::Refused;
    case TcpSocket::Status::TimedOut:
        m_error = m_socket.errorString();
        return Status::TimedOut;
    default:
        m_error = m_socket.errorString();
        return Status::ConnectFailed;
    }
    m_ssl = SSL_new(m_context->handle());
    BIO *in = BIO_new(BIO_s_mem());
    BIO *out = BIO_new(BIO_s_mem());
    if (!m_ssl || !in || !out) {
        BIO_free(in);
        BIO_free(out);
        m_error = tr("Cannot set up TLS: %1.").arg(openSslReasons());
        return Status::Failed;
    }
    // The socket is driven here (deadlines, no SIGPIPE); OpenSSL reads and writes memory. An empty
    // input means "wait for more" until the engine's end is seen.
    BIO_set_mem_eof_return(in, -1);
    SSL_set_bio(m_ssl, in, out);
    SSL_set_app_data(m_ssl, this);
    m_host = host.toUtf8();
    if (QHostAddress(host).isNull()) // SNI, for a name (SSL_set_tlsext_host_name without its C cast)
        SSL_ctrl(m_ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, m_host.data());
    if (!m_resume.isEmpty()) {
        const auto *der = reinterpret_cast<const unsigned char *>(m_resume.constData());
        if (SSL_SESSION *session = d2i_SSL_SESSION(nullptr, &der, long(m_resume.size()))) {
            SSL_set_session(m_ssl, session);
            SSL_SESSION_free(session);
        }
        ERR_clear_error();
    }
    SSL_set_connect_state(m_ssl);
    const Status status = drive([this] { return SSL_connect(m_ssl); });
    m_encrypted = status == Status::Ok;
    return status == Status::Failed || status == Status::Closed ? Status::HandshakeFailed : status;
}

TlsConnection::Status TlsConnection::write(const QByteArray &data)
{
    // In pieces, so a large body is never held twice over in OpenSSL's output.
    constexpr qsizetype piece = 64 * 1024;
    for (qsizetype at = 0; at < data.size(); at += piece) {
        const int length = int(qMin(piece, data.size() - at));
        if (const Status status = drive([&] { return SSL_write(m_ssl, data.constData() + at, length); });
            status != Status::Ok)
            return status;
    }
    return Status::Ok;
}

TlsConnection::Status TlsConnection::read(QByteArray *data)
{
    char buffer[16384];
    int received = 0;
    const Status status = drive([&] { return received = SSL_read(m_ssl, buffer, sizeof buffer); });
    if (status == Status::Ok)
        data->append(buffer, received);
    return status;
}

template <typename Operation> TlsConnection::Status TlsConnection::drive(Operation operation)
{
    for (;;) {
        ERR_clear_error();
        const int rc = operation();
        const int code = SSL_get_error(m_ssl, rc);
        // What OpenSSL has to send (handshake messages, an alert) goes out whatever happened.
        if (const Status sent = flush(); sent != Status::Ok)
            return sent;
        if (rc > 0)
            return Status::Ok;
        if (code == SSL_ERROR_WANT_READ) {
            QByteArray input;
            const TcpSocket::Status received = m_socket.receive(&input);
            if (received == TcpSocket::Status::Ok) {
                BIO_write(SSL_get_rbio(m_ssl), input.constData(), int(input.size()));
            } else if (received == TcpSocket::Status::Closed) {
                BIO_set_mem_eof_return(SSL_get_rbio(m_ssl), 0);
            } else {
                m_error = m_socket.errorString();
                return received == TcpSocket::Status::TimedOut ? Status::TimedOut : Status::Failed;
            }
            continue;
        }
        const QString reasons = openSslReasons();
        m_error = reasons.isEmpty() ? tr("the connection was closed") : reasons;
        return code == SSL_ERROR_ZERO_RETURN ? Status::Closed : Status::Failed;
    }
}

TlsConnection::Status TlsConnection::flush()
{
    BIO *out = SSL_get_wbio(m_ssl);
    char buffer[16384];
    int length = 0;
    while ((length = BIO_read(out, buffer, sizeof buffer)) > 0) {
        if (m_sendFailed)
            continue;
        const TcpSocket::Status sent = m_socket.sendAll(buffer, length);
        if (sent == TcpSocket::Status::TimedOut) {
            m_error = m_socket.errorString();
            return Status::TimedOut;
        }
        // An engine that closed may have said why first (a TLS alert): that is still read.
        m_sendFailed = sent != TcpSocket::Status::Ok;
    }
    return Status::Ok;
}

} // namespace berth
