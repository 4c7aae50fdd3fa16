// The store against what an attacker or a crash does to it, through the real `berth` binary: symbolic
// links out of the store, commands killed at any moment, lock files left behind, a wide umask, paths
// in config.json that point elsewhere.
#include "machine/machinestore.h"
#include "support/opensslcheck.h"
#include "support/printedtext.h"
#include "support/privateaccess.h"
#include "support/qemustandin.h"
#include "support/wineprocesses.h"
#include "testconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
    qint64 ms = 0;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

// As openssl verify: the CA signs the certificate.
bool signs(const QString &ca, const QString &cert)
{
    return berth::test::openssl::verify(ca, cert).isEmpty();
}

} // namespace

class TestStoreSafety : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

#ifdef Q_OS_UNIX
    // Windows has no such links for a user to make (QFile::link makes a .lnk shortcut there).
    void rmRemovesOnlyTheLink();
    void copiesReplaceLinksInsteadOfWritingThroughThem();
#endif
    void lockFilesLeftBehindDoNotBlock();
    void busyMachineRefusesEveryChange();
    void machineNamedCertsCanBeCreated();
    void killedClientCertsRegenerationNeverLosesTheCa();
    void killedCreateLeavesNoHalfMachine();
    void rmRemovesFolderWithoutConfig();
    void deadCreatesLeftoversAreSweptAndItsVmKilled();
    void permissionsIgnoreTheUmask();
    void regenerateCertsCopiesOnlyTheStoresCerts();

private:
    Result run(const QStringList &args, bool wideUmask = false, int timeoutMs = 60000) const;
    // Starts berth and kills it (SIGKILL, TerminateProcess) after delayMs; true when it was killed before it ended.
    bool runKilled(const QStringList &args, int delayMs) const;
    Result create(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    QString m_url = QStringLiteral("tcp://127.0.0.1:1");
};

void TestStoreSafety::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = m_dir->filePath(QStringLiteral("store"));
}

Result TestStoreSafety::run(const QStringList &args, bool wideUmask, int timeoutMs) const
{
    QProcess process;
#ifdef Q_OS_UNIX
    if (wideUmask)
        process.setChildProcessModifier([] { ::umask(0); });
#else
    Q_UNUSED(wideUmask); // Windows has no umask: what a new file may be opened by comes from its folder.
#endif
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), m_store } + args);
    Result result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
    }
    result.ms = timer.elapsed();
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    result.out = berth::test::printedText(process.readAllStandardOutput());
    result.err += berth::test::printedText(process.readAllStandardError());
    return result;
}

bool TestStoreSafety::runKilled(const QStringList &args, int delayMs) const
{
    QProcess process;
    process.start(QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), m_store } + args);
    if (!process.waitForStarted(10000))
        return false;
    if (delayMs > 0 && process.waitForFinished(delayMs))
        return false;
    process.kill();
    process.waitForFinished(10000);
    // Under Wine the killed program may still finish a call (the rename that names a machine) after the
    // wait: what the test looks at next is what it left once stopped, as on Windows.
    if (!berth::test::waitForWineProcessesGone(QFileInfo(m_dir->path()).fileName()))
        QTest::qFail("the killed berth.exe was still in /proc after 10 s", __FILE__, __LINE__);
    return true;
}

Result TestStoreSafety::create(const QString &name) const
{
    return run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"), m_url,
        name });
}

#ifdef Q_OS_UNIX
void TestStoreSafety::rmRemovesOnlyTheLink()
{
    QVERIFY(create(QStringLiteral("real")).exitCode == 0);
    // A folder elsewhere that looks like a machine, linked into the store.
    const QString outside = m_dir->filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(outside));
    QByteArray config = readAll(m_store + QStringLiteral("/machines/real/config.json"));
    config.replace("\"real\"", "\"evil\"");
    QVERIFY(writeAll(outside + QStringLiteral("/config.json"), config));
    QVERIFY(writeAll(outside + QStringLiteral("/precious.txt"), "keep me"));
    for (const QString &flag : { QStringLiteral("-y"), QStringLiteral("-f") }) {
        const QString link = m_store + QStringLiteral("/machines/evil");
        QVERIFY(QFile::link(outside, link));
        const Result rm = run({ QStringLiteral("rm"), flag, QStringLiteral("evil") });
        QVERIFY2(rm.exitCode == 0, qPrintable(flag + QLatin1Char(' ') + rm.out + rm.err));
        QVERIFY2(!QFileInfo(link).isSymLink() && !QFileInfo::exists(link), qPrintable(flag));
        QCOMPARE(readAll(outside + QStringLiteral("/precious.txt")), QByteArray("keep me"));
        QCOMPARE(readAll(outside + QStringLiteral("/config.json")), config);
    }
    QVERIFY(QFileInfo(m_store + QStringLiteral("/machines/real/config.json")).isFile());
}

void TestStoreSafety::copiesReplaceLinksInsteadOfWritingThroughThem()
{
    QVERIFY(create(QStringLiteral("box")).exitCode == 0);
    const QString outside = m_dir->filePath(QStringLiteral("outside-key.pem"));
    QVERIFY(writeAll(outside, "not a key of the store"));
    const QString copy = m_store + QStringLiteral("/machines/box/key.pem");
    QVERIFY(QFile::remove(copy));
    QVERIFY(QFile::link(outside, copy));
    const Result regen = run({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("box") });
    QVERIFY2(regen.exitCode == 0, qPrintable(regen.out + regen.err));
    QCOMPARE(readAll(outside), QByteArray("not a key of the store"));
    QVERIFY(!QFileInfo(copy).isSymLink());
    QCOMPARE(readAll(copy), readAll(m_store + QStringLiteral("/certs/key.pem")));
}
#endif

void TestStoreSafety::lockFilesLeftBehindDoNotBlock()
{
    QVERIFY(create(QStringLiteral("first")).exitCode == 0);
    // What a command killed right after creating its lock file leaves: an empty file, or one naming
    // pid 0, under every name a lock of the store's may have.
    const QString locks = m_store + QStringLiteral("/.locks");
    QVERIFY(QDir().mkpath(locks));
    for (const QString &name : { QStringLiteral("certs"), QStringLiteral(".certs"), QStringLiteral("second") })
        QVERIFY(writeAll(locks + QLatin1Char('/') + name + QStringLiteral(".lock"), QByteArray()));
    QVERIFY(writeAll(locks + QStringLiteral("/first.lock"), "0\nhost\nberth\n"));
    const Result second = create(QStringLiteral("second"));
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY2(second.ms < 5000, qPrintable(QString::number(second.ms)));
    const Result regen = run({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("first") });
    QVERIFY2(regen.exitCode == 0, qPrintable(regen.err));
    QVERIFY2(regen.ms < 5000, qPrintable(QString::number(regen.ms)));
}

void TestStoreSafety::busyMachineRefusesEveryChange()
{
    QVERIFY(create(QStringLiteral("box")).exitCode == 0);
    const QByteArray config = readAll(m_store + QStringLiteral("/machines/box/config.json"));
    // Another command at work on "box" (here this test, holding its lock).
    berth::MachineStore store(m_store);
    berth::Error error;
    const std::unique_ptr<berth::FileLock> held = store.lock(QStringLiteral("box"), 0, &error);
    QVERIFY2(held, qPrintable(error.message));
    for (const QString &command : { QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("restart"),
             QStringLiteral("kill"), QStringLiteral("provision"), QStringLiteral("upgrade"),
             QStringLiteral("regenerate-certs"), QStringLiteral("rm") }) {
        QStringList args { command };
        if (command == QLatin1String("regenerate-certs") || command == QLatin1String("rm"))
            args << QStringLiteral("-f");
        const Result r = run(args << QStringLiteral("box"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Another Berth process (pid %1) is working on \"box\"")
                                    .arg(QCoreApplication::applicationPid())),
            qPrintable(command + QLatin1Char(' ') + r.err));
    }
    QCOMPARE(readAll(m_store + QStringLiteral("/machines/box/config.json")), config);
    // A name that is no machine says so, and makes no lock file.
    const Result missing = run({ QStringLiteral("start"), QStringLiteral("nothing") });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("does not exist")), qPrintable(missing.err));
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/.locks/nothing.lock")));
}

void TestStoreSafety::machineNamedCertsCanBeCreated()
{
    // The store-wide lock of the CA must not be the lock of a machine that happens to be named so.
    for (const QString &name : { QStringLiteral("certs"), QStringLiteral("store") }) {
        const Result r = create(name);
        QVERIFY2(r.exitCode == 0, qPrintable(name + QLatin1Char(' ') + r.err));
        QVERIFY2(r.ms < 5000, qPrintable(QString::number(r.ms)));
        QVERIFY(QFileInfo(m_store + QStringLiteral("/machines/") + name + QStringLiteral("/config.json")).isFile());
    }
}

void TestStoreSafety::killedClientCertsRegenerationNeverLosesTheCa()
{
    QVERIFY(create(QStringLiteral("box")).exitCode == 0);
    const Result full = run({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"),
        QStringLiteral("--client-certs"), QStringLiteral("box") });
    QVERIFY2(full.exitCode == 0, qPrintable(full.err));
    const int span = static_cast<int>(qBound(qint64(20), full.ms, qint64(2000)));
    const QString certs = m_store + QStringLiteral("/certs");
    int killed = 0;
    for (int i = 0; i < 15; ++i) {
        const int delay = QRandomGenerator::global()->bounded(span);
        killed += runKilled({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"),
                                QStringLiteral("--client-certs"), QStringLiteral("box") },
            delay);
        // The next command finds a CA (the old one or the complete new one): it never makes another.
        const Result next = create(QStringLiteral("after%1").arg(i));
        QVERIFY2(next.exitCode == 0, qPrintable(next.err));
        QVERIFY2(!next.out.contains(QStringLiteral("Creating CA")),
            qPrintable(QStringLiteral("killed after %1 ms, then: %2").arg(delay).arg(next.out)));
        QVERIFY(signs(certs + QStringLiteral("/ca.pem"), certs + QStringLiteral("/cert.pem")));
        const QString machine = m_store + QStringLiteral("/machines/after%1/").arg(i);
        QCOMPARE(readAll(machine + QStringLiteral("ca.pem")), readAll(certs + QStringLiteral("/ca.pem")));
        QCOMPARE(readAll(machine + QStringLiteral("cert.pem")), readAll(certs + QStringLiteral("/cert.pem")));
    }
    QVERIFY2(killed >= 5, qPrintable(QString::number(killed)));
    const QStringList left = QDir(certs).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    QCOMPARE(left,
        (QStringList { QStringLiteral("ca-key.pem"), QStringLiteral("ca.pem"), QStringLiteral("cert.pem"),
            QStringLiteral("key.pem") }));
}

void TestStoreSafety::killedCreateLeavesNoHalfMachine()
{
    QVERIFY(create(QStringLiteral("first")).exitCode == 0);
    const Result timed = create(QStringLiteral("timed"));
    QVERIFY(timed.exitCode == 0);
    const int span = static_cast<int>(qBound(qint64(10), timed.ms, qint64(1000)));
    int killed = 0;
    for (int i = 0; i < 30; ++i) {
        const QString name = QStringLiteral("m%1").arg(i);
        killed += runKilled({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
                                QStringLiteral("--url"), m_url, name },
            QRandomGenerator::global()->bounded(span));
        // Either there is no such machine, or it is complete.
        const QString dir = m_store + QStringLiteral("/machines/") + name;
        if (QFileInfo::exists(dir)) {
            for (const char *file : { "config.json", "ca.pem", "cert.pem", "key.pem" })
                QVERIFY2(QFileInfo(dir + QLatin1Char('/') + QLatin1String(file)).isFile(),
                    qPrintable(name + QLatin1Char('/') + QLatin1String(file)));
            QCOMPARE(readAll(dir + QStringLiteral("/ca.pem")), readAll(m_store + QStringLiteral("/certs/ca.pem")));
            QCOMPARE(readAll(dir + QStringLiteral("/key.pem")), readAll(m_store + QStringLiteral("/certs/key.pem")));
        }
        const Result ls = run({ QStringLiteral("ls") });
        QVERIFY2(!ls.out.contains(QStringLiteral("Error")), qPrintable(ls.out));
        // Whatever the kill left, create succeeds or finds the complete machine.
        const Result again = create(name);
        QVERIFY2(again.exitCode == 0 || again.err.contains(QStringLiteral("already exists")), qPrintable(again.err));
        QVERIFY(QFileInfo(dir + QStringLiteral("/config.json")).isFile());
    }
    QVERIFY2(killed >= 5, qPrintable(QString::number(killed)));
    // No leftover of the killed ones stays in machines/ (temporary folders, temporary key files).
    const QStringList hidden = QDir(m_store + QStringLiteral("/machines"))
                                   .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                                   .filter(QRegularExpression(QStringLiteral("^\\.")));
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden.join(QLatin1Char(' '))));
    const QStringList files = QDir(m_store + QStringLiteral("/machines/m0"))
                                  .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    QCOMPARE(files,
        (QStringList { QStringLiteral("ca.pem"), QStringLiteral("cert.pem"), QStringLiteral("config.json"),
            QStringLiteral("key.pem") }));
}

void TestStoreSafety::rmRemovesFolderWithoutConfig()
{
    QVERIFY(create(QStringLiteral("keep")).exitCode == 0);
    const QString dir = m_store + QStringLiteral("/machines/half");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(writeAll(dir + QStringLiteral("/ca.pem"), "x"));
    const Result rm = run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("half") });
    QVERIFY2(rm.exitCode == 0, qPrintable(rm.err));
    QVERIFY(!QFileInfo::exists(dir));
    QVERIFY(QFileInfo(m_store + QStringLiteral("/machines/keep/config.json")).isFile());
}

void TestStoreSafety::deadCreatesLeftoversAreSweptAndItsVmKilled()
{
    QVERIFY(create(QStringLiteral("first")).exitCode == 0);
    // What a create killed while its VM ran from the staging folder would leave: the folder, and a
    // process whose pid file is there. Beside it a process that only has the same pid file name's pid
    // written elsewhere must live on.
    const QString staging = m_store + QStringLiteral("/machines/.create-vm");
    QVERIFY(QDir().mkpath(staging));
    const QString pidFile = staging + QStringLiteral("/qemu.pid");
    // Stand-ins that live 30 s (support/qemustandin.h): the VM under QEMU's name, naming its pid file on its
    // command line as QEMU does; the bystander this test program as it is.
    const QString qemu = berth::test::copyAsQemu(m_dir->path());
    QVERIFY(!qemu.isEmpty());
    QProcess vm;
    // Started in this program's folder, where its libraries are (Windows looks there for DLLs too).
    vm.setWorkingDirectory(QCoreApplication::applicationDirPath());
    vm.start(qemu, { QStringLiteral("--sleep"), QStringLiteral("30"), QDir::toNativeSeparators(pidFile) });
    QVERIFY(vm.waitForStarted());
    QProcess bystander;
    bystander.start(QCoreApplication::applicationFilePath(), { QStringLiteral("--sleep"), QStringLiteral("30") });
    QVERIFY(bystander.waitForStarted());
    QVERIFY(writeAll(pidFile, QByteArray::number(vm.processId()) + '\n'));
    // A second staging folder names the bystander: not its VM, so it must not be killed.
    const QString other = m_store + QStringLiteral("/machines/.create-other");
    QVERIFY(QDir().mkpath(other));
    QVERIFY(writeAll(other + QStringLiteral("/qemu.pid"), QByteArray::number(bystander.processId()) + '\n'));

    const Result next = create(QStringLiteral("next"));
    QVERIFY2(next.exitCode == 0, qPrintable(next.err));
    QVERIFY(!QFileInfo::exists(staging));
    QVERIFY(!QFileInfo::exists(other));
    // Killed: it would have lived 30 s (on Windows TerminateProcess leaves an exit code of its choosing).
    QVERIFY(vm.waitForFinished(5000));
#ifdef Q_OS_UNIX
    QCOMPARE(vm.exitStatus(), QProcess::CrashExit);
#endif
    QCOMPARE(bystander.state(), QProcess::Running);
    bystander.kill();
    bystander.waitForFinished();
    const Result ls = run({ QStringLiteral("ls"), QStringLiteral("-q") });
    QCOMPARE(ls.out, QStringLiteral("first\nnext\n"));
}

void TestStoreSafety::permissionsIgnoreTheUmask()
{
    const Result r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
                             QStringLiteral("--url"), m_url, QStringLiteral("wide") },
        true);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char *dir : { "", "/certs", "/machines", "/machines/wide" })
        QVERIFY_PRIVATE(m_store + QLatin1String(dir), 0700);
    for (const char *file :
        { "/certs/ca.pem", "/certs/ca-key.pem", "/certs/cert.pem", "/certs/key.pem", "/machines/wide/config.json",
            "/machines/wide/ca.pem", "/machines/wide/cert.pem", "/machines/wide/key.pem" })
        QVERIFY_PRIVATE(m_store + QLatin1String(file), 0600);
    const Result regen = run({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"),
                                 QStringLiteral("--client-certs"), QStringLiteral("wide") },
        true);
    QVERIFY2(regen.exitCode == 0, qPrintable(regen.err));
    for (const char *file : { "/certs/ca.pem", "/certs/key.pem", "/machines/wide/ca.pem", "/machines/wide/cert.pem" })
        QVERIFY_PRIVATE(m_store + QLatin1String(file), 0600);
}

void TestStoreSafety::regenerateCertsCopiesOnlyTheStoresCerts()
{
    QVERIFY(create(QStringLiteral("box")).exitCode == 0);
    // A config.json that names files outside the store as the CA and client certificate.
    const QString secret = m_dir->filePath(QStringLiteral("secret.txt"));
    QVERIFY(writeAll(secret, "top secret"));
    QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const QString configPath = m_store + QStringLiteral("/machines/box/config.json");
    QJsonObject config = QJsonDocument::fromJson(readAll(configPath)).object();
    QJsonObject hostOptions = config.value(QLatin1String("HostOptions")).toObject();
    QJsonObject auth = hostOptions.value(QLatin1String("AuthOptions")).toObject();
    for (const char *key : { "CaCertPath", "ClientCertPath", "ClientKeyPath" })
        auth.insert(QLatin1String(key), secret);
    auth.insert(QLatin1String("StorePath"), m_dir->filePath(QStringLiteral("elsewhere")));
    hostOptions.insert(QLatin1String("AuthOptions"), auth);
    config.insert(QLatin1String("HostOptions"), hostOptions);
    QVERIFY(writeAll(configPath, QJsonDocument(config).toJson()));

    const Result regen = run({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("box") });
    QVERIFY2(regen.exitCode == 0, qPrintable(regen.err));
    for (const char *name : { "ca.pem", "cert.pem", "key.pem" }) {
        const QByteArray copy = readAll(m_store + QStringLiteral("/machines/box/") + QLatin1String(name));
        QVERIFY2(!copy.contains("top secret"), name);
        QCOMPARE(copy, readAll(m_store + QStringLiteral("/certs/") + QLatin1String(name)));
    }
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("elsewhere"))));
}

BERTH_QEMU_STANDIN_MAIN(TestStoreSafety)
#include "tst_storesafety.moc"
