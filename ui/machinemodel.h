#pragma once

#include "api/machinewatcher.h"
#include "api/operations.h"

#include <QAbstractTableModel>
#include <QHash>

namespace berth::ui {

// The table of machines: one row per machine the watcher sees (the CLI's too), its state as this app's
// own operations and the watcher tell it. It asks the engine nothing itself.
class MachineModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Driver, State, Url, Docker, Cpus, Memory, Disk, Image, ColumnCount };
    enum Role { MachineNameRole = Qt::UserRole + 1, StateRole };

    MachineModel(MachineWatcher *watcher, MachineOperations *operations, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString machineAt(int row) const;
    int rowOf(const QString &name) const;
    // The state to show: this app's operation under way first (it knows at once), else the watcher's.
    MachineState displayedState(const QString &name) const;
    MachineStatus status(const QString &name) const { return m_watcher->status(name); }
    // The log of the last operation this app ran on the machine (empty when none).
    QStringList lastLog(const QString &name) const;

Q_SIGNALS:
    // A machine's displayed state changed (the tray and notifications follow it).
    void displayedStateChanged(const QString &name, berth::MachineState state);
    // A line was added to the log of the machine's last operation.
    void logChanged(const QString &name);

private:
    void sync();
    void rowChanged(const QString &name);
    void noteState(const QString &name);

    MachineWatcher *m_watcher;
    MachineOperations *m_operations;
    QStringList m_rows;
    QHash<QString, MachineState> m_shown;
    QHash<QString, QStringList> m_logs;
};

} // namespace berth::ui
