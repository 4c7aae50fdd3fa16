#include "machinewatcher.h"

#include "api/operationkind.h"

#include <QDateTime>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QtConcurrent>

namespace berth {

namespace {
// A look at an engine waits this long for its answer; a state look is bounded by the driver.
constexpr int engineTimeoutSeconds = 3;
} // namespace

bool MachineStatus::operator==(const MachineStatus &other) const
{
    return name == other.name && driverName == other.driverName && state == other.state && url == other.url
        && dockerVersion == other.dockerVersion && error == other.error && activity == other.activity
        && resources.cpus == other.resources.cpus && resources.memoryMb == other.resources.memoryMb
        && resources.diskMb == other.resources.diskMb && resources.imageVersion == other.resources.imageVersion;
}

MachineWatcher::MachineWatcher(const QString &storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(storePath)
{
    connect(&m_timer, &QTimer::timeout, this, &MachineWatcher::startLook);
    m_soon.setSingleShot(true);
    m_soon.setInterval(100);
    connect(&m_soon, &QTimer::timeout, this, &MachineWatcher::startLook);
    connect(&m_future, &QFutureWatcher<Look>::finished, this, &MachineWatcher::lookDone);
}

MachineWatcher::~MachineWatcher()
{
    // A look under way reads the store only; it is waited for, not left running past the watcher.
    m_future.waitForFinished();
}

void MachineWatcher::setIntervals(int stateMs, int engineMs)
{
    m_stateMs = stateMs;
    m_engineMs = engineMs;
    if (m_timer.isActive())
        m_timer.start(m_stateMs);
}

void MachineWatcher::start()
{
    if (!m_files) {
        // The folder's own changes (a machine's folder made, renamed into place or removed) call for a look
        // at once; the timer catches what a file system without notifications misses.
        // The folder is watched once it exists (the first create makes it, private to the user: the
        // watcher does not make it itself).
        m_files = new QFileSystemWatcher(this);
        connect(m_files, &QFileSystemWatcher::directoryChanged, this, [this] { m_soon.start(); });
    }
    m_timer.start(m_stateMs);
    startLook();
}

void MachineWatcher::stop()
{
    m_timer.stop();
    m_soon.stop();
}

void MachineWatcher::refresh()
{
    m_enginesDue = true;
    startLook();
}

MachineWatcher::Look MachineWatcher::look(const QString &storePath, bool engines, bool restartAgents)
{
    Look result;
    result.engines = engines;
    MachineApi api(storePath);
    const QList<MachineListEntry> entries = api.list(
        engineTimeoutSeconds, QString(), engines ? MachineApi::ListDetail::Engine : MachineApi::ListDetail::State);
    const QHash<QString, QString> activities = api.activities();
    for (const MachineListEntry &entry : entries) {
        MachineStatus status;
        status.name = entry.name;
        status.driverName = entry.driverName;
        status.state = entry.state;
        status.url = entry.url;
        status.dockerVersion = entry.dockerVersion;
        status.error = entry.error;
        status.activity = activities.value(entry.name);
        status.resources = entry.resources;
        // While an operation works on it, the driver's answer is half the story: a VM whose QEMU runs may
        // still be booting, or be on its way down.
        if (OperationKind kind; operationFromPurpose(status.activity, &kind) && stateDuring(kind) != MachineState::None)
            status.state = stateDuring(kind);
        // Its error stays until the next look finds the agent's report.
        if (restartAgents && entry.agentMissing && status.activity.isEmpty())
            api.restartMissingAgent(entry.name);
        result.machines << status;
    }
    for (const QString &name : api.creating()) {
        MachineStatus status;
        status.name = name;
        status.state = MachineState::Creating;
        status.activity = operationPurpose(OperationKind::Create);
        result.machines << status;
    }
    return result;
}

void MachineWatcher::startLook()
{
    if (m_future.isRunning()) {
        m_pending = true;
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool engines = m_enginesDue || now - m_lastEngineLook >= m_engineMs;
    if (engines) {
        m_enginesDue = false;
        m_lastEngineLook = now;
    }
    m_future.setFuture(QtConcurrent::run(&MachineWatcher::look, m_storePath, engines, m_restartsAgents));
}

void MachineWatcher::lookDone()
{
    const Look result = m_future.result();
    const QString machinesDir = m_storePath + QStringLiteral("/machines");
    if (m_files && m_files->directories().isEmpty() && QFileInfo(machinesDir).isDir())
        m_files->addPath(machinesDir);
    QStringList order;
    QHash<QString, MachineStatus> seen;
    for (MachineStatus status : result.machines) {
        // A look without engines keeps the version the last one found, as long as the machine runs.
        const auto previous = m_status.constFind(status.name);
        if (!result.engines && previous != m_status.constEnd() && status.state == MachineState::Running
            && previous->state == MachineState::Running) {
            status.dockerVersion = previous->dockerVersion;
            if (status.error.isEmpty())
                status.error = previous->error;
        }
        if (seen.contains(status.name))
            continue;
        order << status.name;
        seen.insert(status.name, status);
    }
    const QHash<QString, MachineStatus> before = m_status;
    m_status = seen;
    m_order = order;
    m_looked = true;
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (!seen.contains(it.key()))
            Q_EMIT machineRemoved(it.key());
    }
    for (const QString &name : std::as_const(order)) {
        const MachineStatus &now = seen[name];
        const auto old = before.constFind(name);
        if (old == before.constEnd()) {
            Q_EMIT machineAdded(name);
            Q_EMIT stateChanged(name, now.state);
            Q_EMIT statusChanged(name);
            continue;
        }
        if (old->state != now.state)
            Q_EMIT stateChanged(name, now.state);
        if (*old != now)
            Q_EMIT statusChanged(name);
    }
    Q_EMIT looked();
    // A machine that just started gets its engine asked soon after, not a whole interval later.
    for (const QString &name : std::as_const(order)) {
        const auto old = before.constFind(name);
        if (seen[name].state == MachineState::Running
            && (old == before.constEnd() || old->state != MachineState::Running))
            m_enginesDue = true;
    }
    if (m_pending) {
        m_pending = false;
        startLook();
    }
}

} // namespace berth
