// The engine's asynchronous front door (MachineOperations) and its watcher (MachineWatcher), used as the
// desktop app uses them: operations on worker threads reporting through queued signals, a busy machine
// refused, and the watcher following what the real `berth` CLI does to the same store.

#include "api/machinewatcher.h"
#include "api/operations.h"
#include "support/printedtext.h"
#include "support/testmain.h"
#include "testconfig.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace berth;

class TestOperations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void operationsReportInTheCallersThreadInOrder();
    void severalMachinesAtOnce();
    void busyMachineIsRefusedAtOnce();
    void machineLockedElsewhereFailsAsBusy();
    void failureCarriesTheEngineError();
    void removeReportsItsStep();
    void watcherFollowsTheCli();
    void watcherShowsACreateUnderWay();
    void watcherReportsStateChanges();
    void watcherShowsWhatAnOperationDoes();

private:
    CreateOptions noneMachine(const QString &name) const;
    int cli(const QStringList &args) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    // Nothing listens there: a none machine's engine never answers, which these tests do not need.
    QString m_url = QStringLiteral("tcp://127.0.0.1:1");
};

void TestOperations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = m_dir->filePath(QStringLiteral("store"));
}

CreateOptions TestOperations::noneMachine(const QString &name) const
{
    CreateOptions options;
    options.name = name;
    options.driverName = QStringLiteral("none");
    options.driverFlags.insert(QStringLiteral("url"), { m_url });
    return options;
}

int TestOperations::cli(const QStringList &args) const
{
    QProcess process;
    process.start(QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), m_store } + args);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (process.exitCode() != 0)
        qWarning("berth %s: %s", qPrintable(args.join(QLatin1Char(' '))),
            qPrintable(berth::test::printedText(process.readAllStandardError())));
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestOperations::operationsReportInTheCallersThreadInOrder()
{
    MachineOperations operations(m_store);
    Error error;
    Operation *op = operations.create(noneMachine(QStringLiteral("box")), &error);
    QVERIFY2(op, qPrintable(error.message));
    QCOMPARE(op->kind(), OperationKind::Create);
    QCOMPARE(op->machine(), QStringLiteral("box"));
    QVERIFY(operations.isBusy(QStringLiteral("box")));

    QStringList order;
    QList<QThread *> threads;
    const auto note = [&](const QString &what) {
        order << what;
        threads << QThread::currentThread();
    };
    connect(op, &Operation::started, this, [&] { note(QStringLiteral("started")); });
    connect(op, &Operation::step, this, [&](const QString &message) { note(QStringLiteral("step ") + message); });
    QSignalSpy finished(op, &Operation::finished);
    connect(op, &Operation::finished, this, [&] { note(QStringLiteral("finished")); });
    QVERIFY(finished.wait(30000));

    QCOMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(op->error().message));
    QVERIFY(op->isFinished());
    QVERIFY(op->succeeded());
    QVERIFY(!operations.isBusy(QStringLiteral("box")));
    // started first, finished last, the steps between: the same steps the CLI prints.
    QVERIFY(order.size() >= 3);
    QCOMPARE(order.first(), QStringLiteral("started"));
    QCOMPARE(order.last(), QStringLiteral("finished"));
    QVERIFY2(order.contains(QStringLiteral("step Creating machine...")), qPrintable(order.join(QLatin1Char('|'))));
    QCOMPARE(op->steps().size(), order.size() - 2);
    for (QThread *thread : std::as_const(threads))
        QCOMPARE(thread, QThread::currentThread());
    QVERIFY(MachineApi(m_store).store().exists(QStringLiteral("box")));
}

void TestOperations::severalMachinesAtOnce()
{
    MachineOperations operations(m_store);
    QList<Operation *> started;
    for (int i = 0; i < 6; ++i) {
        Error error;
        Operation *op = operations.create(noneMachine(QStringLiteral("m%1").arg(i)), &error);
        QVERIFY2(op, qPrintable(error.message));
        started << op;
    }
    QCOMPARE(operations.runningOperations().size(), 6);
    QVERIFY(operations.waitForIdle(60000));
    for (Operation *op : std::as_const(started))
        QVERIFY2(op->succeeded(), qPrintable(op->machine() + QStringLiteral(": ") + op->error().message));
    QCOMPARE(MachineApi(m_store).store().machineNames().size(), 6);

    // Side by side, not one after the other: while one machine's operation waits for its lock (held
    // here, as another process would), another machine's operation runs to its end.
    MachineStore store(m_store);
    Error error;
    auto held = store.lock(QStringLiteral("m0"), 0, &error);
    QVERIFY2(held, qPrintable(error.message));
    Operation *waiting = operations.provision(QStringLiteral("m0"), &error);
    QVERIFY(waiting);
    Operation *other = operations.regenerateCerts(QStringLiteral("m1"), false, &error);
    QVERIFY(other);
    QSignalSpy otherDone(other, &Operation::finished);
    QVERIFY(otherDone.wait(30000));
    QVERIFY(!waiting->isFinished());
    held.reset();
    QSignalSpy waitingDone(waiting, &Operation::finished);
    QVERIFY(waiting->isFinished() || waitingDone.wait(30000));
}

void TestOperations::busyMachineIsRefusedAtOnce()
{
    QVERIFY(cli({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
                m_url, QStringLiteral("box") })
        == 0);
    MachineOperations operations(m_store);
    MachineStore store(m_store);
    Error error;
    // The first operation waits for the machine's lock, so it is still running when the second comes.
    auto held = store.lock(QStringLiteral("box"), 0, &error);
    QVERIFY(held);
    Operation *first = operations.stop(QStringLiteral("box"), &error);
    QVERIFY(first);
    Error refused;
    QVERIFY(!operations.start(QStringLiteral("box"), &refused));
    QCOMPARE(refused.kind, ErrorKind::Busy);
    QVERIFY2(refused.message.contains(QStringLiteral("\"box\" is busy")), qPrintable(refused.message));
    QVERIFY2(refused.message.contains(QStringLiteral("stopping")), qPrintable(refused.message));
    QCOMPARE(operations.running(QStringLiteral("box")), first);
    // Another machine is not held up by it.
    QVERIFY(!operations.isBusy(QStringLiteral("other")));

    held.reset();
    QSignalSpy done(first, &Operation::finished);
    QVERIFY(first->isFinished() || done.wait(30000));
    // The none driver cannot stop anything: the engine's own words come through.
    QVERIFY(!first->succeeded());
    QVERIFY2(first->error().message.contains(QStringLiteral("cannot be stopped")), qPrintable(first->error().message));
    // Once it is done, the machine takes operations again.
    Operation *again = operations.kill(QStringLiteral("box"), &error);
    QVERIFY2(again, qPrintable(error.message));
    QVERIFY(operations.waitForIdle(30000));
}

void TestOperations::machineLockedElsewhereFailsAsBusy()
{
    QVERIFY(cli({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
                m_url, QStringLiteral("box") })
        == 0);
    MachineOperations operations(m_store);
    Error error;
    auto held = MachineStore(m_store).lock(QStringLiteral("box"), 0, &error);
    QVERIFY(held);
    Operation *op = operations.provision(QStringLiteral("box"), &error);
    QVERIFY(op);
    QSignalSpy done(op, &Operation::finished);
    QVERIFY(done.wait(30000));
    QVERIFY(!op->succeeded());
    QCOMPARE(op->error().kind, ErrorKind::Busy);
    QVERIFY2(op->error().message.contains(QStringLiteral("is working on \"box\"")), qPrintable(op->error().message));
}

void TestOperations::failureCarriesTheEngineError()
{
    MachineOperations operations(m_store);
    Error error;
    Operation *op = operations.start(QStringLiteral("ghost"), &error);
    QVERIFY(op);
    QSignalSpy done(op, &Operation::finished);
    QVERIFY(done.wait(30000));
    const Error reported = done.first().at(1).value<Error>();
    QCOMPARE(reported.kind, ErrorKind::NotFound);
    QCOMPARE(reported.remedy, Remedy::ListOrCreate);
    QCOMPARE(reported.machine, QStringLiteral("ghost"));
    // The engine's words name no CLI command or flag: each front end adds its own.
    QVERIFY2(!reported.message.contains(QStringLiteral("berth")), qPrintable(reported.message));
}

void TestOperations::removeReportsItsStep()
{
    MachineOperations operations(m_store);
    Error error;
    Operation *made = operations.create(noneMachine(QStringLiteral("box")), &error);
    QVERIFY(made);
    QVERIFY(operations.waitForIdle(30000));
    Operation *op = operations.remove(QStringLiteral("box"), false, &error);
    QVERIFY(op);
    QVERIFY(operations.waitForIdle(30000));
    QVERIFY2(op->succeeded(), qPrintable(op->error().message));
    QCOMPARE(op->steps(), QStringList { QStringLiteral("Removing \"box\"...") });
    QVERIFY(!MachineApi(m_store).store().exists(QStringLiteral("box")));
}

void TestOperations::watcherFollowsTheCli()
{
    MachineWatcher watcher(m_store);
    QSignalSpy looked(&watcher, &MachineWatcher::looked);
    QSignalSpy added(&watcher, &MachineWatcher::machineAdded);
    QSignalSpy removed(&watcher, &MachineWatcher::machineRemoved);
    watcher.start();
    QVERIFY(looked.wait(10000));
    QVERIFY(watcher.machines().isEmpty());

    QElapsedTimer timer;
    QVERIFY(cli({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
                m_url, QStringLiteral("fromcli") })
        == 0);
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(!added.isEmpty(), 5000);
    // The promise: a machine made by the CLI appears within 2 s.
    QVERIFY2(timer.elapsed() <= 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(added.first().at(0).toString(), QStringLiteral("fromcli"));
    QCOMPARE(watcher.machines(), QStringList { QStringLiteral("fromcli") });
    const MachineStatus status = watcher.status(QStringLiteral("fromcli"));
    QCOMPARE(status.driverName, QStringLiteral("none"));
    QCOMPARE(status.state, MachineState::Running);
    QCOMPARE(status.url, m_url);

    QVERIFY(cli({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("fromcli") }) == 0);
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(!removed.isEmpty(), 5000);
    QVERIFY2(timer.elapsed() <= 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(watcher.machines().isEmpty());
    QVERIFY(!watcher.contains(QStringLiteral("fromcli")));
}

void TestOperations::watcherShowsACreateUnderWay()
{
    // What a create under way looks like in the store: its staging folder, and its lock held.
    MachineStore store(m_store);
    QVERIFY(QDir().mkpath(store.stagingDir(QStringLiteral("new"))));
    Error error;
    auto held = store.lock(QStringLiteral("new"), 0, &error);
    QVERIFY(held);
    MachineWatcher watcher(m_store);
    QSignalSpy looked(&watcher, &MachineWatcher::looked);
    QSignalSpy removed(&watcher, &MachineWatcher::machineRemoved);
    watcher.start();
    QVERIFY(looked.wait(10000));
    QCOMPARE(watcher.machines(), QStringList { QStringLiteral("new") });
    QCOMPARE(watcher.status(QStringLiteral("new")).state, MachineState::Creating);

    // The same folder with nobody holding the lock is what a dead create left: not a machine.
    held.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!removed.isEmpty(), 5000);
    QVERIFY(watcher.machines().isEmpty());
}

void TestOperations::watcherReportsStateChanges()
{
    // A machine whose config.json cannot be read is in Error; mended, it is Running again (a none machine).
    QVERIFY(cli({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
                m_url, QStringLiteral("box") })
        == 0);
    MachineWatcher watcher(m_store);
    watcher.setIntervals(200, 60000);
    QSignalSpy looked(&watcher, &MachineWatcher::looked);
    QSignalSpy changed(&watcher, &MachineWatcher::stateChanged);
    watcher.start();
    QVERIFY(looked.wait(10000));
    QCOMPARE(watcher.status(QStringLiteral("box")).state, MachineState::Running);
    changed.clear();

    const QString config = m_store + QStringLiteral("/machines/box/config.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray good = file.readAll();
    file.close();
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{ not json");
    file.close();
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 5000);
    QCOMPARE(changed.last().at(0).toString(), QStringLiteral("box"));
    QCOMPARE(changed.last().at(1).value<MachineState>(), MachineState::Error);
    QVERIFY(!watcher.status(QStringLiteral("box")).error.isEmpty());

    changed.clear();
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(good);
    file.close();
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 5000);
    QCOMPARE(changed.last().at(1).value<MachineState>(), MachineState::Running);
}

void TestOperations::watcherShowsWhatAnOperationDoes()
{
    // A `berth start` in another process holds the machine's lock saying so: the watcher shows Starting
    // (a VM's QEMU runs long before the VM answers), then the driver's state again once it let go.
    QVERIFY(cli({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
                m_url, QStringLiteral("box") })
        == 0);
    MachineStore store(m_store);
    Error error;
    auto held = store.lock(QStringLiteral("box"), 0, &error, QStringLiteral("start"));
    QVERIFY(held);
    MachineWatcher watcher(m_store);
    watcher.setIntervals(200, 60000);
    QSignalSpy looked(&watcher, &MachineWatcher::looked);
    watcher.start();
    QVERIFY(looked.wait(10000));
    QCOMPARE(watcher.status(QStringLiteral("box")).state, MachineState::Starting);
    QCOMPARE(watcher.status(QStringLiteral("box")).activity, QStringLiteral("start"));

    held.reset();
    // Another machine's lock says nothing of this one.
    auto other = store.lock(QStringLiteral("other"), 0, &error, QStringLiteral("stop"));
    QVERIFY(other);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.status(QStringLiteral("box")).state, MachineState::Running, 5000);
    QCOMPARE(watcher.status(QStringLiteral("box")).activity, QString());

    held = store.lock(QStringLiteral("box"), 0, &error, QStringLiteral("stop"));
    QVERIFY(held);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.status(QStringLiteral("box")).state, MachineState::Stopping, 5000);
    // The lock file says who holds it and why; the lock is the OS's.
    QCOMPARE(held->holderPurpose(), QStringLiteral("stop"));
    QCOMPARE(held->holderPid(), QCoreApplication::applicationPid());

    // The same table as the desktop app's own operations (stateDuring): rm shows Stopping, provision
    // leaves the driver's state.
    held.reset();
    held = store.lock(QStringLiteral("box"), 0, &error, operationPurpose(OperationKind::Provision));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.status(QStringLiteral("box")).activity, QStringLiteral("provision"), 5000);
    QCOMPARE(watcher.status(QStringLiteral("box")).state, MachineState::Running);
    held.reset();
    held = store.lock(QStringLiteral("box"), 0, &error, operationPurpose(OperationKind::Remove));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.status(QStringLiteral("box")).state, MachineState::Stopping, 5000);
    QCOMPARE(stateDuring(OperationKind::Remove), MachineState::Stopping);
}

BERTH_THREADED_TEST_MAIN(TestOperations)
#include "tst_operations.moc"
