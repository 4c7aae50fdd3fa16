// Berth run by a user who is not root, as its users run it: a real Berth VM under QEMU shares the user's folder through
// virtiofs when the user's virtiofsd translates ids (Debian 13's, tests/fixtures/virtiofsd: this machine's Debian 12
// one cannot), and every user of the VM acts as that user on the folder, as through 9p: the user's files are the
// user's in the VM, and what the VM's root or another of its users writes there is the user's here.
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace berth::test;

namespace {

// The user Berth runs as: an id no account of this computer has (Berth needs none).
constexpr uid_t userId = 4242;
constexpr gid_t groupId = 4242;
QString g_setupError;
QString g_imageDir;
QString g_virtiofsd;

// The real user id of process pid (the first of /proc/PID/status's "Uid:"), -1 when there is none.
qint64 userIdOf(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Uid:"))
            return line.mid(4).simplified().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestUserFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createSharesThroughVirtiofs();
    void everyUserOfTheVmIsThisUser();
    void killLeavesNoVirtiofsd();

private:
    // The user's berth.
    ProcessResult berth(const QStringList &args, int timeoutMs = 600000);
    // The docker CLI (root's) against the machine, a container of the test image with the folder at /data.
    ProcessResult inContainer(const QStringList &runOptions, const QString &script);
    QString machineDir() const { return m_store + QStringLiteral("/machines/vm"); }
    // Makes path (a folder, or a file holding text) the user's.
    bool makeUsers(const QString &path, const QByteArray &text = {});
    QString ownerOf(const QString &path) const;

    QTemporaryDir m_dir;
    QString m_home;
    QString m_store;
    QString m_share;
    QProcessEnvironment m_docker;
};

ProcessResult TestUserFolder::berth(const QStringList &args, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "DOCKER_HOST", "DOCKER_CONTEXT", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS" })
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("DOCKER_CONFIG"), m_home + QStringLiteral("/.docker"));
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), g_imageDir);
    return runProcess(QStringLiteral("setpriv"),
        QStringList { QStringLiteral("--reuid=%1").arg(userId), QStringLiteral("--regid=%1").arg(groupId),
            QStringLiteral("--clear-groups"), QStringLiteral("--"), berthCliPath(), QStringLiteral("-s"), m_store }
            + args,
        env, timeoutMs);
}

ProcessResult TestUserFolder::inContainer(const QStringList &runOptions, const QString &script)
{
    return runProcess(dockerCli(),
        QStringList {
            QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-v"), m_share + QStringLiteral(":/data") }
            + runOptions
            + QStringList { QStringLiteral("berth-test/busybox:latest"), QStringLiteral("sh"), QStringLiteral("-c"),
                script },
        m_docker, 300000);
}

bool TestUserFolder::makeUsers(const QString &path, const QByteArray &text)
{
    if (text.isEmpty()) {
        if (!QDir().mkpath(path))
            return false;
    } else {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return false;
    }
    return ::chown(QFile::encodeName(path).constData(), userId, groupId) == 0;
}

QString TestUserFolder::ownerOf(const QString &path) const
{
    const QFileInfo info(path);
    return info.exists() ? QStringLiteral("%1:%2").arg(info.ownerId()).arg(info.groupId()) : QStringLiteral("none");
}

void TestUserFolder::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    // The user passes through the test's folder (root's) to a home of its own.
    QVERIFY(::chmod(QFile::encodeName(m_dir.path()).constData(), 0711) == 0);
    m_home = m_dir.filePath(QStringLiteral("home"));
    m_store = m_home + QStringLiteral("/store");
    m_share = m_home + QStringLiteral("/src");
    QVERIFY(makeUsers(m_home) && makeUsers(m_share) && makeUsers(m_share + QStringLiteral("/from-host.txt"), "here\n"));
    // A folder any user of the VM may write to.
    QVERIFY(makeUsers(m_share + QStringLiteral("/open")));
    QVERIFY(::chmod(QFile::encodeName(m_share + QStringLiteral("/open")).constData(), 0777) == 0);
}

void TestUserFolder::cleanupTestCase()
{
    // Whatever a failed test left running.
    if (const qint64 pid = runningQemuPid(machineDir()))
        ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void TestUserFolder::createSharesThroughVirtiofs()
{
    ProcessResult r = berth(
        { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("qemu"), QStringLiteral("--qemu-share-folder"),
            m_share, QStringLiteral("--qemu-virtiofsd"), g_virtiofsd, QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("create took %lld ms", r.elapsedMs);
    // Unasked, virtiofs: this virtiofsd translates ids. It runs as the user, every id of the VM taken as the user's.
    const QStringList virtiofsd = processesMentioning(QStringLiteral("--shared-dir=") + m_share);
    QCOMPARE(virtiofsd.size(), 2); // virtiofsd and its sandbox
    QVERIFY2(virtiofsd.first().contains(QStringLiteral("--translate-uid=squash-guest:0:%1:").arg(userId)),
        qPrintable(virtiofsd.first()));
    for (const QString &process : virtiofsd)
        QCOMPARE(userIdOf(process.section(QLatin1Char(' '), 0, 0).toLongLong()), qint64(userId));

    r = berth({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    m_docker = QProcessEnvironment::systemEnvironment();
    m_docker.insert(QStringLiteral("DOCKER_CONFIG"), m_dir.filePath(QStringLiteral("root-docker")));
    applyExports(r.standardOutput, &m_docker);
    QString image, error;
    const QString tarball = TestHost::imageTarball(&image, &error);
    QVERIFY2(!tarball.isEmpty(), qPrintable(error));
    r = runProcess(dockerCli(), { QStringLiteral("load"), QStringLiteral("-i"), tarball }, m_docker, 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // The container's /data is the VM's virtiofs mount.
    r = inContainer({}, QStringLiteral("awk '$2 == \"/data\" { print $3 }' /proc/mounts"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("virtiofs\n"));
}

void TestUserFolder::everyUserOfTheVmIsThisUser()
{
    const QString owner = QStringLiteral("%1:%2").arg(userId).arg(groupId);
    // The user's file is the user's in the VM, and its root reads it.
    ProcessResult r = inContainer({}, QStringLiteral("stat -c %u:%g /data/from-host.txt && cat /data/from-host.txt"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(QString::fromUtf8(r.standardOutput), owner + QStringLiteral("\nhere\n"));
    // What the VM's root writes is the user's here.
    r = inContainer({}, QStringLiteral("echo root > /data/by-root.txt && mkdir /data/made-by-root"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(ownerOf(m_share + QStringLiteral("/by-root.txt")), owner);
    QCOMPARE(ownerOf(m_share + QStringLiteral("/made-by-root")), owner);
    // The VM's user of the same id (docker run -u $(id -u)) writes where the user may.
    r = inContainer({ QStringLiteral("-u"), owner }, QStringLiteral("echo me > /data/by-me.txt"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(ownerOf(m_share + QStringLiteral("/by-me.txt")), owner);
    // Another user of the VM writes where anybody may: the user's here too, not 1000's.
    r = inContainer(
        { QStringLiteral("-u"), QStringLiteral("1000:1000") }, QStringLiteral("echo other > /data/open/by-1000.txt"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(ownerOf(m_share + QStringLiteral("/open/by-1000.txt")), owner);
    QFile back(m_share + QStringLiteral("/open/by-1000.txt"));
    QVERIFY(back.open(QIODevice::ReadOnly));
    QCOMPARE(back.readAll(), QByteArray("other\n"));
    // But not in the user's own folders (0755 in the VM as here), as through 9p.
    r = inContainer(
        { QStringLiteral("-u"), QStringLiteral("1000:1000") }, QStringLiteral("echo other > /data/by-1000.txt"));
    QVERIFY2(r.exitCode != 0 && r.standardError.contains("Permission denied"), qPrintable(r.describe()));
    QVERIFY(!QFile::exists(m_share + QStringLiteral("/by-1000.txt")));
}

void TestUserFolder::killLeavesNoVirtiofsd()
{
    ProcessResult r = berth({ QStringLiteral("kill"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(runningQemuPid(machineDir()), 0);
    const QString mention = QStringLiteral("--shared-dir=") + m_share;
    QTRY_VERIFY2_WITH_TIMEOUT(processesMentioning(mention).isEmpty(),
        qPrintable(processesMentioning(mention).join(QLatin1Char('\n'))), 10000);
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QDir(machineDir()).exists());
}

int main(int argc, char **argv)
{
    // Debian 13's virtiofsd and the image first (fetching and building them needs Debian's mirror), then a network
    // namespace of the test's own.
    const ProcessResult fixture = runProcess(QStringLiteral(BERTH_SOURCE_DIR "/tests/fixtures/virtiofsd/build.sh"), {},
        QProcessEnvironment::systemEnvironment(), 600000);
    g_virtiofsd = QString::fromUtf8(fixture.standardOutput.trimmed().split('\n').constLast());
    if (fixture.exitCode != 0 || !QFileInfo(g_virtiofsd).isExecutable())
        g_setupError = QStringLiteral("tests/fixtures/virtiofsd/build.sh failed: ") + fixture.describe();
    else
        g_setupError = isolateNetwork(&g_imageDir);
    QCoreApplication app(argc, argv);
    TestUserFolder test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_userfolder.moc"
