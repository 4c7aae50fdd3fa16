#pragma once

#include "docker/dockerclient.h"
#include "docker/tcpsocket.h"
#include "tls/certificates.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

struct ssl_ctx_st; // OpenSSL's SSL_CTX
struct ssl_st; // OpenSSL's SSL
struct x509_store_ctx_st; // OpenSSL's X509_STORE_CTX
struct ssl_session_st; // OpenSSL's SSL_SESSION

namespace berth {

// The client side of TLS for one set of DOCKER_CERT_PATH files: the store's CA to check engines
// against, the client certificate and its key. Decoding the PEM files and setting up OpenSSL costs
// more than a handshake, so one context serves every connection that uses the same files (by their
// contents: each machine folder holds its own copy of the store's). Once made it is only read, so
// threads share it.
class TlsClientContext {
public:
    // The context for the files' current contents, made on first use; nullptr with error set when a
    // file cannot be read or is not what it should be.
    static std::shared_ptr<const TlsClientContext> forFiles(const DockerTlsFiles &files, QString *error);

    TlsClientContext(const TlsClientContext &) = delete;
    TlsClientContext &operator=(const TlsClientContext &) = delete;
    ~TlsClientContext();

    ssl_ctx_st *handle() const { return m_context; }
    // What the files held (a hash of their contents): a TLS session made with other files is not resumed.
    QByteArray id() const { return m_id; }

private:
    TlsClientContext() = default;
    ssl_ctx_st *m_context = nullptr;
    QByteArray m_id;
};

// What was wrong with the engine's certificate: OpenSSL's X509_V_ERR_* code (a certificate that does
// not name the host gives X509_V_ERR_HOSTNAME_MISMATCH), its text, and the certificate concerned.
struct TlsPeerError {
    int code = 0;
    QString text;
    tls::CertificateInfo certificate;
};

// One TLS connection to host:port, checked against the context's CA and the host (an IP address
// among the certificate's IP SANs, or a name among its DNS SANs or its common name). Every call
// ends at the deadline given at construction.
class TlsConnection {
public:
    enum class Status { Ok, Closed, Refused, TimedOut, ConnectFailed, HandshakeFailed, Failed };

    TlsConnection(std::shared_ptr<const TlsClientContext> context, const QDeadlineTimer &deadline);
    ~TlsConnection();
    TlsConnection(const TlsConnection &) = delete;
    TlsConnection &operator=(const TlsConnection &) = delete;

    // A session of an earlier connection to the same engine (session()) to resume, before connectTo. The
    // engine then proves it holds that session's secret instead of signing with its key again, and
    // neither side checks certificates: the handshake costs both sides a fraction of a full one. An
    // engine that no longer knows the session makes a full handshake; an unreadable one is ignored.
    void resumeSession(const QByteArray &session);
    // The TCP connection and the handshake.
    Status connectTo(const QString &host, quint16 port);
    // Calls from now on end at deadline instead (a connection kept open for a stream of answers).
    void setDeadline(const QDeadlineTimer &deadline) { m_socket.setDeadline(deadline); }
    Status write(const QByteArray &data);
    // Appends what arrives next to data; Closed at the end of the stream.
    Status read(QByteArray *data);

    // Whether the client's side of the handshake completed.
    bool encrypted() const { return m_encrypted; }
    // Whether the handshake resumed the session given to resumeSession().
    bool resumed() const;
    // The newest session the engine gave for resuming later (DER; with TLS 1.3 it comes after the
    // handshake, so it is there once something has been read); empty when none came. It holds a secret
    // that lets its holder talk to the engine as this client: keep it as private as the client's key.
    QByteArray session() const { return m_session; }
    // What the engine's certificate failed, when the handshake failed on it.
    QList<TlsPeerError> peerErrors() const { return m_peerErrors; }
    // Why the last call that did not return Ok failed.
    QString errorString() const { return m_error; }

private:
    friend class TlsClientContext; // which installs verifyPeer

    template <typename Operation> Status drive(Operation operation);
    Status flush();
    static int verifyPeer(x509_store_ctx_st *store, void *);
    static int collectError(int ok, x509_store_ctx_st *store);
    static int sessionArrived(ssl_st *ssl, ssl_session_st *session);

    std::shared_ptr<const TlsClientContext> m_context;
    TcpSocket m_socket;
    ssl_st *m_ssl = nullptr;
    QByteArray m_host;
    QByteArray m_resume;
    QByteArray m_session;
    bool m_encrypted = false;
    bool m_sendFailed = false;
    QList<TlsPeerError> m_peerErrors;
    QString m_error;
};

} // namespace berth
