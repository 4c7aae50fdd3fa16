#include "machineactions.h"

#include "api/machineapi.h"
#include "machinemodel.h"
#include "settings.h"
#include "shell/envrenderer.h"
#include "shell/terminallauncher.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace berth::ui {

QString desktopText(const Error &error)
{
    QString remedy;
    switch (error.remedy) {
    case Remedy::None:
        break;
    case Remedy::ListOrCreate:
        remedy = MachineActions::tr("Create it with New machine.");
        break;
    case Remedy::Remove:
    case Remedy::ForceRemove:
        remedy = MachineActions::tr("Remove it with Remove.");
        break;
    case Remedy::ChooseStore:
        remedy = MachineActions::tr("Set MACHINE_STORAGE_PATH to another folder and start Berth again.");
        break;
    case Remedy::RegenerateCerts:
        remedy = MachineActions::tr("Use Regenerate certificates to make new ones.");
        break;
    case Remedy::NativeSsh:
        break;
    }
    return remedy.isEmpty() ? error.message : error.message + QLatin1Char('\n') + remedy;
}

QString desktopOptionName(const QString &option)
{
    // Every VM driver's resources are the Resources page's fields.
    if (option.endsWith(QLatin1String("-cpu-count")))
        return MachineActions::tr("CPUs");
    if (option.endsWith(QLatin1String("-memory")))
        return MachineActions::tr("Memory");
    if (option.endsWith(QLatin1String("-disk-size")))
        return MachineActions::tr("Disk");
    // Every VM driver's shared folder is the Network page's switch.
    if (option.endsWith(QLatin1String("-share-folder")))
        return MachineActions::tr("Shared folder");
    if (option.endsWith(QLatin1String("-no-share")))
        return MachineActions::tr("the switch \"Share my home folder\"");
    static const struct {
        const char *option;
        const char *label;
    } fields[] = {
        { "generic-ip-address", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "Host address") },
        { "generic-ssh-user", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "SSH user") },
        { "generic-ssh-key", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "SSH key") },
        { "generic-ssh-port", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "SSH port") },
        { "engine-env", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "Proxy setting") },
        { "engine-registry-mirror", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "Registry mirror") },
        { "engine-insecure-registry", QT_TRANSLATE_NOOP("berth::ui::MachineActions", "Insecure registry") },
    };
    for (const auto &field : fields) {
        if (option == QLatin1String(field.option))
            return MachineActions::tr(field.label);
    }
    // An option the wizard does not show can still come from the environment, as the CLI takes it.
    for (const DriverDescription &driver : MachineApi::drivers()) {
        for (const DriverFlag &flag : driver.flags) {
            if (flag.name == option && !flag.envVar.isEmpty())
                return MachineActions::tr("the environment variable %1").arg(flag.envVar);
        }
    }
    return {};
}

MachineActions::MachineActions(MachineOperations *operations, MachineModel *model, Settings *settings, QObject *parent)
    : QObject(parent)
    , m_operations(operations)
    , m_model(model)
    , m_settings(settings)
{
}

void MachineActions::makeDefault(const QString &name)
{
    m_settings->setDefaultMachine(name);
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (!watcher->result().isEmpty())
            Q_EMIT failed(tr("Docker context not set"), watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([storePath = m_operations->storePath(), name] {
        MachineApi api(storePath);
        Error error;
        return api.useContext(name, &error).isEmpty() ? error.message : QString();
    }));
}

Operation *MachineActions::started(Operation *operation, const Error &error, const QString &title)
{
    if (!operation) {
        Q_EMIT failed(title, desktopText(error));
        return nullptr;
    }
    connect(operation, &Operation::finished, this, [this, title](bool ok, const Error &result) {
        if (!ok && result.kind != ErrorKind::Canceled)
            Q_EMIT failed(title, desktopText(result));
    });
    return operation;
}

Operation *MachineActions::start(const QString &name)
{
    Error error;
    return started(m_operations->start(name, &error), error, tr("Starting %1 failed").arg(name));
}

Operation *MachineActions::stop(const QString &name)
{
    Error error;
    return started(m_operations->stop(name, &error), error, tr("Stopping %1 failed").arg(name));
}

Operation *MachineActions::restart(const QString &name)
{
    Error error;
    return started(m_operations->restart(name, &error), error, tr("Restarting %1 failed").arg(name));
}

Operation *MachineActions::remove(const QString &name)
{
    Error error;
    return started(m_operations->remove(name, false, &error), error, tr("Removing %1 failed").arg(name));
}

Operation *MachineActions::regenerateCerts(const QString &name)
{
    Error error;
    return started(m_operations->regenerateCerts(name, false, &error), error,
        tr("Regenerating the certificates of %1 failed").arg(name));
}

Operation *MachineActions::upgrade(const QString &name)
{
    Error error;
    return started(m_operations->upgrade(name, &error), error, tr("Upgrading %1 failed").arg(name));
}

void MachineActions::openShell(const QString &name)
{
    const MachineState state = m_model->displayedState(name);
    if (state == MachineState::Running) {
        QString error;
        if (!openShellNow(name, &error))
            Q_EMIT failed(tr("Opening a Docker shell for %1 failed").arg(name), error);
        return;
    }
    // Stopped: started first; starting already (by this app): the shell opens once it runs.
    Operation *operation = m_operations->running(name);
    if (!operation || operation->kind() != OperationKind::Start)
        operation = start(name);
    if (!operation)
        return;
    connect(operation, &Operation::finished, this, [this, name](bool ok) {
        QString error;
        if (ok && !openShellNow(name, &error))
            Q_EMIT failed(tr("Opening a Docker shell for %1 failed").arg(name), error);
    });
}

bool MachineActions::openShellNow(const QString &name, QString *error)
{
    MachineApi api(m_operations->storePath());
    EnvSettings env;
    Error apiError;
    if (!api.envSettings(name, &env, &apiError)) {
        *error = desktopText(apiError);
        return false;
    }
    // As `env --no-proxy`: the machine's address bypasses a proxy the user has set.
    const QString ip = api.ip(name, &apiError);
    if (!ip.isEmpty()
        && (qEnvironmentVariableIsSet("http_proxy") || qEnvironmentVariableIsSet("HTTP_PROXY")
            || qEnvironmentVariableIsSet("https_proxy") || qEnvironmentVariableIsSet("HTTPS_PROXY"))) {
        addToNoProxy(
            ip, qEnvironmentVariable("no_proxy"), qEnvironmentVariable("NO_PROXY"), &env.noProxyVar, &env.noProxyValue);
    }
    ShellSession session;
    session.variables = TerminalLauncher::shellVariables(env);
    session.banner = TerminalLauncher::shellBanner(name);
    session.command = m_shellCommand;
    session.keepShell = m_shellCommand.isEmpty();
    if (!TerminalLauncher::openShell(session, m_settings->terminal(), error))
        return false;
    Q_EMIT shellOpened(name);
    return true;
}

QString MachineActions::envCommand(const QString &name)
{
#ifdef Q_OS_WIN
    return QStringLiteral("& berth env %1 | Invoke-Expression").arg(name);
#else
    return QStringLiteral("eval \"$(berth env %1)\"").arg(name);
#endif
}

} // namespace berth::ui
