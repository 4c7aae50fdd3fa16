// A machine of Berth 0.1, made from its Debian 12 image (Docker 20.10), upgraded to the current image (Debian 13,
// Docker 26.1) by `berth upgrade`: its images, containers and volumes are there after it, and work.
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace berth::test;

class TestUpgrade : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createFromDebian12Image();
    void putImageContainersAndVolume();
    void upgradeToCurrentImageKeepsThem();
    void rmLeavesNothing();

private:
    ProcessResult berth(const QStringList &args, const QString &image, int timeoutMs = 600000);
    ProcessResult docker(const QStringList &args);
    ProcessResult guest(const QString &command);
    QString machineDir() const { return m_store + QStringLiteral("/machines/old"); }
    QString driverValue(const char *key) const;

    QTemporaryDir m_dir;
    QString m_store;
    QString m_bookworm;
    QString m_current;
};

namespace {
QString manifestVersion(const QString &imageDir)
{
    QFile file(imageDir + QStringLiteral("/manifest.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("version")).toString();
}
} // namespace

ProcessResult TestUpgrade::berth(const QStringList &args, const QString &image, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), image);
    env.remove(QStringLiteral("DOCKER_HOST"));
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, env, timeoutMs);
}

// The real docker CLI through the machine's Docker context, as a user of Berth reaches it without `env`.
ProcessResult TestUpgrade::docker(const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DOCKER_HOST"));
    env.remove(QStringLiteral("DOCKER_CONTEXT"));
    return runProcess(
        dockerCli(), QStringList { QStringLiteral("--context"), QStringLiteral("old") } + args, env, 300000);
}

ProcessResult TestUpgrade::guest(const QString &command)
{
    return berth({ QStringLiteral("ssh"), QStringLiteral("old"), command }, m_current);
}

QString TestUpgrade::driverValue(const char *key) const
{
    QFile file(machineDir() + QStringLiteral("/config.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject driver
        = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("Driver")).toObject();
    return driver.value(QLatin1String(key)).toString();
}

void TestUpgrade::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    qputenv("DOCKER_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("docker"))));
    QString error;
    m_bookworm = bookwormVmImageDir(&error);
    QVERIFY2(!m_bookworm.isEmpty(), qPrintable(error));
    m_current = vmImageDir(&error);
    QVERIFY2(!m_current.isEmpty(), qPrintable(error));
    QVERIFY(!manifestVersion(m_bookworm).isEmpty());
    QVERIFY(!manifestVersion(m_current).isEmpty());
}

void TestUpgrade::cleanupTestCase()
{
    // Whatever a failed test left running.
    if (const qint64 pid = runningQemuPid(machineDir()))
        ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void TestUpgrade::createFromDebian12Image()
{
    const ProcessResult r = berth(
        { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("qemu"), QStringLiteral("--qemu-cpu-count"),
            QStringLiteral("2"), QStringLiteral("--qemu-memory"), QStringLiteral("1024"), QStringLiteral("old") },
        m_bookworm);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(driverValue("ImageVersion"), manifestVersion(m_bookworm));
    const ProcessResult version
        = docker({ QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") });
    QVERIFY2(version.exitCode == 0 && version.standardOutput.startsWith("20.10."), qPrintable(version.describe()));
    const ProcessResult release = guest(QStringLiteral(". /etc/os-release; echo $VERSION_ID"));
    QCOMPARE(release.standardOutput, QByteArray("12\n"));
}

void TestUpgrade::putImageContainersAndVolume()
{
    QString image, error;
    const QString tarball = TestHost::imageTarball(&image, &error);
    QVERIFY2(!tarball.isEmpty(), qPrintable(error));
    ProcessResult r = docker({ QStringLiteral("load"), QStringLiteral("-i"), tarball });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = docker({ QStringLiteral("volume"), QStringLiteral("create"), QStringLiteral("kept") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // A container that ran and exited, with what it wrote in the volume; one that runs, restarted with the engine.
    r = docker({ QStringLiteral("run"), QStringLiteral("--name"), QStringLiteral("writer"), QStringLiteral("-v"),
        QStringLiteral("kept:/data"), image, QStringLiteral("sh"), QStringLiteral("-c"),
        QStringLiteral("echo written by 20.10 >> /data/log") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = docker({ QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"), QStringLiteral("server"),
        QStringLiteral("--restart"), QStringLiteral("always"), image, QStringLiteral("sleep"),
        QStringLiteral("100000") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestUpgrade::upgradeToCurrentImageKeepsThem()
{
    ProcessResult r = berth({ QStringLiteral("upgrade"), QStringLiteral("old") }, m_current, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("upgrade from Debian 12 took %lld ms", r.elapsedMs);
    QCOMPARE(driverValue("ImageVersion"), manifestVersion(m_current));
    r = guest(QStringLiteral(". /etc/os-release; echo $VERSION_ID"));
    QCOMPARE(r.standardOutput, QByteArray("13\n"));
    r = docker({ QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput.startsWith(imageDockerSeries), qPrintable(r.describe()));
    r = berth({ QStringLiteral("ls"), QStringLiteral("--format"), QStringLiteral("{{.Name}} {{.DockerVersion}}") },
        m_current);
    QVERIFY2(r.standardOutput.startsWith(QByteArray("old v").append(imageDockerSeries)), qPrintable(r.describe()));

    // The image, and both containers as they were left.
    r = docker({ QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QTRY_COMPARE_WITH_TIMEOUT(docker({ QStringLiteral("inspect"), QStringLiteral("-f"),
                                         QStringLiteral("{{.State.Running}}"), QStringLiteral("server") })
                                  .standardOutput,
        QByteArray("true\n"), 30000);
    r = docker({ QStringLiteral("inspect"), QStringLiteral("-f"),
        QStringLiteral("{{.State.Status}} {{.State.ExitCode}}"), QStringLiteral("writer") });
    QCOMPARE(r.standardOutput, QByteArray("exited 0\n"));
    // The stopped container starts under the new engine, and appends to what it wrote in the volume before.
    r = docker({ QStringLiteral("start"), QStringLiteral("-a"), QStringLiteral("writer") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = docker({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-v"), QStringLiteral("kept:/data"),
        QStringLiteral("berth-test/busybox:latest"), QStringLiteral("cat"), QStringLiteral("/data/log") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("written by 20.10\nwritten by 20.10\n"));
}

void TestUpgrade::rmLeavesNothing()
{
    ProcessResult r
        = berth({ QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-y"), QStringLiteral("old") }, m_current);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QDir(machineDir()).exists());
    QVERIFY2(processesMentioning(m_store).isEmpty(), qPrintable(processesMentioning(m_store).join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestUpgrade)
#include "tst_upgrade.moc"
