#pragma once

#include "machineapi.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

class QFileSystemWatcher;

namespace berth {

// What the watcher last saw of a machine.
struct MachineStatus {
    QString name;
    QString driverName;
    MachineState state = MachineState::None; // Creating while its create is under way
    QString url;
    QString dockerVersion; // "v20.10.24" once its engine answered; empty when it is not running
    QString error; // why the state is Error, or why the engine did not answer
    // What an operation of any process is doing to it now ("start", "remove": MachineApi::activities()),
    // empty when none. A create, start or stop under way also shows in state.
    QString activity;
    MachineResources resources;
    bool operator==(const MachineStatus &other) const;
    bool operator!=(const MachineStatus &other) const { return !(*this == other); }
};

// Follows the store and the machines' states for a front end (Qt Core only), so its list and its tray
// never ask the engine themselves. Machines made or removed by anything (the CLI too) appear or go within
// about a second; each machine's state is looked at every second the cheap way (a VM's process and QMP
// status, a host's SSH port: no SSH session, no TLS), and its Docker engine's version less often. The looks
// run on a worker thread; the signals arrive in the watcher's thread.
class MachineWatcher final : public QObject {
    Q_OBJECT
public:
    explicit MachineWatcher(const QString &storePath, QObject *parent = nullptr);
    ~MachineWatcher() override;

    // How often states and engines are looked at (1 s and 15 s by default).
    void setIntervals(int stateMs, int engineMs);
    // Whether a look starts a running machine's agent again when it is missing (MachineApi::restartMissingAgent):
    // the desktop app's watcher does, as nobody there types `berth start`. Off by default.
    void setRestartsMissingAgents(bool restarts) { m_restartsAgents = restarts; }
    // The first look is at once; the ones after follow the intervals and any change in the store's folder.
    void start();
    void stop();
    // A look now, the engines included (after an operation finished, say).
    void refresh();

    // Names in the store's order (those being created last), as of the last look.
    QStringList machines() const { return m_order; }
    bool contains(const QString &name) const { return m_status.contains(name); }
    MachineStatus status(const QString &name) const { return m_status.value(name); }
    // Whether a look has completed yet (the lists above are empty before).
    bool hasLooked() const { return m_looked; }

Q_SIGNALS:
    void machineAdded(const QString &name);
    void machineRemoved(const QString &name);
    void stateChanged(const QString &name, berth::MachineState state);
    // Any field of the machine's status changed (its state and activity too).
    void statusChanged(const QString &name);
    // A look completed (tests wait for it).
    void looked();

private:
    struct Look {
        QList<MachineStatus> machines;
        bool engines = false;
    };
    static Look look(const QString &storePath, bool engines, bool restartAgents);
    void startLook();
    void lookDone();

    QString m_storePath;
    int m_stateMs = 1000;
    int m_engineMs = 15000;
    bool m_restartsAgents = false;
    QTimer m_timer;
    QTimer m_soon; // a look shortly after the store's folder changed
    QFileSystemWatcher *m_files = nullptr;
    QFutureWatcher<Look> m_future;
    bool m_running = false;
    bool m_pending = false; // a look was asked for while one ran
    bool m_enginesDue = true;
    qint64 m_lastEngineLook = 0;
    bool m_looked = false;
    QStringList m_order;
    QHash<QString, MachineStatus> m_status;
};

} // namespace berth
