#include "provision/engineconfig.h"
#include "provision/osrelease.h"
#include "provision/provisioner.h"
#include "support/unitparse.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;

namespace {

EngineConfig systemdConfig()
{
    EngineConfig c;
    c.initSystem = InitSystem::Systemd;
    c.caCertPath = QStringLiteral("/etc/docker/ca.pem");
    c.serverCertPath = QStringLiteral("/etc/docker/server.pem");
    c.serverKeyPath = QStringLiteral("/etc/docker/server-key.pem");
    c.driverName = QStringLiteral("generic");
    c.options.labels = QStringList { QStringLiteral("env=test"), QStringLiteral("tier=web") };
    c.options.insecureRegistry = QStringList { QStringLiteral("registry.local:5000") };
    c.options.registryMirror = QStringList { QStringLiteral("https://mirror.gcr.io") };
    c.options.arbitraryFlags = QStringList { QStringLiteral("log-level=debug"), QStringLiteral("experimental") };
    c.options.storageDriver = QStringLiteral("overlay2");
    c.options.env = QStringList { QStringLiteral("HTTP_PROXY=http://proxy:3128"),
        QStringLiteral("GREETING=hello world"), QStringLiteral("QUOTE=it's"), QStringLiteral("SAY=say \"hi\"") };
    return c;
}

struct ScriptRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs an install script as the provisioner does (`sh -s`, the script on standard input), with
// `pathPrefix` first on the PATH.
#ifdef Q_OS_UNIX
ScriptRun runScript(const QByteArray &script, const QString &pathPrefix = {})
{
    QProcess sh;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!pathPrefix.isEmpty())
        env.insert(QStringLiteral("PATH"), pathPrefix + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    sh.setProcessEnvironment(env);
    sh.start(QStringLiteral("/bin/sh"), { QStringLiteral("-s") });
    sh.write(script);
    sh.closeWriteChannel();
    if (!sh.waitForFinished(30000))
        return {};
    return { sh.exitCode(), sh.readAllStandardOutput(), sh.readAllStandardError() };
}
#endif

// SHA-256 of texts that systemd-analyze and sh read on Linux (analyzedConfig()'s drop-in,
// globConfig()'s /etc/default/docker). After a deliberate change of those texts, the Linux run's
// failures give the new sums, of texts that run has then checked.
const QByteArray analyzedDropInSha256 = "4152de1fd5f00e4d068c34e188785ff46f126c19304ad12b81b070474ca424ad";
const QByteArray globDefaultsSha256 = "05ae4e59dd34c4664e96ee08e495b9a8ff4af79518ec3ba8ee49671b84c17647";

QByteArray sha256(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
}

#ifdef Q_OS_UNIX
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}
#endif

} // namespace

class TestProvision : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void proxyPasswordsReachTheEngineOnly();
    void parseDebian12();
    void parseUbuntu2204();
    void parseBoot2Docker();
    void parseAlpine();
    void parseCommentsQuotesEscapes();
    void parseEmpty();

    void remoteCertDirs();
    void dockerdArgumentsOrder();
    void dockerdArgumentsSocketActivationAndNoStorageDriver();
    void systemdDropInText();
    void sysvDefaultsText();
    void boot2dockerProfileText();
    void boot2dockerProfileDefaults();
#ifdef Q_OS_UNIX
    // The install script runs on the Linux host: sh runs it here.
    void installScriptWritesExactBytes();
    void installScriptLeavesUnchangedFiles();
    void installScriptRefusesDaemonJsonHosts();
    void installScriptRefusesDaemonJsonKeysOfEngineOptions();
    void installScriptReportsUnwritableFile();
    void installScriptSystemd();
#endif
    void validateEngineOptions_data();
    void validateEngineOptions();
    void controlCharactersNeverReachTheHost();
    void systemdDropInMeansWhatWasMeant();
#ifdef Q_OS_UNIX
    // systemd-analyze and sh read the texts; the next test holds Windows to the same texts.
    void systemdDropInPassesSystemdAnalyze();
    void sysvDefaultsDoNotGlob();
#endif
    void hostTextsAreTheOnesCheckedOnLinux();
    void initScriptHostsRefuseShellSyntax();

private:
    static EngineConfig analyzedConfig();
    static EngineConfig globConfig();
};

void TestProvision::parseDebian12()
{
    const OsRelease r = OsRelease::parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                                         "NAME=\"Debian GNU/Linux\"\n"
                                         "VERSION_ID=\"12\"\n"
                                         "VERSION=\"12 (bookworm)\"\n"
                                         "VERSION_CODENAME=bookworm\n"
                                         "ID=debian\n"
                                         "HOME_URL=\"https://www.debian.org/\"\n"
                                         "SUPPORT_URL=\"https://www.debian.org/support\"\n"
                                         "BUG_REPORT_URL=\"https://bugs.debian.org/\"\n");
    QCOMPARE(r.id, QStringLiteral("debian"));
    QVERIFY(r.idLike.isEmpty());
    QCOMPARE(r.name, QStringLiteral("Debian GNU/Linux"));
    QCOMPARE(r.prettyName, QStringLiteral("Debian GNU/Linux 12 (bookworm)"));
    QCOMPARE(r.versionId, QStringLiteral("12"));
    QVERIFY(r.isLike(QStringLiteral("debian")));
    QVERIFY(!r.isLike(QStringLiteral("ubuntu")));
}

void TestProvision::parseUbuntu2204()
{
    const OsRelease r
        = OsRelease::parse("PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\n"
                           "NAME=\"Ubuntu\"\n"
                           "VERSION_ID=\"22.04\"\n"
                           "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\n"
                           "VERSION_CODENAME=jammy\n"
                           "ID=ubuntu\n"
                           "ID_LIKE=debian\n"
                           "HOME_URL=\"https://www.ubuntu.com/\"\n"
                           "SUPPORT_URL=\"https://help.ubuntu.com/\"\n"
                           "BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n"
                           "PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n"
                           "UBUNTU_CODENAME=jammy\n");
    QCOMPARE(r.id, QStringLiteral("ubuntu"));
    QCOMPARE(r.idLike, QStringList { QStringLiteral("debian") });
    QCOMPARE(r.name, QStringLiteral("Ubuntu"));
    QCOMPARE(r.prettyName, QStringLiteral("Ubuntu 22.04.4 LTS"));
    QCOMPARE(r.versionId, QStringLiteral("22.04"));
    QVERIFY(r.isLike(QStringLiteral("ubuntu")));
    QVERIFY(r.isLike(QStringLiteral("debian")));
    QVERIFY(!r.isLike(QStringLiteral("fedora")));
    QVERIFY(!r.isLike(QStringLiteral("deb")));
}

void TestProvision::parseBoot2Docker()
{
    const OsRelease r = OsRelease::parse(
        "NAME=Boot2Docker\n"
        "VERSION=18.09.1\n"
        "ID=boot2docker\n"
        "ID_LIKE=tcl\n"
        "VERSION_ID=18.09.1\n"
        "PRETTY_NAME=\"Boot2Docker 18.09.1 (TCL 8.2.1)\"\n"
        "ANSI_COLOR=\"1;34\"\n"
        "HOME_URL=\"https://github.com/boot2docker/boot2docker\"\n"
        "SUPPORT_URL=\"https://blog.docker.com/2016/07/docker-for-mac-and-windows-production-ready/\"\n"
        "BUG_REPORT_URL=\"https://github.com/boot2docker/boot2docker/issues\"\n");
    QCOMPARE(r.id, QStringLiteral("boot2docker"));
    QCOMPARE(r.idLike, QStringList { QStringLiteral("tcl") });
    QCOMPARE(r.name, QStringLiteral("Boot2Docker"));
    QCOMPARE(r.prettyName, QStringLiteral("Boot2Docker 18.09.1 (TCL 8.2.1)"));
    QCOMPARE(r.versionId, QStringLiteral("18.09.1"));
    QVERIFY(r.isLike(QStringLiteral("boot2docker")));
    QVERIFY(!r.isLike(QStringLiteral("debian")));
}

void TestProvision::parseAlpine()
{
    const OsRelease r = OsRelease::parse("NAME=\"Alpine Linux\"\n"
                                         "ID=alpine\n"
                                         "VERSION_ID=3.19.1\n"
                                         "PRETTY_NAME=\"Alpine Linux v3.19\"\n"
                                         "HOME_URL=\"https://alpinelinux.org/\"\n"
                                         "BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n");
    QCOMPARE(r.id, QStringLiteral("alpine"));
    QVERIFY(r.idLike.isEmpty());
    QCOMPARE(r.name, QStringLiteral("Alpine Linux"));
    QCOMPARE(r.prettyName, QStringLiteral("Alpine Linux v3.19"));
    QCOMPARE(r.versionId, QStringLiteral("3.19.1"));
    QVERIFY(r.isLike(QStringLiteral("alpine")));
    QVERIFY(!r.isLike(QStringLiteral("debian")));
}

void TestProvision::parseCommentsQuotesEscapes()
{
    const OsRelease r = OsRelease::parse("# os-release for a test\n"
                                         "   # an indented comment with ID=wrong\n"
                                         "\n"
                                         "not a key value line\n"
                                         "ID='rocky'\r\n"
                                         "ID_LIKE=\"rhel centos  fedora\"\n"
                                         "NAME=\"Rocky \\\"Green\\\" \\\\ \\$HOME \\`x\\`\"\n"
                                         "PRETTY_NAME='Single $quoted \"as is\"'\n"
                                         "VERSION_ID=\"9.3\"   \n");
    QCOMPARE(r.id, QStringLiteral("rocky"));
    QCOMPARE(r.idLike, (QStringList { QStringLiteral("rhel"), QStringLiteral("centos"), QStringLiteral("fedora") }));
    QCOMPARE(r.name, QStringLiteral("Rocky \"Green\" \\ $HOME `x`"));
    QCOMPARE(r.prettyName, QStringLiteral("Single $quoted \"as is\""));
    QCOMPARE(r.versionId, QStringLiteral("9.3"));
    QVERIFY(r.isLike(QStringLiteral("fedora")));
    QVERIFY(r.isLike(QStringLiteral("rocky")));
    QVERIFY(!r.isLike(QStringLiteral("wrong")));
}

void TestProvision::parseEmpty()
{
    const OsRelease r = OsRelease::parse(QByteArray());
    QVERIFY(r.id.isEmpty());
    QVERIFY(r.idLike.isEmpty());
    QVERIFY(!r.isLike(QStringLiteral("debian")));
}

void TestProvision::remoteCertDirs()
{
    QCOMPARE(remoteCertDir(InitSystem::Systemd), QStringLiteral("/etc/docker"));
    QCOMPARE(remoteCertDir(InitSystem::SysVinit), QStringLiteral("/etc/docker"));
    QCOMPARE(remoteCertDir(InitSystem::Boot2Docker), QStringLiteral("/var/lib/boot2docker"));
}

void TestProvision::dockerdArgumentsOrder()
{
    const QStringList expected {
        QStringLiteral("-H"),
        QStringLiteral("tcp://0.0.0.0:2376"),
        QStringLiteral("-H"),
        QStringLiteral("unix:///var/run/docker.sock"),
        QStringLiteral("--storage-driver"),
        QStringLiteral("overlay2"),
        QStringLiteral("--tlsverify"),
        QStringLiteral("--tlscacert"),
        QStringLiteral("/etc/docker/ca.pem"),
        QStringLiteral("--tlscert"),
        QStringLiteral("/etc/docker/server.pem"),
        QStringLiteral("--tlskey"),
        QStringLiteral("/etc/docker/server-key.pem"),
        QStringLiteral("--label"),
        QStringLiteral("provider=generic"),
        QStringLiteral("--label"),
        QStringLiteral("env=test"),
        QStringLiteral("--label"),
        QStringLiteral("tier=web"),
        QStringLiteral("--insecure-registry"),
        QStringLiteral("registry.local:5000"),
        QStringLiteral("--registry-mirror"),
        QStringLiteral("https://mirror.gcr.io"),
        QStringLiteral("--log-level=debug"),
        QStringLiteral("--experimental"),
    };
    QCOMPARE(dockerdArguments(systemdConfig()), expected);
}

void TestProvision::dockerdArgumentsSocketActivationAndNoStorageDriver()
{
    EngineConfig c;
    c.socketActivation = true;
    c.port = 2377;
    c.caCertPath = QStringLiteral("/etc/docker/ca.pem");
    c.serverCertPath = QStringLiteral("/etc/docker/server.pem");
    c.serverKeyPath = QStringLiteral("/etc/docker/server-key.pem");
    c.driverName = QStringLiteral("none");
    const QStringList expected {
        QStringLiteral("-H"),
        QStringLiteral("tcp://0.0.0.0:2377"),
        QStringLiteral("-H"),
        QStringLiteral("fd://"),
        QStringLiteral("--tlsverify"),
        QStringLiteral("--tlscacert"),
        QStringLiteral("/etc/docker/ca.pem"),
        QStringLiteral("--tlscert"),
        QStringLiteral("/etc/docker/server.pem"),
        QStringLiteral("--tlskey"),
        QStringLiteral("/etc/docker/server-key.pem"),
        QStringLiteral("--label"),
        QStringLiteral("provider=none"),
    };
    QCOMPARE(dockerdArguments(c), expected);
}

void TestProvision::systemdDropInText()
{
    const QString expected = QStringLiteral(
        "# Written by Berth: dockerd with TLS on port 2376.\n"
        "[Service]\n"
        "ExecStart=\n"
        "ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 -H unix:///var/run/docker.sock --storage-driver overlay2 "
        "--tlsverify --tlscacert /etc/docker/ca.pem --tlscert /etc/docker/server.pem --tlskey "
        "/etc/docker/server-key.pem "
        "--label provider=generic --label env=test --label tier=web --insecure-registry registry.local:5000 "
        "--registry-mirror https://mirror.gcr.io --log-level=debug --experimental\n"
        "Environment= HTTP_PROXY=http://proxy:3128 \"GREETING=hello world\" \"QUOTE=it's\" \"SAY=say \\\"hi\\\"\"\n");
    QCOMPARE(systemdDropIn(systemdConfig()), expected);

    // No env: the Environment= line still resets what the packaged unit set.
    EngineConfig c = systemdConfig();
    c.options.env.clear();
    const QString text = systemdDropIn(c);
    QVERIFY2(text.endsWith(QStringLiteral("--experimental\nEnvironment=\n")), qPrintable(text));
    // The ExecStart= reset comes before the real ExecStart, as systemd requires for a drop-in.
    QVERIFY(text.indexOf(QStringLiteral("ExecStart=\n")) < text.indexOf(QStringLiteral("ExecStart=/usr/bin/dockerd")));
}

void TestProvision::sysvDefaultsText()
{
    const QString expected = QStringLiteral(
        "# Written by Berth: dockerd with TLS on port 2376.\n"
        "set -f\n"
        "DOCKER_OPTS='-H tcp://0.0.0.0:2376 -H unix:///var/run/docker.sock --storage-driver overlay2 "
        "--tlsverify --tlscacert /etc/docker/ca.pem --tlscert /etc/docker/server.pem --tlskey "
        "/etc/docker/server-key.pem "
        "--label provider=generic --label env=test --label tier=web --insecure-registry registry.local:5000 "
        "--registry-mirror https://mirror.gcr.io --log-level=debug --experimental'\n"
        "export HTTP_PROXY='http://proxy:3128'\n"
        "export GREETING='hello world'\n"
        "export QUOTE='it'\\''s'\n"
        "export SAY='say \"hi\"'\n");
    EngineConfig c = systemdConfig();
    c.initSystem = InitSystem::SysVinit;
    QCOMPARE(sysvDefaults(c), expected);
}

void TestProvision::boot2dockerProfileText()
{
    EngineConfig c = systemdConfig();
    c.initSystem = InitSystem::Boot2Docker;
    c.driverName = QStringLiteral("virtualbox");
    c.caCertPath = QStringLiteral("/var/lib/boot2docker/ca.pem");
    c.serverCertPath = QStringLiteral("/var/lib/boot2docker/server.pem");
    c.serverKeyPath = QStringLiteral("/var/lib/boot2docker/server-key.pem");
    c.options.storageDriver = QStringLiteral("aufs");
    const QString expected = QStringLiteral("EXTRA_ARGS='\n"
                                            "--label provider=virtualbox\n"
                                            "--label env=test\n"
                                            "--label tier=web\n"
                                            "--insecure-registry registry.local:5000\n"
                                            "--registry-mirror https://mirror.gcr.io\n"
                                            "--log-level=debug\n"
                                            "--experimental\n"
                                            "\n"
                                            "'\n"
                                            "CACERT=/var/lib/boot2docker/ca.pem\n"
                                            "DOCKER_HOST='-H tcp://0.0.0.0:2376'\n"
                                            "DOCKER_STORAGE=aufs\n"
                                            "DOCKER_TLS=auto\n"
                                            "SERVERKEY=/var/lib/boot2docker/server-key.pem\n"
                                            "SERVERCERT=/var/lib/boot2docker/server.pem\n"
                                            "\n"
                                            "export 'HTTP_PROXY=http://proxy:3128'\n"
                                            "export 'GREETING=hello world'\n"
                                            "export 'QUOTE=it'\\''s'\n"
                                            "export 'SAY=say \"hi\"'\n");
    QCOMPARE(boot2dockerProfile(c), expected);
}

void TestProvision::boot2dockerProfileDefaults()
{
    EngineConfig c;
    c.initSystem = InitSystem::Boot2Docker;
    c.driverName = QStringLiteral("generic");
    c.caCertPath = QStringLiteral("/var/lib/boot2docker/ca.pem");
    c.serverCertPath = QStringLiteral("/var/lib/boot2docker/server.pem");
    c.serverKeyPath = QStringLiteral("/var/lib/boot2docker/server-key.pem");
    const QString expected = QStringLiteral("EXTRA_ARGS='\n"
                                            "--label provider=generic\n"
                                            "\n"
                                            "'\n"
                                            "CACERT=/var/lib/boot2docker/ca.pem\n"
                                            "DOCKER_HOST='-H tcp://0.0.0.0:2376'\n"
                                            "DOCKER_STORAGE=overlay2\n"
                                            "DOCKER_TLS=auto\n"
                                            "SERVERKEY=/var/lib/boot2docker/server-key.pem\n"
                                            "SERVERCERT=/var/lib/boot2docker/server.pem\n"
                                            "\n");
    QCOMPARE(boot2dockerProfile(c), expected);
}

void TestProvision::validateEngineOptions_data()
{
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("registries");
    QTest::addColumn<QString>("storageDriver");
    QTest::addColumn<QString>("messagePart"); // empty: valid

    QTest::newRow("valid") << QStringList { QStringLiteral("env=test") }
                           << QStringList { QStringLiteral("log-level=debug") }
                           << QStringList { QStringLiteral("GREETING=hello world"), QStringLiteral("EMPTY=") }
                           << QStringList { QStringLiteral("registry.local:5000") } << QStringLiteral("overlay2")
                           << QString();
    QTest::newRow("nothing") << QStringList() << QStringList() << QStringList() << QStringList() << QString()
                             << QString();
    QTest::newRow("label with space") << QStringList { QStringLiteral("env=a b") } << QStringList() << QStringList()
                                      << QStringList() << QString() << QStringLiteral("--engine-label \"env=a b\"");
    QTest::newRow("empty label") << QStringList { QString() } << QStringList() << QStringList() << QStringList()
                                 << QString() << QStringLiteral("--engine-label");
    QTest::newRow("engine-opt with quote")
        << QStringList() << QStringList { QStringLiteral("log-opt=tag=\"x\"") } << QStringList() << QStringList()
        << QString() << QStringLiteral("--engine-opt \"log-opt=tag=\"x\"\"");
    QTest::newRow("engine-opt with single quote")
        << QStringList() << QStringList { QStringLiteral("a='b'") } << QStringList() << QStringList() << QString()
        << QStringLiteral("--engine-opt");
    QTest::newRow("engine-opt with dollar")
        << QStringList() << QStringList { QStringLiteral("data-root=$HOME") } << QStringList() << QStringList()
        << QString() << QStringLiteral("--engine-opt");
    QTest::newRow("registry with space") << QStringList() << QStringList() << QStringList()
                                         << QStringList { QStringLiteral("a b:5000") } << QString()
                                         << QStringLiteral("--engine-insecure-registry");
    QTest::newRow("env without =") << QStringList() << QStringList() << QStringList { QStringLiteral("JUSTANAME") }
                                   << QStringList() << QString() << QStringLiteral("--engine-env \"JUSTANAME\"");
    QTest::newRow("env bad name") << QStringList() << QStringList() << QStringList { QStringLiteral("1X=y") }
                                  << QStringList() << QString() << QStringLiteral("--engine-env");
    QTest::newRow("env with newline") << QStringList() << QStringList()
                                      << QStringList { QStringLiteral("A=b\nrm -rf /") } << QStringList() << QString()
                                      << QStringLiteral("--engine-env");
    QTest::newRow("env with carriage return")
        << QStringList() << QStringList()
        << QStringList { QStringLiteral("A=x\rExecStartPre=/usr/bin/touch /run/pwned\rX=") } << QStringList()
        << QString()
        << QStringLiteral("--engine-env \"A=x\\rExecStartPre=/usr/bin/touch /run/pwned\\rX=\" contains a control");
    QTest::newRow("label with carriage return")
        << QStringList { QStringLiteral("a=b\rExecStartPre=/bin/x") } << QStringList() << QStringList() << QStringList()
        << QString() << QStringLiteral("--engine-label");
    QTest::newRow("label with NUL") << QStringList { QStringLiteral("a=b") + QChar(0) + QStringLiteral("c") }
                                    << QStringList() << QStringList() << QStringList() << QString()
                                    << QStringLiteral("control character");
    QTest::newRow("engine-opt with DEL") << QStringList() << QStringList { QStringLiteral("debug") + QChar(0x7f) }
                                         << QStringList() << QStringList() << QString()
                                         << QStringLiteral("--engine-opt");
    QTest::newRow("env with NEL") << QStringList() << QStringList()
                                  << QStringList { QStringLiteral("A=b") + QChar(0x85) + QStringLiteral("c") }
                                  << QStringList() << QString() << QStringLiteral("control character");
    QTest::newRow("env with line separator")
        << QStringList() << QStringList() << QStringList { QStringLiteral("A=b") + QChar(0x2028) + QStringLiteral("c") }
        << QStringList() << QString() << QStringLiteral("\\u2028");
    QTest::newRow("env with paragraph separator")
        << QStringList() << QStringList() << QStringList { QStringLiteral("A=b") + QChar(0x2029) } << QStringList()
        << QString() << QStringLiteral("--engine-env");
    QTest::newRow("env with tab") << QStringList() << QStringList() << QStringList { QStringLiteral("A=b\tc") }
                                  << QStringList() << QString() << QStringLiteral("--engine-env");
    QTest::newRow("env with lone surrogate")
        << QStringList() << QStringList() << QStringList { QStringLiteral("A=b") + QChar(0xd800) } << QStringList()
        << QString() << QStringLiteral("--engine-env");
    QTest::newRow("registry with escape")
        << QStringList() << QStringList() << QStringList() << QStringList { QStringLiteral("r") + QChar(0x1b) }
        << QString() << QStringLiteral("--engine-insecure-registry");
    QTest::newRow("storage driver with carriage return")
        << QStringList() << QStringList() << QStringList() << QStringList() << QStringLiteral("overlay2\rX")
        << QStringLiteral("--engine-storage-driver");
    QTest::newRow("storage driver with semicolon")
        << QStringList() << QStringList() << QStringList() << QStringList() << QStringLiteral("overlay2;reboot")
        << QStringLiteral("--engine-storage-driver");
    QTest::newRow("label with percent and emoji")
        << QStringList { QStringLiteral("a%z"), QStringLiteral("smile=") + QString::fromUtf8("\xf0\x9f\x98\x80") }
        << QStringList() << QStringList { QStringLiteral("HTTP_PROXY=http://u:p%40ss@proxy:3128") } << QStringList()
        << QString() << QString();
    QTest::newRow("storage driver with space")
        << QStringList() << QStringList() << QStringList() << QStringList() << QStringLiteral("overlay2 --x")
        << QStringLiteral("--engine-storage-driver");
}

void TestProvision::validateEngineOptions()
{
    QFETCH(QStringList, labels);
    QFETCH(QStringList, flags);
    QFETCH(QStringList, env);
    QFETCH(QStringList, registries);
    QFETCH(QString, storageDriver);
    QFETCH(QString, messagePart);

    EngineOptions options;
    options.labels = labels;
    options.arbitraryFlags = flags;
    options.env = env;
    options.insecureRegistry = registries;
    options.storageDriver = storageDriver;
    QString error;
    const bool ok = berth::validateEngineOptions(options, &error);
    if (messagePart.isEmpty()) {
        QVERIFY2(ok, qPrintable(error));
    } else {
        QVERIFY(!ok);
        QVERIFY2(error.contains(messagePart), qPrintable(error));
    }
}

void TestProvision::controlCharactersNeverReachTheHost()
{
    // As a config.json edited by hand would give them: the provisioning's own check refuses them
    // before any file is made for the host, whatever its init system.
    ProvisionRequest request;
    request.driverName = QStringLiteral("generic");
    request.options.env = QStringList { QStringLiteral("A=x\rExecStartPre=/usr/bin/touch /run/pwned\rX=") };
    for (const InitSystem init : { InitSystem::Systemd, InitSystem::SysVinit, InitSystem::Boot2Docker }) {
        EngineHost host;
        host.initSystem = init;
        QList<RemoteFile> files;
        QString error;
        QVERIFY(!Provisioner::engineFiles(host, request, &files, &error));
        QVERIFY2(error.contains(QStringLiteral("control character")), qPrintable(error));
        QVERIFY(files.isEmpty());
    }
}

namespace {

EngineConfig trickyConfig()
{
    EngineConfig c = systemdConfig();
    c.options.labels = QStringList { QStringLiteral("a%z"), QStringLiteral(";"), QStringLiteral("x;y"),
        QStringLiteral("glob=*"), QStringLiteral("q=a?[b]"), QStringLiteral("%%n"), QStringLiteral("pipe=a|b") };
    c.options.env = QStringList { QStringLiteral("HTTP_PROXY=http://user:p%40ss@proxy:3128"),
        QStringLiteral("GREETING=hello world"), QStringLiteral("QUOTE=it's"), QStringLiteral("SAY=say \"hi\""),
        QStringLiteral("BACK=a\\b\\"), QStringLiteral("DOLLAR=$HOME and ${PATH} $$"), QStringLiteral("SEMI=;"),
        QStringLiteral("EMPTY="), QStringLiteral("SPEC=%n%%") };
    return c;
}

} // namespace

void TestProvision::systemdDropInMeansWhatWasMeant()
{
    const EngineConfig c = trickyConfig();
    QString error;
    QVERIFY2(berth::validateEngineOptions(InitSystem::Systemd, c.options, &error), qPrintable(error));
    const QString dropIn = systemdDropIn(c);
    const test::ParsedUnit unit = test::parseUnit(dropIn);
    QVERIFY2(unit.ok, qPrintable(unit.error + QStringLiteral("\n") + dropIn));
    QVERIFY2(unit.otherKeys.isEmpty(), qPrintable(dropIn));
    QCOMPARE(unit.execStart.size(), 1);
    QCOMPARE(unit.execStart.first(), QStringList(c.dockerdPath) + dockerdArguments(c));
    QCOMPARE(unit.environment, c.options.env);
    QVERIFY2(dropIn.contains(QStringLiteral("--label a%%z ")), qPrintable(dropIn));
    QVERIFY2(dropIn.contains(QStringLiteral("--label \\; ")), qPrintable(dropIn));
}

#ifdef Q_OS_UNIX
void TestProvision::systemdDropInPassesSystemdAnalyze()
{
    const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
    if (analyze.isEmpty())
        QFAIL("systemd-analyze is missing: scripts/setup.sh --test installs it (package systemd)");
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString units = root.filePath(QStringLiteral("etc/systemd/system"));
    QVERIFY(QDir().mkpath(units + QStringLiteral("/docker.service.d")));
    QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("usr/bin"))));
    QVERIFY(QFile::copy(QStringLiteral("/bin/true"), root.filePath(QStringLiteral("usr/bin/dockerd"))));
    QFile service(units + QStringLiteral("/docker.service"));
    QVERIFY(service.open(QIODevice::WriteOnly));
    service.write("[Unit]\nDescription=Docker\nDefaultDependencies=no\n[Service]\nType=notify\nExecStart=/usr/bin/"
                  "dockerd -H fd://\n"
                  "[Install]\nWantedBy=multi-user.target\n");
    service.close();
    const EngineConfig c = analyzedConfig();
    QCOMPARE(sha256(systemdDropIn(c)), analyzedDropInSha256);
    QFile dropIn(units + QStringLiteral("/docker.service.d/10-machine.conf"));
    QVERIFY(dropIn.open(QIODevice::WriteOnly));
    dropIn.write(systemdDropIn(c).toUtf8());
    dropIn.close();

    QProcess verify;
    verify.start(analyze,
        { QStringLiteral("verify"), QStringLiteral("--man=no"), QStringLiteral("--root=") + root.path(),
            QStringLiteral("docker.service") });
    QVERIFY(verify.waitForFinished(30000));
    const QByteArray output = verify.readAllStandardOutput() + verify.readAllStandardError();
    QVERIFY2(
        verify.exitCode() == 0 && output.trimmed().isEmpty(), qPrintable(QString::fromUtf8(output) + systemdDropIn(c)));
}
#endif

EngineConfig TestProvision::analyzedConfig()
{
    EngineConfig c = trickyConfig();
    c.dockerdPath = QStringLiteral("/usr/bin/dockerd");
    return c;
}

EngineConfig TestProvision::globConfig()
{
    EngineConfig c = trickyConfig();
    c.initSystem = InitSystem::SysVinit;
    c.options.labels = QStringList { QStringLiteral("glob=*"), QStringLiteral("q=a?"), QStringLiteral("r=[ab]"),
        QStringLiteral("pct=a%z") };
    return c;
}

// The texts systemd-analyze and sh read above, on Linux: the Windows build writes the same.
void TestProvision::hostTextsAreTheOnesCheckedOnLinux()
{
    QCOMPARE(sha256(systemdDropIn(analyzedConfig())), analyzedDropInSha256);
    QCOMPARE(sha256(sysvDefaults(globConfig())), globDefaultsSha256);
}

#ifdef Q_OS_UNIX
void TestProvision::sysvDefaultsDoNotGlob()
{
    const EngineConfig c = globConfig();
    QCOMPARE(sha256(sysvDefaults(c)), globDefaultsSha256);
    QString error;
    QVERIFY2(berth::validateEngineOptions(InitSystem::SysVinit, c.options, &error), qPrintable(error));
    // The init script runs where these names exist: a glob would become them.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const char *name : { "glob=match", "q=ab", "r=a" })
        QVERIFY(QFile(dir.filePath(QLatin1String(name))).open(QIODevice::WriteOnly));
    const QString defaults = dir.filePath(QStringLiteral("docker.defaults"));
    QFile file(defaults);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(sysvDefaults(c).toUtf8());
    file.close();
    // As Debian's /etc/init.d/docker: the file sourced, then $DOCKER_OPTS unquoted.
    QStringList words = test::shWords(QStringLiteral(". ./docker.defaults; set -- $DOCKER_OPTS"), dir.path(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(words, dockerdArguments(c));
    // As OpenRC's start-stop-daemon.sh, which passes it through eval.
    words = test::shWords(QStringLiteral(". ./docker.defaults; eval \"set -- $DOCKER_OPTS\""), dir.path(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(words, dockerdArguments(c));
    // The exported environment comes out byte for byte.
    for (const QString &env : c.options.env) {
        const QString name = env.section(QLatin1Char('='), 0, 0);
        words = test::shWords(QStringLiteral(". ./docker.defaults; set -- \"%1=$%1\"").arg(name), dir.path(), &error);
        QCOMPARE(words, QStringList(env));
    }
}
#endif

void TestProvision::initScriptHostsRefuseShellSyntax()
{
    EngineOptions options;
    options.labels = QStringList { QStringLiteral("a=b;reboot") };
    QString error;
    QVERIFY2(berth::validateEngineOptions(InitSystem::Systemd, options, &error), qPrintable(error));
    QVERIFY(!berth::validateEngineOptions(InitSystem::SysVinit, options, &error));
    QVERIFY2(error.contains(QStringLiteral("shell syntax")), qPrintable(error));
    QVERIFY(!berth::validateEngineOptions(InitSystem::Boot2Docker, options, &error));
    options.labels = QStringList { QStringLiteral("glob=*") };
    QVERIFY2(berth::validateEngineOptions(InitSystem::SysVinit, options, &error), qPrintable(error));
    QVERIFY(!berth::validateEngineOptions(InitSystem::Boot2Docker, options, &error));
    QVERIFY2(error.contains(QStringLiteral("'*'")), qPrintable(error));
}

void TestProvision::proxyPasswordsReachTheEngineOnly()
{
    QStringList asked;
    const auto keychain = [&asked](const QString &host) {
        asked << host;
        return host == QLatin1String("proxy.lan") ? QStringLiteral("s3cr:t@") : QString();
    };
    const QStringList stored { QStringLiteral("HTTP_PROXY=http://ann@proxy.lan:3128"),
        QStringLiteral("https_proxy=http://ann@proxy.lan:3128"), QStringLiteral("NO_PROXY=localhost"),
        QStringLiteral("HTTP_PROXY_EXTRA=http://ann@proxy.lan:3128"),
        QStringLiteral("HTTPS_PROXY=http://bob:given@other.lan:8080"),
        QStringLiteral("HTTP_PROXY=http://nobody@unknown.lan:3128") };
    const QStringList sent = withProxyPasswords(stored, keychain);
    QCOMPARE(sent.size(), stored.size());
    // The password, escaped for the URL (userinfo keeps its colon), only where a user waits for one.
    QCOMPARE(sent.at(0), QStringLiteral("HTTP_PROXY=http://ann:s3cr:t%40@proxy.lan:3128"));
    QCOMPARE(sent.at(1), QStringLiteral("https_proxy=http://ann:s3cr:t%40@proxy.lan:3128"));
    QCOMPARE(sent.at(2), stored.at(2));
    QCOMPARE(sent.at(3), stored.at(3));
    QCOMPARE(sent.at(4), stored.at(4)); // a password given in the URL stays as it is
    QCOMPARE(sent.at(5), stored.at(5)); // no password in the keychain: the URL as stored
    QCOMPARE(asked,
        (QStringList { QStringLiteral("proxy.lan"), QStringLiteral("proxy.lan"), QStringLiteral("unknown.lan") }));
    QCOMPARE(QUrl(sent.at(0).mid(11)).password(), QStringLiteral("s3cr:t@"));
}

QTEST_GUILESS_MAIN(TestProvision)
#ifdef Q_OS_UNIX
void TestProvision::installScriptWritesExactBytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray binary;
    for (int i = 0; i < 1000; ++i)
        binary.append(char(i % 256)); // every byte value, no newline at the end
    const QString key = dir.filePath(QStringLiteral("etc/docker/server-key.pem"));
    const QString blob = dir.filePath(QStringLiteral("deep/er/blob"));
    const QString empty = dir.filePath(QStringLiteral("empty"));
    const QByteArray pem = "-----BEGIN RSA PRIVATE KEY-----\nBERTH_BASE64\n-----END RSA PRIVATE KEY-----\n";
    const ScriptRun run
        = runScript(installFilesScript({ { key, pem, 0600 }, { blob, binary, 0644 }, { empty, {}, 0640 } }, false,
            daemonJsonFlagKeys({}), dir.filePath(QStringLiteral("daemon.json"))));
    QCOMPARE(run.err, QByteArray());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(readAll(key), pem);
    QCOMPARE(readAll(blob), binary);
    QCOMPARE(readAll(empty), QByteArray());
    // Owner, group and other bits (Qt's "User" bits are the current user's, not the mode's).
    const QFileDevice::Permissions userBits = QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
    QCOMPARE(QFile::permissions(key) & ~userBits, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(QFile::permissions(blob) & ~userBits,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    QCOMPARE(run.out,
        QString(QStringLiteral("changed ") + key + QStringLiteral("\nchanged ") + blob + QStringLiteral("\nchanged ")
            + empty + QLatin1Char('\n'))
            .toUtf8());
    // No temporary file left beside them.
    QCOMPARE(QDir(dir.filePath(QStringLiteral("etc/docker"))).entryList(QDir::Files),
        QStringList { QStringLiteral("server-key.pem") });
}

void TestProvision::installScriptLeavesUnchangedFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = dir.filePath(QStringLiteral("a"));
    const QString b = dir.filePath(QStringLiteral("b"));
    const QString daemonJson = dir.filePath(QStringLiteral("daemon.json"));
    QCOMPARE(runScript(installFilesScript(
                           { { a, "one\n", 0644 }, { b, "two\n", 0644 } }, false, daemonJsonFlagKeys({}), daemonJson))
                 .exitCode,
        0);
    const QFileInfo before(a);
    // Same bytes, another mode: not replaced, but the mode follows.
    const ScriptRun again = runScript(
        installFilesScript({ { a, "one\n", 0600 }, { b, "TWO\n", 0644 } }, false, daemonJsonFlagKeys({}), daemonJson));
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.out, QString(QStringLiteral("changed ") + b + QLatin1Char('\n')).toUtf8());
    QCOMPARE(readAll(b), QByteArray("TWO\n"));
    // The same inode: the unchanged file was not replaced.
    QCOMPARE(
        QFileInfo(a).fileTime(QFileDevice::FileModificationTime), before.fileTime(QFileDevice::FileModificationTime));
    QCOMPARE(QFile::permissions(a) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
}

void TestProvision::installScriptRefusesDaemonJsonHosts()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString daemonJson = dir.filePath(QStringLiteral("daemon.json"));
    QFile json(daemonJson);
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write("{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n");
    json.close();
    const QString a = dir.filePath(QStringLiteral("a"));
    const ScriptRun run
        = runScript(installFilesScript({ { a, "one\n", 0644 } }, false, daemonJsonFlagKeys({}), daemonJson));
    QCOMPARE(run.exitCode, installConflictExitCode);
    QCOMPARE(run.err, QByteArray("hosts\n"));
    QVERIFY(!QFile::exists(a)); // nothing written
}

// dockerd refuses to start when its daemon.json sets a key a flag sets: "labels" (Berth's provider= label), and
// what each engine option sets, a list option by its plural. Real dockerd's refusal is in tst_generic.
void TestProvision::installScriptRefusesDaemonJsonKeysOfEngineOptions()
{
    EngineOptions options;
    options.arbitraryFlags = { QStringLiteral("log-opt=max-size=1m"), QStringLiteral("--containerd=/run/c.sock"),
        QStringLiteral("debug"), QStringLiteral("add-runtime=crun=/usr/bin/crun") };
    options.registryMirror = { QStringLiteral("https://mirror.example") };
    QCOMPARE(daemonJsonFlagKeys(options),
        QStringList({ QStringLiteral("hosts"), QStringLiteral("tlsverify"), QStringLiteral("tlscacert"),
            QStringLiteral("tlscert"), QStringLiteral("tlskey"), QStringLiteral("labels"),
            QStringLiteral("registry-mirrors"), QStringLiteral("log-opts"), QStringLiteral("containerd"),
            QStringLiteral("debug") }));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString daemonJson = dir.filePath(QStringLiteral("daemon.json"));
    const QString a = dir.filePath(QStringLiteral("a"));
    const auto runWith = [&](const QByteArray &json, const EngineOptions &engine) {
        QFile file(daemonJson);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size())
            return ScriptRun();
        file.close();
        return runScript(installFilesScript({ { a, "one\n", 0644 } }, false, daemonJsonFlagKeys(engine), daemonJson));
    };
    // The keys Berth's image and many hosts set, none of which Berth's flags set: written.
    ScriptRun run = runWith("{\"containerd\": \"/run/containerd/containerd.sock\", \"log-driver\": \"journald\", "
                            "\"runtimes\": {}}\n",
        EngineOptions());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFile::remove(a));
    // The same file with --engine-opt containerd=…: refused, nothing written, the key on standard error's last line.
    run = runWith("{\"containerd\": \"/run/containerd/containerd.sock\"}\n", options);
    QCOMPARE(run.exitCode, installConflictExitCode);
    QCOMPARE(run.err, QByteArray("containerd\n"));
    QVERIFY(!QFile::exists(a));
    run = runWith("{\"log-opts\": {\"max-file\": \"3\"}}\n", options);
    QCOMPARE(run.err, QByteArray("log-opts\n"));
    // Labels in the file conflict with the provider= label Berth always gives.
    run = runWith("{\n  \"labels\": [\"site=lab\"]\n}\n", EngineOptions());
    QCOMPARE(run.exitCode, installConflictExitCode);
    QCOMPARE(run.err, QByteArray("labels\n"));
    QVERIFY(!QFile::exists(a));
}

void TestProvision::installScriptReportsUnwritableFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A plain file where a folder should be: mkdir fails, as on a read-only or full host.
    QFile blocker(dir.filePath(QStringLiteral("etc")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString first = dir.filePath(QStringLiteral("first"));
    const QString bad = dir.filePath(QStringLiteral("etc/docker/ca.pem"));
    const QString after = dir.filePath(QStringLiteral("after"));
    const ScriptRun run
        = runScript(installFilesScript({ { first, "1\n", 0644 }, { bad, "2\n", 0644 }, { after, "3\n", 0644 } }, false,
            daemonJsonFlagKeys({}), dir.filePath(QStringLiteral("daemon.json"))));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QString(QStringLiteral("cannot write ") + bad).toUtf8()), run.err.constData());
    QVERIFY(!QFile::exists(after)); // stops at the first failure
}

void TestProvision::installScriptSystemd()
{
    // systemd cannot run here (no systemd as PID 1 in CI): a systemctl that records its arguments
    // and answers is-enabled as the real one does for a disabled unit (exit 1, nothing printed with -q).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bin = dir.filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    const QString log = dir.filePath(QStringLiteral("systemctl.log"));
    const QString enabled = dir.filePath(QStringLiteral("enabled"));
    QFile stub(bin + QStringLiteral("/systemctl"));
    QVERIFY(stub.open(QIODevice::WriteOnly));
    stub.write(QStringLiteral(
        "#!/bin/sh\necho \"$*\" >>'%1'\n"
        "case $1 in is-enabled) [ -e '%2' ] ;; enable) : >'%2' ;; is-active) echo inactive; exit 3 ;; esac\n")
                   .arg(log, enabled)
                   .toUtf8());
    stub.close();
    QVERIFY(stub.setPermissions(stub.permissions() | QFileDevice::ExeOwner));

    const QString dropIn = dir.filePath(QStringLiteral("etc/systemd/system/docker.service.d/10-machine.conf"));
    const QString cert = dir.filePath(QStringLiteral("etc/docker/ca.pem"));
    const QString daemonJson = dir.filePath(QStringLiteral("daemon.json"));
    ScriptRun run = runScript(installFilesScript({ { cert, "ca\n", 0644 }, { dropIn, "[Service]\n", 0644 } }, true,
                                  daemonJsonFlagKeys({}), daemonJson),
        bin);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(readAll(log), QByteArray("daemon-reload\nis-enabled -q docker\nenable -q docker\nis-active docker\n"));
    QVERIFY2(run.out.endsWith("\nengine=inactive\n"), run.out.constData());

    // Only a certificate changed: no reload, and docker is enabled already.
    QVERIFY(QFile::remove(log));
    run = runScript(installFilesScript({ { cert, "new ca\n", 0644 }, { dropIn, "[Service]\n", 0644 } }, true,
                        daemonJsonFlagKeys({}), daemonJson),
        bin);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(readAll(log), QByteArray("is-enabled -q docker\nis-active docker\n"));

    // A failing systemctl is reported with its own exit code.
    QVERIFY(stub.open(QIODevice::WriteOnly | QIODevice::Truncate));
    stub.write("#!/bin/sh\necho 'Failed to reload daemon: Access denied' >&2\nexit 1\n");
    stub.close();
    run = runScript(
        installFilesScript({ { dropIn, "[Service]\nX=1\n", 0644 } }, true, daemonJsonFlagKeys({}), daemonJson), bin);
    QCOMPARE(run.exitCode, installSystemctlExitCode);
    QVERIFY(run.err.contains("Access denied"));
}
#endif

#include "tst_provision.moc"
