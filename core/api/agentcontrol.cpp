// Starting and ending a machine's agent (machineagent.h), the program berth-agent beside Berth's own.
#include "machineagent.h"
#include "machineapi.h"
#include "process/detachedprocess.h"
#include "util/filelock.h"
#include "util/progress.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcAgent, "berth.api.agent")

namespace berth {

namespace {

// A log that grew past this is set aside (agent.log.1) when the next agent starts.
constexpr qint64 logLimitBytes = 1024 * 1024;

// berth-agent is installed beside berth and berth-desktop; BERTH_AGENT names another (a build tree, tests).
QString agentProgram()
{
    const QString named = qEnvironmentVariable("BERTH_AGENT");
    if (!named.isEmpty())
        return named;
    return QStandardPaths::findExecutable(QStringLiteral("berth-agent"), { QCoreApplication::applicationDirPath() });
}

} // namespace

void MachineApi::startAgent(const Host &host, Progress *progress) const
{
    // Nothing to do for a VM that is not running (an upgrade that found nothing newer for a stopped machine).
    if (!host.driver->forwardsPorts() || host.driver->isToolboxMachine() || !host.driver->vmExists())
        return;
    const QString name = host.machine.name;
    const QString dir = m_store.machineDir(name);
    // One runs already when its lock is held.
    FileLock probe(MachineAgent::lockPath(dir));
    if (!probe.tryLock(0))
        return;
    probe.unlock();
    const QString program = agentProgram();
    if (program.isEmpty() || !QFileInfo(program).isExecutable()) {
        progress->step(tr("Ports published in \"%1\" stay inside the VM: berth-agent was not found in %2.")
                           .arg(name, nativePath(QCoreApplication::applicationDirPath())));
        return;
    }
    const QString log = MachineAgent::logPath(dir);
    if (QFileInfo(log).size() > logLimitBytes) {
        QFile::remove(log + QStringLiteral(".1"));
        QFile::rename(log, log + QStringLiteral(".1"));
    }
    qint64 pid = 0;
    QString message;
    if (!DetachedProcess::start(
            program, { QStringLiteral("-s"), m_store.rootPath(), name }, dir, log, &pid, &message)) {
        progress->step(tr("Ports published in \"%1\" stay inside the VM: %2").arg(name, message));
        return;
    }
    qCDebug(lcAgent) << "agent of" << name << "started, pid" << pid;
}

void MachineApi::restartMissingAgent(const QString &name) const
{
    // An operation that holds the machine starts or ends its agent itself; it is not waited for. The lock's purpose,
    // "agent", is no operation a user started (operationFromPurpose does not know it): for the instant it is held,
    // watchers show the machine's state as its driver says it, and do not restart the agent themselves.
    const auto lock = m_store.lock(name, 0, nullptr, QStringLiteral("agent"));
    if (!lock)
        return;
    Host host;
    if (!loadHost(name, &host, nullptr) || host.driver->state(nullptr) != MachineState::Running)
        return;
    NullProgress progress;
    startAgent(host, &progress);
    qCInfo(lcAgent) << "the agent of" << name << "was missing and is started again";
}

void MachineApi::stopAgent(const QString &name) const
{
    const QString dir = m_store.machineDir(name);
    FileLock probe(MachineAgent::lockPath(dir));
    if (probe.tryLock(0))
        return;
    const qint64 pid = probe.holderPid();
    if (pid <= 0)
        return;
    // It keeps nothing that must be saved: its forwards belong to the VM, which is going too. Its lock goes with it
    // (its pid may stay a while longer, a zombie where nothing reaps it at once).
    DetachedProcess::killHard(pid);
    if (!probe.tryLock(5000))
        qCWarning(lcAgent) << "agent of" << name << "(pid" << pid << ") did not end";
    QFile::remove(MachineAgent::reportPath(dir));
}

} // namespace berth
