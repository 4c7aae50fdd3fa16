// The desktop app's parts (ui/) over a real store and the real `berth` CLI, offscreen: the table and the tray
// follow the store and the machines' states, and the tray's and the window's actions reach the engine.

#include "api/machineapi.h"
#include "api/machinewatcher.h"
#include "api/operations.h"
#include "desktopapp.h"
#include "machineactions.h"
#include "machinemodel.h"
#include "mainwindow.h"
#include "settings.h"
#include "statepresentation.h"
#include "support/printedtext.h"
#include "support/testmain.h"
#include "testconfig.h"
#include "traycontroller.h"
#include "util/optionname.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace berth;
using namespace berth::ui;

class TestDesktop : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void tableFollowsTheCli();
    void trayShowsTheDefaultMachine();
    void trayIconFollowsStateChanges();
    void trayActionsReachTheEngine();
    void windowRemovesAfterConfirmation();
    void secondOperationOnABusyMachineIsRefused();
    void envCommandNamesTheMachine();
    void engineMessagesNameTheWizardsFields();

private:
    bool cli(const QStringList &args) const;
    bool createNone(const QString &name) const;
    QAction *menuAction(QMenu *menu, const QString &text) const;
    void waitForRows(int rows);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<DesktopApp> m_app;
};

void TestDesktop::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = m_dir->filePath(QStringLiteral("store"));
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings.ini")));
    m_app = std::make_unique<DesktopApp>(m_store, m_settings.get());
    m_app->watcher()->setIntervals(250, 60000);
}

void TestDesktop::cleanup()
{
    m_app.reset();
    m_settings.reset();
    m_dir.reset();
}

bool TestDesktop::cli(const QStringList &args) const
{
    QProcess process;
    process.start(QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), m_store } + args);
    if (!process.waitForFinished(60000))
        return false;
    if (process.exitCode() != 0)
        qWarning("berth %s: %s", qPrintable(args.join(QLatin1Char(' '))),
            qPrintable(berth::test::printedText(process.readAllStandardError())));
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

bool TestDesktop::createNone(const QString &name) const
{
    return cli({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"),
        QStringLiteral("tcp://127.0.0.1:1"), name });
}

QAction *TestDesktop::menuAction(QMenu *menu, const QString &text) const
{
    // The menu is made when it opens, as a user opens it.
    Q_EMIT menu->aboutToShow();
    for (QAction *action : menu->actions()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

void TestDesktop::waitForRows(int rows)
{
    QTRY_COMPARE_WITH_TIMEOUT(m_app->model()->rowCount(), rows, 5000);
}

void TestDesktop::tableFollowsTheCli()
{
    QSignalSpy wizard(m_app.get(), &DesktopApp::wizardRequested);
    m_app->start();
    // An empty store is a first run: the wizard is asked for.
    QTRY_COMPARE_WITH_TIMEOUT(wizard.size(), 1, 5000);
    MainWindow *window = m_app->window();
    QCOMPARE(window->table()->model()->rowCount(), 0);

    QVERIFY(createNone(QStringLiteral("default")));
    QVERIFY(createNone(QStringLiteral("box")));
    waitForRows(2);
    MachineModel *model = m_app->model();
    const int row = model->rowOf(QStringLiteral("box"));
    QVERIFY(row >= 0);
    QCOMPARE(model->data(model->index(row, MachineModel::Driver)).toString(), QStringLiteral("none"));
    QCOMPARE(model->data(model->index(row, MachineModel::State)).toString(), stateText(MachineState::Running));
    QCOMPARE(model->data(model->index(row, MachineModel::Url)).toString(), QStringLiteral("tcp://127.0.0.1:1"));
    QVERIFY(!model->data(model->index(row, MachineModel::State), Qt::DecorationRole).value<QIcon>().isNull());

    QVERIFY(cli({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("box") }));
    waitForRows(1);
    QCOMPARE(model->machineAt(0), QStringLiteral("default"));
    // The wizard is for the first run only.
    QCOMPARE(wizard.size(), 1);
}

void TestDesktop::trayShowsTheDefaultMachine()
{
    m_app->start();
    TrayController *tray = m_app->tray();
    QCOMPARE(tray->shownState(), MachineState::None);
    QVERIFY2(tray->toolTip().contains(QStringLiteral("no machine \"default\"")), qPrintable(tray->toolTip()));

    QVERIFY(createNone(QStringLiteral("default")));
    QVERIFY(createNone(QStringLiteral("other")));
    QTRY_COMPARE_WITH_TIMEOUT(tray->shownState(), MachineState::Running, 5000);
    QCOMPARE(tray->toolTip(), QStringLiteral("Berth: default is running"));
    QVERIFY(!tray->icon()->icon().isNull());
    QMenu *menu = tray->menu();
    QVERIFY(menuAction(menu, QStringLiteral("Open Docker shell")));
    QVERIFY(menuAction(menu, QStringLiteral("Stop"))->isEnabled());
    QVERIFY(!menuAction(menu, QStringLiteral("Start"))->isEnabled());
    QVERIFY(menuAction(menu, QStringLiteral("Open Berth")));
    QVERIFY(menuAction(menu, QStringLiteral("Quit")));
    // Every other machine has a submenu of its own.
    QTRY_VERIFY_WITH_TIMEOUT(menu->findChild<QMenu *>(QStringLiteral("machine-other")), 5000);

    // The default machine is the one Settings names.
    m_settings->setDefaultMachine(QStringLiteral("other"));
    QVERIFY(createNone(QStringLiteral("third")));
    QTRY_VERIFY_WITH_TIMEOUT(menu->findChild<QMenu *>(QStringLiteral("machine-default")), 5000);
    QCOMPARE(tray->toolTip(), QStringLiteral("Berth: other is running"));
}

void TestDesktop::trayIconFollowsStateChanges()
{
    QVERIFY(createNone(QStringLiteral("default")));
    m_app->start();
    TrayController *tray = m_app->tray();
    QTRY_COMPARE_WITH_TIMEOUT(tray->shownState(), MachineState::Running, 5000);
    const QString config = m_store + QStringLiteral("/machines/default/config.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray good = file.readAll();
    file.close();
    // A machine that cannot be read is in Error: the icon shows it within 2 s, and the user hears of it.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{");
    file.close();
    QElapsedTimer timer;
    timer.start();
    QTRY_COMPARE_WITH_TIMEOUT(tray->shownState(), MachineState::Error, 5000);
    QVERIFY2(timer.elapsed() <= 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(tray->toolTip(), QStringLiteral("Berth: default has a problem"));
    QVERIFY2(
        tray->lastNotification().startsWith(QStringLiteral("default failed")), qPrintable(tray->lastNotification()));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(good);
    file.close();
    QTRY_COMPARE_WITH_TIMEOUT(tray->shownState(), MachineState::Running, 5000);
}

void TestDesktop::trayActionsReachTheEngine()
{
    QVERIFY(createNone(QStringLiteral("default")));
    m_app->start();
    TrayController *tray = m_app->tray();
    QTRY_COMPARE_WITH_TIMEOUT(tray->shownState(), MachineState::Running, 5000);
    QSignalSpy started(m_app->operations(), &MachineOperations::operationStarted);
    QSignalSpy failed(m_app->actions(), &MachineActions::failed);
    menuAction(tray->menu(), QStringLiteral("Stop"))->trigger();
    QCOMPARE(started.size(), 1);
    auto *operation = started.first().at(0).value<Operation *>();
    QCOMPARE(operation->kind(), OperationKind::Stop);
    QCOMPARE(operation->machine(), QStringLiteral("default"));
    // The engine's answer comes back: a none machine cannot be stopped, and the tray says so.
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("Stopping default failed"));
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("cannot be stopped")),
        qPrintable(failed.first().at(1).toString()));
    QVERIFY(tray->lastNotification().contains(QStringLiteral("cannot be stopped")));
    QVERIFY(m_app->model()
                ->lastLog(QStringLiteral("default"))
                .join(QLatin1Char('\n'))
                .contains(QStringLiteral("cannot be stopped")));

    // The window shows the selected machine's operation as it goes.
    m_app->window()->selectMachine(QStringLiteral("default"));
    auto *log = m_app->window()->findChild<QPlainTextEdit *>();
    QVERIFY(log);
    QTRY_VERIFY_WITH_TIMEOUT(log->toPlainText().contains(QStringLiteral("cannot be stopped")), 5000);

    // Restart from the tray too, and Open Berth shows the window.
    menuAction(tray->menu(), QStringLiteral("Restart"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, 5000);
    QCOMPARE(started.last().at(0).value<Operation *>()->kind(), OperationKind::Restart);
    QVERIFY(m_app->operations()->waitForIdle(10000));
    QSignalSpy quit(tray, &TrayController::quitRequested);
    menuAction(tray->menu(), QStringLiteral("Open Berth"))->trigger();
    QVERIFY(m_app->window()->isVisible());
    menuAction(tray->menu(), QStringLiteral("Quit"))->trigger();
    QCOMPARE(quit.size(), 1);
}

void TestDesktop::windowRemovesAfterConfirmation()
{
    QVERIFY(createNone(QStringLiteral("default")));
    QVERIFY(createNone(QStringLiteral("box")));
    m_app->start();
    m_app->showWindow();
    waitForRows(2);
    MainWindow *window = m_app->window();
    window->selectMachine(QStringLiteral("box"));
    QCOMPARE(window->selectedMachine(), QStringLiteral("box"));

    // Cancel first: nothing happens.
    const auto answer = [](const QString &button) {
        QTimer::singleShot(200, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            QVERIFY2(box->text().contains(QStringLiteral("\"box\"")), qPrintable(box->text()));
            for (QAbstractButton *b : box->buttons()) {
                if (b->text() == button) {
                    b->click();
                    return;
                }
            }
            QFAIL("no such button");
        });
    };
    answer(QStringLiteral("Cancel"));
    window->action(QStringLiteral("remove"))->trigger();
    QTest::qWait(300);
    QCOMPARE(m_app->model()->rowCount(), 2);
    QVERIFY(m_app->operations()->runningOperations().isEmpty());

    answer(QStringLiteral("Remove"));
    window->action(QStringLiteral("remove"))->trigger();
    waitForRows(1);
    QVERIFY(!QFileInfo::exists(m_store + QStringLiteral("/machines/box")));
    QCOMPARE(m_app->model()->machineAt(0), QStringLiteral("default"));
}

void TestDesktop::secondOperationOnABusyMachineIsRefused()
{
    QVERIFY(createNone(QStringLiteral("default")));
    m_app->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_app->tray()->shownState(), MachineState::Running, 5000);
    // Another process holds the machine (a `berth provision`, say): the first click waits on it.
    Error error;
    auto held = MachineStore(m_store).lock(QStringLiteral("default"), 0, &error, QStringLiteral("provision"));
    QVERIFY(held);
    QSignalSpy failed(m_app->actions(), &MachineActions::failed);
    QVERIFY(m_app->actions()->stop(QStringLiteral("default")));
    QCOMPARE(m_app->model()->displayedState(QStringLiteral("default")), MachineState::Stopping);
    QCOMPARE(m_app->tray()->shownState(), MachineState::Stopping);
    QVERIFY(!m_app->actions()->start(QStringLiteral("default")));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("is busy")),
        qPrintable(failed.first().at(1).toString()));
    held.reset();
    QVERIFY(m_app->operations()->waitForIdle(10000));
}

void TestDesktop::envCommandNamesTheMachine()
{
#ifdef Q_OS_WIN
    QCOMPARE(MachineActions::envCommand(QStringLiteral("default")),
        QStringLiteral("& berth env default | Invoke-Expression"));
#else
    QCOMPARE(MachineActions::envCommand(QStringLiteral("default")), QStringLiteral("eval \"$(berth env default)\""));
#endif
}

void TestDesktop::engineMessagesNameTheWizardsFields()
{
    // The desktop app (made in init) names create's options as its wizard shows them, in the engine's
    // messages too; an option it does not show, by its environment variable; others as the CLI does.
    QCOMPARE(optionName(QStringLiteral("generic-ssh-key")), QStringLiteral("SSH key"));
    QCOMPARE(optionName(QStringLiteral("qemu-cpu-count")), QStringLiteral("CPUs"));
    QCOMPARE(optionName(QStringLiteral("qemu-binary")), QStringLiteral("the environment variable QEMU_BINARY"));
    QCOMPARE(optionName(QStringLiteral("engine-opt")), QStringLiteral("--engine-opt"));
    MachineApi api(m_store);
    CreateOptions options;
    options.name = QStringLiteral("vm");
    options.driverName = QStringLiteral("qemu");
    options.driverFlags.insert(QStringLiteral("qemu-memory"), { QStringLiteral("1") });
    Error error;
    QVERIFY(!api.checkCreate(options, &error));
    QVERIFY2(
        error.message.startsWith(QStringLiteral("Memory must be a whole number from ")), qPrintable(error.message));
}

int main(int argc, char **argv)
{
    // Offscreen unless a display was chosen: no window appears on a developer's desktop.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int code = 0;
    {
        TestDesktop test;
        QTEST_SET_MAIN_SOURCE_PATH
        code = QTest::qExec(&test, argc, argv);
    }
    return berth::endProcessNow(code);
}

#include "tst_desktop.moc"
