#pragma once

#include "util/machinestate.h"

#include <QHash>
#include <QObject>

#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace berth::ui {

class MachineActions;
class MachineModel;
class Settings;

// The tray icon: the default machine's state in its icon and tooltip, its actions in the menu, a submenu
// per other machine, and a notification when a machine stops on its own or an operation fails. It follows
// the model, which follows the watcher: no look of its own at the engine.
class TrayController final : public QObject {
    Q_OBJECT
public:
    TrayController(MachineModel *model, MachineActions *actions, Settings *settings, QObject *parent = nullptr);
    ~TrayController() override;

    // Shows the icon when the desktop has a tray; false when it has none (the window stands in).
    bool show();
    // Shows what Settings now say (the machine in the tray may have changed).
    void refresh() { update(); }
    QMenu *menu() const { return m_menu.get(); }
    QSystemTrayIcon *icon() const { return m_tray; }
    // What the icon shows now (tests read it; the icon is drawn from it).
    MachineState shownState() const { return m_state; }
    QString toolTip() const;
    // The last notification's title and text (also shown by the tray when it can).
    QString lastNotification() const { return m_lastNotification; }

Q_SIGNALS:
    void openWindowRequested();
    void quitRequested();

private:
    void rebuildMenu();
    void update();
    void stateChanged(const QString &name, MachineState state);
    void notify(const QString &title, const QString &message, bool warning);
    void addMachineActions(QMenu *menu, const QString &name);

    MachineModel *m_model;
    MachineActions *m_actions;
    Settings *m_settings;
    QSystemTrayIcon *m_tray;
    std::unique_ptr<QMenu> m_menu;
    MachineState m_state = MachineState::None;
    QHash<QString, MachineState> m_last;
    QString m_lastNotification;
};

} // namespace berth::ui
