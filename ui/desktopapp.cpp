#include "desktopapp.h"

#include "api/machinewatcher.h"
#include "api/operations.h"
#include "machineactions.h"
#include "machinemodel.h"
#include "mainwindow.h"
#include "settings.h"
#include "settingsdialog.h"
#include "traycontroller.h"
#include "util/optionname.h"
#include "wizard/setupwizard.h"

namespace berth::ui {

DesktopApp::DesktopApp(const QString &storePath, Settings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_operations(std::make_unique<MachineOperations>(storePath))
    , m_watcher(std::make_unique<MachineWatcher>(storePath))
    , m_model(new MachineModel(m_watcher.get(), m_operations.get(), this))
    , m_actions(new MachineActions(m_operations.get(), m_model, settings, this))
    , m_tray(new TrayController(m_model, m_actions, settings, this))
    , m_window(std::make_unique<MainWindow>(m_model, m_actions))
{
    setOptionNamer(&desktopOptionName);
    // Published ports keep working while the app is open: a machine whose agent died gets one again.
    m_watcher->setRestartsMissingAgents(true);
    connect(m_tray, &TrayController::openWindowRequested, this, &DesktopApp::showWindow);
    connect(m_tray, &TrayController::quitRequested, this, &DesktopApp::quitRequested);
    connect(m_window.get(), &MainWindow::newMachineRequested, this, &DesktopApp::showWizard);
    connect(m_window.get(), &MainWindow::settingsRequested, this, [this] {
        const QString before = m_settings->defaultMachine();
        SettingsDialog dialog(m_settings, m_model, m_window.get());
        dialog.exec();
        // The machine the user chose for the tray is the Docker CLI's too.
        if (m_settings->defaultMachine() != before)
            m_actions->makeDefault(m_settings->defaultMachine());
        m_tray->refresh();
    });
}

DesktopApp::~DesktopApp()
{
    // The wizard and the window go before the front door, which cancels and waits for what still runs.
    delete m_wizard;
    m_window.reset();
}

void DesktopApp::start(bool showWindow)
{
    m_watcher->start();
    m_hasTray = m_tray->show();
    if (showWindow || !m_hasTray)
        this->showWindow();
    // An empty store means a first run: the wizard makes the default machine.
    connect(m_watcher.get(), &MachineWatcher::looked, this, [this] {
        if (m_firstLook && m_watcher->machines().isEmpty())
            showWizard();
        m_firstLook = false;
    });
}

void DesktopApp::showWindow()
{
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

SetupWizard *DesktopApp::wizard() const
{
    return m_wizard;
}

void DesktopApp::showWizard()
{
    Q_EMIT wizardRequested();
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return;
    }
    m_wizard = new SetupWizard(m_operations.get(), m_actions, m_settings);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_wizard, &SetupWizard::machineCreated, this, [this](const QString &name) {
        // The first machine is the tray's, whatever its name.
        if (m_model->rowOf(m_settings->defaultMachine()) < 0 || m_model->rowCount() <= 1)
            m_actions->makeDefault(name);
        m_tray->refresh();
        m_window->selectMachine(name);
    });
    m_wizard->show();
}

} // namespace berth::ui
