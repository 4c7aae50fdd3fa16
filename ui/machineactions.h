#pragma once

#include "api/operations.h"

#include <QObject>

namespace berth::ui {

class MachineModel;
class Settings;

// What the tray and the window do to a machine, in one place: each starts an operation on the front door
// (never blocking) or, for "Open Docker shell", opens the user's terminal once the machine runs.
class MachineActions final : public QObject {
    Q_OBJECT
public:
    MachineActions(MachineOperations *operations, MachineModel *model, Settings *settings, QObject *parent = nullptr);

    Operation *start(const QString &name);
    Operation *stop(const QString &name);
    Operation *restart(const QString &name);
    Operation *remove(const QString &name);
    Operation *regenerateCerts(const QString &name);
    Operation *upgrade(const QString &name);
    // The machine the tray shows and acts on becomes name, and its Docker context the Docker CLI's current one (on a
    // worker: the machine's driver may ask its hypervisor for the address). A context that cannot be made is told
    // through failed().
    void makeDefault(const QString &name);
    // Opens a terminal set up for the machine; starts it first when it is not running.
    void openShell(const QString &name);
    // What a user pastes into a shell to point its docker at the machine ("eval $(berth env NAME)").
    static QString envCommand(const QString &name);

    // For the end-to-end test: a command the shell runs first, after which the terminal closes.
    void setShellCommand(const QString &command) { m_shellCommand = command; }

Q_SIGNALS:
    // An action could not be done, or its operation failed: title and the engine's message.
    void failed(const QString &title, const QString &message);
    void shellOpened(const QString &name);

private:
    Operation *started(Operation *operation, const Error &error, const QString &title);
    bool openShellNow(const QString &name, QString *error);

    MachineOperations *m_operations;
    MachineModel *m_model;
    Settings *m_settings;
    QString m_shellCommand;
};

// The engine's message for a failed operation, with the remedy in the desktop app's words.
QString desktopText(const Error &error);
// One of create's options as the desktop app shows it (the wizard's field for it, or the environment
// variable that sets it), for the engine's messages: installed with setOptionNamer by DesktopApp.
QString desktopOptionName(const QString &option);

} // namespace berth::ui
