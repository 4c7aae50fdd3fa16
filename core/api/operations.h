#pragma once

#include "machineapi.h"
#include "operationkind.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QThread;

namespace berth {

class MachineOperations;
class OperationProgress;

// "Starting", "Removing": the operation as a state the user sees while it runs.
QString operationActivity(OperationKind kind);

// One operation of the front door, running on a worker thread of its own. It lives in the thread that
// asked for it and reports there, through queued signals: started, each step and line of detail, then
// finished once. It belongs to its MachineOperations; once finished, its owner may delete it (its log goes
// with it), else it lives as long as the front door.
class Operation final : public QObject {
    Q_OBJECT
public:
    ~Operation() override;

    OperationKind kind() const { return m_kind; }
    QString machine() const { return m_machine; }
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_ok; }
    Error error() const { return m_error; }
    // Every step and line of detail so far, in order; steps are the lines the CLI prints.
    QStringList log() const { return m_log; }
    QStringList steps() const { return m_steps; }

    // Asks the work to stop at its next wait (a boot, SSH, Docker, a VM's exit); it finishes as a failure
    // of kind ErrorKind::Canceled, a create having removed what it made. From the owner's thread.
    void cancel();
    bool isCancelRequested() const;

Q_SIGNALS:
    void started();
    void step(const QString &message);
    void detail(const QString &message);
    void finished(bool ok, const berth::Error &error);

private:
    friend class MachineOperations;
    Operation(OperationKind kind, const QString &machine, MachineOperations *owner);

    OperationKind m_kind;
    QString m_machine;
    QStringList m_log;
    QStringList m_steps;
    bool m_finished = false;
    bool m_ok = false;
    Error m_error;
    std::shared_ptr<OperationProgress> m_progress;
    quint64 m_id = 0;
};

// The engine's asynchronous front door (Qt Core only): each call starts one MachineApi operation on a
// worker thread and returns at once. Operations on different machines run side by side; a second one on a
// machine this front door is already changing is refused at once with ErrorKind::Busy, and one that
// another process (a `berth` command) is changing fails the same way from the machine's lock.
class MachineOperations final : public QObject {
    Q_OBJECT
public:
    explicit MachineOperations(const QString &storePath, QObject *parent = nullptr);
    // Cancels what still runs and waits for it to end: no worker outlives the front door.
    ~MachineOperations() override;

    QString storePath() const { return m_storePath; }

    // Each returns the running operation, or null with error set (nothing was started).
    Operation *create(const CreateOptions &options, Error *error);
    Operation *start(const QString &name, Error *error);
    Operation *stop(const QString &name, Error *error);
    Operation *restart(const QString &name, Error *error);
    Operation *kill(const QString &name, Error *error);
    Operation *remove(const QString &name, bool force, Error *error);
    Operation *provision(const QString &name, Error *error);
    Operation *regenerateCerts(const QString &name, bool clientCerts, Error *error);
    Operation *upgrade(const QString &name, Error *error);

    // The operation now changing the machine, or null.
    Operation *running(const QString &machine) const;
    bool isBusy(const QString &machine) const { return running(machine) != nullptr; }
    QList<Operation *> runningOperations() const;

    // Blocks, running this thread's events, until nothing runs or timeoutMs passed (tests, shutdown):
    // true when nothing runs.
    bool waitForIdle(int timeoutMs);

Q_SIGNALS:
    void operationStarted(berth::Operation *operation);
    void operationFinished(berth::Operation *operation);

private:
    friend class Operation;
    friend class OperationProgress;
    using Work = std::function<bool(MachineApi &api, Progress *progress, Error *error)>;
    Operation *run(OperationKind kind, const QString &machine, Work work, Error *error);
    // Called in this object's thread, by queued calls from the workers.
    void deliverStep(quint64 id, const QString &message, bool isStep);
    void deliverFinished(quint64 id, bool ok, const Error &error);
    void forget(Operation *operation);

    QString m_storePath;
    quint64 m_nextId = 1;
    QHash<quint64, Operation *> m_operations; // every operation not yet deleted
    QHash<QString, Operation *> m_busy; // machine name -> its running operation
    QList<QThread *> m_threads;
};

} // namespace berth

Q_DECLARE_METATYPE(berth::Error)
