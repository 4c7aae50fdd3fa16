// The proxy password in a real Secret Service: a private D-Bus session (its own configuration: no
// service is activated behind the test's back) with gnome-keyring-daemon in it, its login keyring
// unlocked with a known password, under a temporary HOME. SecretStore stores, reads back and removes the
// password; secret-tool, libsecret's own client, reads what the keyring holds; no file under HOME holds
// the password in plain text. Then, with the keyring gone, SecretStore says what to do.
#include "secrets/secretstore.h"
#include "support/testsupport.h"
#include "unit/support/secretworkers.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <sys/types.h>
#include <vector>

using namespace berth;

namespace {
const QByteArray keyringPassword = "keyring-unlock-pw";
} // namespace

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
    bool secretsNameOwned() const;
    void stopKeyring();

    QTemporaryDir m_root;
    QString m_busAddress;
    pid_t m_busPid = 0;
    QProcess m_keyring;
};

QProcessEnvironment TestSecrets::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_root.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_root.filePath(QStringLiteral("home/.local/share")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root.filePath(QStringLiteral("home/.config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_root.filePath(QStringLiteral("home/.cache")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_root.filePath(QStringLiteral("run")));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("XDG_CURRENT_DESKTOP"));
    env.remove(QStringLiteral("DESKTOP_SESSION"));
    if (!m_busAddress.isEmpty())
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
    return env;
}

bool TestSecrets::secretsNameOwned() const
{
    const test::ProcessResult r = test::runProcess(QStringLiteral("dbus-send"),
        { QStringLiteral("--session"), QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("--print-reply"),
            QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
            QStringLiteral("string:org.freedesktop.secrets") },
        environment(), 10000);
    return r.exitCode == 0 && r.standardOutput.contains("boolean true");
}

void TestSecrets::initTestCase()
{
    for (const char *tool : { "dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool" })
        QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(),
            qPrintable(QLatin1String(tool) + QStringLiteral(" is missing: run scripts/setup.sh --test")));
    QVERIFY(m_root.isValid());
    for (const char *dir : { "home/.local/share", "home/.config", "home/.cache", "run" })
        QVERIFY(QDir().mkpath(m_root.filePath(QLatin1String(dir))));
    QVERIFY(QFile::setPermissions(
        m_root.filePath(QStringLiteral("run")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    // A session bus of the test's own: a socket in the temporary root, no activatable services.
    const QString config = m_root.filePath(QStringLiteral("bus.conf"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
               " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
               "<busconfig>\n  <type>session</type>\n  <listen>unix:path="
        + QFile::encodeName(m_root.filePath(QStringLiteral("bus")))
        + "</listen>\n  <auth>EXTERNAL</auth>\n"
          "  <policy context=\"default\">\n    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
          "    <allow eavesdrop=\"true\"/>\n    <allow own=\"*\"/>\n  </policy>\n</busconfig>\n");
    file.close();
    const test::ProcessResult bus = test::runProcess(QStringLiteral("dbus-daemon"),
        { QStringLiteral("--config-file=") + config, QStringLiteral("--fork"), QStringLiteral("--print-address=1"),
            QStringLiteral("--print-pid=1") },
        environment(), 20000);
    QVERIFY2(bus.exitCode == 0, qPrintable(bus.describe()));
    const QList<QByteArray> lines = bus.standardOutput.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    m_busAddress = QString::fromUtf8(lines.at(0).trimmed());
    m_busPid = static_cast<pid_t>(lines.at(1).trimmed().toLongLong());
    QVERIFY(m_busPid > 0);

    // gnome-keyring with its login keyring made and unlocked by the password on its standard input.
    m_keyring.setProcessEnvironment(environment());
    m_keyring.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
        { QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets") });
    QVERIFY2(m_keyring.waitForStarted(10000), qPrintable(m_keyring.errorString()));
    m_keyring.write(keyringPassword);
    QVERIFY(m_keyring.waitForBytesWritten(10000));
    m_keyring.closeWriteChannel();
    QElapsedTimer timer;
    timer.start();
    while (!secretsNameOwned() && timer.elapsed() < 20000 && m_keyring.state() == QProcess::Running)
        QThread::msleep(100);
    QVERIFY2(secretsNameOwned(),
        qPrintable(
            QStringLiteral("gnome-keyring-daemon did not take org.freedesktop.secrets on the test's bus (%1, "
                           "exit code %2): %3")
                .arg(m_keyring.state() == QProcess::Running ? QStringLiteral("running") : QStringLiteral("ended"))
                .arg(m_keyring.exitCode())
                .arg(QString::fromUtf8(m_keyring.readAllStandardOutput()))));

    // This process (QtKeychain, libsecret) uses that session and that HOME from here on.
    const QProcessEnvironment env = environment();
    for (const QString &name : env.keys())
        qputenv(name.toLocal8Bit().constData(), env.value(name).toLocal8Bit());
    qunsetenv("DISPLAY");
}

void TestSecrets::stopKeyring()
{
    if (m_keyring.state() != QProcess::NotRunning) {
        m_keyring.terminate();
        if (!m_keyring.waitForFinished(10000)) {
            m_keyring.kill();
            m_keyring.waitForFinished(5000);
        }
    }
}

void TestSecrets::cleanupTestCase()
{
    stopKeyring();
    if (m_busPid > 0) {
        // libsecret's session bus connection ends the process with SIGTERM when the bus goes away (GDBus's
        // exit-on-close): the report is complete by now, and the test exits by itself.
        std::signal(SIGTERM, SIG_IGN);
        ::kill(m_busPid, SIGTERM);
        m_busPid = 0;
    }
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
    stopKeyring();
    QVERIFY(!secretsNameOwned());
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
