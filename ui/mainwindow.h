#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace berth::ui {

class MachineActions;
class MachineModel;

// The window of machines: a table that follows the store, the actions on the selected machine, and the
// log of the last operation on it. Nothing here waits for the engine: every action is an operation on the
// front door, and the table changes when the watcher or the operation reports.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(MachineModel *model, MachineActions *actions, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QString selectedMachine() const;
    void selectMachine(const QString &name);
    // The action by its object name ("start", "remove", ...), for tests.
    QAction *action(const QString &name) const;

Q_SIGNALS:
    void newMachineRequested();
    void settingsRequested();

private:
    void updateActions();
    void showLog();
    void confirmRemove();

    MachineModel *m_model;
    MachineActions *m_actions;
    QTableView *m_table;
    QPlainTextEdit *m_log;
    QLabel *m_status;
    QList<QAction *> m_machineActions;
};

} // namespace berth::ui
