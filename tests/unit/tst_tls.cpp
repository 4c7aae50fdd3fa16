#include "support/opensslcheck.h"
#include "support/privateaccess.h"
#include "tls/certificates.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace berth::tls;
namespace ossl = berth::test::openssl;

class TestTls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void caIsSelfSignedCaWithDockerMachineValidity();
    void clientVerifiesWithOpenSslAsClientOnly();
    void serverVerifiesWithOpenSslForEveryHost();
    void serverCertificateFieldsMatchDockerMachine();
    void serverSansHoldEveryHost();
    void verifyServerCertificateAcceptsGoodCertificate();
    void verifyServerCertificateRefusesMissingHost();
    void verifyServerCertificateRefusesOtherCa();
    void verifyServerCertificateRefusesNonCertificate();
    void keyFilesArePrivate();
    void keysAreRsa2048Pkcs1();
    void keyMatchesCertificate();
    void serialsAreRandomAndDistinct();
    void badInputIsRefusedBeforeWriting();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    const QString m_organization = QStringLiteral("alice");
    const QStringList m_hosts = { QStringLiteral("192.168.99.100"), QStringLiteral("10.0.2.15"),
        QStringLiteral("fd00::5"), QStringLiteral("localhost"), QStringLiteral("docker.example.test") };
};

void TestTls::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    QString error;
    QVERIFY2(generateCa(path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")), m_organization, &error),
        qPrintable(error));
    QVERIFY2(generateClientCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")),
                 path(QStringLiteral("cert.pem")), path(QStringLiteral("key.pem")), m_organization, &error),
        qPrintable(error));
    QVERIFY2(generateServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")),
                 path(QStringLiteral("server.pem")), path(QStringLiteral("server-key.pem")), m_organization, m_hosts,
                 &error),
        qPrintable(error));
}

void TestTls::caIsSelfSignedCaWithDockerMachineValidity()
{
    CertificateInfo info;
    QString error;
    QVERIFY2(readCertificateInfo(path(QStringLiteral("ca.pem")), &info, &error), qPrintable(error));
    QVERIFY(info.isCa);
    QCOMPARE(info.subjectOrganization, m_organization);
    QCOMPARE(info.issuerOrganization, m_organization);
    QVERIFY(info.ipAddresses.isEmpty());
    QVERIFY(info.dnsNames.isEmpty());
    QVERIFY(info.notBefore.isValid());
    QCOMPARE(info.notBefore.secsTo(info.notAfter), qint64(validityDays) * 24 * 3600);
    // One hour ago, give or take the time the test took to get here.
    const qint64 backdate = info.notBefore.secsTo(QDateTime::currentDateTimeUtc());
    QVERIFY2(backdate >= 3600 - 5 && backdate <= 3600 + 120, qPrintable(QString::number(backdate)));

    const QString selfCheck = ossl::verify(path(QStringLiteral("ca.pem")), path(QStringLiteral("ca.pem")));
    QVERIFY2(selfCheck.isEmpty(), qPrintable(selfCheck));
}

void TestTls::clientVerifiesWithOpenSslAsClientOnly()
{
    const QString client = path(QStringLiteral("cert.pem"));
    const QString ok = ossl::verify(path(QStringLiteral("ca.pem")), client, "sslclient");
    QVERIFY2(ok.isEmpty(), qPrintable(ok));

    // The client certificate must not pass as a server certificate.
    const QString asServer = ossl::verify(path(QStringLiteral("ca.pem")), client, "sslserver");
    QVERIFY2(asServer.contains(QStringLiteral("unsuitable certificate purpose")), qPrintable(asServer));

    CertificateInfo info;
    QString error;
    QVERIFY2(readCertificateInfo(client, &info, &error), qPrintable(error));
    QVERIFY(!info.isCa);
    QCOMPARE(info.subjectOrganization, m_organization);
    QCOMPARE(info.issuerOrganization, m_organization);
    QCOMPARE(info.notBefore.secsTo(info.notAfter), qint64(validityDays) * 24 * 3600);
}

void TestTls::serverVerifiesWithOpenSslForEveryHost()
{
    const QString server = path(QStringLiteral("server.pem"));
    for (const QString &ip :
        { QStringLiteral("192.168.99.100"), QStringLiteral("10.0.2.15"), QStringLiteral("fd00::5") }) {
        const QString result = ossl::verify(path(QStringLiteral("ca.pem")), server, "sslserver", ip);
        QVERIFY2(result.isEmpty(), qPrintable(ip + QLatin1String(": ") + result));
    }
    for (const QString &name : { QStringLiteral("localhost"), QStringLiteral("docker.example.test") }) {
        const QString result = ossl::verify(path(QStringLiteral("ca.pem")), server, "sslserver", {}, name);
        QVERIFY2(result.isEmpty(), qPrintable(name + QLatin1String(": ") + result));
    }
    // An address or a name that is not in the certificate is refused by OpenSSL too.
    const QString other
        = ossl::verify(path(QStringLiteral("ca.pem")), server, "sslserver", QStringLiteral("192.168.99.101"));
    QVERIFY2(other.contains(QStringLiteral("IP address mismatch")), qPrintable(other));
    const QString otherName
        = ossl::verify(path(QStringLiteral("ca.pem")), server, "sslserver", {}, QStringLiteral("other.example.test"));
    QVERIFY2(otherName.contains(QStringLiteral("hostname mismatch")), qPrintable(otherName));
    // The server certificate is not a client certificate.
    const QString asClient = ossl::verify(path(QStringLiteral("ca.pem")), server, "sslclient");
    QVERIFY2(asClient.contains(QStringLiteral("unsuitable certificate purpose")), qPrintable(asClient));
}

void TestTls::serverCertificateFieldsMatchDockerMachine()
{
    const QString text = ossl::certificateText(path(QStringLiteral("server.pem")));
    QVERIFY2(text.contains(QStringLiteral("Signature Algorithm: sha256WithRSAEncryption")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Subject: O = alice, CN = 192.168.99.100")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Issuer: O = alice, CN = alice")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("CA:FALSE")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("TLS Web Server Authentication")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Version: 3 (0x2)")), qPrintable(text));

    const QString ca = ossl::certificateText(path(QStringLiteral("ca.pem")));
    QVERIFY2(ca.contains(QStringLiteral("CA:TRUE")), qPrintable(ca));
    QVERIFY2(ca.contains(QStringLiteral("Certificate Sign")), qPrintable(ca));
}

void TestTls::serverSansHoldEveryHost()
{
    CertificateInfo info;
    QString error;
    QVERIFY2(readCertificateInfo(path(QStringLiteral("server.pem")), &info, &error), qPrintable(error));
    QCOMPARE(info.ipAddresses,
        QStringList({ QStringLiteral("192.168.99.100"), QStringLiteral("10.0.2.15"), QStringLiteral("fd00::5") }));
    QCOMPARE(info.dnsNames, QStringList({ QStringLiteral("localhost"), QStringLiteral("docker.example.test") }));
    QVERIFY(!info.isCa);
    QCOMPARE(info.subjectOrganization, m_organization);
    QCOMPARE(info.issuerOrganization, m_organization);
    QCOMPARE(info.notBefore.secsTo(info.notAfter), qint64(validityDays) * 24 * 3600);
    QVERIFY(info.notBefore < QDateTime::currentDateTimeUtc());
    QVERIFY(info.notAfter > QDateTime::currentDateTimeUtc().addDays(validityDays - 1));
}

void TestTls::verifyServerCertificateAcceptsGoodCertificate()
{
    QString error;
    QVERIFY2(
        verifyServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("server.pem")), m_hosts, &error),
        qPrintable(error));
    QVERIFY2(verifyServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("server.pem")),
                 { QStringLiteral("10.0.2.15") }, &error),
        qPrintable(error));
    // A client certificate from the same CA is not a server certificate.
    QVERIFY(!verifyServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("cert.pem")), {}, &error));
    QVERIFY2(error.contains(QStringLiteral("not meant for a server")), qPrintable(error));
}

void TestTls::verifyServerCertificateRefusesMissingHost()
{
    QString error;
    QVERIFY(!verifyServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("server.pem")),
        { QStringLiteral("192.168.99.100"), QStringLiteral("192.168.99.101") }, &error));
    QVERIFY2(error.contains(QStringLiteral("does not name 192.168.99.101.")), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("192.168.99.100")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("server.pem")), qPrintable(error));
    // The remedy in words of no front end: the CLI adds its command, the desktop app its button.
    QVERIFY2(error.contains(QStringLiteral("Regenerate the machine's certificates.")), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("berth")), qPrintable(error));

    error.clear();
    QVERIFY(!verifyServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("server.pem")),
        { QStringLiteral("other.example.test") }, &error));
    QVERIFY2(error.contains(QStringLiteral("does not name other.example.test.")), qPrintable(error));
}

void TestTls::verifyServerCertificateRefusesOtherCa()
{
    QString error;
    // Same organization, so the issuer name matches and only the signature tells them apart.
    QVERIFY2(generateCa(path(QStringLiteral("other-ca.pem")), path(QStringLiteral("other-ca-key.pem")), m_organization,
                 &error),
        qPrintable(error));
    QVERIFY(!verifyServerCertificate(
        path(QStringLiteral("other-ca.pem")), path(QStringLiteral("server.pem")), m_hosts, &error));
    QVERIFY2(error.contains(QStringLiteral("was not signed by the CA")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("other-ca.pem")), qPrintable(error));

    // A different organization: the issuer is not found at all.
    QVERIFY2(generateCa(path(QStringLiteral("bob-ca.pem")), path(QStringLiteral("bob-ca-key.pem")),
                 QStringLiteral("bob"), &error),
        qPrintable(error));
    error.clear();
    QVERIFY(!verifyServerCertificate(
        path(QStringLiteral("bob-ca.pem")), path(QStringLiteral("server.pem")), m_hosts, &error));
    QVERIFY2(error.contains(QStringLiteral("was not signed by the CA")), qPrintable(error));

    // OpenSSL agrees.
    const QString result
        = ossl::verify(path(QStringLiteral("other-ca.pem")), path(QStringLiteral("server.pem")), "sslserver");
    QVERIFY2(result.contains(QStringLiteral("unable to get local issuer certificate")), qPrintable(result));
}

void TestTls::verifyServerCertificateRefusesNonCertificate()
{
    QString error;
    // A key is a PEM file, but not a certificate.
    QVERIFY(!verifyServerCertificate(
        path(QStringLiteral("ca.pem")), path(QStringLiteral("server-key.pem")), m_hosts, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a PEM certificate")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("server-key.pem")), qPrintable(error));

    QFile junk(path(QStringLiteral("junk.pem")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("hello, not a certificate\n");
    junk.close();
    error.clear();
    QVERIFY(!verifyServerCertificate(path(QStringLiteral("ca.pem")), junk.fileName(), m_hosts, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a PEM certificate")), qPrintable(error));
    error.clear();
    CertificateInfo info;
    QVERIFY(!readCertificateInfo(junk.fileName(), &info, &error));
    QVERIFY2(error.contains(QStringLiteral("junk.pem")), qPrintable(error));

    error.clear();
    QVERIFY(!verifyServerCertificate(
        path(QStringLiteral("missing-ca.pem")), path(QStringLiteral("server.pem")), m_hosts, &error));
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("missing-ca.pem")), qPrintable(error));
}

void TestTls::keyFilesArePrivate()
{
    for (const QString &key :
        { QStringLiteral("ca-key.pem"), QStringLiteral("key.pem"), QStringLiteral("server-key.pem") })
        QVERIFY_PRIVATE(path(key), 0600);
    // Certificates too are owner-only in the store, as docker-machine writes them.
    for (const QString &cert : { QStringLiteral("ca.pem"), QStringLiteral("cert.pem"), QStringLiteral("server.pem") })
        QVERIFY_PRIVATE(path(cert), 0600);
}

void TestTls::keysAreRsa2048Pkcs1()
{
    for (const QString &key :
        { QStringLiteral("ca-key.pem"), QStringLiteral("key.pem"), QStringLiteral("server-key.pem") }) {
        QFile file(path(key));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll().startsWith("-----BEGIN RSA PRIVATE KEY-----\n"), qPrintable(key));

        const QString text = ossl::privateKeyText(path(key));
        QVERIFY2(text.startsWith(QStringLiteral("Private-Key: (2048 bit, 2 primes)\n")), qPrintable(text));

        const QString check = ossl::checkPrivateKey(path(key));
        QVERIFY2(check.isEmpty(), qPrintable(check));
    }
    QCOMPARE(rsaKeyBits, 2048);
}

void TestTls::keyMatchesCertificate()
{
    QString error;
    QVERIFY2(
        berth::tls::keyMatchesCertificate(path(QStringLiteral("cert.pem")), path(QStringLiteral("key.pem")), &error),
        qPrintable(error));
    QVERIFY2(berth::tls::keyMatchesCertificate(
                 path(QStringLiteral("server.pem")), path(QStringLiteral("server-key.pem")), &error),
        qPrintable(error));
    QVERIFY2(
        berth::tls::keyMatchesCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")), &error),
        qPrintable(error));

    error.clear();
    QVERIFY(!berth::tls::keyMatchesCertificate(
        path(QStringLiteral("cert.pem")), path(QStringLiteral("server-key.pem")), &error));
    QVERIFY2(error.contains(QStringLiteral("does not belong to the certificate")), qPrintable(error));

    error.clear();
    QVERIFY(
        !berth::tls::keyMatchesCertificate(path(QStringLiteral("cert.pem")), path(QStringLiteral("cert.pem")), &error));
    QVERIFY2(error.contains(QStringLiteral("is not a PEM private key")), qPrintable(error));
}

void TestTls::serialsAreRandomAndDistinct()
{
    QStringList serials;
    for (const QString &cert : { QStringLiteral("ca.pem"), QStringLiteral("cert.pem"), QStringLiteral("server.pem") }) {
        const QString serial = ossl::serial(path(cert));
        // 128 random bits: more than 64 bits of hex in all but a vanishing share of cases.
        QVERIFY2(serial.size() > 16 && serial.size() <= 34, qPrintable(serial));
        serials.append(serial);
    }
    serials.removeDuplicates();
    QCOMPARE(serials.size(), 3);
}

void TestTls::badInputIsRefusedBeforeWriting()
{
    const QString cert = path(QStringLiteral("bad.pem"));
    const QString key = path(QStringLiteral("bad-key.pem"));
    QString error;

    QVERIFY(!generateServerCertificate(path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")), cert, key,
        m_organization, { QStringLiteral("1.2.3.4,DNS:evil.example") }, &error));
    QVERIFY2(error.contains(QStringLiteral("neither an IP address nor a DNS name")), qPrintable(error));

    error.clear();
    QVERIFY(!generateServerCertificate(
        path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")), cert, key, m_organization, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("at least one")), qPrintable(error));

    error.clear();
    QVERIFY(!generateClientCertificate(
        path(QStringLiteral("ca.pem")), path(QStringLiteral("ca-key.pem")), cert, key, QString(), &error));
    QVERIFY2(error.contains(QStringLiteral("organization is empty")), qPrintable(error));

    // The client certificate cannot sign: it is not a CA.
    error.clear();
    QVERIFY(!generateClientCertificate(
        path(QStringLiteral("cert.pem")), path(QStringLiteral("key.pem")), cert, key, m_organization, &error));
    QVERIFY2(error.contains(QStringLiteral("not a CA certificate")), qPrintable(error));

    // A CA key that does not belong to the CA certificate.
    error.clear();
    QVERIFY(!generateClientCertificate(
        path(QStringLiteral("ca.pem")), path(QStringLiteral("key.pem")), cert, key, m_organization, &error));
    QVERIFY2(error.contains(QStringLiteral("does not belong to the CA certificate")), qPrintable(error));

    QVERIFY(!QFile::exists(cert));
    QVERIFY(!QFile::exists(key));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
