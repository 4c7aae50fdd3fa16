// SecretStore without a service to start: on Windows (under Wine in CI) the Credential Manager, which
// every session has, stores, reads and removes the proxy password; on Linux, where a unit test has no
// Secret Service, the store refuses with what to do and writes nothing anywhere. The real Secret Service is
// tests/integration/tst_secrets.
#include "secrets/secretstore.h"
#include "support/processend.h"
#include "support/scopedenvironment.h"
#include "support/secretworkers.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace berth;

class TestSecretStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void proxyKey();
#ifdef Q_OS_WIN
    void credentialManagerRoundTrip();
    void fromWorkerThreadsAndAsync();
#else
    void noSessionBusExplained();
    void unreachableBusExplained();
#endif

private:
    QTemporaryDir m_dir;
};

void TestSecretStore::proxyKey()
{
    QCOMPARE(SecretStore::proxyKey(QStringLiteral("proxy.example:8080")), QStringLiteral("proxy/proxy.example:8080"));
}

#ifdef Q_OS_WIN

void TestSecretStore::credentialManagerRoundTrip()
{
    const QString key = SecretStore::proxyKey(QStringLiteral("unit-%1").arg(QCoreApplication::applicationPid()));
    const QString password = QStringLiteral("p\u00e4ss w\u00f6rd \"x\"");
    SecretResult r = SecretStore::write(key, password);
    QVERIFY2(r.ok(), qPrintable(r.message));
    r = SecretStore::read(key);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.secret, password);
    // Written again: replaced, not added.
    QVERIFY(SecretStore::write(key, QStringLiteral("second")).ok());
    QCOMPARE(SecretStore::read(key).secret, QStringLiteral("second"));
    r = SecretStore::remove(key);
    QVERIFY2(r.ok(), qPrintable(r.message));
    r = SecretStore::read(key);
    QCOMPARE(r.status, SecretResult::Status::NotFound);
    QVERIFY2(r.message.contains(key), qPrintable(r.message));
    QVERIFY(SecretStore::remove(key).ok());
}

void TestSecretStore::fromWorkerThreadsAndAsync()
{
    test::secretsFromWorkersAndAsync(QStringLiteral("worker"), 3);
}

#else

void TestSecretStore::noSessionBusExplained()
{
    QVERIFY(m_dir.isValid());
    test::ScopedEnvironment env;
    env.unset("DBUS_SESSION_BUS_ADDRESS");
    env.unset("DISPLAY");
    env.set("XDG_RUNTIME_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("run"))));
    env.set("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
    const QString key = SecretStore::proxyKey(QStringLiteral("proxy.example:8080"));

    // From a worker thread, as the engine asks, and from this one.
    SecretResult written;
    std::unique_ptr<QThread> worker(
        QThread::create([&] { written = SecretStore::write(key, QStringLiteral("hunter2"), 10000); }));
    worker->start();
    QVERIFY(worker->wait(20000));
    QCOMPARE(written.status, SecretResult::Status::Unavailable);
    QVERIFY2(written.message.contains(QLatin1String("D-Bus")), qPrintable(written.message));
    QVERIFY2(written.message.contains(QLatin1String("Secret Service")), qPrintable(written.message));
    QVERIFY2(written.message.contains(QLatin1String("gnome-keyring")), qPrintable(written.message));
    const SecretResult read = SecretStore::read(key, 10000);
    QCOMPARE(read.status, SecretResult::Status::Unavailable);
    QVERIFY(read.secret.isEmpty());
    // Nothing written instead, anywhere under this test's HOME.
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("home"))));
}

void TestSecretStore::unreachableBusExplained()
{
    // A session bus named but not there: libsecret itself fails, and the message says what to do.
    test::ScopedEnvironment env;
    env.set("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(m_dir.filePath(QStringLiteral("no-bus"))));
    env.unset("DISPLAY");
    env.set("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
    const SecretResult r
        = SecretStore::write(SecretStore::proxyKey(QStringLiteral("proxy.example:8080")), QStringLiteral("x"), 20000);
    QCOMPARE(r.status, SecretResult::Status::Unavailable);
    QVERIFY2(r.message.contains(QLatin1String("Secret Service")), qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("proxy/proxy.example:8080")), qPrintable(r.message));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("home"))));
}

#endif

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestSecretStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return test::endProcess(QTest::qExec(&test, argc, argv));
}

#include "tst_secretstore.moc"
