// berth.exe, the Windows build, run under Wine as a Windows user runs it: against a store whose
// path has spaces (given as a Windows path, Z:\...), then against a real host (sshd and dockerd in
// a network namespace, tests/host/testhost.sh) with `create -d generic`, after which the machine's
// own docker CLI runs a container with what `berth.exe env` printed (its Windows paths mapped back).
#include "integration/support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace berth::test;

namespace {

// Wine's drive Z: is the machine's root folder.
QString windowsPath(const QString &path)
{
    return QStringLiteral("Z:") + QString(path).replace(QLatin1Char('/'), QLatin1Char('\\'));
}

QString unixPath(const QString &path)
{
    QString result = path;
    if (result.startsWith(QLatin1String("Z:"), Qt::CaseInsensitive))
        result.remove(0, 2);
    return result.replace(QLatin1Char('\\'), QLatin1Char('/'));
}

QString berthExe()
{
    return QString::fromUtf8(BERTH_SOURCE_DIR) + QStringLiteral("/build/windows/app/berth/berth.exe");
}

} // namespace

class TestWineCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void versionMatchesTheLinuxBuild();
    void noneMachineThroughItsLifecycle();
    void genericHostRunsAContainer();

private:
    ProcessResult berthExe(const QStringList &args, int timeoutMs = 300000);

    QTemporaryDir m_dir;
    QString m_store; // a Unix path; berth.exe is given windowsPath(m_store)
    TestHost m_host;
};

ProcessResult TestWineCli::berthExe(const QStringList &args, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // A Windows user's environment: no SHELL, no DOCKER_* of the machine's.
    for (const char *name : { "SHELL", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "MACHINE_STORAGE_PATH" })
        env.remove(QLatin1String(name));
    return runProcess(QString::fromUtf8(BERTH_SOURCE_DIR) + QStringLiteral("/scripts/wine-run.sh"),
        QStringList { ::berthExe(), QStringLiteral("-s"), windowsPath(m_store) } + args, env, timeoutMs);
}

void TestWineCli::initTestCase()
{
    QVERIFY2(QFileInfo(::berthExe()).isFile(), "no Windows build: run scripts/build.sh windows");
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("Berth store, with spaces"));
}

void TestWineCli::cleanupTestCase()
{
    m_host.stop();
}

void TestWineCli::versionMatchesTheLinuxBuild()
{
    const ProcessResult windows = berthExe({ QStringLiteral("version") }, 120000);
    QVERIFY2(windows.exitCode == 0, qPrintable(windows.describe()));
    const ProcessResult linux = runBerth({ QStringLiteral("version") });
    QVERIFY2(linux.exitCode == 0, qPrintable(linux.describe()));
    // Line ends are Windows' own.
    QCOMPARE(
        QString::fromUtf8(windows.standardOutput).remove(QLatin1Char('\r')), QString::fromUtf8(linux.standardOutput));
}

void TestWineCli::noneMachineThroughItsLifecycle()
{
    const QString url = QStringLiteral("tcp://192.0.2.10:2376");
    ProcessResult r = berthExe({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), url, QStringLiteral("winbox") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString machineDir = m_store + QStringLiteral("/machines/winbox");
    for (const char *name : { "config.json", "ca.pem", "cert.pem", "key.pem" })
        QVERIFY2(QFileInfo(machineDir + QLatin1Char('/') + QLatin1String(name)).isFile(), name);
    QVERIFY(QFileInfo(m_store + QStringLiteral("/certs/ca-key.pem")).isFile());

    r = berthExe({ QStringLiteral("ls") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QStringList lines = QString::fromUtf8(r.standardOutput).remove(QLatin1Char('\r')).split(QLatin1Char('\n'));
    QVERIFY2(lines.value(0).startsWith(QLatin1String("NAME ")), qPrintable(r.describe()));
    QVERIFY2(
        lines.value(1).startsWith(QLatin1String("winbox ")) && lines.value(1).contains(url), qPrintable(r.describe()));

    // env for cmd and PowerShell, as docker-machine prints them on Windows: Windows paths.
    const QString certPath = windowsPath(machineDir);
    r = berthExe({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("cmd"), QStringLiteral("winbox") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString out = QString::fromUtf8(r.standardOutput).remove(QLatin1Char('\r'));
    for (const QString &line :
        QStringList { QStringLiteral("SET DOCKER_TLS_VERIFY=1"), QStringLiteral("SET DOCKER_HOST=") + url,
            QStringLiteral("SET DOCKER_CERT_PATH=") + certPath, QStringLiteral("SET DOCKER_MACHINE_NAME=winbox"),
            QStringLiteral("SET COMPOSE_CONVERT_WINDOWS_PATHS=true") })
        QVERIFY2(out.split(QLatin1Char('\n')).contains(line), qPrintable(line + QStringLiteral(" in:\n") + out));
    QVERIFY2(out.contains(QLatin1String("REM Run this command to configure your shell:")), qPrintable(out));

    r = berthExe(
        { QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("powershell"), QStringLiteral("winbox") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    out = QString::fromUtf8(r.standardOutput).remove(QLatin1Char('\r'));
    for (const QString &line :
        { QStringLiteral("$Env:DOCKER_TLS_VERIFY = \"1\""), QStringLiteral("$Env:DOCKER_HOST = \"%1\"").arg(url),
            QStringLiteral("$Env:DOCKER_CERT_PATH = \"%1\"").arg(certPath),
            QStringLiteral("$Env:DOCKER_MACHINE_NAME = \"winbox\"") })
        QVERIFY2(out.split(QLatin1Char('\n')).contains(line), qPrintable(line + QStringLiteral(" in:\n") + out));
    QVERIFY2(out.contains(QLatin1String("| Invoke-Expression")), qPrintable(out));

    r = berthExe({ QStringLiteral("inspect"), QStringLiteral("winbox") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject inspect = QJsonDocument::fromJson(r.standardOutput).object();
    QCOMPARE(inspect.value(QLatin1String("DriverName")).toString(), QStringLiteral("none"));
    QCOMPARE(inspect.value(QLatin1String("Driver")).toObject().value(QLatin1String("URL")).toString(), url);

    r = berthExe({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("winbox") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QFileInfo::exists(machineDir));
    r = berthExe({ QStringLiteral("ls"), QStringLiteral("-q") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput.trimmed().isEmpty(), qPrintable(r.describe()));
}

void TestWineCli::genericHostRunsAContainer()
{
    if (geteuid() != 0)
        QFAIL("this test needs root: it starts a test host in a network namespace");
    QString error;
    QVERIFY2(m_host.start(QStringLiteral("win"), 14, &error), qPrintable(error));

    ProcessResult r = berthExe({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"),
        QStringLiteral("--generic-ip-address"), m_host.ip, QStringLiteral("--generic-ssh-user"), QStringLiteral("root"),
        QStringLiteral("--generic-ssh-key"), windowsPath(m_host.sshKey), QStringLiteral("winhost") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Docker is up and running!"), qPrintable(r.describe()));
    qInfo("berth.exe create -d generic took %lld ms under Wine", r.elapsedMs);

    r = berthExe(
        { QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("cmd"), QStringLiteral("winhost") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir.path()); // no ~/.docker/config.json of the machine's user
    static const QRegularExpression set(QStringLiteral("^SET ([A-Z_]+)=(.*)$"));
    for (const QString &line : QString::fromUtf8(r.standardOutput).remove(QLatin1Char('\r')).split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = set.match(line);
        if (m.hasMatch())
            env.insert(m.captured(1),
                m.captured(1) == QLatin1String("DOCKER_CERT_PATH") ? unixPath(m.captured(2)) : m.captured(2));
    }
    QCOMPARE(env.value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://%1:2376").arg(m_host.ip));
    QCOMPARE(env.value(QStringLiteral("DOCKER_CERT_PATH")), m_store + QStringLiteral("/machines/winhost"));

    r = loadTestImageAndEchoHello(env, 180000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput.trimmed(), QByteArray("hello"));

    r = berthExe({ QStringLiteral("ls"), QStringLiteral("--format"), QStringLiteral("{{.Name}} {{.State}} {{.URL}}") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(QString::fromUtf8(r.standardOutput).remove(QLatin1Char('\r')).trimmed(),
        QStringLiteral("winhost Running tcp://%1:2376").arg(m_host.ip));

    r = berthExe({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("winhost") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

QTEST_GUILESS_MAIN(TestWineCli)
#include "tst_winecli.moc"
