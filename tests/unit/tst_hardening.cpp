// What a hostile or damaged config.json, an odd machine name or an engine option can make the built
// `berth` do: each run as a user would, against a temporary store, offline.
#include "support/printedtext.h"
#include "testconfig.h"
#include "util/network.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
    QString all() const { return out + err; }
};

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

bool writeJson(const QString &path, const QJsonObject &json)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(QJsonDocument(json).toJson()) > 0;
}

} // namespace

class TestHardening : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void nameWithTrailingNewlineRefused();
    void nameOf64CharactersAccepted();
    void engineOptionWithCarriageReturnRefused();
    void storedEngineOptionRefusedBeforeContactingHost();
    void storedUrlWithShellCodeRefusedByEveryCommand();
    void storedDriverFieldsChecked_data();
    void storedDriverFieldsChecked();
#ifdef Q_OS_UNIX
    // bash evaluates the output; a folder name with '"' does not exist on Windows.
    void envOfStorePathWithQuotesEvaluatesExactly();
#endif
    void hostAddressesAnchored_data();
    void hostAddressesAnchored();

private:
    Result run(const QStringList &args, const QString &store = {}) const;
    // A machine of the none driver, created by the CLI; returns its config.json path.
    QString createNone(const QString &name);
    QString copyMachine(const QString &from, const QString &to);

    QTemporaryDir m_tmp;
    QString m_store;
    QString m_url;
};

Result TestHardening::run(const QStringList &args, const QString &store) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "DOCKER_HOST", "DOCKER_CERT_PATH", "MACHINE_STORAGE_PATH", "no_proxy", "NO_PROXY" })
        environment.remove(QLatin1String(name));
    environment.insert(QStringLiteral("HOME"), m_tmp.path());
    environment.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/bash"));
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_tmp.path());
    process.start(
        QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), store.isEmpty() ? m_store : store } + args);
    process.closeWriteChannel();
    Result result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = QStringLiteral("berth did not finish");
        return result;
    }
    result.out = berth::test::printedText(process.readAllStandardOutput());
    result.err = berth::test::printedText(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    return result;
}

QString TestHardening::createNone(const QString &name)
{
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), m_url, name });
    if (r.exitCode != 0)
        qWarning("%s", qPrintable(r.all()));
    return m_store + QStringLiteral("/machines/") + name + QStringLiteral("/config.json");
}

// A second machine from the first one's folder, renamed (no CLI command makes a broken machine).
QString TestHardening::copyMachine(const QString &from, const QString &to)
{
    const QString source = m_store + QStringLiteral("/machines/") + from;
    const QString target = m_store + QStringLiteral("/machines/") + to;
    QDir(target).removeRecursively(); // left by a failed run of the test before
    QDir().mkpath(target);
    for (const QString &file : QDir(source).entryList(QDir::Files))
        QFile::copy(source + QLatin1Char('/') + file, target + QLatin1Char('/') + file);
    QJsonObject config = readJson(target + QStringLiteral("/config.json"));
    config.insert(QStringLiteral("Name"), to);
    QJsonObject driver = config.value(QLatin1String("Driver")).toObject();
    driver.insert(QStringLiteral("MachineName"), to);
    config.insert(QStringLiteral("Driver"), driver);
    writeJson(target + QStringLiteral("/config.json"), config);
    return target + QStringLiteral("/config.json");
}

void TestHardening::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_store = m_tmp.filePath(QStringLiteral("store"));
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    m_url = QStringLiteral("tcp://127.0.0.1:%1").arg(server.serverPort());
    server.close();
    QVERIFY(QFile::exists(createNone(QStringLiteral("good"))));
}

void TestHardening::nameWithTrailingNewlineRefused()
{
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), m_url, QStringLiteral("box\n") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Allowed characters")), qPrintable(r.all()));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/box\n")));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/box")));
}

void TestHardening::nameOf64CharactersAccepted()
{
    // docker-machine 0.16 takes it, and Linux host names are 64 bytes.
    const QString name(64, QLatin1Char('n'));
    QVERIFY(QFile::exists(createNone(name)));
    Result r = run({ QStringLiteral("env"), name });
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QVERIFY2(r.out.contains(QStringLiteral("DOCKER_MACHINE_NAME=\"") + name + QLatin1Char('"')), qPrintable(r.out));
    const QString longer(65, QLatin1Char('n'));
    r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"), m_url,
        longer });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("at most 64")), qPrintable(r.all()));
}

void TestHardening::engineOptionWithCarriageReturnRefused()
{
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), m_url, QStringLiteral("--engine-env"),
        QStringLiteral("A=x\rExecStartPre=/usr/bin/touch /run/pwned\rX="), QStringLiteral("evil") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("--engine-env \"A=x\\rExecStartPre=/usr/bin/touch /run/pwned\\rX=\" "
                                           "contains a control character")),
        qPrintable(r.all()));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/evil")));
}

void TestHardening::storedEngineOptionRefusedBeforeContactingHost()
{
    // A generic machine whose host does not exist: the check must come first, or the message would be
    // about the connection.
    const QString config = copyMachine(QStringLiteral("good"), QStringLiteral("gen"));
    QJsonObject json = readJson(config);
    json.insert(QStringLiteral("DriverName"), QStringLiteral("generic"));
    QJsonObject driver = json.value(QLatin1String("Driver")).toObject();
    driver.remove(QStringLiteral("URL"));
    driver.insert(QStringLiteral("IPAddress"), QStringLiteral("192.0.2.1"));
    driver.insert(QStringLiteral("SSHPort"), 22);
    driver.insert(QStringLiteral("SSHUser"), QStringLiteral("root"));
    json.insert(QStringLiteral("Driver"), driver);
    QJsonObject host = json.value(QLatin1String("HostOptions")).toObject();
    QJsonObject engine = host.value(QLatin1String("EngineOptions")).toObject();
    engine.insert(QStringLiteral("Env"), QJsonArray { QStringLiteral("A=x\rExecStartPre=/usr/bin/touch /run/pwned") });
    host.insert(QStringLiteral("EngineOptions"), engine);
    json.insert(QStringLiteral("HostOptions"), host);
    QVERIFY(writeJson(config, json));
    const QFileInfo serverCert(m_store + QStringLiteral("/machines/gen/server.pem"));
    const QDateTime before = serverCert.lastModified();
    for (const QStringList &args : { QStringList { QStringLiteral("provision"), QStringLiteral("gen") },
             QStringList { QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("gen") } }) {
        const Result r = run(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("The engine options stored for \"gen\" cannot be used"))
                && r.err.contains(QStringLiteral("control character")),
            qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.all()));
    }
    QCOMPARE(QFileInfo(serverCert.filePath()).lastModified(), before);
    QFile::remove(config);
    QDir(m_store + QStringLiteral("/machines/gen")).removeRecursively();
}

void TestHardening::storedUrlWithShellCodeRefusedByEveryCommand()
{
    const QString config = copyMachine(QStringLiteral("good"), QStringLiteral("hostile"));
    QJsonObject json = readJson(config);
    QJsonObject driver = json.value(QLatin1String("Driver")).toObject();
    driver.insert(QStringLiteral("URL"), QStringLiteral("tcp://1.2.3.4:2376\"; touch pwned; echo \""));
    json.insert(QStringLiteral("Driver"), driver);
    QVERIFY(writeJson(config, json));

    Result r = run({ QStringLiteral("env"), QStringLiteral("hostile") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
    QVERIFY2(r.err.contains(QStringLiteral("Error parsing URL")) && r.err.contains(QStringLiteral("config.json")),
        qPrintable(r.all()));
    for (const char *command : { "url", "ip", "inspect", "config", "status", "regenerate-certs -f", "provision" }) {
        r = run(QString::fromLatin1(command).split(QLatin1Char(' ')) + QStringList { QStringLiteral("hostile") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("Error parsing URL")),
            qPrintable(QLatin1String(command) + QStringLiteral(": ") + r.all()));
    }
    r = run({ QStringLiteral("ls"), QStringLiteral("--format"), QStringLiteral("{{.Name}} {{.State}} {{.Error}}") });
    QVERIFY2(r.out.contains(QStringLiteral("hostile Error ")) && r.out.contains(QStringLiteral("Error parsing URL")),
        qPrintable(r.all()));
    QVERIFY2(r.out.contains(QStringLiteral("good Running")), qPrintable(r.all()));
    QVERIFY(!QFile::exists(m_tmp.filePath(QStringLiteral("pwned"))));
    QVERIFY(QDir(m_store + QStringLiteral("/machines/hostile")).removeRecursively());
}

void TestHardening::storedDriverFieldsChecked_data()
{
    QTest::addColumn<QString>("driverName");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("none URL with a path")
        << QStringLiteral("none") << QStringLiteral("URL") << QJsonValue(QStringLiteral("tcp://1.2.3.4:2376/$(id)"))
        << QStringLiteral("Error parsing URL");
    QTest::newRow("none URL with a user")
        << QStringLiteral("none") << QStringLiteral("URL") << QJsonValue(QStringLiteral("tcp://a@1.2.3.4:2376"))
        << QStringLiteral("Error parsing URL");
    QTest::newRow("none URL with port 70000")
        << QStringLiteral("none") << QStringLiteral("URL") << QJsonValue(QStringLiteral("tcp://1.2.3.4:70000"))
        << QStringLiteral("Error parsing URL");
    QTest::newRow("generic IP with a space")
        << QStringLiteral("generic") << QStringLiteral("IPAddress")
        << QJsonValue(QStringLiteral("1.2.3.4 -oProxyCommand=x")) << QStringLiteral("Driver.IPAddress");
    QTest::newRow("generic host name with newline")
        << QStringLiteral("generic") << QStringLiteral("IPAddress") << QJsonValue(QStringLiteral("host\n"))
        << QStringLiteral("Driver.IPAddress");
    QTest::newRow("generic port out of range") << QStringLiteral("generic") << QStringLiteral("SSHPort")
                                               << QJsonValue(70000) << QStringLiteral("Driver.SSHPort");
    QTest::newRow("generic port as text") << QStringLiteral("generic") << QStringLiteral("SSHPort")
                                          << QJsonValue(QStringLiteral("22")) << QStringLiteral("Driver.SSHPort");
    QTest::newRow("generic engine port 0") << QStringLiteral("generic") << QStringLiteral("EnginePort") << QJsonValue(0)
                                           << QStringLiteral("Driver.EnginePort");
    QTest::newRow("generic user with shell")
        << QStringLiteral("generic") << QStringLiteral("SSHUser") << QJsonValue(QStringLiteral("root;id"))
        << QStringLiteral("Driver.SSHUser");
    QTest::newRow("relative key path") << QStringLiteral("generic") << QStringLiteral("SSHKeyPath")
                                       << QJsonValue(QStringLiteral("../../id_rsa"))
                                       << QStringLiteral("Driver.SSHKeyPath");
    QTest::newRow("machine name elsewhere")
        << QStringLiteral("generic") << QStringLiteral("MachineName") << QJsonValue(QStringLiteral("../other"))
        << QStringLiteral("Driver.MachineName");
    QTest::newRow("virtualbox IP with quote")
        << QStringLiteral("virtualbox") << QStringLiteral("IPAddress") << QJsonValue(QStringLiteral("1.2.3.4\""))
        << QStringLiteral("Driver.IPAddress");
    QTest::newRow("qemu kernel file outside the image")
        << QStringLiteral("qemu") << QStringLiteral("KernelFile") << QJsonValue(QStringLiteral("../../../etc/x"))
        << QStringLiteral("Driver.KernelFile");
    QTest::newRow("qemu image version as folder")
        << QStringLiteral("qemu") << QStringLiteral("ImageVersion") << QJsonValue(QStringLiteral(".."))
        << QStringLiteral("Driver.ImageVersion");
    QTest::newRow("qemu shared folder with comma")
        << QStringLiteral("qemu") << QStringLiteral("SharedFolder")
        << QJsonValue(QStringLiteral("/home/a,readonly=off")) << QStringLiteral("Driver.SharedFolder");
    QTest::newRow("qemu memory negative")
        << QStringLiteral("qemu") << QStringLiteral("Memory") << QJsonValue(-5) << QStringLiteral("Driver.Memory");
    QTest::newRow("qemu docker port fraction") << QStringLiteral("qemu") << QStringLiteral("DockerPort")
                                               << QJsonValue(2376.5) << QStringLiteral("Driver.DockerPort");
    QTest::newRow("qemu accelerator") << QStringLiteral("qemu") << QStringLiteral("Accelerator")
                                      << QJsonValue(QStringLiteral("kvm,x=y")) << QStringLiteral("Driver.Accelerator");
    QTest::newRow("qemu share protocol") << QStringLiteral("qemu") << QStringLiteral("ShareProtocol")
                                         << QJsonValue(QStringLiteral("nfs")) << QStringLiteral("Driver.ShareProtocol");
    QTest::newRow("qemu image mounts virtiofs as text")
        << QStringLiteral("qemu") << QStringLiteral("ImageMountsVirtiofs") << QJsonValue(QStringLiteral("yes"))
        << QStringLiteral("Driver.ImageMountsVirtiofs");
    QTest::newRow("auth path relative") << QStringLiteral("none") << QStringLiteral("auth:CaCertPath")
                                        << QJsonValue(QStringLiteral("ca.pem"))
                                        << QStringLiteral("AuthOptions.CaCertPath");
    QTest::newRow("auth SAN with extension")
        << QStringLiteral("none") << QStringLiteral("auth:ServerCertSANs")
        << QJsonValue(QJsonArray { QStringLiteral("a,email:x@y") }) << QStringLiteral("ServerCertSANs");
}

void TestHardening::storedDriverFieldsChecked()
{
    QFETCH(QString, driverName);
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(QString, messagePart);
    const QString config = copyMachine(QStringLiteral("good"), QStringLiteral("odd"));
    QJsonObject json = readJson(config);
    json.insert(QStringLiteral("DriverName"), driverName);
    QJsonObject driver = json.value(QLatin1String("Driver")).toObject();
    if (driverName != QLatin1String("none"))
        driver.insert(QStringLiteral("IPAddress"), QStringLiteral("192.0.2.1"));
    if (key.startsWith(QLatin1String("auth:"))) {
        QJsonObject host = json.value(QLatin1String("HostOptions")).toObject();
        QJsonObject auth = host.value(QLatin1String("AuthOptions")).toObject();
        auth.insert(key.mid(5), value);
        host.insert(QStringLiteral("AuthOptions"), auth);
        json.insert(QStringLiteral("HostOptions"), host);
    } else {
        driver.insert(key, value);
    }
    json.insert(QStringLiteral("Driver"), driver);
    QVERIFY(writeJson(config, json));
    const Result r = run({ QStringLiteral("url"), QStringLiteral("odd") });
    QVERIFY2(r.exitCode == 1 && r.err.contains(messagePart), qPrintable(r.all()));
    QVERIFY2(r.err.contains(QStringLiteral("berth rm -f odd")) || r.err.contains(QStringLiteral("config.json")),
        qPrintable(r.all()));
    QVERIFY(QDir(m_store + QStringLiteral("/machines/odd")).removeRecursively());
}

#ifdef Q_OS_UNIX
void TestHardening::envOfStorePathWithQuotesEvaluatesExactly()
{
    // A store a user may choose; bash evaluates what `env` prints, as the usage hint says.
    const QString store = m_tmp.filePath(QStringLiteral("my \"store\" $HOME `id` it's $(touch pwned)"));
    Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
                       m_url, QStringLiteral("q") },
        store);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    r = run({ QStringLiteral("env"), QStringLiteral("q") }, store);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QProcess bash;
    bash.setWorkingDirectory(m_tmp.path());
    bash.start(QStringLiteral("bash"),
        { QStringLiteral("--norc"), QStringLiteral("-c"),
            QStringLiteral("eval \"$1\" && printf '%s' \"$DOCKER_CERT_PATH\""), QStringLiteral("bash"), r.out });
    QVERIFY(bash.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(bash.readAllStandardOutput()), store + QStringLiteral("/machines/q"));
    QVERIFY(!QFile::exists(m_tmp.filePath(QStringLiteral("pwned"))));
}
#endif

void TestHardening::hostAddressesAnchored_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("valid");
    QTest::newRow("IPv4") << QStringLiteral("192.168.1.10") << true;
    QTest::newRow("IPv6") << QStringLiteral("fe80::1") << true;
    QTest::newRow("name") << QStringLiteral("box.example.test") << true;
    QTest::newRow("IPv4 and newline") << QStringLiteral("192.168.1.10\n") << false;
    QTest::newRow("name and newline") << QStringLiteral("box.example.test\n") << false;
    QTest::newRow("IPv4 and space") << QStringLiteral("192.168.1.10 ") << false;
    QTest::newRow("space and IPv4") << QStringLiteral(" 192.168.1.10") << false;
    QTest::newRow("IPv6 with scope") << QStringLiteral("fe80::1%eth0") << false;
    QTest::newRow("name of 254") << QString(254, QLatin1Char('a')) << false;
}

void TestHardening::hostAddressesAnchored()
{
    QFETCH(QString, host);
    QFETCH(bool, valid);
    QCOMPARE(berth::isValidHostAddress(host), valid);
}

QTEST_GUILESS_MAIN(TestHardening)

#include "tst_hardening.moc"
