#pragma once

#include <QObject>
#include <QPointer>

#include <memory>

namespace berth {
class MachineOperations;
class MachineWatcher;
}

namespace berth::ui {

class MachineActions;
class MachineModel;
class MainWindow;
class Settings;
class SetupWizard;
class TrayController;

// The desktop app put together: the engine's front door and watcher on the store, the model over them,
// and the tray, the window and the first-run wizard over the model. main() makes one and starts it.
class DesktopApp final : public QObject {
    Q_OBJECT
public:
    DesktopApp(const QString &storePath, Settings *settings, QObject *parent = nullptr);
    ~DesktopApp() override;

    // Shows the tray and, with showWindow or without a tray, the window; on an empty store, the wizard too.
    void start(bool showWindow = false);
    void showWindow();
    // Opens the first-run wizard (New machine).
    void showWizard();

    MachineOperations *operations() const { return m_operations.get(); }
    MachineWatcher *watcher() const { return m_watcher.get(); }
    MachineModel *model() const { return m_model; }
    MachineActions *actions() const { return m_actions; }
    TrayController *tray() const { return m_tray; }
    MainWindow *window() const { return m_window.get(); }
    bool hasTray() const { return m_hasTray; }
    SetupWizard *wizard() const;

Q_SIGNALS:
    void wizardRequested();
    void quitRequested();

private:
    Settings *m_settings;
    std::unique_ptr<MachineOperations> m_operations;
    std::unique_ptr<MachineWatcher> m_watcher;
    MachineModel *m_model;
    MachineActions *m_actions;
    TrayController *m_tray;
    std::unique_ptr<MainWindow> m_window;
    QPointer<SetupWizard> m_wizard;
    bool m_hasTray = false;
    bool m_firstLook = true;
};

} // namespace berth::ui
