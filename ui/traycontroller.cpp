#include "traycontroller.h"

#include "machineactions.h"
#include "machinemodel.h"
#include "settings.h"
#include "statepresentation.h"

#include <QMenu>
#include <QSystemTrayIcon>

namespace berth::ui {

TrayController::TrayController(MachineModel *model, MachineActions *actions, Settings *settings, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_actions(actions)
    , m_settings(settings)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(std::make_unique<QMenu>())
{
    m_tray->setContextMenu(m_menu.get());
    connect(m_menu.get(), &QMenu::aboutToShow, this, &TrayController::rebuildMenu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openWindowRequested();
    });
    connect(m_model, &MachineModel::displayedStateChanged, this, &TrayController::stateChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TrayController::update);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TrayController::update);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TrayController::update);
    connect(m_actions, &MachineActions::failed, this,
        [this](const QString &title, const QString &message) { notify(title, message, true); });
    update();
}

TrayController::~TrayController() = default;

bool TrayController::show()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return false;
    m_tray->show();
    return true;
}

QString TrayController::toolTip() const
{
    const QString name = m_settings->defaultMachine();
    if (m_model->rowOf(name) < 0)
        return tr("Berth: no machine \"%1\" yet").arg(name);
    return tr("Berth: %1").arg(stateSentence(name, m_state));
}

void TrayController::stateChanged(const QString &name, MachineState state)
{
    const MachineState before = m_last.value(name, MachineState::None);
    m_last.insert(name, state);
    // Stopped or failed without anybody asking: this app's stop shows Stopping first, a CLI's stop holds the
    // machine's lock (Stopping too); a VM that died or a host that went away goes straight from Running.
    if (before == MachineState::Running && (state == MachineState::Stopped || state == MachineState::Error)) {
        notify(state == MachineState::Stopped ? tr("%1 stopped").arg(name) : tr("%1 failed").arg(name),
            state == MachineState::Stopped ? tr("Docker machine %1 is no longer running.").arg(name)
                                           : m_model->status(name).error,
            state == MachineState::Error);
    }
    update();
}

void TrayController::notify(const QString &title, const QString &message, bool warning)
{
    m_lastNotification = title + QLatin1Char('\n') + message;
    if (m_tray->isVisible())
        m_tray->showMessage(title, message, warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
}

void TrayController::update()
{
    const QString name = m_settings->defaultMachine();
    const MachineState state = m_model->rowOf(name) < 0 ? MachineState::None : m_model->displayedState(name);
    if (state != m_state || m_tray->icon().isNull()) {
        m_state = state;
        m_tray->setIcon(stateIcon(state));
    }
    m_tray->setToolTip(toolTip());
    // An open menu is not pulled from under the pointer: it is made again when it opens next.
    if (!m_menu->isVisible())
        rebuildMenu();
}

void TrayController::addMachineActions(QMenu *menu, const QString &name)
{
    const MachineState state = m_model->displayedState(name);
    const bool busy
        = state == MachineState::Starting || state == MachineState::Stopping || state == MachineState::Creating;
    QAction *shell = menu->addAction(tr("Open Docker shell"), this, [this, name] { m_actions->openShell(name); });
    shell->setEnabled(!busy || state == MachineState::Starting);
    menu->addSeparator();
    menu->addAction(tr("Start"), this, [this, name] { m_actions->start(name); })
        ->setEnabled(!busy && state != MachineState::Running);
    menu->addAction(tr("Stop"), this, [this, name] { m_actions->stop(name); })
        ->setEnabled(!busy && state == MachineState::Running);
    menu->addAction(tr("Restart"), this, [this, name] { m_actions->restart(name); })
        ->setEnabled(!busy && state == MachineState::Running);
}

void TrayController::rebuildMenu()
{
    m_menu->clear();
    const QString defaultName = m_settings->defaultMachine();
    QAction *header = m_menu->addAction(stateIcon(m_state),
        m_model->rowOf(defaultName) < 0 ? tr("No machine \"%1\" yet").arg(defaultName)
                                        : tr("%1: %2").arg(defaultName, stateText(m_state)));
    header->setEnabled(false);
    if (m_model->rowOf(defaultName) >= 0)
        addMachineActions(m_menu.get(), defaultName);
    QStringList others;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->machineAt(row) != defaultName)
            others << m_model->machineAt(row);
    }
    if (!others.isEmpty())
        m_menu->addSeparator();
    for (const QString &name : std::as_const(others)) {
        QMenu *sub = m_menu->addMenu(stateIcon(m_model->displayedState(name)),
            tr("%1 (%2)").arg(name, stateText(m_model->displayedState(name))));
        sub->setObjectName(QStringLiteral("machine-") + name);
        addMachineActions(sub, name);
    }
    m_menu->addSeparator();
    m_menu->addAction(tr("Open Berth"), this, &TrayController::openWindowRequested);
    m_menu->addAction(tr("Quit"), this, &TrayController::quitRequested);
}

} // namespace berth::ui
