// Runs the built `berth` binary against a temporary store, offline: the "none" driver needs no host,
// and its URL points at a closed local port so `ls` fails fast.
#include "support/clirun.h"
#include "support/printedtext.h"
#include "support/privateaccess.h"
#include "testconfig.h"
#include "util/hostinfo.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

struct Entry {
    QByteArray content;
    QString access; // the mode on POSIX, the access list on Windows
    bool isDir = false;
    bool operator==(const Entry &o) const { return content == o.content && access == o.access && isDir == o.isDir; }
};
using Snapshot = QMap<QString, Entry>;

// Every path under root (files and folders, hidden ones too) with its bytes and who may open it.
Snapshot snapshot(const QString &root)
{
    Snapshot snap;
    if (!QFileInfo::exists(root))
        return snap;
    snap.insert(QStringLiteral("."), { QByteArray(), berth::test::accessFingerprint(root), QFileInfo(root).isDir() });
    QDirIterator it(
        root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        Entry entry;
        entry.access = berth::test::accessFingerprint(path);
        entry.isDir = it.fileInfo().isDir();
        if (!entry.isDir) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                entry.content = file.readAll();
        }
        snap.insert(path.mid(root.size()), entry);
    }
    return snap;
}

QString describeDifference(const Snapshot &before, const Snapshot &after)
{
    QStringList diffs;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            diffs << QStringLiteral("removed ") + it.key();
        else if (!(after.value(it.key()) == it.value()))
            diffs << QStringLiteral("changed ") + it.key();
    }
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!before.contains(it.key()))
            diffs << QStringLiteral("added ") + it.key();
    }
    return diffs.join(QStringLiteral(", "));
}

// A local path as berth prints it and writes it into config.json: with the platform's separators.
QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// A string as Go's %q and JSON quote it, when it holds no control character.
QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

// The line docker-machine adds to env's output on Windows only, in bash's and fish's syntax.
#ifdef Q_OS_WIN
const QString composeBash = QStringLiteral("export COMPOSE_CONVERT_WINDOWS_PATHS=\"true\"\n");
const QString composeFish = QStringLiteral("set -gx COMPOSE_CONVERT_WINDOWS_PATHS \"true\";\n");
#else
const QString composeBash;
const QString composeFish;
#endif

// How berth names itself in env's usage hint: as it was started, in double quotes when the path holds a space or
// a backslash (docker-machine's generateUsageHint).
QString cliInHint()
{
    const QString path = native(QStringLiteral(BERTH_CLI_PATH));
    if (path.contains(QLatin1Char(' ')) || path.contains(QLatin1Char('\\')))
        return QLatin1Char('"') + path + QLatin1Char('"');
    return path;
}

// A local path inside bash's or fish's double quotes, as env prints it: a backslash escaped by another.
QString inShellQuotes(const QString &path)
{
    QString escaped = native(path);
    return escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
}

quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

#define VERIFY_UNCHANGED(before)                                                                                       \
    do {                                                                                                               \
        const Snapshot after__ = snapshot(m_store);                                                                    \
        QVERIFY2(after__ == (before),                                                                                  \
            qPrintable(QStringLiteral("store changed: ") + describeDifference((before), after__)));                    \
    } while (false)

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void createWroteStoreLikeDockerMachine();
    void refusedMachineNames_data();
    void refusedMachineNames();
    void duplicateNameRefused();
    void genericMissingKeyFailsPreCreateCheck();
    void genericWithoutIpRefused();
    void qemuLimitsRefused_data();
    void qemuLimitsRefused();
    void unknownDriverRefused();
    void unknownFlagRefused_data();
    void unknownFlagRefused();
    void unwritableStoreRefused();

    void envBash();
    void envFish();
    void envUnset();
    void machineStoragePathEnvironment();
    void urlIpStatus();
    void inspect();
    void templateFunctions();
    void config();
    void stoppedVmIsNotRunning();
    void startRunningMachineRefused();
    void lsFiltersAndFormat();
    void lsQueriesEveryMachineAtOnce();
    void active();
    void versionAndHelp();
    void missingMachine();
    void corruptConfigListedAndRemovedWithForce();
    void regenerateClientCertsReplacesCa();
    void rmRemovesMachine();

private:
    Result run(const QStringList &args, const QMap<QString, QString> &env = {}, bool withStore = true) const;

    QTemporaryDir m_tmp;
    QString m_store;
    QString m_url;
};

Result TestCli::run(const QStringList &args, const QMap<QString, QString> &env, bool withStore) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name :
        { "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_MACHINE_NAME", "MACHINE_STORAGE_PATH",
            "MACHINE_DRIVER", "no_proxy", "NO_PROXY", "GENERIC_IP_ADDRESS", "GENERIC_SSH_KEY" })
        environment.remove(QLatin1String(name));
    environment.insert(QStringLiteral("HOME"), m_tmp.path() + QStringLiteral("/home"));
    environment.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/bash"));
    for (auto it = env.begin(); it != env.end(); ++it) {
        if (it.value().isNull())
            environment.remove(it.key());
        else
            environment.insert(it.key(), it.value());
    }
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_tmp.path());
    const QStringList fullArgs = withStore ? QStringList { QStringLiteral("-s"), m_store } + args : args;
    process.start(QStringLiteral(BERTH_CLI_PATH), fullArgs);
    process.closeWriteChannel();
    Result result;
    // One minute to start and end: under Wine on a busy computer starting a program alone may take seconds.
    const QDeadlineTimer deadline(60000);
    bool started = process.waitForStarted(int(deadline.remainingTime()));
    if (!started && berth::test::startedAgainIfItNeverRan(process)) {
        process.closeWriteChannel();
        started = process.waitForStarted(int(deadline.remainingTime()));
    }
    if (!started || !process.waitForFinished(int(qMax<qint64>(deadline.remainingTime(), 1)))) {
        process.kill();
        process.waitForFinished(5000);
        result.err = QStringLiteral("berth did not finish: ") + process.errorString();
        return result;
    }
    result.out = berth::test::printedText(process.readAllStandardOutput());
    result.err = berth::test::printedText(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    else
        result.err = QStringLiteral("berth crashed: ") + process.errorString() + QLatin1Char('\n') + result.err;
    return result;
}

void TestCli::initTestCase()
{
    QVERIFY(QFileInfo(QStringLiteral(BERTH_CLI_PATH)).isExecutable());
    QVERIFY(m_tmp.isValid());
    QVERIFY(QDir().mkpath(m_tmp.path() + QStringLiteral("/home")));
    m_store = m_tmp.path() + QStringLiteral("/store");
    m_url = QStringLiteral("tcp://127.0.0.1:%1").arg(closedPort());

    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), m_url, QStringLiteral("one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("berth env one")), qPrintable(r.out));
}

void TestCli::createWroteStoreLikeDockerMachine()
{
    for (const char *name : { "certs/ca.pem", "certs/ca-key.pem", "certs/cert.pem", "certs/key.pem",
             "machines/one/ca.pem", "machines/one/cert.pem", "machines/one/key.pem", "machines/one/config.json" })
        QVERIFY2(QFileInfo(m_store + QLatin1Char('/') + QLatin1String(name)).isFile(), name);
    QVERIFY_PRIVATE(m_store + QStringLiteral("/certs/ca-key.pem"), 0600);
    QVERIFY_PRIVATE(m_store + QStringLiteral("/certs/key.pem"), 0600);
    QVERIFY_PRIVATE(m_store + QStringLiteral("/machines/one/key.pem"), 0600);
    QVERIFY_PRIVATE(m_store + QStringLiteral("/machines/one/config.json"), 0600);

    // The machine folder holds copies of the shared CA and client certificate.
    auto read = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QCOMPARE(read(m_store + QStringLiteral("/machines/one/ca.pem")), read(m_store + QStringLiteral("/certs/ca.pem")));
    QCOMPARE(
        read(m_store + QStringLiteral("/machines/one/cert.pem")), read(m_store + QStringLiteral("/certs/cert.pem")));
    QVERIFY(read(m_store + QStringLiteral("/certs/ca.pem")).startsWith("-----BEGIN CERTIFICATE-----"));

    const QJsonObject config
        = QJsonDocument::fromJson(read(m_store + QStringLiteral("/machines/one/config.json"))).object();
    QCOMPARE(config.value(QLatin1String("ConfigVersion")).toInt(), 3);
    QCOMPARE(config.value(QLatin1String("Name")).toString(), QStringLiteral("one"));
    QCOMPARE(config.value(QLatin1String("DriverName")).toString(), QStringLiteral("none"));
    QCOMPARE(config.value(QLatin1String("Driver")).toObject().value(QLatin1String("URL")).toString(), m_url);
    const QJsonObject auth
        = config.value(QLatin1String("HostOptions")).toObject().value(QLatin1String("AuthOptions")).toObject();
    QCOMPARE(auth.value(QLatin1String("CaCertPath")).toString(), native(m_store + QStringLiteral("/certs/ca.pem")));
    QCOMPARE(auth.value(QLatin1String("StorePath")).toString(), native(m_store + QStringLiteral("/machines/one")));
}

void TestCli::refusedMachineNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("shell") << QStringLiteral("a;rm -rf ~")
                           << QStringLiteral("Allowed characters are 0-9, a-z, A-Z, '.' and '-'");
    QTest::newRow("parent") << QStringLiteral("../x") << QStringLiteral("Allowed characters");
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("300 chars") << QString(300, QLatin1Char('a')) << QStringLiteral("at most 64");
}

void TestCli::refusedMachineNames()
{
    QFETCH(QString, name);
    QFETCH(QString, messagePart);
    const Snapshot before = snapshot(m_store);
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), QStringLiteral("tcp://10.0.0.1:2376"), name });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(messagePart), qPrintable(r.err));
    VERIFY_UNCHANGED(before);
    QVERIFY(!QFileInfo::exists(m_tmp.path() + QStringLiteral("/x")));
}

void TestCli::duplicateNameRefused()
{
    const Snapshot before = snapshot(m_store);
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), QStringLiteral("tcp://10.0.0.2:2376"), QStringLiteral("one") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Docker machine \"one\" already exists")), qPrintable(r.err));
    VERIFY_UNCHANGED(before);
}

void TestCli::genericMissingKeyFailsPreCreateCheck()
{
    const Snapshot before = snapshot(m_store);
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"),
        QStringLiteral("--generic-ip-address"), QStringLiteral("10.0.0.9"), QStringLiteral("--generic-ssh-key"),
        QStringLiteral("/nonexistent"), QStringLiteral("g1") });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("pre-create check")), qPrintable(r.err));
    // The key's absolute path, with the platform's separators ("Z:\\nonexistent" under Wine).
    const QString key = native(QFileInfo(QStringLiteral("/nonexistent")).absoluteFilePath());
    QVERIFY2(r.err.contains(key), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/g1")));
    VERIFY_UNCHANGED(before);
}

void TestCli::genericWithoutIpRefused()
{
    const Snapshot before = snapshot(m_store);
    const Result r
        = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"), QStringLiteral("g2") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("--generic-ip-address")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/g2")));
    VERIFY_UNCHANGED(before);
}

void TestCli::qemuLimitsRefused_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("limits");
    const QString memory = QString::number(berth::HostInfo::totalMemoryMb());
    const int cpus = berth::HostInfo::logicalCpuCount();
    QTest::newRow("memory 1") << QStringLiteral("qemu-memory") << QStringLiteral("1")
                              << QStringLiteral("from 512 to ") + memory;
    QTest::newRow("more memory than here")
        << QStringLiteral("qemu-memory") << QString::number(berth::HostInfo::totalMemoryMb() + 1)
        << QStringLiteral("from 512 to ") + memory;
    QTest::newRow("more CPUs than here") << QStringLiteral("qemu-cpu-count") << QString::number(cpus + 1)
                                         << QStringLiteral("from 1 to %1").arg(cpus);
    QTest::newRow("small disk") << QStringLiteral("qemu-disk-size") << QStringLiteral("100")
                                << QStringLiteral("from 2000 to 2097152");
}

// The limits the wizard reads from the flags are the ones create applies, before anything is made.
void TestCli::qemuLimitsRefused()
{
    QFETCH(QString, flag);
    QFETCH(QString, value);
    QFETCH(QString, limits);
    const Snapshot before = snapshot(m_store);
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("qemu"),
        QStringLiteral("--") + flag, value, QStringLiteral("x") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(flag) && r.err.contains(limits) && r.err.contains(value), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/x")));
    VERIFY_UNCHANGED(before);
}

void TestCli::unknownDriverRefused()
{
    const Snapshot before = snapshot(m_store);
    const Result r
        = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("bogus"), QStringLiteral("b1") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("\"bogus\"")), qPrintable(r.err));
    VERIFY_UNCHANGED(before);
}

void TestCli::unknownFlagRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("create") << QStringList { QStringLiteral("create"), QStringLiteral("--bogus-flag"),
        QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("x1") };
    QTest::newRow("ls") << QStringList { QStringLiteral("ls"), QStringLiteral("--bogus") };
    QTest::newRow("rm") << QStringList { QStringLiteral("rm"), QStringLiteral("--bogus"), QStringLiteral("one") };
}

void TestCli::unknownFlagRefused()
{
    QFETCH(QStringList, args);
    const Snapshot before = snapshot(m_store);
    const Result r = run(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("flag provided but not defined")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/x1")));
    VERIFY_UNCHANGED(before);
}

void TestCli::unwritableStoreRefused()
{
    const QString file = m_tmp.path() + QStringLiteral("/regular-file");
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a folder\n");
    }
    const QString badStore = file + QStringLiteral("/store");
    const Result r
        = run({ QStringLiteral("-s"), badStore, QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
                  QStringLiteral("--url"), QStringLiteral("tcp://10.0.0.1:2376"), QStringLiteral("two") },
            {}, false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(native(badStore)), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("Cannot create")), qPrintable(r.err));
    QVERIFY(QFileInfo(file).isFile());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("not a folder\n"));
}

void TestCli::envBash()
{
    const Result r = run({ QStringLiteral("env"), QStringLiteral("one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString expected
        = QStringLiteral("export DOCKER_TLS_VERIFY=\"1\"\n"
                         "export DOCKER_HOST=\"%1\"\n"
                         "export DOCKER_CERT_PATH=\"%2\"\n"
                         "export DOCKER_MACHINE_NAME=\"one\"\n"
                         "%5"
                         "# Run this command to configure your shell: \n"
                         "# eval $(%3 -s %4 env one)\n")
              .arg(m_url, inShellQuotes(m_store + QStringLiteral("/machines/one")), cliInHint(), m_store, composeBash);
    QCOMPARE(r.out, expected);
}

void TestCli::envFish()
{
    const Result r
        = run({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("fish"), QStringLiteral("one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString expected
        = QStringLiteral("set -gx DOCKER_TLS_VERIFY \"1\";\n"
                         "set -gx DOCKER_HOST \"%1\";\n"
                         "set -gx DOCKER_CERT_PATH \"%2\";\n"
                         "set -gx DOCKER_MACHINE_NAME \"one\";\n"
                         "%5"
                         "# Run this command to configure your shell: \n"
                         "# eval (%3 -s %4 env --shell fish one)\n")
              .arg(m_url, inShellQuotes(m_store + QStringLiteral("/machines/one")), cliInHint(), m_store, composeFish);
    QCOMPARE(r.out, expected);

    const Result noShell
        = run({ QStringLiteral("env"), QStringLiteral("one") }, { { QStringLiteral("SHELL"), QString() } });
#ifdef Q_OS_WIN
    // Without SHELL and without --shell, env on Windows asks the parent processes; neither cmd nor PowerShell
    // started this test, so it guesses cmd, as docker-machine does, and says how to choose.
    QVERIFY2(noShell.exitCode == 0, qPrintable(noShell.err));
    QVERIFY2(noShell.out.startsWith(QStringLiteral("SET DOCKER_TLS_VERIFY=1\n")), qPrintable(noShell.out));
    QVERIFY2(noShell.err.contains(QStringLiteral("--shell flag")), qPrintable(noShell.err));
#else
    // Without SHELL and without --shell, env says what to do.
    QCOMPARE(noShell.exitCode, 1);
    QVERIFY2(noShell.err.contains(QStringLiteral("Unknown shell")), qPrintable(noShell.err));
    QCOMPARE(noShell.out, QString());
#endif
}

void TestCli::envUnset()
{
    const Result r = run({ QStringLiteral("env"), QStringLiteral("-u") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out,
        QStringLiteral("unset DOCKER_TLS_VERIFY\n"
                       "unset DOCKER_HOST\n"
                       "unset DOCKER_CERT_PATH\n"
                       "unset DOCKER_MACHINE_NAME\n"
                       "# Run this command to configure your shell: \n"
                       "# eval $(%1 -s %2 env -u)\n")
            .arg(cliInHint(), m_store));

    const Result withName = run({ QStringLiteral("env"), QStringLiteral("-u"), QStringLiteral("one") });
    QCOMPARE(withName.exitCode, 1);
    QVERIFY2(withName.err.contains(QStringLiteral("Expected no machine name when the -u flag is present")),
        qPrintable(withName.err));
}

void TestCli::machineStoragePathEnvironment()
{
    const QMap<QString, QString> env { { QStringLiteral("MACHINE_STORAGE_PATH"), m_store } };
    const Result ip = run({ QStringLiteral("ip"), QStringLiteral("one") }, env, false);
    QVERIFY2(ip.exitCode == 0, qPrintable(ip.err));
    QCOMPARE(ip.out, QStringLiteral("127.0.0.1\n"));

    const Result envOut = run({ QStringLiteral("env"), QStringLiteral("one") }, env, false);
    QVERIFY2(envOut.exitCode == 0, qPrintable(envOut.err));
    QVERIFY2(envOut.out.contains(QStringLiteral("export DOCKER_CERT_PATH=\"%1\"\n")
                                     .arg(inShellQuotes(m_store + QStringLiteral("/machines/one")))),
        qPrintable(envOut.out));

    // -s wins over the variable.
    const Result other = run({ QStringLiteral("-s"), m_tmp.path() + QStringLiteral("/empty-store"),
                                 QStringLiteral("ip"), QStringLiteral("one") },
        env, false);
    QCOMPARE(other.exitCode, 1);
    QVERIFY2(other.err.contains(QStringLiteral("does not exist")), qPrintable(other.err));
}

void TestCli::urlIpStatus()
{
    const Result url = run({ QStringLiteral("url"), QStringLiteral("one") });
    QVERIFY2(url.exitCode == 0, qPrintable(url.err));
    QCOMPARE(url.out, m_url + QLatin1Char('\n'));

    const Result ip = run({ QStringLiteral("ip"), QStringLiteral("one") });
    QVERIFY2(ip.exitCode == 0, qPrintable(ip.err));
    QCOMPARE(ip.out, QStringLiteral("127.0.0.1\n"));

    const Result status = run({ QStringLiteral("status"), QStringLiteral("one") });
    QVERIFY2(status.exitCode == 0, qPrintable(status.err));
    QCOMPARE(status.out, QStringLiteral("Running\n"));
}

void TestCli::inspect()
{
    const Result r = run({ QStringLiteral("inspect"), QStringLiteral("one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(doc.object().value(QLatin1String("Name")).toString(), QStringLiteral("one"));
    QCOMPARE(doc.object().value(QLatin1String("DriverName")).toString(), QStringLiteral("none"));

    const Result f = run(
        { QStringLiteral("inspect"), QStringLiteral("-f"), QStringLiteral("{{.Driver.URL}}"), QStringLiteral("one") });
    QVERIFY2(f.exitCode == 0, qPrintable(f.err));
    QCOMPARE(f.out, m_url + QLatin1Char('\n'));

    // docker-machine runs the template on the host decoded into maps: a missing key is <no value>.
    const Result missing
        = run({ QStringLiteral("inspect"), QStringLiteral("-f"), QStringLiteral("{{.Nope}}"), QStringLiteral("one") });
    QVERIFY2(missing.exitCode == 0, qPrintable(missing.err));
    QCOMPARE(missing.out, QStringLiteral("<no value>\n"));
}

void TestCli::templateFunctions()
{
    // docker-machine's prettyjson is json.MarshalIndent(v, "", "    "): keys sorted, 4 spaces.
    const Result pretty = run({ QStringLiteral("inspect"), QStringLiteral("-f"),
        QStringLiteral("{{prettyjson .Driver}}"), QStringLiteral("one") });
    QVERIFY2(pretty.exitCode == 0, qPrintable(pretty.err));
    QCOMPARE(pretty.out,
        QStringLiteral("{\n"
                       "    \"IPAddress\": \"127.0.0.1\",\n"
                       "    \"MachineName\": \"one\",\n"
                       "    \"SSHKeyPath\": \"\",\n"
                       "    \"SSHPort\": 0,\n"
                       "    \"SSHUser\": \"\",\n"
                       "    \"StorePath\": %1,\n"
                       "    \"SwarmDiscovery\": \"\",\n"
                       "    \"SwarmHost\": \"\",\n"
                       "    \"SwarmMaster\": false,\n"
                       "    \"URL\": \"%2\"\n"
                       "}\n")
            .arg(quoted(native(m_store)), m_url));

    const Result builtins = run({ QStringLiteral("inspect"), QStringLiteral("-f"),
        QStringLiteral("{{json .Name}} {{len .Driver.URL}} {{printf \"%05.1f|%-4s|\" .Driver.SSHPort .Name}}"
                       "{{range $i, $l := .HostOptions.EngineOptions.Env}}{{$i}}{{else}}no env{{end}} "
                       "{{if and (eq .DriverName \"none\") (not .Driver.SwarmMaster)}}{{html \"<&>\"}}{{end}} "
                       "{{index .Driver \"URL\" | urlquery}} {{.Driver.SSHPort | printf \"%T\"}}"),
        QStringLiteral("one") });
    QVERIFY2(builtins.exitCode == 0, qPrintable(builtins.err));
    QCOMPARE(builtins.out,
        QStringLiteral("\"one\" %1 000.0|one |no env &lt;&amp;&gt; %2 float64\n")
            .arg(m_url.size())
            .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_url))));

    const Result unknown = run(
        { QStringLiteral("inspect"), QStringLiteral("-f"), QStringLiteral("{{frob .Name}}"), QStringLiteral("one") });
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(unknown.err, QStringLiteral("template parsing error: template: :1: function \"frob\" not defined\n"));

    // ls gives the template a struct: builtins work, an unknown field is an error, \t is a tab.
    const Result ls = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("--format"),
        QStringLiteral("{{.Name}}\\t{{if eq .State \"Running\"}}up{{end}} {{len .URL}} {{.ActiveHost | not}}") });
    QVERIFY2(ls.exitCode == 0, qPrintable(ls.err));
    QCOMPARE(ls.out, QStringLiteral("one\tup %1 true\n").arg(m_url.size()));
    const Result noField = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"),
        QStringLiteral("--format"), QStringLiteral("{{.Nope}}") });
    QCOMPARE(noField.exitCode, 1);
    QVERIFY2(noField.err.contains(QStringLiteral("can't evaluate field Nope in type commands.HostListItem")),
        qPrintable(noField.err));
}

void TestCli::config()
{
    // docker-machine 0.16 names the copies in the machine folder, each quoted as Go's %q quotes.
    const Result r = run({ QStringLiteral("config"), QStringLiteral("one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out,
        QStringLiteral("--tlsverify\n"
                       "--tlscacert=%1\n"
                       "--tlscert=%2\n"
                       "--tlskey=%3\n"
                       "-H=%4\n")
            .arg(quoted(native(m_store + QStringLiteral("/machines/one/ca.pem"))),
                quoted(native(m_store + QStringLiteral("/machines/one/cert.pem"))),
                quoted(native(m_store + QStringLiteral("/machines/one/key.pem"))), m_url));
}

void TestCli::stoppedVmIsNotRunning()
{
    // A QEMU machine without its process is stopped; its state is known without any network.
    const QString dir = m_store + QStringLiteral("/machines/vm");
    QVERIFY(QDir().mkpath(dir));
    QFile source(m_store + QStringLiteral("/machines/one/config.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QJsonObject config = QJsonDocument::fromJson(source.readAll()).object();
    config.insert(QStringLiteral("Name"), QStringLiteral("vm"));
    config.insert(QStringLiteral("DriverName"), QStringLiteral("qemu"));
    config.insert(QStringLiteral("Driver"),
        QJsonObject { { QStringLiteral("MachineName"), QStringLiteral("vm") }, { QStringLiteral("StorePath"), m_store },
            { QStringLiteral("IPAddress"), QStringLiteral("127.0.0.1") },
            { QStringLiteral("SSHUser"), QStringLiteral("docker") }, { QStringLiteral("SSHPort"), int(closedPort()) },
            { QStringLiteral("SSHKeyPath"), QString(dir + QStringLiteral("/id_rsa")) },
            { QStringLiteral("DockerPort"), int(closedPort()) } });
    QJsonObject hostOptions = config.value(QStringLiteral("HostOptions")).toObject();
    QJsonObject auth = hostOptions.value(QStringLiteral("AuthOptions")).toObject();
    auth.insert(QStringLiteral("StorePath"), dir);
    hostOptions.insert(QStringLiteral("AuthOptions"), auth);
    config.insert(QStringLiteral("HostOptions"), hostOptions);
    QFile target(dir + QStringLiteral("/config.json"));
    QVERIFY(target.open(QIODevice::WriteOnly));
    target.write(QJsonDocument(config).toJson());
    target.close();

    const Result status = run({ QStringLiteral("status"), QStringLiteral("vm") });
    QCOMPARE(status.out, QStringLiteral("Stopped\n"));

    // docker-machine's words for each (commands/url.go, env.go, version.go, config.go).
    const struct {
        QStringList args;
        QString message;
    } cases[] = {
        { { QStringLiteral("url"), QStringLiteral("vm") }, QStringLiteral("Host is not running\n") },
        { { QStringLiteral("env"), QStringLiteral("vm") },
            QStringLiteral("Error checking TLS connection: Host is not running\n") },
        { { QStringLiteral("version"), QStringLiteral("vm") }, QStringLiteral("Host is not running\n") },
        { { QStringLiteral("config"), QStringLiteral("vm") },
            QStringLiteral("Error running connection boilerplate: Host is not running\n") },
    };
    for (const auto &c : cases) {
        const Result r = run(c.args);
        const QString what = c.args.join(QLatin1Char(' ')) + QStringLiteral(": ");
        QVERIFY2(r.exitCode == 1, qPrintable(what + QString::number(r.exitCode) + r.out));
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err == c.message, qPrintable(what + r.err));
    }
    // libmachine's runActionForState: stopping or killing a stopped machine is an error, not a success.
    const Result stop = run({ QStringLiteral("stop"), QStringLiteral("vm") });
    QCOMPARE(stop.exitCode, 1);
    QCOMPARE(stop.out, QStringLiteral("Stopping \"vm\"...\n"));
    QCOMPARE(stop.err, QStringLiteral("Machine \"vm\" is already stopped.\n"));
    const Result kill = run({ QStringLiteral("kill"), QStringLiteral("vm") });
    QCOMPARE(kill.exitCode, 1);
    QCOMPARE(kill.err, QStringLiteral("Machine \"vm\" is already stopped.\n"));
    QVERIFY(QDir(dir).removeRecursively());
}

void TestCli::startRunningMachineRefused()
{
    // A none machine is always running, as in docker-machine; two names, both already running.
    const Result two = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), m_url, QStringLiteral("two") });
    QVERIFY2(two.exitCode == 0, qPrintable(two.err));
    const Snapshot before = snapshot(m_store);
    const Result r = run({ QStringLiteral("start"), QStringLiteral("one"), QStringLiteral("two") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("Machine \"one\" is already running.\nMachine \"two\" is already running.\n"));
    QCOMPARE(r.out, QStringLiteral("Starting \"one\"...\nStarting \"two\"...\n"));
    VERIFY_UNCHANGED(before);
    QCOMPARE(run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("two") }).exitCode, 0);
}

void TestCli::lsFiltersAndFormat()
{
    const Result quiet = run({ QStringLiteral("ls"), QStringLiteral("-q") });
    QVERIFY2(quiet.exitCode == 0, qPrintable(quiet.err));
    QCOMPARE(quiet.out, QStringLiteral("one\n"));

    const Result byDriver = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("-q"),
        QStringLiteral("--filter"), QStringLiteral("driver=none") });
    QVERIFY2(byDriver.exitCode == 0, qPrintable(byDriver.err));
    QCOMPARE(byDriver.out, QStringLiteral("one\n"));

    const Result otherDriver = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"),
        QStringLiteral("-q"), QStringLiteral("--filter"), QStringLiteral("driver=generic") });
    QVERIFY2(otherDriver.exitCode == 0, qPrintable(otherDriver.err));
    QCOMPARE(otherDriver.out, QString());

    const Result byName = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("-q"),
        QStringLiteral("--filter"), QStringLiteral("name=^o") });
    QVERIFY2(byName.exitCode == 0, qPrintable(byName.err));
    QCOMPARE(byName.out, QStringLiteral("one\n"));

    const Result noName = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("-q"),
        QStringLiteral("--filter"), QStringLiteral("name=^x") });
    QVERIFY2(noName.exitCode == 0, qPrintable(noName.err));
    QCOMPARE(noName.out, QString());

    const Result format = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"),
        QStringLiteral("--format"), QStringLiteral("{{.Name}} {{.DriverName}}") });
    QVERIFY2(format.exitCode == 0, qPrintable(format.err));
    QCOMPARE(format.out, QStringLiteral("one none\n"));

    QElapsedTimer timer;
    timer.start();
    const Result table = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2") });
    QVERIFY2(table.exitCode == 0, qPrintable(table.err));
    QVERIFY2(timer.elapsed() < 15000, "ls waited too long on a closed port");
    const QStringList lines = table.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("NAME   ACTIVE   DRIVER   STATE     URL")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(0).endsWith(QStringLiteral("ERRORS")), qPrintable(lines.at(0)));
    QVERIFY2(
        lines.at(1).startsWith(QStringLiteral("one    -        none     Running   ") + m_url), qPrintable(lines.at(1)));

    const Result badFilter = run({ QStringLiteral("ls"), QStringLiteral("--filter"), QStringLiteral("colour=red") });
    QCOMPARE(badFilter.exitCode, 1);
    QVERIFY2(badFilter.err.contains(QStringLiteral("colour")), qPrintable(badFilter.err));
}

void TestCli::lsQueriesEveryMachineAtOnce()
{
    // An engine that accepts and never answers: every query waits for the whole timeout. All 70
    // must be open at one moment, so 70 such machines cost one timeout, not two.
    QTcpServer silent;
    silent.setListenBacklogSize(256);
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    int open = 0;
    int mostOpen = 0;
    QList<QTcpSocket *> sockets;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection()) {
            sockets << socket;
            mostOpen = qMax(mostOpen, ++open);
            connect(socket, &QTcpSocket::disconnected, this, [&open] { --open; });
        }
    });

    const QString store = m_tmp.path() + QStringLiteral("/store-70");
    const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(silent.serverPort());
    QVERIFY(QDir().mkpath(store + QStringLiteral("/machines")));
    QVERIFY(QDir().mkpath(store + QStringLiteral("/certs")));
    for (const char *file : { "ca.pem", "ca-key.pem", "cert.pem", "key.pem" })
        QVERIFY(QFile::copy(m_store + QStringLiteral("/certs/") + QLatin1String(file),
            store + QStringLiteral("/certs/") + QLatin1String(file)));
    QFile source(m_store + QStringLiteral("/machines/one/config.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray oneConfig = source.readAll();
    constexpr int count = 70;
    for (int i = 0; i < count; ++i) {
        const QString name = QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
        const QString dir = store + QStringLiteral("/machines/") + name;
        QVERIFY(QDir().mkpath(dir));
        for (const char *file : { "ca.pem", "cert.pem", "key.pem" })
            QVERIFY(QFile::copy(m_store + QStringLiteral("/machines/one/") + QLatin1String(file),
                dir + QLatin1Char('/') + QLatin1String(file)));
        QByteArray config = oneConfig;
        config.replace(QByteArray(m_store.toUtf8() + "/machines/one"), dir.toUtf8());
        config.replace(m_store.toUtf8(), store.toUtf8());
        config.replace("\"one\"", QByteArray("\"" + name.toUtf8() + '"'));
        config.replace(m_url.toUtf8(), url.toUtf8());
        QFile target(dir + QStringLiteral("/config.json"));
        QVERIFY(target.open(QIODevice::WriteOnly));
        target.write(config);
    }

    // The server's connections are counted by this thread's event loop while berth runs.
    QProcess process;
    process.start(QStringLiteral(BERTH_CLI_PATH),
        { QStringLiteral("-s"), store, QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2") });
    QEventLoop loop;
    connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(process.state(), QProcess::NotRunning);
    const QString out = berth::test::printedText(process.readAllStandardOutput());
    QVERIFY2(process.exitCode() == 0, qPrintable(berth::test::printedText(process.readAllStandardError())));
    QVERIFY2(mostOpen == count, qPrintable(QString::number(mostOpen) + QLatin1Char('\n') + out));

    const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), count + 1);
    for (int i = 0; i < count; ++i) {
        const QString &line = lines.at(i + 1);
        QVERIFY2(line.startsWith(QStringLiteral("m%1 ").arg(i, 2, 10, QLatin1Char('0'))), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral(" Running ")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("Unknown   Unable to query docker version: ")), qPrintable(line));
    }

    // Quiet mode prints names and asks no engine, as docker-machine's: no connection, no timeout to wait
    // out, with a state filter too (a URL-only machine's state needs no connection either).
    const qsizetype accepted = sockets.size();
    QStringList names;
    for (int i = 0; i < count; ++i)
        names << QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
    for (const QStringList &extra :
        { QStringList(), QStringList { QStringLiteral("--filter"), QStringLiteral("state=Running") } }) {
        QProcess quiet;
        QElapsedTimer timer;
        timer.start();
        quiet.start(QStringLiteral(BERTH_CLI_PATH),
            QStringList { QStringLiteral("-s"), store, QStringLiteral("ls"), QStringLiteral("-q"), QStringLiteral("-t"),
                QStringLiteral("10") }
                + extra);
        QEventLoop quietLoop;
        connect(&quiet, &QProcess::finished, &quietLoop, &QEventLoop::quit);
        QTimer::singleShot(60000, &quietLoop, &QEventLoop::quit);
        quietLoop.exec();
        QCOMPARE(quiet.exitCode(), 0);
        QCOMPARE(
            berth::test::printedText(quiet.readAllStandardOutput()), names.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }
    QCoreApplication::processEvents();
    QCOMPARE(sockets.size(), accepted);
    qDeleteAll(sockets);
}

void TestCli::active()
{
    const Result found = run({ QStringLiteral("active") }, { { QStringLiteral("DOCKER_HOST"), m_url } });
    QVERIFY2(found.exitCode == 0, qPrintable(found.err));
    QCOMPARE(found.out, QStringLiteral("one\n"));

    const Result none = run({ QStringLiteral("active") });
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains(QStringLiteral("No active host found")), qPrintable(none.err));
    QCOMPARE(none.out, QString());

    const Result other = run(
        { QStringLiteral("active") }, { { QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://10.9.9.9:2376") } });
    QCOMPARE(other.exitCode, 1);
    QVERIFY2(other.err.contains(QStringLiteral("No active host found")), qPrintable(other.err));
}

void TestCli::versionAndHelp()
{
    const Result version = run({ QStringLiteral("version") }, {}, false);
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith(QStringLiteral("berth version ")), qPrintable(version.out));

    const Result dashV = run({ QStringLiteral("--version") }, {}, false);
    QCOMPARE(dashV.exitCode, 0);
    QVERIFY2(dashV.out.startsWith(QStringLiteral("berth version ")), qPrintable(dashV.out));

    const Result help = run({ QStringLiteral("help") }, {}, false);
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QStringLiteral("\n  create ")), qPrintable(help.out));
    QVERIFY2(help.out.contains(QStringLiteral("\n  ls ")), qPrintable(help.out));
    QVERIFY2(help.out.startsWith(QStringLiteral("Usage: berth [OPTIONS] COMMAND [arg...]")), qPrintable(help.out));

    const Result unknown = run({ QStringLiteral("frobnicate") }, {}, false);
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("'frobnicate' is not a berth command")), qPrintable(unknown.err));
}

void TestCli::missingMachine()
{
    const Snapshot before = snapshot(m_store);
    for (const QString &command : { QStringLiteral("ip"), QStringLiteral("url"), QStringLiteral("status"),
             QStringLiteral("env"), QStringLiteral("inspect"), QStringLiteral("config") }) {
        const Result r = run({ command, QStringLiteral("nonexistent") });
        QVERIFY2(r.exitCode == 1,
            qPrintable(command + QStringLiteral(": ") + QString::number(r.exitCode) + QLatin1Char(' ') + r.err));
        QVERIFY2(r.err.contains(QStringLiteral("Docker machine \"nonexistent\" does not exist")),
            qPrintable(command + QStringLiteral(": ") + r.err));
        QCOMPARE(r.out, QString());
    }
    VERIFY_UNCHANGED(before);
}

void TestCli::corruptConfigListedAndRemovedWithForce()
{
    const QString dir = m_store + QStringLiteral("/machines/broken");
    QVERIFY(QDir().mkpath(dir));
    {
        QFile f(dir + QStringLiteral("/config.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n    \"ConfigVersion\": 3,\n    \"Driver\": {\n        \"IPAdd");
    }

    const Result ls = run({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2") });
    QVERIFY2(ls.exitCode == 0, qPrintable(ls.err));
    const QStringList lines = ls.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("broken ")), qPrintable(ls.out));
    QVERIFY2(lines.at(1).contains(QStringLiteral(" Error ")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(1).contains(native(dir + QStringLiteral("/config.json")) + QStringLiteral(" is not valid JSON")),
        qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("one ")), qPrintable(ls.out));
    QVERIFY2(lines.at(2).contains(QStringLiteral(" Running ")), qPrintable(lines.at(2)));

    const Result quiet = run({ QStringLiteral("ls"), QStringLiteral("-q") });
    QCOMPARE(quiet.out, QStringLiteral("broken\none\n"));

    const Snapshot before = snapshot(m_store);
    const Result rm = run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("broken") });
    QCOMPARE(rm.exitCode, 1);
    QVERIFY2(rm.err.contains(QStringLiteral("not valid JSON")), qPrintable(rm.err));
    QVERIFY2(rm.err.contains(QStringLiteral("-f")), qPrintable(rm.err));
    VERIFY_UNCHANGED(before);

    const Result rmForce = run({ QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("broken") });
    QVERIFY2(rmForce.exitCode == 0, qPrintable(rmForce.err));
    QVERIFY2(rmForce.out.contains(QStringLiteral("Successfully removed broken")), qPrintable(rmForce.out));
    QVERIFY(!QFileInfo::exists(dir));
    QVERIFY(QFileInfo(m_store + QStringLiteral("/machines/one/config.json")).isFile());
}

void TestCli::regenerateClientCertsReplacesCa()
{
    auto read = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QString ca = m_store + QStringLiteral("/certs/ca.pem");
    const QByteArray oldCa = read(ca);
    QVERIFY(!oldCa.isEmpty());
    // Without -f it asks; "n" keeps everything.
    QCOMPARE(
        run({ QStringLiteral("regenerate-certs"), QStringLiteral("--client-certs"), QStringLiteral("one") }).exitCode,
        0);
    QCOMPARE(read(ca), oldCa);

    const Result r = run({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("--client-certs"),
        QStringLiteral("one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QByteArray newCa = read(ca);
    QVERIFY(!newCa.isEmpty() && newCa != oldCa);
    QCOMPARE(read(m_store + QStringLiteral("/machines/one/ca.pem")), newCa);
    QVERIFY_PRIVATE(m_store + QStringLiteral("/certs/ca-key.pem"), 0600);
    const QStringList leftovers = QDir(m_store + QStringLiteral("/certs")).entryList({ QStringLiteral("*.old") });
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
}

void TestCli::rmRemovesMachine()
{
    const Result rm = run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("one") });
    QVERIFY2(rm.exitCode == 0, qPrintable(rm.err));
    QVERIFY2(rm.out.contains(QStringLiteral("Successfully removed one\n")), qPrintable(rm.out));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/one")));
    // The shared certificates stay for the next machine.
    QVERIFY(QFileInfo(m_store + QStringLiteral("/certs/ca.pem")).isFile());

    const Result ls = run({ QStringLiteral("ls"), QStringLiteral("-q") });
    QCOMPARE(ls.exitCode, 0);
    QCOMPARE(ls.out, QString());

    const Result again = run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("one") });
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("does not exist")), qPrintable(again.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
