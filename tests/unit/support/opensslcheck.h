#pragma once

// Test support: certificates and keys checked through the OpenSSL library, the code the openssl
// command runs (`openssl verify`, `x509 -text`, `x509 -serial`, `rsa -text`, `rsa -check`), without
// that command, so the checks are the same on Linux and on Windows. Nothing of Berth is used here.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace berth::test::openssl {

struct Free {
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(X509_STORE *p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX *p) const { X509_STORE_CTX_free(p); }
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(STACK_OF(X509_INFO) * p) const { sk_X509_INFO_pop_free(p, X509_INFO_free); }
};
template <typename T> using Owned = std::unique_ptr<T, Free>;

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline Owned<BIO> memoryBio(const QByteArray &data)
{
    return Owned<BIO>(BIO_new_mem_buf(data.constData(), int(data.size())));
}

// What a memory BIO holds, as text.
inline QString bioText(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_ctrl(bio, BIO_CTRL_INFO, 0, static_cast<void *>(&data));
    return size > 0 ? QString::fromUtf8(data, int(size)) : QString();
}

// OpenSSL's queued errors as text, emptying the queue.
inline QString errors()
{
    QString text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof(buffer));
        text += QLatin1String(buffer) + QLatin1Char('\n');
    }
    return text;
}

inline Owned<X509> readCertificate(const QString &path)
{
    const QByteArray pem = readFile(path);
    const Owned<BIO> bio = memoryBio(pem);
    return Owned<X509>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

inline Owned<EVP_PKEY> readPrivateKey(const QString &path)
{
    const QByteArray pem = readFile(path);
    const Owned<BIO> bio = memoryBio(pem);
    return Owned<EVP_PKEY>(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

// As `openssl verify -CAfile caFile [-purpose purpose] [-verify_ip ip] [-verify_hostname host] certFile`:
// empty when the certificate verifies, else the reason OpenSSL gives. purpose is "sslserver",
// "sslclient" or empty.
inline QString verify(const QString &caFile, const QString &certFile, const char *purpose = nullptr,
    const QString &ip = {}, const QString &host = {})
{
    const Owned<X509> cert = readCertificate(certFile);
    if (!cert)
        return certFile + QStringLiteral(": not a PEM certificate\n") + errors();
    const Owned<X509_STORE> store(X509_STORE_new());
    const QByteArray caPem = readFile(caFile);
    const Owned<BIO> caBio = memoryBio(caPem);
    const Owned<STACK_OF(X509_INFO)> infos(PEM_X509_INFO_read_bio(caBio.get(), nullptr, nullptr, nullptr));
    int added = 0;
    for (int i = 0; infos && i < sk_X509_INFO_num(infos.get()); ++i) {
        X509_INFO *info = sk_X509_INFO_value(infos.get(), i);
        if (info->x509 && X509_STORE_add_cert(store.get(), info->x509) == 1)
            ++added;
    }
    if (added == 0)
        return caFile + QStringLiteral(": no certificate\n") + errors();
    const Owned<X509_STORE_CTX> context(X509_STORE_CTX_new());
    if (X509_STORE_CTX_init(context.get(), store.get(), cert.get(), nullptr) != 1)
        return QStringLiteral("X509_STORE_CTX_init failed\n") + errors();
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(context.get());
    if (purpose) {
        X509_PURPOSE *found = X509_PURPOSE_get0(X509_PURPOSE_get_by_sname(purpose));
        if (!found || X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_get_id(found)) != 1)
            return QStringLiteral("unknown purpose ") + QLatin1String(purpose);
    }
    if (!ip.isEmpty() && X509_VERIFY_PARAM_set1_ip_asc(param, ip.toLatin1().constData()) != 1)
        return QStringLiteral("not an IP address: ") + ip;
    if (!host.isEmpty() && X509_VERIFY_PARAM_set1_host(param, host.toLatin1().constData(), 0) != 1)
        return QStringLiteral("not a host name: ") + host;
    if (X509_verify_cert(context.get()) == 1) {
        errors();
        return {};
    }
    const int error = X509_STORE_CTX_get_error(context.get());
    errors();
    return QStringLiteral("error %1 at depth %2: %3")
        .arg(error)
        .arg(X509_STORE_CTX_get_error_depth(context.get()))
        .arg(QLatin1String(X509_verify_cert_error_string(error)));
}

// As `openssl x509 -in path -noout -text` prints it (OpenSSL 3's default name format, one line).
inline QString certificateText(const QString &path)
{
    const Owned<X509> cert = readCertificate(path);
    if (!cert)
        return {};
    const Owned<BIO> out(BIO_new(BIO_s_mem()));
    X509_print_ex(out.get(), cert.get(), XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB, X509_FLAG_COMPAT);
    return bioText(out.get());
}

// The serial number as `openssl x509 -serial` prints it after "serial=" (hex digits).
inline QString serial(const QString &path)
{
    const Owned<X509> cert = readCertificate(path);
    if (!cert)
        return {};
    const Owned<BIO> out(BIO_new(BIO_s_mem()));
    i2a_ASN1_INTEGER(out.get(), X509_get_serialNumber(cert.get()));
    return bioText(out.get());
}

// As `openssl rsa -in path -noout -text`: "Private-Key: (2048 bit, 2 primes)" and the numbers.
inline QString privateKeyText(const QString &path)
{
    const Owned<EVP_PKEY> key = readPrivateKey(path);
    if (!key)
        return path + QStringLiteral(": not a PEM private key\n") + errors();
    const Owned<BIO> out(BIO_new(BIO_s_mem()));
    EVP_PKEY_print_private(out.get(), key.get(), 0, nullptr);
    return bioText(out.get());
}

// As `openssl rsa -in path -noout -check` ("RSA key ok", EVP_PKEY_check): empty when the key is consistent.
inline QString checkPrivateKey(const QString &path)
{
    const Owned<EVP_PKEY> key = readPrivateKey(path);
    if (!key)
        return path + QStringLiteral(": not a PEM private key\n") + errors();
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return path + QStringLiteral(": not an RSA key");
    const Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new(key.get(), nullptr));
    if (!context || EVP_PKEY_check(context.get()) != 1)
        return path + QStringLiteral(": RSA key not ok\n") + errors();
    return {};
}

} // namespace berth::test::openssl
