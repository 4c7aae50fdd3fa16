#include "engineconfig.h"

#include "ssh/sshsession.h"
#include "util/optionname.h"
#include "util/text.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

namespace berth {

using ssh::shellQuote;

namespace {

// systemd reads a unit line by line (LF, CR and NUL end one), expands specifiers (%) in the whole
// line, and then splits ExecStart= into words, unquoting and C-unescaping each; a lone ";" word
// starts another command, and "$NAME" in ExecStart= is replaced from the environment.
QString systemdWord(const QString &value, bool execStart)
{
    QString word = value;
    word.replace(QLatin1Char('%'), QStringLiteral("%%"));
    if (execStart) {
        word.replace(QLatin1Char('$'), QStringLiteral("$$"));
        if (word == QLatin1String(";"))
            return QStringLiteral("\\;");
    }
    static const QRegularExpression special(QStringLiteral("[\\s\"'\\\\]"));
    if (word.isEmpty() || word.contains(special)) {
        word.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
        return QLatin1Char('"') + word + QLatin1Char('"');
    }
    return word;
}

struct NamedList {
    const char *option;
    QStringList values;
};

QList<NamedList> dockerdWordLists(const EngineOptions &options)
{
    return {
        { "engine-opt", options.arbitraryFlags },
        { "engine-label", options.labels },
        { "engine-insecure-registry", options.insecureRegistry },
        { "engine-registry-mirror", options.registryMirror },
    };
}

} // namespace

QString remoteCertDir(InitSystem initSystem)
{
    return initSystem == InitSystem::Boot2Docker ? QStringLiteral("/var/lib/boot2docker")
                                                 : QStringLiteral("/etc/docker");
}

bool validateEngineOptions(const EngineOptions &options, QString *error)
{
    const auto controlRefused = [error](const char *option, const QString &value) {
        *error = tr("%1 \"%2\" contains a control character or line break, which would add lines to the engine's "
                    "configuration on the host. Remove it.")
                     .arg(optionName(QLatin1String(option)), visibleText(value));
        return false;
    };
    static const QRegularExpression unsafe(QStringLiteral("[\\s\"'\\\\`$]"));
    for (const NamedList &list : dockerdWordLists(options)) {
        for (const QString &value : list.values) {
            if (containsLineBreakOrControl(value))
                return controlRefused(list.option, value);
            if (value.isEmpty() || value.contains(unsafe)) {
                *error = tr("%1 \"%2\" cannot be empty or contain spaces, quotes, '$' or '\\'.")
                             .arg(optionName(QLatin1String(list.option)), value);
                return false;
            }
        }
    }
    if (containsLineBreakOrControl(options.storageDriver))
        return controlRefused("engine-storage-driver", options.storageDriver);
    // Storage drivers are names (overlay2, devicemapper, fuse-overlayfs); boot2docker's profile
    // assigns it unquoted.
    static const QRegularExpression driverName(QStringLiteral("\\A[A-Za-z0-9._-]*\\z"));
    if (!driverName.match(options.storageDriver).hasMatch()) {
        *error = tr("%1 \"%2\" is not a storage driver name.")
                     .arg(optionName(QStringLiteral("engine-storage-driver")), options.storageDriver);
        return false;
    }
    static const QRegularExpression envName(QStringLiteral("\\A[A-Za-z_][A-Za-z0-9_]*="));
    for (const QString &env : options.env) {
        if (containsLineBreakOrControl(env))
            return controlRefused("engine-env", env);
        if (!envName.match(env).hasMatch()) {
            *error = tr("%1 \"%2\" must be NAME=value.").arg(optionName(QStringLiteral("engine-env")), env);
            return false;
        }
    }
    return true;
}

bool validateEngineOptions(InitSystem initSystem, const EngineOptions &options, QString *error)
{
    if (!validateEngineOptions(options, error))
        return false;
    if (initSystem == InitSystem::Systemd)
        return true;
    // An init script expands DOCKER_OPTS (boot2docker: EXTRA_ARGS) unquoted, OpenRC through eval:
    // shell syntax there would be run. Globbing is off in /etc/default/docker, not in boot2docker's
    // profile, which other boot scripts read too.
    const QString refused
        = initSystem == InitSystem::Boot2Docker ? QStringLiteral(";&|<>()#~{}!*?[]") : QStringLiteral(";&|<>()#~{}!");
    for (const NamedList &list : dockerdWordLists(options)) {
        for (const QString &value : list.values) {
            for (const QChar c : refused) {
                if (value.contains(c)) {
                    *error = tr("%1 \"%2\" contains '%3', which the host's init script would read as shell syntax "
                                "(it passes the engine's options through the shell unquoted). Leave it out on this "
                                "host, or use a host with systemd.")
                                 .arg(optionName(QLatin1String(list.option)), value, c);
                    return false;
                }
            }
        }
    }
    return true;
}

QStringList dockerdArguments(const EngineConfig &c)
{
    QStringList args;
    args << QStringLiteral("-H") << QStringLiteral("tcp://0.0.0.0:") + QString::number(c.port);
    args << QStringLiteral("-H")
         << (c.socketActivation ? QStringLiteral("fd://") : QStringLiteral("unix:///var/run/docker.sock"));
    if (!c.options.storageDriver.isEmpty())
        args << QStringLiteral("--storage-driver") << c.options.storageDriver;
    args << QStringLiteral("--tlsverify") << QStringLiteral("--tlscacert") << c.caCertPath
         << QStringLiteral("--tlscert") << c.serverCertPath << QStringLiteral("--tlskey") << c.serverKeyPath;
    args << QStringLiteral("--label") << QStringLiteral("provider=") + c.driverName;
    for (const QString &label : c.options.labels)
        args << QStringLiteral("--label") << label;
    for (const QString &registry : c.options.insecureRegistry)
        args << QStringLiteral("--insecure-registry") << registry;
    for (const QString &mirror : c.options.registryMirror)
        args << QStringLiteral("--registry-mirror") << mirror;
    // docker-machine's --engine-opt takes "name=value" or "name" and prefixes the dashes.
    for (const QString &flag : c.options.arbitraryFlags)
        args << QStringLiteral("--") + flag;
    return args;
}

QString systemdDropIn(const EngineConfig &c)
{
    QStringList words { systemdWord(c.dockerdPath, true) };
    for (const QString &arg : dockerdArguments(c))
        words << systemdWord(arg, true);
    QString text = QStringLiteral("# Written by Berth: dockerd with TLS on port %1.\n[Service]\nExecStart=\nExecStart=")
                       .arg(c.port);
    text += words.join(QLatin1Char(' ')) + QLatin1Char('\n');
    text += QStringLiteral("Environment=");
    for (const QString &env : c.options.env)
        text += QLatin1Char(' ') + systemdWord(env, false);
    text += QLatin1Char('\n');
    return text;
}

QString sysvDefaults(const EngineConfig &c)
{
    // The init script expands $DOCKER_OPTS unquoted: words split on spaces, which validateEngineOptions keeps
    // out, and "*", "?" and "[" would match file names: the script reads this file, so globbing is off for it.
    QString text = QStringLiteral("# Written by Berth: dockerd with TLS on port %1.\nset -f\n").arg(c.port);
    text += QStringLiteral("DOCKER_OPTS=") + shellQuote(dockerdArguments(c).join(QLatin1Char(' '))) + QLatin1Char('\n');
    for (const QString &env : c.options.env) {
        const qsizetype eq = env.indexOf(QLatin1Char('='));
        text += QStringLiteral("export ") + env.left(eq) + QLatin1Char('=') + shellQuote(env.mid(eq + 1))
            + QLatin1Char('\n');
    }
    return text;
}

QString boot2dockerProfile(const EngineConfig &c)
{
    QString extra;
    for (const QString &label : QStringList(QStringLiteral("provider=") + c.driverName) + c.options.labels)
        extra += QStringLiteral("--label ") + label + QLatin1Char('\n');
    for (const QString &registry : c.options.insecureRegistry)
        extra += QStringLiteral("--insecure-registry ") + registry + QLatin1Char('\n');
    for (const QString &mirror : c.options.registryMirror)
        extra += QStringLiteral("--registry-mirror ") + mirror + QLatin1Char('\n');
    for (const QString &flag : c.options.arbitraryFlags)
        extra += QStringLiteral("--") + flag + QLatin1Char('\n');
    QString text = QStringLiteral("EXTRA_ARGS='\n") + extra + QStringLiteral("\n'\n");
    text += QStringLiteral("CACERT=") + c.caCertPath + QLatin1Char('\n');
    text += QStringLiteral("DOCKER_HOST='-H tcp://0.0.0.0:") + QString::number(c.port) + QStringLiteral("'\n");
    text += QStringLiteral("DOCKER_STORAGE=")
        + (c.options.storageDriver.isEmpty() ? QStringLiteral("overlay2") : c.options.storageDriver)
        + QLatin1Char('\n');
    text += QStringLiteral("DOCKER_TLS=auto\n");
    text += QStringLiteral("SERVERKEY=") + c.serverKeyPath + QLatin1Char('\n');
    text += QStringLiteral("SERVERCERT=") + c.serverCertPath + QStringLiteral("\n\n");
    for (const QString &env : c.options.env)
        text += QStringLiteral("export ") + shellQuote(env) + QLatin1Char('\n');
    return text;
}

QStringList daemonJsonFlagKeys(const EngineOptions &options)
{
    QStringList keys { QStringLiteral("hosts"), QStringLiteral("tlsverify"), QStringLiteral("tlscacert"),
        QStringLiteral("tlscert"), QStringLiteral("tlskey"), QStringLiteral("labels") };
    if (!options.storageDriver.isEmpty())
        keys << QStringLiteral("storage-driver");
    if (!options.insecureRegistry.isEmpty())
        keys << QStringLiteral("insecure-registries");
    if (!options.registryMirror.isEmpty())
        keys << QStringLiteral("registry-mirrors");
    // dockerd's flags whose key is not their name: its one-letter ones, and the lists, whose key is a plural
    // (dockerd's own "named options"). --add-runtime's "runtimes" may be in both.
    static const QHash<QString, QString> keyOf {
        { QStringLiteral("H"), QStringLiteral("hosts") },
        { QStringLiteral("host"), QStringLiteral("hosts") },
        { QStringLiteral("D"), QStringLiteral("debug") },
        { QStringLiteral("G"), QStringLiteral("group") },
        { QStringLiteral("b"), QStringLiteral("bridge") },
        { QStringLiteral("l"), QStringLiteral("log-level") },
        { QStringLiteral("p"), QStringLiteral("pidfile") },
        { QStringLiteral("label"), QStringLiteral("labels") },
        { QStringLiteral("insecure-registry"), QStringLiteral("insecure-registries") },
        { QStringLiteral("registry-mirror"), QStringLiteral("registry-mirrors") },
        { QStringLiteral("log-opt"), QStringLiteral("log-opts") },
        { QStringLiteral("exec-opt"), QStringLiteral("exec-opts") },
        { QStringLiteral("storage-opt"), QStringLiteral("storage-opts") },
        { QStringLiteral("dns-opt"), QStringLiteral("dns-opts") },
        { QStringLiteral("default-ulimit"), QStringLiteral("default-ulimits") },
        { QStringLiteral("authorization-plugin"), QStringLiteral("authorization-plugins") },
        { QStringLiteral("default-address-pool"), QStringLiteral("default-address-pools") },
        { QStringLiteral("node-generic-resource"), QStringLiteral("node-generic-resources") },
        { QStringLiteral("cdi-spec-dir"), QStringLiteral("cdi-spec-dirs") },
        { QStringLiteral("feature"), QStringLiteral("features") },
        { QStringLiteral("add-runtime"), QString() },
    };
    for (const QString &flag : options.arbitraryFlags) {
        QString name = flag.section(QLatin1Char('='), 0, 0);
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        const QString key = keyOf.value(name, name);
        if (!key.isEmpty() && !keys.contains(key))
            keys << key;
    }
    return keys;
}

QByteArray installFilesScript(
    const QList<RemoteFile> &files, bool reloadSystemd, const QStringList &flagKeys, const QString &daemonJsonPath)
{
    QByteArray script = "set -u\numask 077\nchanged_units=\n";
    // A rough match, as dockerd's own check is by key: "KEY" anywhere in the file.
    for (const QString &key : flagKeys)
        script += "if grep -qsF " + shellQuote(QLatin1Char('"') + key + QLatin1Char('"')).toUtf8() + ' '
            + shellQuote(daemonJsonPath).toUtf8() + "; then echo " + shellQuote(key).toUtf8() + " >&2; exit "
            + QByteArray::number(installConflictExitCode) + "; fi\n";
    // put PATH MODE < base64 of the content
    script += "put() {\n"
              "    mkdir -p \"$(dirname \"$1\")\" && base64 -d >\"$1.berth-tmp\" && chmod \"$2\" \"$1.berth-tmp\" ||\n"
              "        { rm -f \"$1.berth-tmp\"; echo \"cannot write $1\" >&2; exit 1; }\n"
              "    if cmp -s \"$1.berth-tmp\" \"$1\"; then rm -f \"$1.berth-tmp\"; chmod \"$2\" \"$1\"; return 0; fi\n"
              "    mv -f \"$1.berth-tmp\" \"$1\" || { rm -f \"$1.berth-tmp\"; echo \"cannot write $1\" >&2; exit 1; }\n"
              "    echo \"changed $1\"\n"
              "    case $1 in */etc/systemd/*) changed_units=1 ;; esac\n"
              "}\n";
    for (const RemoteFile &file : files) {
        script
            += "put " + shellQuote(file.path).toUtf8() + ' ' + QByteArray::number(file.mode, 8) + " <<'BERTH_BASE64'\n";
        // base64's alphabet never forms the delimiter; 76 columns as base64(1) writes.
        const QByteArray encoded = file.data.toBase64();
        for (qsizetype at = 0; at < encoded.size(); at += 76)
            script += encoded.mid(at, 76) + '\n';
        script += "BERTH_BASE64\n";
    }
    if (reloadSystemd) {
        // Each reload costs more than a second of CPU on a small VM: only when a unit changed.
        script += "if [ -n \"$changed_units\" ]; then systemctl daemon-reload || exit "
            + QByteArray::number(installSystemctlExitCode) + "; fi\n";
        script += "systemctl is-enabled -q docker 2>/dev/null || systemctl enable -q docker || exit "
            + QByteArray::number(installSystemctlExitCode) + "\n";
        script += "echo \"engine=$(systemctl is-active docker 2>/dev/null)\"\n";
    }
    script += "exit 0\n";
    return script;
}

QStringList withProxyPasswords(const QStringList &env, const std::function<QString(const QString &host)> &passwordFor)
{
    QStringList result;
    for (const QString &entry : env) {
        const int equals = int(entry.indexOf(QLatin1Char('=')));
        const QString name = entry.left(equals).toUpper();
        if (equals > 0 && (name == QLatin1String("HTTP_PROXY") || name == QLatin1String("HTTPS_PROXY"))) {
            QUrl url(entry.mid(equals + 1));
            if (url.isValid() && !url.userName().isEmpty() && url.password().isEmpty()) {
                const QString password = passwordFor(url.host());
                if (!password.isEmpty()) {
                    url.setPassword(password);
                    result << entry.left(equals + 1) + url.toString();
                    continue;
                }
            }
        }
        result << entry;
    }
    return result;
}

} // namespace berth
