// berth-desktop end to end, with real parts: under Xvfb with a tray host (trayer), the first-run wizard
// on an empty store is driven page by page to make machines on a real host (sshd and dockerd in a network
// namespace) and one real QEMU VM; a failing check, a failed create and its Retry, Delete and retry, and a
// canceled create; the tray showing Running; "Open Docker shell" opening a real xterm whose shell writes
// `env` and `docker version` to a file read here.

#include "api/machinewatcher.h"
#include "api/operations.h"
#include "desktopapp.h"
#include "machineactions.h"
#include "machinemodel.h"
#include "settings.h"
#include "support/testsupport.h"
#include "testconfig.h"
#include "traycontroller.h"
#include "wizard/checkpage.h"
#include "wizard/createpage.h"
#include "wizard/setupwizard.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace berth;
using namespace berth::ui;
using berth::test::TestHost;

namespace {
QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}
} // namespace

class TestWizard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void failingCheckExplainsWhatToDo();
    void failedCreateThenRetryWorks();
    void deleteAndRetryLeavesNoHalfMachine();
    void cancelLeavesNothing();
    void trayAndDockerShell();
    void realQemuVm();

private:
    SetupWizard *openWizard();
    // Through Welcome and Check to Resources with driver chosen.
    void toResources(SetupWizard *wizard, const QString &driver);
    // Resources for the test host, Network as it comes, then Create.
    void createOnHost(SetupWizard *wizard, const QString &name, const QString &key);
    template <typename T> T *child(QWidget *parent, const QString &name)
    {
        T *found = parent->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }
    QStringList leftovers() const;

    TestHost m_host;
    QTemporaryDir m_dir;
    QString m_store;
    QString m_key;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<DesktopApp> m_app;
};

void TestWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_host.start(QStringLiteral("wizard"), 42, &error), qPrintable(error));
    m_key = m_host.sshKey;
    m_store = m_dir.filePath(QStringLiteral("store"));
    // Autostart and settings land in the test's folder, not the user's.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    // And the Docker CLI's contexts.
    qputenv("DOCKER_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("docker"))));
}

void TestWizard::init()
{
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_app = std::make_unique<DesktopApp>(m_store, m_settings.get());
    m_app->watcher()->setIntervals(500, 5000);
}

void TestWizard::cleanup()
{
    if (m_app && m_app->wizard())
        delete m_app->wizard();
    m_app.reset();
    // Each test starts from an empty store, as a first run.
    for (const QString &name : MachineApi(m_store).store().machineNames()) {
        const auto result = berth::test::runBerth(
            { QStringLiteral("-s"), m_store, QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-y"), name });
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
    }
}

QStringList TestWizard::leftovers() const
{
    return QDir(m_store + QStringLiteral("/machines"))
        .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

SetupWizard *TestWizard::openWizard()
{
    // An empty store is a first run: the app opens the wizard itself.
    m_app->start();
    QElapsedTimer waited;
    waited.start();
    while (!(m_app->wizard() && m_app->wizard()->isVisible()) && waited.elapsed() < 10000)
        QTest::qWait(50);
    SetupWizard *wizard = m_app->wizard();
    if (!wizard)
        qFatal("the wizard did not open on an empty store");
    if (wizard->currentId() != SetupWizard::WelcomePage)
        qWarning("the wizard did not open on its first page");
    return wizard;
}

void TestWizard::toResources(SetupWizard *wizard, const QString &driver)
{
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::CheckPage));
    auto *check = qobject_cast<CheckPage *>(wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(check->isChecked(), 30000);
    check->choose(driver);
    QCOMPARE(check->chosenDriver(), driver);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::ResourcesPage));
    // A user clicks Next with the name as it comes ("default"); an empty name cannot go on.
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    auto *name = child<QLineEdit>(wizard, QStringLiteral("name"));
    const QString given = name->text();
    name->clear();
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    name->setText(given);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
}

void TestWizard::createOnHost(SetupWizard *wizard, const QString &name, const QString &key)
{
    child<QLineEdit>(wizard, QStringLiteral("name"))->setText(name);
    child<QLineEdit>(wizard, QStringLiteral("address"))->setText(m_host.ip);
    child<QLineEdit>(wizard, QStringLiteral("sshKey"))->setText(key);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::NetworkPage));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::CreatePage));
}

void TestWizard::failingCheckExplainsWhatToDo()
{
    // No QEMU to be found: the Check page says so and what to do, and offers the host over SSH.
    const QByteArray path = qgetenv("PATH");
    QTemporaryDir empty;
    qputenv("PATH", QFile::encodeName(empty.path()));
    SetupWizard *wizard = openWizard();
    wizard->next();
    auto *check = qobject_cast<CheckPage *>(wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(check->isChecked(), 30000);
    qputenv("PATH", path);
    auto *qemu = child<QRadioButton>(wizard, QStringLiteral("driver-qemu"));
    QVERIFY(qemu);
    QVERIFY(!qemu->isEnabled());
    const QString detail = child<QLabel>(wizard, QStringLiteral("detail-qemu"))->text();
    QVERIFY2(detail.contains(QStringLiteral("QEMU")) && detail.contains(QStringLiteral("nstall")), qPrintable(detail));
    QVERIFY(child<QRadioButton>(wizard, QStringLiteral("driver-generic"))->isEnabled());
    // Nothing usable preselected: Next waits for a choice.
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    check->choose(QStringLiteral("generic"));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());

    // A bad name is refused by the engine's own check, with its words, before anything is made.
    wizard->next();
    child<QLineEdit>(wizard, QStringLiteral("name"))->setText(QStringLiteral("no/slash"));
    child<QLineEdit>(wizard, QStringLiteral("address"))->setText(m_host.ip);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::ResourcesPage));
    const QString problem = child<QLabel>(wizard, QStringLiteral("problem"))->text();
    QVERIFY2(problem.contains(QStringLiteral("name")), qPrintable(problem));
    // The engine's message names the field, not the CLI's flag.
    child<QLineEdit>(wizard, QStringLiteral("name"))->setText(QStringLiteral("box"));
    child<QLineEdit>(wizard, QStringLiteral("address"))->setText(QStringLiteral("not an address"));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::ResourcesPage));
    const QString addressProblem = child<QLabel>(wizard, QStringLiteral("problem"))->text();
    QCOMPARE(addressProblem, QStringLiteral("Host address \"not an address\" is not an IP address or host name."));
    QVERIFY(leftovers().isEmpty());
}

void TestWizard::failedCreateThenRetryWorks()
{
    // The key is not there yet: the create fails, says why, and nothing is kept.
    const QString key = m_dir.filePath(QStringLiteral("later_id_rsa"));
    SetupWizard *wizard = openWizard();
    toResources(wizard, QStringLiteral("generic"));
    createOnHost(wizard, QStringLiteral("default"), key);
    auto *create = qobject_cast<CreatePage *>(wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(create->errorLabel()->isVisible(), 60000);
    QVERIFY2(create->errorLabel()->text().contains(QStringLiteral("does not exist")),
        qPrintable(create->errorLabel()->text()));
    QVERIFY(create->retryButton()->isVisible() && create->retryButton()->isEnabled());
    QVERIFY(create->deleteAndRetryButton()->isVisible());
    QVERIFY(create->closeButton()->isVisible());
    QVERIFY(MachineApi(m_store).store().machineNames().isEmpty());

    // Mended, Retry makes it.
    QVERIFY(QFile::copy(m_key, key));
    QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    create->retryButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(SetupWizard::DonePage), 120000);
    QCOMPARE(MachineApi(m_store).store().machineNames(), QStringList { QStringLiteral("default") });
    QCOMPARE(m_settings->defaultMachine(), QStringLiteral("default"));
    // "Start Berth when I log in" writes the autostart entry when the wizard finishes.
    child<QCheckBox>(wizard, QStringLiteral("startAtLogin"))->setChecked(true);
    wizard->next(); // Finish validates the last page
    wizard->accept();
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("config/autostart/berth-desktop.desktop"))));
    QFile::remove(m_dir.filePath(QStringLiteral("config/autostart/berth-desktop.desktop")));
}

void TestWizard::deleteAndRetryLeavesNoHalfMachine()
{
    const QString key = m_dir.filePath(QStringLiteral("later2_id_rsa"));
    SetupWizard *wizard = openWizard();
    toResources(wizard, QStringLiteral("generic"));
    createOnHost(wizard, QStringLiteral("box"), key);
    auto *create = qobject_cast<CreatePage *>(wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(create->errorLabel()->isVisible(), 60000);
    QVERIFY(QFile::copy(m_key, key));
    QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    create->deleteAndRetryButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(SetupWizard::DonePage), 120000);
    // One whole machine, nothing half made beside it.
    QCOMPARE(leftovers(), QStringList { QStringLiteral("box") });
    const auto status
        = berth::test::runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("status"), QStringLiteral("box") });
    QCOMPARE(status.standardOutput.trimmed(), QByteArray("Running"));
}

void TestWizard::cancelLeavesNothing()
{
    SetupWizard *wizard = openWizard();
    toResources(wizard, QStringLiteral("generic"));
    createOnHost(wizard, QStringLiteral("gone"), m_key);
    auto *create = qobject_cast<CreatePage *>(wizard->currentPage());
    QPointer<SetupWizard> alive(wizard);
    // Cancel once the provisioning is under way (its waits honour it).
    QTRY_VERIFY_WITH_TIMEOUT(create->log()->toPlainText().contains(QStringLiteral("Provisioning with")), 60000);
    wizard->reject();
    QTRY_VERIFY_WITH_TIMEOUT(!alive || !alive->isVisible(), 30000);
    QVERIFY(MachineApi(m_store).store().machineNames().isEmpty());
    QCOMPARE(leftovers(), QStringList());
    QVERIFY(m_app->operations()->runningOperations().isEmpty());
}

void TestWizard::trayAndDockerShell()
{
    SetupWizard *wizard = openWizard();
    toResources(wizard, QStringLiteral("generic"));
    createOnHost(wizard, QStringLiteral("default"), m_key);
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(SetupWizard::DonePage), 120000);

    // The tray is real (trayer holds it) and shows the new machine running.
    QVERIFY(m_app->hasTray());
    QVERIFY(m_app->tray()->icon()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_app->tray()->shownState(), MachineState::Running, 10000);
    QCOMPARE(m_app->tray()->toolTip(), QStringLiteral("Berth: default is running"));

    // The first machine is the tray's and the Docker CLI's current context: docker reaches it without env.
    QProcessEnvironment plain = QProcessEnvironment::systemEnvironment();
    plain.remove(QStringLiteral("DOCKER_HOST"));
    const QStringList currentContext { QStringLiteral("context"), QStringLiteral("ls"), QStringLiteral("--format"),
        QStringLiteral("{{if .Current}}{{.Name}}{{end}}") };
    QTRY_COMPARE_WITH_TIMEOUT(
        berth::test::runProcess(berth::test::dockerCli(), currentContext, plain).standardOutput.trimmed(),
        QByteArray("berth-default"), 10000);
    const auto version = berth::test::runProcess(berth::test::dockerCli(),
        { QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") }, plain, 60000);
    QVERIFY2(version.exitCode == 0 && version.standardOutput.startsWith("20.10."), qPrintable(version.describe()));

    // "Open Docker shell" on the last page: a real xterm, its shell set up for the machine.
    const QString out = m_dir.filePath(QStringLiteral("shell.txt"));
    m_app->actions()->setShellCommand(
        QStringLiteral("env > '%1'; docker version >> '%1' 2>&1; echo BERTH-SHELL-DONE >> '%1'").arg(out));
    QSignalSpy opened(m_app->actions(), &MachineActions::shellOpened);
    QSignalSpy failed(m_app->actions(), &MachineActions::failed);
    child<QPushButton>(wizard, QStringLiteral("openShell"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), 10000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(readAll(out).contains(QStringLiteral("\nBERTH-SHELL-DONE\n")), 60000);
    const QString text = readAll(out);
    QVERIFY2(text.contains(QStringLiteral("DOCKER_HOST=tcp://%1:2376").arg(m_host.ip)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("DOCKER_TLS_VERIFY=1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("DOCKER_MACHINE_NAME=default")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("DOCKER_CERT_PATH=") + m_store + QStringLiteral("/machines/default")),
        qPrintable(text));
    // The real docker CLI in that shell reached the machine's engine over TLS.
    const QString docker = text.mid(text.indexOf(QStringLiteral("Client:")));
    QVERIFY2(docker.contains(QStringLiteral("Server:")) && docker.contains(QStringLiteral("Engine:")),
        qPrintable(text.right(800)));
    wizard->accept();

    // The tray's own "Open Docker shell" does the same.
    QFile::remove(out);
    Q_EMIT m_app->tray()->menu()->aboutToShow();
    for (QAction *action : m_app->tray()->menu()->actions()) {
        if (action->text() == QStringLiteral("Open Docker shell"))
            action->trigger();
    }
    QTRY_VERIFY_WITH_TIMEOUT(readAll(out).contains(QStringLiteral("\nBERTH-SHELL-DONE\n")), 60000);
}

void TestWizard::realQemuVm()
{
    QString error;
    const QString image = berth::test::vmImageDir(&error);
    QVERIFY2(!image.isEmpty(), qPrintable(error));
    qputenv("BERTH_VM_IMAGE", QFile::encodeName(image));
    // The machine agent the app starts with the VM (an installed app finds it beside itself).
    qputenv("BERTH_AGENT", QByteArrayLiteral(BERTH_AGENT_PATH));
    SetupWizard *wizard = openWizard();
    wizard->next();
    auto *check = qobject_cast<CheckPage *>(wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(check->isChecked(), 30000);
    // QEMU is here: the best usable choice is preselected (TCG on these machines, KVM where there is one).
    QCOMPARE(check->chosenDriver(), QStringLiteral("qemu"));
    wizard->next();
    QCOMPARE(child<QLineEdit>(wizard, QStringLiteral("name"))->text(), QStringLiteral("default"));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    // No home folder shared in a test.
    child<QCheckBox>(wizard, QStringLiteral("shareHome"))->setChecked(false);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::CreatePage));
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(SetupWizard::DonePage), 300000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->tray()->shownState(), MachineState::Running, 10000);
    const auto status = berth::test::runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("ls") });
    QVERIFY2(status.standardOutput.contains("qemu"), qPrintable(status.describe()));
    // Its agent runs on its own, not as a child of the app: it outlives the app, and ends with the VM.
    const QString report = m_store + QStringLiteral("/machines/default/agent.json");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(report), 30000);
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qint64 agent = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("Pid")).toInteger();
    QFile stat(QStringLiteral("/proc/%1/status").arg(agent));
    QVERIFY2(agent > 0 && stat.open(QIODevice::ReadOnly), qPrintable(report));
    qint64 parent = 0;
    for (const QByteArray &line : stat.readAll().split('\n')) {
        if (line.startsWith("PPid:"))
            parent = line.mid(5).trimmed().toLongLong();
    }
    QVERIFY(parent > 0 && parent != QCoreApplication::applicationPid());
    wizard->accept();
}

int main(int argc, char **argv)
{
    // Under Xvfb with a tray host, as a user's session: a display of the test's own unless one was given.
    QProcess xvfb, trayer;
    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        const QString display = QStringLiteral(":%1").arg(70 + QCoreApplication::applicationPid() % 20);
        xvfb.start(QStringLiteral("Xvfb"),
            { display, QStringLiteral("-screen"), QStringLiteral("0"), QStringLiteral("1280x800x24"),
                QStringLiteral("-nolisten"), QStringLiteral("tcp") });
        if (!xvfb.waitForStarted(10000)) {
            std::fprintf(stderr, "cannot start Xvfb: %s\n", qPrintable(xvfb.errorString()));
            return 1;
        }
        qputenv("DISPLAY", display.toUtf8());
        QThread::sleep(1);
        trayer.start(QStringLiteral("trayer"),
            { QStringLiteral("--edge"), QStringLiteral("top"), QStringLiteral("--align"), QStringLiteral("right"),
                QStringLiteral("--widthtype"), QStringLiteral("pixel"), QStringLiteral("--width"),
                QStringLiteral("200"), QStringLiteral("--height"), QStringLiteral("28") });
        trayer.waitForStarted(10000);
        QThread::sleep(1);
    }
    qputenv("QT_QPA_PLATFORM", "xcb");
    int code = 0;
    {
        QApplication app(argc, argv);
        app.setQuitOnLastWindowClosed(false);
        TestWizard test;
        QTEST_SET_MAIN_SOURCE_PATH
        code = QTest::qExec(&test, argc, argv);
    }
    trayer.kill();
    trayer.waitForFinished();
    xvfb.kill();
    xvfb.waitForFinished();
    return code;
}

#include "tst_wizard.moc"
