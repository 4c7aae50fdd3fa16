#include "operations.h"

#include "util/translate.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

namespace berth {

// The worker's Progress: hands each line to the front door's thread, which emits it on the operation.
// Shared by the worker and the Operation, so a cancel from the owner and a wait's look at it in the
// worker meet on the same atomic flag.
class OperationProgress final : public Progress {
public:
    OperationProgress(MachineOperations *owner, quint64 id)
        : m_owner(owner)
        , m_id(id)
    {
    }
    void step(const QString &message) override { post(message, true); }
    void detail(const QString &message) override { post(message, false); }

private:
    void post(const QString &message, bool isStep)
    {
        // The owner outlives every worker (its destructor waits for them), so it can be named here.
        MachineOperations *owner = m_owner;
        const quint64 id = m_id;
        QMetaObject::invokeMethod(
            owner, [owner, id, message, isStep] { owner->deliverStep(id, message, isStep); }, Qt::QueuedConnection);
    }

    MachineOperations *m_owner;
    quint64 m_id;
};

QString operationActivity(OperationKind kind)
{
    switch (kind) {
    case OperationKind::Create:
        return tr("Creating");
    case OperationKind::Start:
        return tr("Starting");
    case OperationKind::Stop:
        return tr("Stopping");
    case OperationKind::Restart:
        return tr("Restarting");
    case OperationKind::Kill:
        return tr("Killing");
    case OperationKind::Remove:
        return tr("Removing");
    case OperationKind::Provision:
        return tr("Provisioning");
    case OperationKind::RegenerateCerts:
        return tr("Regenerating certificates");
    case OperationKind::Upgrade:
        return tr("Upgrading");
    }
    return {};
}

Operation::Operation(OperationKind kind, const QString &machine, MachineOperations *owner)
    : QObject(owner)
    , m_kind(kind)
    , m_machine(machine)
{
}

Operation::~Operation()
{
    // Deleting a running operation would leave its worker without a receiver: it keeps running and its
    // reports are dropped (the front door forgets it).
    if (auto *owner = qobject_cast<MachineOperations *>(parent()))
        owner->forget(this);
}

void Operation::cancel()
{
    if (m_progress)
        m_progress->cancel();
}

bool Operation::isCancelRequested() const
{
    return m_progress && m_progress->isCanceled();
}

MachineOperations::MachineOperations(const QString &storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(storePath)
{
    qRegisterMetaType<berth::Error>("berth::Error");
}

MachineOperations::~MachineOperations()
{
    for (Operation *operation : std::as_const(m_busy))
        operation->cancel();
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

Operation *MachineOperations::run(OperationKind kind, const QString &machine, Work work, Error *error)
{
    // Refused here, before any thread: the machine's lock would refuse it too, but only after a worker
    // started, and a user who clicked twice should hear at once why nothing happens.
    if (Operation *busy = running(machine)) {
        fail(error,
            tr("\"%1\" is busy: %2 is still under way. Wait for it to finish, or cancel it.")
                .arg(machine, operationActivity(busy->kind()).toLower()),
            ErrorKind::Busy);
        return nullptr;
    }
    auto *operation = new Operation(kind, machine, this);
    operation->m_id = m_nextId++;
    operation->m_progress = std::make_shared<OperationProgress>(this, operation->m_id);
    m_operations.insert(operation->m_id, operation);
    m_busy.insert(machine, operation);

    const quint64 id = operation->m_id;
    const std::shared_ptr<OperationProgress> progress = operation->m_progress;
    const QString storePath = m_storePath;
    QThread *thread = QThread::create([this, id, progress, storePath, work] {
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                if (Operation *reported = m_operations.value(id))
                    Q_EMIT reported->started();
            },
            Qt::QueuedConnection);
        // Each worker has its own MachineApi: the store is files and locks, shared safely between them.
        MachineApi api(storePath);
        Error workError;
        const bool ok = work(api, progress.get(), &workError);
        QMetaObject::invokeMethod(
            this, [this, id, ok, workError] { deliverFinished(id, ok, workError); }, Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("berth-op-%1").arg(id));
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    thread->start();
    Q_EMIT operationStarted(operation);
    return operation;
}

void MachineOperations::deliverStep(quint64 id, const QString &message, bool isStep)
{
    Operation *operation = m_operations.value(id);
    if (!operation)
        return;
    operation->m_log.append(message);
    if (isStep) {
        operation->m_steps.append(message);
        Q_EMIT operation->step(message);
    } else {
        Q_EMIT operation->detail(message);
    }
}

void MachineOperations::deliverFinished(quint64 id, bool ok, const Error &error)
{
    Operation *operation = m_operations.value(id);
    if (!operation)
        return;
    if (m_busy.value(operation->m_machine) == operation)
        m_busy.remove(operation->m_machine);
    operation->m_finished = true;
    operation->m_ok = ok;
    operation->m_error = error;
    Q_EMIT operation->finished(ok, error);
    Q_EMIT operationFinished(operation);
}

void MachineOperations::forget(Operation *operation)
{
    m_operations.remove(operation->m_id);
    if (m_busy.value(operation->m_machine) == operation)
        m_busy.remove(operation->m_machine);
}

Operation *MachineOperations::running(const QString &machine) const
{
    return m_busy.value(machine);
}

QList<Operation *> MachineOperations::runningOperations() const
{
    return m_busy.values();
}

bool MachineOperations::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_busy.isEmpty() && !deadline.hasExpired()) {
        QEventLoop loop;
        connect(this, &MachineOperations::operationFinished, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::min<qint64>(deadline.remainingTime(), 100), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return m_busy.isEmpty();
}

Operation *MachineOperations::create(const CreateOptions &options, Error *error)
{
    return run(
        OperationKind::Create, options.name,
        [options](
            MachineApi &api, Progress *progress, Error *workError) { return api.create(options, progress, workError); },
        error);
}

Operation *MachineOperations::start(const QString &name, Error *error)
{
    return run(
        OperationKind::Start, name,
        [name](MachineApi &api, Progress *progress, Error *workError) { return api.start(name, progress, workError); },
        error);
}

Operation *MachineOperations::stop(const QString &name, Error *error)
{
    return run(
        OperationKind::Stop, name,
        [name](MachineApi &api, Progress *progress, Error *workError) { return api.stop(name, progress, workError); },
        error);
}

Operation *MachineOperations::restart(const QString &name, Error *error)
{
    return run(
        OperationKind::Restart, name,
        [name](
            MachineApi &api, Progress *progress, Error *workError) { return api.restart(name, progress, workError); },
        error);
}

Operation *MachineOperations::kill(const QString &name, Error *error)
{
    return run(
        OperationKind::Kill, name,
        [name](MachineApi &api, Progress *progress, Error *workError) { return api.kill(name, progress, workError); },
        error);
}

Operation *MachineOperations::remove(const QString &name, bool force, Error *error)
{
    return run(
        OperationKind::Remove, name,
        [name, force](MachineApi &api, Progress *progress, Error *workError) {
            return api.remove(name, force, progress, workError);
        },
        error);
}

Operation *MachineOperations::provision(const QString &name, Error *error)
{
    return run(
        OperationKind::Provision, name,
        [name](
            MachineApi &api, Progress *progress, Error *workError) { return api.provision(name, progress, workError); },
        error);
}

Operation *MachineOperations::regenerateCerts(const QString &name, bool clientCerts, Error *error)
{
    return run(
        OperationKind::RegenerateCerts, name,
        [name, clientCerts](MachineApi &api, Progress *progress, Error *workError) {
            return api.regenerateCerts(name, clientCerts, progress, workError);
        },
        error);
}

Operation *MachineOperations::upgrade(const QString &name, Error *error)
{
    return run(
        OperationKind::Upgrade, name,
        [name](
            MachineApi &api, Progress *progress, Error *workError) { return api.upgrade(name, progress, workError); },
        error);
}

} // namespace berth
