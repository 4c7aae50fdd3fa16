#include "commands.h"

#include "api/machineapi.h"
#include "format/gotemplate.h"
#include "format/tabwriter.h"
#include "interrupt.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>
#include <functional>

namespace berth::cli {

namespace {

void out(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void err(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

// Steps go to stdout as docker-machine prints them; details only with --debug.
class ConsoleProgress final : public Progress {
public:
    // Where a step goes: standard output, standard error, or, for a command whose output docker-machine
    // fixed without steps (rm), only where --debug sends details.
    enum class Steps { ToStdout, ToStderr, AsDetail };
    explicit ConsoleProgress(bool debug, Steps steps = Steps::ToStdout)
        : m_debug(debug)
        , m_steps(steps)
        , m_interrupt(this,
              tr("\nCanceling: Berth undoes what the command did so far. Press Ctrl+C again to stop at once.\n")
                  .toLocal8Bit())
    {
    }
    void step(const QString &message) override
    {
        switch (m_steps) {
        case Steps::ToStdout:
            out(message + QLatin1Char('\n'));
            break;
        case Steps::ToStderr:
            err(message + QLatin1Char('\n'));
            break;
        case Steps::AsDetail:
            detail(message);
            break;
        }
    }
    void detail(const QString &message) override
    {
        if (m_debug)
            err(message.trimmed() + QLatin1Char('\n'));
    }

private:
    bool m_debug;
    Steps m_steps;
    InterruptScope m_interrupt; // Ctrl+C cancels the operation reporting here
};

int exitCodeFor(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::PreCreateCheck:
        return 3;
    case ErrorKind::Canceled:
        return 130; // as a shell reports a command that Ctrl+C ended
    default:
        return 1;
    }
}

// The engine's message, and what to do about it in the CLI's words.
QString cliText(const Error &error)
{
    const QString &name = error.machine;
    // docker-machine's words around create's failures, which scripts may match.
    QString message = error.message;
    if (error.kind == ErrorKind::InvalidOption)
        message = tr("Error setting machine configuration from flags provided: %1").arg(error.message);
    else if (error.kind == ErrorKind::PreCreateCheck)
        message = tr("Error with pre-create check: \"%1\"").arg(error.message);
    switch (error.remedy) {
    case Remedy::None:
        break;
    case Remedy::ListOrCreate:
        // docker-machine's words, on the same line: scripts match them.
        return message + QLatin1Char(' ')
            + tr("Use \"berth ls\" to list machines. Use \"berth create\" to add a new one.");
    case Remedy::Remove:
        return message + QLatin1Char('\n') + tr("Remove it with \"berth rm %1\".").arg(name);
    case Remedy::ForceRemove:
        return message + QLatin1Char('\n') + tr("Remove it from the store anyway with \"berth rm -f %1\".").arg(name);
    case Remedy::ChooseStore:
        return message + QLatin1Char('\n') + tr("Choose another store with -s/--storage-path or MACHINE_STORAGE_PATH.");
    case Remedy::RegenerateCerts:
        return message + QLatin1Char('\n') + tr("Run \"berth regenerate-certs %1\" to make new ones.").arg(name);
    case Remedy::NativeSsh:
        return message + QLatin1Char('\n') + tr("Use --native-ssh for Berth's built-in SSH client.");
    }
    return message;
}

int failWith(const Error &error)
{
    err(cliText(error) + QLatin1Char('\n'));
    return exitCodeFor(error);
}

int failWith(const QString &message)
{
    err(message + QLatin1Char('\n'));
    return 1;
}

struct Context {
    MachineApi &api;
    ParsedCommand &command;
    bool debug;
    bool nativeSsh = false; // --native-ssh: libssh even where OpenSSH's client is installed
};

using Handler = std::function<int(Context &)>;

struct Command {
    CommandSpec spec;
    Handler handler;
};

// The machine a command acts on: the one named, else "default".
QString targetName(const ParsedCommand &command)
{
    return command.arguments.isEmpty() ? QStringLiteral("default") : command.arguments.first();
}

QStringList targetNames(const ParsedCommand &command)
{
    return command.arguments.isEmpty() ? QStringList { QStringLiteral("default") } : command.arguments;
}

bool confirm(const QString &question)
{
    out(question);
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

// For start, stop, restart, kill, provision: each machine in turn, errors collected, exit 1 if any.
int forEachMachine(Context &c, const std::function<bool(const QString &, Progress *, Error *)> &action)
{
    ConsoleProgress progress(c.debug);
    int code = 0;
    for (const QString &name : targetNames(c.command)) {
        Error error;
        if (!action(name, &progress, &error))
            code = failWith(error);
        if (progress.isCanceled())
            break; // Ctrl+C: the machines after it are left as they are
    }
    return code;
}

int cmdCreate(Context &c)
{
    if (c.command.arguments.size() != 1)
        return failWith(tr("Error: No machine name specified. Usage: berth create -d DRIVER [OPTIONS] NAME"));
    CreateOptions options;
    options.name = c.command.arguments.first();
    options.driverName = c.command.value(QStringLiteral("driver"));
    if (options.driverName.isEmpty()) {
        QStringList names;
        for (const DriverDescription &info : MachineApi::drivers())
            names << info.name;
        return failWith(tr("Choose a driver with -d: %1.").arg(names.join(QStringLiteral(", "))));
    }
    for (const DriverDescription &info : MachineApi::drivers()) {
        for (const DriverFlag &flag : info.flags) {
            if (c.command.isSet(flag.name))
                options.driverFlags.insert(flag.name, c.command.list(flag.name));
        }
    }
    options.engine.arbitraryFlags = c.command.list(QStringLiteral("engine-opt"));
    options.engine.env = c.command.list(QStringLiteral("engine-env"));
    options.engine.insecureRegistry = c.command.list(QStringLiteral("engine-insecure-registry"));
    options.engine.labels = c.command.list(QStringLiteral("engine-label"));
    options.engine.registryMirror = c.command.list(QStringLiteral("engine-registry-mirror"));
    options.engine.storageDriver = c.command.value(QStringLiteral("engine-storage-driver"));
    options.engine.installUrl
        = c.command.value(QStringLiteral("engine-install-url"), QStringLiteral("https://get.docker.com"));
    options.tlsSans = c.command.list(QStringLiteral("tls-san"));
    ConsoleProgress progress(c.debug);
    Error error;
    if (!c.api.create(options, &progress, &error))
        return failWith(error);
    return 0;
}

int cmdRm(Context &c)
{
    if (c.command.arguments.isEmpty())
        return failWith(tr("Error: Expected to get one or more machine names as arguments"));
    const bool force = c.command.isSet(QStringLiteral("force"));
    const bool yes = c.command.isSet(QStringLiteral("y"));
    int code = 0;
    for (const QString &name : c.command.arguments) {
        if (!yes && !force) {
            out(tr("About to remove %1\nWARNING: This action will delete both local reference and remote instance.\n")
                    .arg(name));
            if (!confirm(tr("Are you sure? (y/n): "))) {
                out(tr("Aborting\n"));
                continue;
            }
        }
        Error error;
        ConsoleProgress progress(c.debug, ConsoleProgress::Steps::AsDetail);
        if (c.api.remove(name, force, &progress, &error))
            out(tr("Successfully removed %1\n").arg(name));
        else
            code = failWith(error);
        if (progress.isCanceled())
            break;
    }
    return code;
}

int cmdLs(Context &c)
{
    bool ok = false;
    const int timeout = c.command.value(QStringLiteral("timeout"), QStringLiteral("10")).toInt(&ok);
    if (!ok || timeout <= 0)
        return failWith(tr("--timeout must be a number of seconds greater than 0."));

    // Filters: the same key ORs, different keys AND, as in docker-machine.
    QMap<QString, QStringList> filters;
    for (const QString &filter : c.command.list(QStringLiteral("filter"))) {
        const qsizetype eq = filter.indexOf(QLatin1Char('='));
        const QString key = filter.left(eq).toLower();
        if (eq <= 0
            || !QStringList { QStringLiteral("driver"), QStringLiteral("state"), QStringLiteral("name"),
                QStringLiteral("label"), QStringLiteral("swarm") }
                    .contains(key))
            return failWith(
                tr("Unsupported filter key '%1'. Use driver=, state=, name=, label= or swarm=.").arg(filter));
        filters[key] << filter.mid(eq + 1);
    }

    QString format = c.command.value(QStringLiteral("format"));
    if (c.command.isSet(QStringLiteral("quiet")))
        format = QStringLiteral("{{.Name}}");
    else if (format.isEmpty())
        format = QStringLiteral(
            "table {{ .Name }}\t{{ .Active }}\t{{ .DriverName}}\t{{ .State }}\t{{ .URL }}\t{{ .Swarm }}\t"
            "{{ .DockerVersion }}\t{{ .Error }}");
    // As docker-machine's parseFormat: "table" prefix, spaces trimmed, \t and \n as written, a newline added.
    const bool table = format.startsWith(QLatin1String("table"));
    if (table)
        format = format.mid(5);
    while (format.startsWith(QLatin1Char(' ')))
        format.remove(0, 1);
    while (format.endsWith(QLatin1Char(' ')))
        format.chop(1);
    format.replace(QStringLiteral("\\t"), QStringLiteral("\t")).replace(QStringLiteral("\\n"), QStringLiteral("\n"));
    GoTemplate tmpl;
    QString message;
    if (!tmpl.parse(format, &message))
        return failWith(message);

    // Names alone need no engine, and a state only for a state filter: docker-machine's quiet mode asks
    // neither, and so `ls -q` stays fast however many machines there are.
    const bool quiet = c.command.isSet(QStringLiteral("quiet"));
    const MachineApi::ListDetail detail = !quiet    ? MachineApi::ListDetail::Engine
        : filters.contains(QStringLiteral("state")) ? MachineApi::ListDetail::State
                                                    : MachineApi::ListDetail::Config;
    const QList<MachineListEntry> entries = c.api.list(timeout, qEnvironmentVariable("DOCKER_HOST"), detail);
    QString text;
    if (table) {
        static const QMap<QString, QString> headers {
            { QStringLiteral("Name"), QStringLiteral("NAME") },
            { QStringLiteral("Active"), QStringLiteral("ACTIVE") },
            { QStringLiteral("ActiveHost"), QStringLiteral("ACTIVE_HOST") },
            { QStringLiteral("ActiveSwarm"), QStringLiteral("ACTIVE_SWARM") },
            { QStringLiteral("DriverName"), QStringLiteral("DRIVER") },
            { QStringLiteral("State"), QStringLiteral("STATE") },
            { QStringLiteral("URL"), QStringLiteral("URL") },
            { QStringLiteral("Swarm"), QStringLiteral("SWARM") },
            { QStringLiteral("DockerVersion"), QStringLiteral("DOCKER") },
            { QStringLiteral("Error"), QStringLiteral("ERRORS") },
            { QStringLiteral("ResponseTime"), QStringLiteral("RESPONSE") },
        };
        QJsonObject headerRow;
        for (auto it = headers.begin(); it != headers.end(); ++it)
            headerRow.insert(it.key(), it.value());
        QString line;
        if (!tmpl.render(headerRow, &line, &message, GoTemplate::Data::Map))
            return failWith(message);
        text += line + QLatin1Char('\n');
    }
    for (const MachineListEntry &e : entries) {
        const QString state = machineStateName(e.state);
        auto matches = [&](const QString &key, const std::function<bool(const QString &)> &test) {
            const QStringList values = filters.value(key);
            return values.isEmpty() || std::any_of(values.begin(), values.end(), test);
        };
        if (!matches(QStringLiteral("driver"),
                [&](const QString &v) { return v.compare(e.driverName, Qt::CaseInsensitive) == 0; })
            || !matches(
                QStringLiteral("state"), [&](const QString &v) { return v.compare(state, Qt::CaseInsensitive) == 0; })
            || !matches(QStringLiteral("name"),
                [&](const QString &v) { return QRegularExpression(v).match(e.name).hasMatch(); })
            || !matches(QStringLiteral("label"), [&](const QString &v) { return e.labels.contains(v); })
            || !matches(QStringLiteral("swarm"), [](const QString &) { return false; }))
            continue;
        const QJsonObject row {
            { QStringLiteral("Name"), e.name },
            { QStringLiteral("Active"), e.active ? QStringLiteral("*") : QStringLiteral("-") },
            { QStringLiteral("ActiveHost"), e.active },
            { QStringLiteral("ActiveSwarm"), false },
            { QStringLiteral("DriverName"), e.driverName },
            { QStringLiteral("State"), state },
            { QStringLiteral("URL"), e.url },
            { QStringLiteral("Swarm"), QString() },
            { QStringLiteral("DockerVersion"), e.dockerVersion },
            { QStringLiteral("Error"), e.error.section(QLatin1Char('\n'), 0, 0) },
            { QStringLiteral("ResponseTime"), QString(QString::number(e.responseTimeMs) + QStringLiteral("ms")) },
        };
        QString line;
        if (!tmpl.render(row, &line, &message))
            return failWith(message);
        text += line + QLatin1Char('\n');
    }
    out(table ? alignColumns(text) : text);
    return 0;
}

int cmdEnv(Context &c)
{
    const bool unset = c.command.isSet(QStringLiteral("unset"));
    if (unset && !c.command.arguments.isEmpty())
        return failWith(tr("Error: Expected no machine name when the -u flag is present"));
    if (c.command.arguments.size() > 1)
        return failWith(tr("Error: Expected one machine name as an argument"));
    EnvSettings settings;
    QString message;
    settings.shell = c.command.value(QStringLiteral("shell"));
    if (settings.shell.isEmpty()) {
        QString notice;
        settings.shell = detectShell(&message, &notice);
        // docker-machine prints this advice to stdout, where eval would run it; it is for the user.
        if (!notice.isEmpty())
            err(notice);
    }
    if (settings.shell.isEmpty())
        return failWith(message);
    settings.unset = unset;
    settings.commandLine = QCoreApplication::arguments();
#ifdef Q_OS_WIN
    settings.composeWindowsPaths = !unset; // docker-machine sets it on Windows and never unsets it
#endif
    QString ip;
    if (!unset) {
        Error error;
        if (!c.api.envSettings(targetName(c.command), &settings, &error))
            return failWith(error);
        if (c.command.isSet(QStringLiteral("no-proxy"))) {
            ip = c.api.ip(targetName(c.command), &error);
            if (ip.isEmpty())
                return failWith(error);
        }
    }
    if (c.command.isSet(QStringLiteral("no-proxy"))) {
        addToNoProxy(ip, qEnvironmentVariable("no_proxy"), qEnvironmentVariable("NO_PROXY"), &settings.noProxyVar,
            &settings.noProxyValue);
    }
    QString problem;
    if (!envPrintable(settings, &problem))
        return failWith(problem);
    out(renderEnv(settings));
    return 0;
}

int cmdIp(Context &c)
{
    int code = 0;
    for (const QString &name : targetNames(c.command)) {
        Error error;
        const QString ip = c.api.ip(name, &error);
        if (ip.isEmpty())
            code = failWith(error);
        else
            out(ip + QLatin1Char('\n'));
    }
    return code;
}

int cmdUrl(Context &c)
{
    if (c.command.arguments.size() > 1)
        return failWith(tr("Error: Expected one machine name as an argument"));
    Error error;
    const QString url = c.api.url(targetName(c.command), &error);
    if (url.isEmpty())
        return failWith(error);
    out(url + QLatin1Char('\n'));
    return 0;
}

int cmdStatus(Context &c)
{
    Error error;
    MachineState state = MachineState::None;
    if (!c.api.state(targetName(c.command), &state, &error))
        return failWith(error);
    out(machineStateName(state) + QLatin1Char('\n'));
    return 0;
}

int cmdActive(Context &c)
{
    Error error;
    const QString name = c.api.active(qEnvironmentVariable("DOCKER_HOST"), &error);
    if (name.isEmpty())
        return failWith(error);
    out(name + QLatin1Char('\n'));
    return 0;
}

// Not docker-machine's: the machine's Docker context becomes the Docker CLI's current one, as `docker context use`
// (the context's name on stdout, the news on stderr).
int cmdUse(Context &c)
{
    Error error;
    if (c.command.isSet(QStringLiteral("unset"))) {
        if (!c.command.arguments.isEmpty())
            return failWith(tr("Error: \"berth use --unset\" takes no machine name."));
        if (!c.api.unsetContext(&error))
            return failWith(error);
        err(tr("The Docker CLI's current context is its default again.\n"));
        return 0;
    }
    if (c.command.arguments.size() > 1)
        return failWith(tr("Error: Expected one machine name: berth use [NAME]"));
    const QString context = c.api.useContext(targetName(c.command), &error);
    if (context.isEmpty())
        return failWith(error);
    out(context + QLatin1Char('\n'));
    err(tr("Current context is now \"%1\"; \"docker\" reaches machine \"%2\" without \"berth env\".\n")
            .arg(context, targetName(c.command)));
    // The Docker CLI takes DOCKER_HOST over its current context.
    if (!qEnvironmentVariableIsEmpty("DOCKER_HOST"))
        err(tr("DOCKER_HOST is set in this shell and wins over the current context: run \"eval $(berth env -u)\" "
               "to unset it.\n"));
    return 0;
}

int cmdConfig(Context &c)
{
    QString text;
    Error error;
    if (!c.api.configText(targetName(c.command), &text, &error))
        return failWith(error);
    out(text);
    return 0;
}

int cmdInspect(Context &c)
{
    QJsonObject json;
    Error error;
    if (!c.api.inspect(targetName(c.command), &json, &error))
        return failWith(error);
    const QString format = c.command.value(QStringLiteral("format"));
    if (format.isEmpty()) {
        out(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
        return 0;
    }
    // docker-machine runs the template on the host decoded from JSON into maps.
    GoTemplate tmpl;
    QString text, message;
    if (!tmpl.parse(format, &message))
        return failWith(tr("template parsing error: %1").arg(message));
    if (!tmpl.render(json, &text, &message, GoTemplate::Data::Map))
        return failWith(message);
    out(text + QLatin1Char('\n'));
    return 0;
}

int cmdRegenerateCerts(Context &c)
{
    const bool clientCerts = c.command.isSet(QStringLiteral("client-certs"));
    if (!c.command.isSet(QStringLiteral("force"))) {
        const QString question = clientCerts
            ? tr("Regenerate TLS machine certs?  Warning: this is irreversible. The CA and client certificate are "
                 "replaced too, so every other machine needs its certs regenerated. (y/n): ")
            : tr("Regenerate TLS machine certs?  Warning: this is irreversible. (y/n): ");
        if (!confirm(question))
            return 0;
    }
    return forEachMachine(c, [&](const QString &name, Progress *progress, Error *error) {
        return c.api.regenerateCerts(name, clientCerts, progress, error);
    });
}

int cmdSsh(Context &c)
{
    Error error;
    // After the name: ssh's own options, `--`, then the remote command.
    const int code = c.api.ssh(targetName(c.command), c.command.arguments.mid(1), c.nativeSsh, &error);
    return code < 0 ? failWith(error) : code;
}

int cmdScp(Context &c)
{
    if (c.command.arguments.size() != 2)
        return failWith(tr("Error: Expected two arguments: berth scp [-r] [MACHINE:]SOURCE [MACHINE:]DESTINATION"));
    // "name:path" names a machine unless it looks like a local path (C:\ on Windows, ./a:b).
    auto split = [&](const QString &arg, QString *machine, QString *path) {
        // \A..\z and any character in the path: `$` would match before a final newline and drop it.
        static const QRegularExpression remote(
            QStringLiteral("\\A([A-Za-z0-9][A-Za-z0-9.-]*):(.*)\\z"), QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch m = remote.match(arg);
        if (m.hasMatch() && m.captured(1).size() > 1) {
            *machine = m.captured(1);
            *path = m.captured(2).isEmpty() ? QStringLiteral(".") : m.captured(2);
        } else {
            machine->clear();
            *path = arg;
        }
    };
    QString srcMachine, srcPath, dstMachine, dstPath;
    split(c.command.arguments.at(0), &srcMachine, &srcPath);
    split(c.command.arguments.at(1), &dstMachine, &dstPath);
    if (srcMachine.isEmpty() && dstMachine.isEmpty())
        return failWith(tr("Error: neither argument names a machine (MACHINE:PATH); use cp for local copies."));
    Error error;
    // Machine to machine goes through this computer, as docker-machine's `scp -3` did.
    return c.api.copy(srcMachine, srcPath, dstMachine, dstPath, c.command.isSet(QStringLiteral("recursive")), &error)
        ? 0
        : failWith(error);
}

int cmdVersion(Context &c)
{
    if (c.command.arguments.isEmpty()) {
        out(QStringLiteral("berth version %1, build %2\n")
                .arg(QStringLiteral(BERTH_VERSION), QStringLiteral(BERTH_BUILD)));
        return 0;
    }
    // `version NAME` prints the machine's Docker version, as docker-machine does.
    if (c.command.arguments.size() > 1)
        return failWith(tr("Error: Expected one machine name as an argument"));
    Error error;
    const QString version = c.api.dockerVersion(c.command.arguments.first(), 10, &error);
    if (version.isEmpty())
        return failWith(error);
    out(version + QLatin1Char('\n'));
    return 0;
}

QList<Command> &commands();

QString globalUsage()
{
    QString text = tr("Usage: berth [OPTIONS] COMMAND [arg...]\n\nCreate and manage machines running Docker.\n\n"
                      "Version: %1, build %2\n\nOptions:\n")
                       .arg(QStringLiteral(BERTH_VERSION), QStringLiteral(BERTH_BUILD));
    text += QStringLiteral("  --debug, -D\t%1\n").arg(tr("Enable debug mode"));
    text += QStringLiteral("  --storage-path, -s \"%1\"\t%2 [$MACHINE_STORAGE_PATH]\n")
                .arg(QDir::toNativeSeparators(MachineStore::defaultRootPath()), tr("Configures storage path"));
    text += QStringLiteral("  --help, -h\t%1\n  --version, -v\t%2\n\nCommands:\n")
                .arg(tr("show help"), tr("print the version"));
    for (const Command &command : commands())
        text += QStringLiteral("  ") + command.spec.name + QLatin1Char('\t') + command.spec.usage + QLatin1Char('\n');
    text += QStringLiteral("\n") + tr("Run 'berth COMMAND --help' for more information on a command.")
        + QLatin1Char('\n');
    return alignColumns(text, 0, 2);
}

QString commandUsage(const Command &command)
{
    QString text
        = tr("Usage: berth %1 [OPTIONS] %2\n\n%3\n").arg(command.spec.name, command.spec.arguments, command.spec.usage);
    if (command.spec.name == QLatin1String("create")) {
        text += tr("\nDrivers and their flags:\n");
        for (const DriverDescription &info : MachineApi::drivers())
            text += QStringLiteral("  -d %1\t%2\n").arg(info.name, info.description);
    }
    if (!command.spec.flags.isEmpty()) {
        text += tr("\nOptions:\n\n");
        for (const FlagSpec &flag : command.spec.flags) {
            text += QStringLiteral("   ") + flagDisplayNames(flag) + QLatin1Char('\t') + flag.usage;
            if (!flag.envVar.isEmpty())
                text += QStringLiteral(" [$") + flag.envVar + QLatin1Char(']');
            text += QLatin1Char('\n');
        }
    }
    return alignColumns(text, 0, 2);
}

int cmdHelp(Context &c)
{
    if (c.command.arguments.isEmpty()) {
        out(globalUsage());
        return 0;
    }
    for (const Command &command : commands()) {
        if (command.spec.name == c.command.arguments.first()) {
            out(commandUsage(command));
            return 0;
        }
    }
    return failWith(tr("No help topic for '%1'").arg(c.command.arguments.first()));
}

QList<FlagSpec> createFlags()
{
    QList<FlagSpec> flags {
        { QStringLiteral("driver, d"), true, false, tr("Driver to create machine with."), QString(),
            QStringLiteral("MACHINE_DRIVER") },
        { QStringLiteral("engine-install-url"), true, false,
            tr("Custom URL to use for engine installation (kept for docker-machine compatibility; Berth installs the "
               "distribution's package)"),
            QStringLiteral("https://get.docker.com"), QStringLiteral("MACHINE_DOCKER_INSTALL_URL") },
        { QStringLiteral("engine-opt"), true, true,
            tr("Specify arbitrary flags to include with the created engine in the form flag=value"), {}, {} },
        { QStringLiteral("engine-insecure-registry"), true, true,
            tr("Specify insecure registries to allow with the created engine"), {}, {} },
        { QStringLiteral("engine-registry-mirror"), true, true, tr("Specify registry mirrors to use"), {},
            QStringLiteral("ENGINE_REGISTRY_MIRROR") },
        { QStringLiteral("engine-label"), true, true, tr("Specify labels for the created engine"), {}, {} },
        { QStringLiteral("engine-storage-driver"), true, false, tr("Specify a storage driver to use with the engine"),
            {}, {} },
        { QStringLiteral("engine-env"), true, true, tr("Specify environment variables to set in the engine"), {}, {} },
        { QStringLiteral("tls-san"), true, true, tr("Support extra SANs for TLS certs"), {}, {} },
    };
    for (const DriverDescription &info : MachineApi::drivers()) {
        for (const DriverFlag &flag : info.flags) {
            const bool repeatable = flag.kind == DriverFlag::Kind::StringList;
            // The driver's text is marked for translation in the engine, and translated for the reader here.
            const QString usage = QCoreApplication::translate("berth", flag.usage.toUtf8().constData());
            flags << FlagSpec { flag.name, flag.kind != DriverFlag::Kind::Bool, repeatable, usage, flag.defaultValue,
                {} };
        }
    }
    return flags;
}

QList<Command> &commands()
{
    static QList<Command> all {
        { { QStringLiteral("active"), tr("Print which machine is active"), QString(), {} }, cmdActive },
        { { QStringLiteral("config"), tr("Print the connection config for machine"), QStringLiteral("[arg...]"),
              { { QStringLiteral("swarm"), false, false,
                  tr("Display the Swarm config instead of the Docker daemon") } } },
            cmdConfig },
        { { QStringLiteral("create"), tr("Create a machine"), QStringLiteral("NAME"), createFlags() }, cmdCreate },
        { { QStringLiteral("env"), tr("Display the commands to set up the environment for the Docker client"),
              QStringLiteral("[arg...]"),
              { { QStringLiteral("swarm"), false, false, tr("Display the Swarm config instead of the Docker daemon") },
                  { QStringLiteral("shell"), true, false,
                      tr("Force environment to be configured for a specified shell: [fish, cmd, powershell, tcsh, "
                         "emacs], default is auto-detect") },
                  { QStringLiteral("unset, u"), false, false, tr("Unset variables instead of setting them") },
                  { QStringLiteral("no-proxy"), false, false,
                      tr("Add machine IP to NO_PROXY environment variable") } } },
            cmdEnv },
        { { QStringLiteral("inspect"), tr("Inspect information about a machine"), QStringLiteral("[arg...]"),
              { { QStringLiteral("format, f"), true, false, tr("Format the output using the given go template.") } } },
            cmdInspect },
        { { QStringLiteral("ip"), tr("Get the IP address of a machine"), QStringLiteral("[arg...]"), {} }, cmdIp },
        { { QStringLiteral("kill"), tr("Kill a machine"), QStringLiteral("[arg...]"), {} },
            [](Context &c) {
                return forEachMachine(c, [&](const QString &n, Progress *p, Error *e) { return c.api.kill(n, p, e); });
            } },
        { { QStringLiteral("ls"), tr("List machines"), QString(),
              { { QStringLiteral("quiet, q"), false, false, tr("Enable quiet mode") },
                  { QStringLiteral("filter"), true, true, tr("Filter output based on conditions provided") },
                  { QStringLiteral("timeout, t"), true, false, tr("Timeout in seconds, default to 10s"),
                      QStringLiteral("10") },
                  { QStringLiteral("format, f"), true, false, tr("Pretty-print machines using a Go template") } } },
            cmdLs },
        { { QStringLiteral("provision"), tr("Re-provision existing machines"), QStringLiteral("[arg...]"), {} },
            [](Context &c) {
                return forEachMachine(
                    c, [&](const QString &n, Progress *p, Error *e) { return c.api.provision(n, p, e); });
            } },
        { { QStringLiteral("regenerate-certs"), tr("Regenerate TLS Certificates for a machine"),
              QStringLiteral("[arg...]"),
              { { QStringLiteral("force, f"), false, false, tr("Force rebuild and do not prompt") },
                  { QStringLiteral("client-certs"), false, false,
                      tr("Also regenerate client certificates and CA.") } } },
            cmdRegenerateCerts },
        { { QStringLiteral("restart"), tr("Restart a machine"), QStringLiteral("[arg...]"), {} },
            [](Context &c) {
                return forEachMachine(
                    c, [&](const QString &n, Progress *p, Error *e) { return c.api.restart(n, p, e); });
            } },
        { { QStringLiteral("rm"), tr("Remove a machine"), QStringLiteral("[arg...]"),
              { { QStringLiteral("force, f"), false, false,
                    tr("Remove local configuration even if machine cannot be removed, also implies an automatic yes "
                       "(`-y`)") },
                  { QStringLiteral("y"), false, false,
                      tr("Assumes automatic yes to proceed with remove, without prompting further user "
                         "confirmation") } } },
            cmdRm },
        { { QStringLiteral("ssh"), tr("Log into or run a command on a machine with SSH."), QStringLiteral("[arg...]"),
              {}, true },
            cmdSsh },
        { { QStringLiteral("scp"), tr("Copy files between machines"),
              QStringLiteral("[[user@]machine:][path] [[user@]machine:][path]."),
              { { QStringLiteral("recursive, r"), false, false,
                    tr("Copy files recursively (required to copy directories)") },
                  { QStringLiteral("delta, d"), false, false,
                      tr("Reduce amount of data sent over network by sending only the differences (accepted; Berth "
                         "always copies whole files)") },
                  { QStringLiteral("quiet, q"), false, false,
                      tr("Disables the progress meter as well as warning and diagnostic messages from ssh") } } },
            cmdScp },
        { { QStringLiteral("start"), tr("Start a machine"), QStringLiteral("[arg...]"), {} },
            [](Context &c) {
                const int code
                    = forEachMachine(c, [&](const QString &n, Progress *p, Error *e) { return c.api.start(n, p, e); });
                if (code == 0)
                    out(tr("Started machines may have new IP addresses. You may need to re-run the `berth env` "
                           "command.\n"));
                return code;
            } },
        { { QStringLiteral("status"), tr("Get the status of a machine"), QStringLiteral("[arg...]"), {} }, cmdStatus },
        { { QStringLiteral("stop"), tr("Stop a machine"), QStringLiteral("[arg...]"), {} },
            [](Context &c) {
                return forEachMachine(c, [&](const QString &n, Progress *p, Error *e) { return c.api.stop(n, p, e); });
            } },
        { { QStringLiteral("upgrade"), tr("Upgrade a machine to the newest Berth VM image, keeping its data"),
              QStringLiteral("[arg...]"),
              { { QStringLiteral("move"), false, false,
                  tr("For a Docker Toolbox machine: create NAME-berth of Berth's VM image, as big and on the same "
                     "hypervisor, and copy the machine's images into it") } } },
            [](Context &c) {
                const bool move = c.command.isSet(QStringLiteral("move"));
                return forEachMachine(c, [&](const QString &n, Progress *p, Error *e) {
                    return move ? c.api.moveToolboxMachine(n, p, e) : c.api.upgrade(n, p, e);
                });
            } },
        { { QStringLiteral("url"), tr("Get the URL of a machine"), QStringLiteral("[arg...]"), {} }, cmdUrl },
        { { QStringLiteral("use"), tr("Make a machine the Docker CLI's current context"), QStringLiteral("[arg]"),
              { { QStringLiteral("unset"), false, false,
                  tr("Make the Docker CLI's own default context the current one again") } } },
            cmdUse },
        { { QStringLiteral("version"), tr("Show the Berth version or a machine docker version"),
              QStringLiteral("[arg...]"), {} },
            cmdVersion },
        { { QStringLiteral("help"), tr("Shows a list of commands or help for one command"), QStringLiteral("[arg...]"),
              {} },
            cmdHelp },
    };
    return all;
}

} // namespace

int run(const QStringList &arguments)
{
    CommandSpec global { QString(), QString(), QString(),
        { { QStringLiteral("debug, D"), false, false, QString() },
            { QStringLiteral("storage-path, s"), true, false, QString(), QString(),
                QStringLiteral("MACHINE_STORAGE_PATH") },
            { QStringLiteral("help, h"), false, false, QString() },
            { QStringLiteral("version, v"), false, false, QString() },
            { QStringLiteral("native-ssh"), false, false, QString(), QString(),
                QStringLiteral("MACHINE_NATIVE_SSH") } },
        true };
    ParsedCommand globals;
    QString message;
    if (!parseFlags(global, arguments.mid(1), &globals, &message))
        return failWith(message);
    if (globals.isSet(QStringLiteral("version")) && globals.arguments.isEmpty()) {
        out(QStringLiteral("berth version %1, build %2\n")
                .arg(QStringLiteral(BERTH_VERSION), QStringLiteral(BERTH_BUILD)));
        return 0;
    }
    const bool debug = globals.isSet(QStringLiteral("debug"));
    // Qt enables debug output by default; Berth's shows only with --debug.
    QLoggingCategory::setFilterRules(
        debug ? QStringLiteral("berth.*.debug=true") : QStringLiteral("berth.*.debug=false\nberth.*.info=false"));
    if (globals.arguments.isEmpty() || globals.isSet(QStringLiteral("help"))) {
        out(globalUsage());
        return 0;
    }
    const QString name = globals.arguments.first();
    for (const Command &command : commands()) {
        if (command.spec.name != name)
            continue;
        const QStringList rest = globals.arguments.mid(1);
        if (!command.spec.flagsStopAtFirstArgument
            && (rest.contains(QStringLiteral("--help")) || rest.contains(QStringLiteral("-h")))) {
            out(commandUsage(command));
            return 0;
        }
        ParsedCommand parsed;
        if (!parseFlags(command.spec, rest, &parsed, &message))
            return failWith(message);
        const QString storePath = globals.value(QStringLiteral("storage-path"), MachineStore::defaultRootPath());
        MachineApi api(storePath);
        // A value from MACHINE_NATIVE_SSH counts as Go's strconv.ParseBool reads it.
        static const QStringList yes { QStringLiteral("true"), QStringLiteral("1"), QStringLiteral("t"),
            QStringLiteral("T"), QStringLiteral("TRUE"), QStringLiteral("True") };
        Context context { api, parsed, debug, yes.contains(globals.value(QStringLiteral("native-ssh"))) };
        return command.handler(context);
    }
    return failWith(tr("berth: '%1' is not a berth command.\nSee 'berth help'.").arg(name));
}

} // namespace berth::cli
