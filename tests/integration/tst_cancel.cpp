// MachineApi canceled from another thread, directly and through its front door (MachineOperations), while a real Berth
// VM boots under QEMU, as the desktop app's Cancel does: the operation ends within 3 s, undoing included (the boot wait
// looks every 100 ms, but an SSH knock on the VM's port may be under way: up to 1.5 s), a create leaves nothing in the
// store and no QEMU running, and a start leaves the machine stopped.
#include "api/machineapi.h"
#include "api/machinewatcher.h"
#include "api/operations.h"
#include "support/testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <memory>
#include <unistd.h>

using namespace berth;

namespace {

// Records the steps; says when the VM's boot wait has begun.
class WatchedProgress final : public Progress {
public:
    void step(const QString &message) override
    {
        const QMutexLocker locker(&m_mutex);
        m_steps << message;
        if (message.contains(QLatin1String("Waiting for the VM to boot")))
            m_booting.store(true);
    }
    bool booting() const { return m_booting.load(); }
    QStringList steps() const
    {
        const QMutexLocker locker(&m_mutex);
        return m_steps;
    }

private:
    mutable QMutex m_mutex;
    QStringList m_steps;
    std::atomic<bool> m_booting { false };
};

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

// A pid from the pid file in the machine's folder or its staging folder, whichever has one (its first word).
qint64 pidFromFile(const QString &machines, const QString &name)
{
    QDirIterator it(machines, { name }, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            return file.readAll().trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

qint64 qemuPid(const QString &machines)
{
    return pidFromFile(machines, QStringLiteral("qemu.pid"));
}

} // namespace

class TestCancel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cancelDuringCreateBootLeavesNothing();
    void cancelDuringStartLeavesItStopped();
    void frontDoorCancelDuringCreateLeavesNothing();
    void ctrlCDuringCliCreateLeavesNothing();

private:
    // Runs operation on a worker thread and cancels it a moment after the VM began to boot. It must end
    // with ErrorKind::Canceled and a message holding said, within 3 s, with the QEMU that was booting gone.
    void expectCanceledDuringBoot(const std::function<bool(Progress *, Error *)> &operation, const QString &said);

    QTemporaryDir m_dir;
    QString m_store;
    CreateOptions m_vm;
};

void TestCancel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    QString error;
    const QString image = berth::test::vmImageDir(&error);
    QVERIFY2(!image.isEmpty(), qPrintable(error));
    qputenv("BERTH_VM_IMAGE", QFile::encodeName(image));
    m_vm.name = QStringLiteral("vm");
    m_vm.driverName = QStringLiteral("qemu");
}

void TestCancel::expectCanceledDuringBoot(
    const std::function<bool(Progress *, Error *)> &operation, const QString &said)
{
    WatchedProgress progress;
    Error error;
    bool ok = true;
    std::unique_ptr<QThread> worker(QThread::create([&] { ok = operation(&progress, &error); }));
    worker->start();
    QElapsedTimer waited;
    waited.start();
    while (!progress.booting() && !worker->isFinished() && waited.elapsed() < 120000)
        QThread::msleep(50);
    // A moment into the boot wait, with QEMU running.
    QThread::msleep(1500);
    const qint64 pid = qemuPid(m_store + QStringLiteral("/machines"));
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    progress.cancel();
    worker->wait();
    const qint64 cancelToEndMs = sinceCancel.elapsed();

    QVERIFY2(progress.booting(), qPrintable(progress.steps().join(QLatin1Char('\n')) + error.message));
    QVERIFY(!ok);
    QCOMPARE(error.kind, ErrorKind::Canceled);
    QVERIFY2(error.message.contains(said), qPrintable(error.message));
    QVERIFY2(cancelToEndMs < 3000, qPrintable(QString::number(cancelToEndMs)));
    QVERIFY2(pid > 0, "no QEMU was found booting");
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
}

void TestCancel::cancelDuringCreateBootLeavesNothing()
{
    MachineApi api(m_store);
    expectCanceledDuringBoot(
        [&](Progress *p, Error *e) { return api.create(m_vm, p, e); }, QStringLiteral("canceled; nothing was kept"));
    if (QTest::currentTestFailed())
        return;
    // Every trace of the machine is gone with its VM.
    QCOMPARE(
        QDir(m_store + QStringLiteral("/machines")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList());
    QVERIFY(api.store().machineNames().isEmpty());
}

void TestCancel::cancelDuringStartLeavesItStopped()
{
    MachineApi api(m_store);
    NullProgress quiet;
    Error error;
    QVERIFY2(api.create(m_vm, &quiet, &error), qPrintable(error.message));
    QVERIFY2(api.stop(m_vm.name, &quiet, &error), qPrintable(error.message));
    expectCanceledDuringBoot(
        [&](Progress *p, Error *e) { return api.start(m_vm.name, p, e); }, QStringLiteral("the machine is stopped"));
    if (QTest::currentTestFailed())
        return;
    MachineState state = MachineState::Error;
    QVERIFY(api.state(m_vm.name, &state, &error));
    QCOMPARE(state, MachineState::Stopped);
    // Not a half machine: it is removed as any other.
    QVERIFY2(api.remove(m_vm.name, false, &quiet, &error), qPrintable(error.message));
    QVERIFY(api.store().machineNames().isEmpty());
}

void TestCancel::frontDoorCancelDuringCreateLeavesNothing()
{
    // As the wizard does it: the create on the front door's worker, Cancel from the caller's thread, and
    // the watcher showing the machine as Creating while it boots, then not at all.
    MachineOperations operations(m_store);
    MachineWatcher watcher(m_store);
    watcher.setIntervals(250, 60000);
    watcher.start();
    Error error;
    Operation *op = operations.create(m_vm, &error);
    QVERIFY2(op, qPrintable(error.message));
    bool booting = false;
    connect(op, &Operation::step, this, [&](const QString &message) {
        if (message.contains(QLatin1String("Waiting for the VM to boot")))
            booting = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(booting || op->isFinished(), 120000);
    QVERIFY2(booting, qPrintable(op->log().join(QLatin1Char('\n')) + op->error().message));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.status(m_vm.name).state, MachineState::Creating, 5000);
    QTest::qWait(1500);
    const qint64 pid = qemuPid(m_store + QStringLiteral("/machines"));
    QVERIFY2(pid > 0, "no QEMU was found booting");

    QSignalSpy finished(op, &Operation::finished);
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    op->cancel();
    QVERIFY(op->isCancelRequested());
    QVERIFY(finished.wait(10000));
    QVERIFY2(sinceCancel.elapsed() < 3000, qPrintable(QString::number(sinceCancel.elapsed())));
    QVERIFY(!op->succeeded());
    QCOMPARE(op->error().kind, ErrorKind::Canceled);
    QVERIFY2(
        op->error().message.contains(QStringLiteral("canceled; nothing was kept")), qPrintable(op->error().message));
    QVERIFY(!operations.isBusy(m_vm.name));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
    QCOMPARE(
        QDir(m_store + QStringLiteral("/machines")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(!watcher.contains(m_vm.name), 5000);
}

void TestCancel::ctrlCDuringCliCreateLeavesNothing()
{
    // `berth create` in a terminal, Ctrl+C while its VM boots: the same cancel as the desktop app's, so
    // the create undoes itself and the shell sees 130; nothing is left for rm to trip on.
    QProcess cli;
    cli.setProgram(berth::test::berthCliPath());
    cli.setArguments({ QStringLiteral("-s"), m_store, QStringLiteral("create"), QStringLiteral("-d"),
        QStringLiteral("qemu"), m_vm.name });
    cli.start();
    QVERIFY(cli.waitForStarted());
    QByteArray output;
    QElapsedTimer waited;
    waited.start();
    while (!output.contains("Waiting for the VM to boot") && cli.state() == QProcess::Running
        && waited.elapsed() < 120000) {
        cli.waitForReadyRead(500);
        output += cli.readAllStandardOutput();
    }
    QVERIFY2(output.contains("Waiting for the VM to boot"), output.constData());
    QTest::qWait(1500);
    const qint64 pid = qemuPid(m_store + QStringLiteral("/machines"));
    QVERIFY2(pid > 0, "no QEMU was found booting");
    // The home is shared, through virtiofs as root (tests run as root): its virtiofsd goes too.
    const qint64 virtiofsd = pidFromFile(m_store + QStringLiteral("/machines"), QStringLiteral("virtiofsd.pid"));
    if (::geteuid() == 0)
        QVERIFY2(processAlive(virtiofsd), "no virtiofsd serves the shared home");

    QElapsedTimer sinceCancel;
    sinceCancel.start();
    QCOMPARE(::kill(static_cast<pid_t>(cli.processId()), SIGINT), 0);
    QVERIFY(cli.waitForFinished(10000));
    QVERIFY2(sinceCancel.elapsed() < 3000, qPrintable(QString::number(sinceCancel.elapsed())));
    const QByteArray errors = cli.readAllStandardError();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 130);
    QVERIFY2(errors.contains("Canceling: ") && errors.contains("canceled; nothing was kept"), errors.constData());
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(virtiofsd), 5000);
    QCOMPARE(
        QDir(m_store + QStringLiteral("/machines")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList());
}

QTEST_GUILESS_MAIN(TestCancel)
#include "tst_cancel.moc"
