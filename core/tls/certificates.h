#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

struct x509_st; // OpenSSL's X509

namespace berth::tls {

// What Berth generates (documented in README "Certificates"):
// - keys: RSA 2048, PEM (PKCS#1 "RSA PRIVATE KEY", as docker-machine writes them), files 0600;
// - CA: self-signed, basicConstraints CA:TRUE, keyUsage keyCertSign/digitalSignature/keyEncipherment;
// - client: extendedKeyUsage clientAuth; server: extendedKeyUsage serverAuth and subjectAltName
//   with every IP address and DNS name given;
// - signature SHA-256; validity 1080 days from one hour ago (the same span as docker-machine).
inline constexpr int validityDays = 1080;
inline constexpr int rsaKeyBits = 2048;

struct CertificateInfo {
    QString subjectOrganization;
    QString issuerOrganization;
    QStringList ipAddresses; // from subjectAltName
    QStringList dnsNames; // from subjectAltName
    QDateTime notBefore;
    QDateTime notAfter;
    bool isCa = false;
};

// A self-signed CA. Writes certPath and keyPath atomically; keyPath 0600.
bool generateCa(const QString &certPath, const QString &keyPath, const QString &organization, QString *error);

// A client certificate signed by the CA.
bool generateClientCertificate(const QString &caCertPath, const QString &caKeyPath, const QString &certPath,
    const QString &keyPath, const QString &organization, QString *error);

// A server certificate signed by the CA. hosts holds IP addresses and DNS names; each becomes a SAN
// of the right type (IP:... or DNS:...). The first one is also the common name.
bool generateServerCertificate(const QString &caCertPath, const QString &caKeyPath, const QString &certPath,
    const QString &keyPath, const QString &organization, const QStringList &hosts, QString *error);

// Reads a PEM certificate. Returns false and sets error when the file is missing or not a certificate.
bool readCertificateInfo(const QString &certPath, CertificateInfo *info, QString *error);
// The same of a certificate already decoded (one a TLS peer presented).
CertificateInfo certificateInfo(x509_st *cert);

// True when certPath chains to caCertPath, is valid now, and names every host in requiredHosts in its
// SANs. On false, error says which of those failed, in words a user can act on.
bool verifyServerCertificate(
    const QString &caCertPath, const QString &certPath, const QStringList &requiredHosts, QString *error);

// True when the private key in keyPath belongs to the certificate in certPath.
bool keyMatchesCertificate(const QString &certPath, const QString &keyPath, QString *error);

} // namespace berth::tls
