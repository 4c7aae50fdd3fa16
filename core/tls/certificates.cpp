#include "certificates.h"

#include "util/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTimeZone>

#include <ctime>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace berth::tls {

namespace {

template <typename T, void (*Free)(T *)> struct OpenSslDeleter {
    void operator()(T *p) const { Free(p); }
};

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;
using StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES, GENERAL_NAMES_free>>;
using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OpenSslDeleter<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>>;

// Certificates and keys are a few kilobytes; refuse to slurp anything absurd by mistake.
constexpr qint64 maxPemFileSize = 1024 * 1024;
// RFC 5280 upper bound for commonName and organizationName.
constexpr int maxNameLength = 64;

enum class CertificateKind { Ca, Client, Server };

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// Drains the OpenSSL error queue into one line, so a failure says why and the next call starts clean.
QString openSslReason()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256] = {};
        ERR_error_string_n(code, buffer, sizeof buffer);
        reasons.append(QString::fromLatin1(buffer));
    }
    if (reasons.isEmpty())
        return QCoreApplication::translate("berth", "no detail from OpenSSL");
    return reasons.join(QStringLiteral("; "));
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    ERR_clear_error();
    return false;
}

bool readSmallFile(const QString &path, const QString &what, QByteArray *data, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return fail(error,
            QCoreApplication::translate("berth",
                "The %1 %2 does not exist. Check the path, or regenerate the machine's "
                "certificates.")
                .arg(what, nativePath(path)));
    if (!file.open(QIODevice::ReadOnly))
        return fail(error,
            QCoreApplication::translate("berth", "Cannot read the %1 %2: %3. Check that you may read it.")
                .arg(what, nativePath(path), file.errorString()));
    if (file.size() > maxPemFileSize)
        return fail(error,
            QCoreApplication::translate("berth", "The %1 %2 is too large to be a PEM file. Check the path.")
                .arg(what, nativePath(path)));
    *data = file.readAll();
    return true;
}

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    if (size <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(size));
}

X509Ptr loadCertificate(const QString &path, const QString &what, QString *error)
{
    QByteArray data;
    if (!readSmallFile(path, what, &data, error))
        return nullptr;
    const BioPtr bio = memoryBio(data);
    X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) {
        fail(error,
            QCoreApplication::translate("berth",
                "The %1 %2 is not a PEM certificate (%3). Regenerate the machine's "
                "certificates.")
                .arg(what, nativePath(path), openSslReason()));
        return nullptr;
    }
    ERR_clear_error();
    return cert;
}

// Never prompts on a terminal: an encrypted key is refused instead of blocking the caller.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

PkeyPtr loadPrivateKey(const QString &path, const QString &what, QString *error)
{
    QByteArray data;
    if (!readSmallFile(path, what, &data, error))
        return nullptr;
    const BioPtr bio = memoryBio(data);
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    if (!key) {
        const bool encrypted = data.contains("ENCRYPTED");
        fail(error,
            encrypted ? QCoreApplication::translate("berth",
                "The %1 %2 is protected by a passphrase. Berth needs an "
                "unencrypted key; regenerate the machine's certificates.")
                            .arg(what, nativePath(path))
                      : QCoreApplication::translate("berth",
                          "The %1 %2 is not a PEM private key (%3). Regenerate the "
                          "machine's certificates.")
                            .arg(what, nativePath(path), openSslReason()));
        return nullptr;
    }
    ERR_clear_error();
    return key;
}

QString asn1ToString(const ASN1_STRING *value)
{
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length < 0)
        return {};
    const QString result = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return result;
}

QString nameEntry(const X509_NAME *name, int nid)
{
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0)
        return {};
    return asn1ToString(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
}

// RFC 5952 text form: lower case, no leading zeros, the longest run of two or more zero groups as "::".
QString ipv6ToString(const unsigned char *bytes)
{
    int groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = (bytes[2 * i] << 8) | bytes[2 * i + 1];
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            ++j;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    QString text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += QLatin1String("::");
            i += bestLength - 1;
            continue;
        }
        if (!text.isEmpty() && !text.endsWith(QLatin1Char(':')))
            text += QLatin1Char(':');
        text += QString::number(groups[i], 16);
    }
    return text;
}

QString ipAddressToString(const ASN1_OCTET_STRING *address)
{
    const unsigned char *bytes = ASN1_STRING_get0_data(address);
    const int length = ASN1_STRING_length(address);
    if (length == 4)
        return QStringLiteral("%1.%2.%3.%4")
            .arg(int(bytes[0]))
            .arg(int(bytes[1]))
            .arg(int(bytes[2]))
            .arg(int(bytes[3]));
    if (length == 16)
        return ipv6ToString(bytes);
    return {};
}

bool isIpAddress(const QString &host)
{
    const QByteArray ascii = host.toLatin1();
    return OctetStringPtr(a2i_IPADDRESS(ascii.constData())) != nullptr;
}

// Host names go into an OpenSSL extension string: only the letters a DNS name may hold can pass,
// so a comma or colon can never smuggle in another SAN.
bool isDnsName(const QString &host)
{
    if (host.isEmpty() || host.size() > 253 || host.startsWith(QLatin1Char('.')) || host.endsWith(QLatin1Char('.')))
        return false;
    for (const QChar c : host) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-'
            || u == u'.' || u == u'_' || u == u'*';
        if (!ok)
            return false;
    }
    return true;
}

bool checkOrganization(const QString &organization, QString *error)
{
    if (organization.trimmed().isEmpty())
        return fail(error,
            QCoreApplication::translate("berth",
                "The certificate organization is empty. Give a name (usually your user "
                "name)."));
    if (organization.toUtf8().size() > maxNameLength)
        return fail(error,
            QCoreApplication::translate("berth",
                "The certificate organization \"%1\" is longer than %2 bytes. Give a "
                "shorter name.")
                .arg(organization)
                .arg(maxNameLength));
    return true;
}

bool checkOutputPaths(const QString &certPath, const QString &keyPath, QString *error)
{
    if (certPath.isEmpty() || keyPath.isEmpty())
        return fail(error,
            QCoreApplication::translate("berth",
                "No path was given for the new certificate or key. This is a bug in "
                "Berth; please report it."));
    if (QDir::cleanPath(QDir(certPath).absolutePath()) == QDir::cleanPath(QDir(keyPath).absolutePath()))
        return fail(error,
            QCoreApplication::translate("berth",
                "The certificate and its key would both be written to %1. Give them "
                "different paths.")
                .arg(nativePath(certPath)));
    return true;
}

PkeyPtr generateKey(QString *error)
{
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsaKeyBits)));
    if (!key)
        fail(error,
            QCoreApplication::translate("berth", "Cannot generate an RSA key: %1. Check the OpenSSL installation.")
                .arg(openSslReason()));
    return key;
}

bool addNameEntry(X509_NAME *name, const char *field, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
               reinterpret_cast<const unsigned char *>(utf8.constData()), static_cast<int>(utf8.size()), -1, 0)
        == 1;
}

bool addExtension(X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
    const ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

bool setRandomSerial(X509 *cert)
{
    const BignumPtr serial(BN_new());
    if (!serial)
        return false;
    do {
        if (BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
            return false;
    } while (BN_is_zero(serial.get()));
    return BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr;
}

// Builds and signs one certificate. issuerCert null means self-signed with subjectKey.
X509Ptr buildCertificate(CertificateKind kind, EVP_PKEY *subjectKey, X509 *issuerCert, EVP_PKEY *issuerKey,
    const QString &organization, const QString &commonName, const QStringList &hosts, QString *error)
{
    X509Ptr cert(X509_new());
    const auto opensslFailed = [error](const char *step) {
        fail(error,
            QCoreApplication::translate("berth",
                "Cannot build the certificate (%1): %2. Check the OpenSSL "
                "installation.")
                .arg(QLatin1String(step), openSslReason()));
        return nullptr;
    };
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1)
        return opensslFailed("version");
    if (!setRandomSerial(cert.get()))
        return opensslFailed("serial number");
    // One hour back, as docker-machine does, so a host whose clock runs a little behind still accepts it.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
        || !X509_time_adj_ex(X509_getm_notAfter(cert.get()), validityDays, -3600, nullptr))
        return opensslFailed("validity");

    X509_NAME *subject = X509_get_subject_name(cert.get());
    if (!addNameEntry(subject, "O", organization))
        return opensslFailed("organization");
    // Only a name that fits RFC 5280's 64 characters becomes the CN; the SANs carry every host anyway.
    if (!commonName.isEmpty() && commonName.toUtf8().size() <= maxNameLength
        && !addNameEntry(subject, "CN", commonName))
        return opensslFailed("common name");
    X509 *issuer = issuerCert ? issuerCert : cert.get();
    if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) != 1)
        return opensslFailed("issuer");
    if (X509_set_pubkey(cert.get(), subjectKey) != 1)
        return opensslFailed("public key");

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert.get(), nullptr, nullptr, 0);
    // The subject key identifier goes first: a self-signed CA's authority key identifier copies it.
    if (!addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash")
        || !addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always"))
        return opensslFailed("key identifiers");

    switch (kind) {
    case CertificateKind::Ca:
        if (!addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE")
            || !addExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,digitalSignature,keyEncipherment"))
            return opensslFailed("CA extensions");
        break;
    case CertificateKind::Client:
    case CertificateKind::Server: {
        const char *usage = kind == CertificateKind::Client ? "clientAuth" : "serverAuth";
        if (!addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE")
            || !addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment")
            || !addExtension(cert.get(), &ctx, NID_ext_key_usage, usage))
            return opensslFailed("usage extensions");
        if (kind == CertificateKind::Server) {
            QStringList names;
            for (const QString &host : hosts)
                names.append((isIpAddress(host) ? QLatin1String("IP:") : QLatin1String("DNS:")) + host);
            const QByteArray san = names.join(QLatin1Char(',')).toLatin1();
            if (!addExtension(cert.get(), &ctx, NID_subject_alt_name, san.constData()))
                return opensslFailed("subjectAltName");
        }
        break;
    }
    }

    if (X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return opensslFailed("signature");
    return cert;
}

bool writeKeyAndCertificate(X509 *cert, EVP_PKEY *key, const QString &certPath, const QString &keyPath, QString *error)
{
    const BioPtr keyBio(BIO_new(BIO_s_mem()));
    const BioPtr certBio(BIO_new(BIO_s_mem()));
    // Traditional PKCS#1 ("BEGIN RSA PRIVATE KEY"): the form docker-machine writes and Docker's clients expect.
    if (!keyBio || !certBio
        || PEM_write_bio_PrivateKey_traditional(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1
        || PEM_write_bio_X509(certBio.get(), cert) != 1)
        return fail(error,
            QCoreApplication::translate("berth", "Cannot encode the new certificate or key as PEM: %1.")
                .arg(openSslReason()));
    const QByteArray keyPem = bioContents(keyBio.get());
    const QByteArray certPem = bioContents(certBio.get());
    if (keyPem.isEmpty() || certPem.isEmpty())
        return fail(error,
            QCoreApplication::translate("berth", "Cannot encode the new certificate or key as PEM: %1.")
                .arg(openSslReason()));
    return writeFileAtomic(keyPath, keyPem, privateFilePermissions, error)
        && writeFileAtomic(certPath, certPem, publicFilePermissions, error);
}

bool isCaCertificate(X509 *cert)
{
    return (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
}

// Loads a CA that can sign: a CA certificate and the key that belongs to it.
bool loadSigningCa(const QString &caCertPath, const QString &caKeyPath, X509Ptr *caCert, PkeyPtr *caKey, QString *error)
{
    const QString certWhat = QCoreApplication::translate("berth", "CA certificate");
    const QString keyWhat = QCoreApplication::translate("berth", "CA key");
    *caCert = loadCertificate(caCertPath, certWhat, error);
    if (!*caCert)
        return false;
    if (!isCaCertificate(caCert->get()))
        return fail(error,
            QCoreApplication::translate("berth",
                "The certificate %1 is not a CA certificate, so it cannot sign others. "
                "Regenerate the machine's certificates.")
                .arg(nativePath(caCertPath)));
    *caKey = loadPrivateKey(caKeyPath, keyWhat, error);
    if (!*caKey)
        return false;
    if (EVP_PKEY_eq(X509_get0_pubkey(caCert->get()), caKey->get()) != 1)
        return fail(error,
            QCoreApplication::translate("berth",
                "The CA key %1 does not belong to the CA certificate %2. Regenerate the "
                "machine's certificates.")
                .arg(nativePath(caKeyPath), nativePath(caCertPath)));
    return true;
}

QDateTime asn1TimeToDateTime(const ASN1_TIME *time)
{
    std::tm tm = {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(
        QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), QTimeZone::utc());
}

QString verifyFailureMessage(int code, const QString &caCertPath, const QString &certPath)
{
    switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return QCoreApplication::translate("berth",
            "The server certificate %1 has expired. Regenerate the machine's "
            "certificates.")
            .arg(nativePath(certPath));
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return QCoreApplication::translate("berth",
            "The server certificate %1 is not valid yet. Check this computer's "
            "clock, or regenerate the machine's certificates.")
            .arg(nativePath(certPath));
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return QCoreApplication::translate("berth",
            "The server certificate %1 was not signed by the CA %2. Regenerate "
            "the machine's certificates.")
            .arg(nativePath(certPath), nativePath(caCertPath));
    case X509_V_ERR_INVALID_PURPOSE:
        return QCoreApplication::translate("berth",
            "The certificate %1 is not meant for a server (it lacks TLS server "
            "authentication). Regenerate the machine's certificates.")
            .arg(nativePath(certPath));
    default:
        return QCoreApplication::translate("berth",
            "The server certificate %1 does not verify against the CA %2: %3. "
            "Regenerate the machine's certificates.")
            .arg(
                nativePath(certPath), nativePath(caCertPath), QString::fromLatin1(X509_verify_cert_error_string(code)));
    }
}

} // namespace

bool generateCa(const QString &certPath, const QString &keyPath, const QString &organization, QString *error)
{
    if (!checkOutputPaths(certPath, keyPath, error) || !checkOrganization(organization, error))
        return false;
    const PkeyPtr key = generateKey(error);
    if (!key)
        return false;
    const X509Ptr cert
        = buildCertificate(CertificateKind::Ca, key.get(), nullptr, key.get(), organization, organization, {}, error);
    return cert && writeKeyAndCertificate(cert.get(), key.get(), certPath, keyPath, error);
}

bool generateClientCertificate(const QString &caCertPath, const QString &caKeyPath, const QString &certPath,
    const QString &keyPath, const QString &organization, QString *error)
{
    if (!checkOutputPaths(certPath, keyPath, error) || !checkOrganization(organization, error))
        return false;
    X509Ptr caCert;
    PkeyPtr caKey;
    if (!loadSigningCa(caCertPath, caKeyPath, &caCert, &caKey, error))
        return false;
    const PkeyPtr key = generateKey(error);
    if (!key)
        return false;
    const X509Ptr cert = buildCertificate(
        CertificateKind::Client, key.get(), caCert.get(), caKey.get(), organization, organization, {}, error);
    return cert && writeKeyAndCertificate(cert.get(), key.get(), certPath, keyPath, error);
}

bool generateServerCertificate(const QString &caCertPath, const QString &caKeyPath, const QString &certPath,
    const QString &keyPath, const QString &organization, const QStringList &hosts, QString *error)
{
    if (!checkOutputPaths(certPath, keyPath, error) || !checkOrganization(organization, error))
        return false;
    QStringList names;
    for (const QString &host : hosts) {
        const QString trimmed = host.trimmed();
        if (!isIpAddress(trimmed) && !isDnsName(trimmed))
            return fail(error,
                QCoreApplication::translate("berth",
                    "\"%1\" is neither an IP address nor a DNS name, so it cannot go "
                    "into the server certificate. Check the machine's address.")
                    .arg(host));
        names.append(trimmed);
    }
    names.removeDuplicates();
    if (names.isEmpty())
        return fail(error,
            QCoreApplication::translate("berth",
                "A server certificate needs at least one IP address or DNS name. Check "
                "that the machine has an address."));
    X509Ptr caCert;
    PkeyPtr caKey;
    if (!loadSigningCa(caCertPath, caKeyPath, &caCert, &caKey, error))
        return false;
    const PkeyPtr key = generateKey(error);
    if (!key)
        return false;
    const X509Ptr cert = buildCertificate(
        CertificateKind::Server, key.get(), caCert.get(), caKey.get(), organization, names.first(), names, error);
    return cert && writeKeyAndCertificate(cert.get(), key.get(), certPath, keyPath, error);
}

CertificateInfo certificateInfo(X509 *cert)
{
    CertificateInfo result;
    result.subjectOrganization = nameEntry(X509_get_subject_name(cert), NID_organizationName);
    result.issuerOrganization = nameEntry(X509_get_issuer_name(cert), NID_organizationName);
    result.notBefore = asn1TimeToDateTime(X509_get0_notBefore(cert));
    result.notAfter = asn1TimeToDateTime(X509_get0_notAfter(cert));
    result.isCa = isCaCertificate(cert);
    const GeneralNamesPtr sans(
        static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    if (sans) {
        for (int i = 0; i < sk_GENERAL_NAME_num(sans.get()); ++i) {
            const GENERAL_NAME *name = sk_GENERAL_NAME_value(sans.get(), i);
            if (name->type == GEN_IPADD) {
                const QString address = ipAddressToString(name->d.iPAddress);
                if (!address.isEmpty())
                    result.ipAddresses.append(address);
            } else if (name->type == GEN_DNS) {
                result.dnsNames.append(asn1ToString(name->d.dNSName));
            }
        }
    }
    ERR_clear_error();
    return result;
}

bool readCertificateInfo(const QString &certPath, CertificateInfo *info, QString *error)
{
    const X509Ptr cert = loadCertificate(certPath, QCoreApplication::translate("berth", "certificate"), error);
    if (!cert)
        return false;
    if (info)
        *info = certificateInfo(cert.get());
    return true;
}

bool verifyServerCertificate(
    const QString &caCertPath, const QString &certPath, const QStringList &requiredHosts, QString *error)
{
    const X509Ptr caCert = loadCertificate(caCertPath, QCoreApplication::translate("berth", "CA certificate"), error);
    if (!caCert)
        return false;
    const X509Ptr cert = loadCertificate(certPath, QCoreApplication::translate("berth", "server certificate"), error);
    if (!cert)
        return false;

    const StorePtr store(X509_STORE_new());
    const StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!store || !ctx || X509_STORE_add_cert(store.get(), caCert.get()) != 1
        || X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1
        || X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER) != 1)
        return fail(error,
            QCoreApplication::translate("berth",
                "Cannot set up certificate verification: %1. Check the OpenSSL "
                "installation.")
                .arg(openSslReason()));
    if (X509_verify_cert(ctx.get()) != 1)
        return fail(error, verifyFailureMessage(X509_STORE_CTX_get_error(ctx.get()), caCertPath, certPath));

    QStringList missing;
    for (const QString &host : requiredHosts) {
        const QByteArray ascii = host.trimmed().toLatin1();
        const bool named = isIpAddress(host.trimmed())
            ? X509_check_ip_asc(cert.get(), ascii.constData(), 0) == 1
            // Docker clients match only the SANs, never the CN.
            : X509_check_host(cert.get(), ascii.constData(), static_cast<size_t>(ascii.size()),
                  X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, nullptr)
                == 1;
        if (!named)
            missing.append(host);
    }
    if (!missing.isEmpty())
        return fail(error,
            QCoreApplication::translate("berth",
                "The server certificate %1 does not name %2. Regenerate the machine's "
                "certificates.")
                .arg(nativePath(certPath), missing.join(QLatin1String(", "))));
    ERR_clear_error();
    return true;
}

bool keyMatchesCertificate(const QString &certPath, const QString &keyPath, QString *error)
{
    const X509Ptr cert = loadCertificate(certPath, QCoreApplication::translate("berth", "certificate"), error);
    if (!cert)
        return false;
    const PkeyPtr key = loadPrivateKey(keyPath, QCoreApplication::translate("berth", "key"), error);
    if (!key)
        return false;
    if (EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key.get()) != 1)
        return fail(error,
            QCoreApplication::translate("berth",
                "The key %1 does not belong to the certificate %2. Regenerate the "
                "machine's certificates.")
                .arg(nativePath(keyPath), nativePath(certPath)));
    ERR_clear_error();
    return true;
}

} // namespace berth::tls
