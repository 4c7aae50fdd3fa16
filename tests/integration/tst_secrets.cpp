// The proxy password in a real Secret Service: a private D-Bus session (its own configuration: no
// service is activated behind the test's back) with gnome-keyring-daemon in it, its login keyring
// unlocked with a known password, under a temporary HOME. SecretStore stores, reads back and removes the
// password; secret-tool, libsecret's own client, reads what the keyring holds; no file under HOME holds
// the password in plain text. Then, with the keyring gone, SecretStore says what to do.
#include "secrets/secretstore.h"
#include "support/testsupport.h"
#include "unit/support/secretworkers.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace berth;

class TestSecrets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void storeReadBackRemove();
    void fromWorkerThreadsAndAsync();
    void keyringGoneIsExplained();

private:
    QProcessEnvironment environment() const;
    // secret-tool lookup of a key as QtKeychain files it (schema org.qt.keychain: user, server, type).
    test::ProcessResult lookup(const QString &key) const;
    // Files under the temporary root that hold text.
    QStringList filesHolding(const QByteArray &text) const;

    QTemporaryDir m_root;
    test::SecretService m_secrets;
};

QProcessEnvironment TestSecrets::environment() const
{
    return m_secrets.environment(QProcessEnvironment::systemEnvironment());
}

void TestSecrets::initTestCase()
{
    QVERIFY(m_root.isValid());
    QString error;
    QVERIFY2(m_secrets.start(m_root.path(), &error), qPrintable(error));
    // This process (QtKeychain, libsecret) uses that session and that HOME from here on.
    const QProcessEnvironment env = environment();
    for (const QString &name : env.keys())
        qputenv(name.toLocal8Bit().constData(), env.value(name).toLocal8Bit());
    qunsetenv("DISPLAY");
}

void TestSecrets::cleanupTestCase()
{
    // libsecret's session bus connection ends the process with SIGTERM when the bus goes away (GDBus's
    // exit-on-close): the report is complete by now, and the test exits by itself.
    std::signal(SIGTERM, SIG_IGN);
    m_secrets.stop();
}

test::ProcessResult TestSecrets::lookup(const QString &key) const
{
    return test::runProcess(QStringLiteral("secret-tool"),
        { QStringLiteral("lookup"), QStringLiteral("user"), key, QStringLiteral("server"), QStringLiteral("Berth"),
            QStringLiteral("type"), QStringLiteral("plaintext") },
        environment(), 20000);
}

QStringList TestSecrets::filesHolding(const QByteArray &text) const
{
    QStringList found;
    QDirIterator it(m_root.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(text))
            found << path;
    }
    return found;
}

void TestSecrets::storeReadBackRemove()
{
    const QString key = SecretStore::proxyKey(QStringLiteral("proxy.corp.example:3128"));
    QCOMPARE(key, QStringLiteral("proxy/proxy.corp.example:3128"));
    // Unique per run, with what a password may hold: spaces, quotes, non-ASCII letters.
    const QString password = QStringLiteral("p\u00e4ss w\u00f6rd \"%1\"").arg(QCoreApplication::applicationPid());

    SecretResult r = SecretStore::write(key, password);
    QVERIFY2(r.ok(), qPrintable(r.message));
    r = SecretStore::read(key);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.secret, password);

    // libsecret's own client finds it in the keyring.
    const test::ProcessResult seen = lookup(key);
    QVERIFY2(seen.exitCode == 0, qPrintable(seen.describe()));
    QCOMPARE(QString::fromUtf8(seen.standardOutput), password);

    // In the keyring's encrypted file, and in no file as plain text (not that one either).
    QVERIFY(QFileInfo::exists(m_root.filePath(QStringLiteral("home/.local/share/keyrings/login.keyring"))));
    QStringList leaks = filesHolding(password.toUtf8());
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char(' '))));
    leaks = filesHolding(QByteArray(reinterpret_cast<const char *>(password.utf16()), password.size() * 2));
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char(' '))));

    r = SecretStore::remove(key);
    QVERIFY2(r.ok(), qPrintable(r.message));
    r = SecretStore::read(key);
    QCOMPARE(r.status, SecretResult::Status::NotFound);
    QVERIFY(r.secret.isEmpty());
    QVERIFY2(r.message.contains(key), qPrintable(r.message));
    QCOMPARE(lookup(key).standardOutput, QByteArray());
    // Removing what is not there is no failure.
    r = SecretStore::remove(key);
    QVERIFY2(r.ok(), qPrintable(r.message));
}

void TestSecrets::fromWorkerThreadsAndAsync()
{
    // Several workers at once, as a GUI's controllers would: every job goes through the keychain's thread.
    test::secretsFromWorkersAndAsync(QStringLiteral("host"), 4);
}

void TestSecrets::keyringGoneIsExplained()
{
    m_secrets.stopKeyring();
    QVERIFY(!m_secrets.keyringAnswers());
    const QString password = QStringLiteral("never-in-a-file-%1").arg(QCoreApplication::applicationPid());
    const SecretResult r = SecretStore::write(SecretStore::proxyKey(QStringLiteral("gone")), password, 30000);
    QCOMPARE(r.status, SecretResult::Status::Unavailable);
    QVERIFY2(r.message.contains(QLatin1String("Secret Service")), qPrintable(r.message));
    // No fallback to a file.
    const QStringList leaks = filesHolding(password.toUtf8());
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char(' '))));
    QCOMPARE(SecretStore::read(SecretStore::proxyKey(QStringLiteral("gone")), 30000).status,
        SecretResult::Status::Unavailable);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
