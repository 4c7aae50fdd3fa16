#include "terminallauncher.h"

#include "shell/envrenderer.h"
#include "util/text.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace berth {

namespace {

struct KindInfo {
    TerminalKind kind;
    TerminalPlatform platform;
    const char *id;
    const char *name;
};

// In each platform's order of preference.
const KindInfo kinds[] = {
    { TerminalKind::Custom, TerminalPlatform::Linux, "custom",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "The terminal TERMINAL names") },
    { TerminalKind::XTerminalEmulator, TerminalPlatform::Linux, "x-terminal-emulator",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "The system's default terminal (x-terminal-emulator)") },
    { TerminalKind::GnomeTerminal, TerminalPlatform::Linux, "gnome-terminal",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "GNOME Terminal") },
    { TerminalKind::Konsole, TerminalPlatform::Linux, "konsole",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "Konsole") },
    { TerminalKind::XTerm, TerminalPlatform::Linux, "xterm", QT_TRANSLATE_NOOP("berth::TerminalLauncher", "XTerm") },
    { TerminalKind::WindowsTerminal, TerminalPlatform::Windows, "windows-terminal",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "Windows Terminal") },
    { TerminalKind::PowerShell, TerminalPlatform::Windows, "powershell",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "PowerShell") },
    { TerminalKind::Cmd, TerminalPlatform::Windows, "cmd",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "Command Prompt (cmd)") },
    { TerminalKind::GitBash, TerminalPlatform::Windows, "git-bash",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "Git Bash") },
    { TerminalKind::TerminalApp, TerminalPlatform::MacOS, "terminal-app",
        QT_TRANSLATE_NOOP("berth::TerminalLauncher", "Terminal") },
    { TerminalKind::ITerm2, TerminalPlatform::MacOS, "iterm2", QT_TRANSLATE_NOOP("berth::TerminalLauncher", "iTerm2") },
};

const KindInfo &info(TerminalKind kind)
{
    for (const KindInfo &k : kinds) {
        if (k.kind == kind)
            return k;
    }
    Q_UNREACHABLE();
}

// --- finding ---

QStringList pathDirs(TerminalPlatform platform, const QProcessEnvironment &environment)
{
    const QChar separator = platform == TerminalPlatform::Windows ? QLatin1Char(';') : QLatin1Char(':');
    return environment.value(QStringLiteral("PATH")).split(separator, Qt::SkipEmptyParts);
}

QString inPath(const QString &name, const QStringList &dirs)
{
    return dirs.isEmpty() ? QString() : QStandardPaths::findExecutable(name, dirs);
}

// dir/relative when dir is set and the file is there. Windows' app execution aliases (wt.exe in
// WindowsApps) are reparse points that do not read as regular files, so existence is what counts.
QString existing(const QString &dir, const QString &relative)
{
    if (dir.isEmpty())
        return {};
    const QString path = dir + QLatin1Char('/') + relative;
    return QFileInfo::exists(path) && !QFileInfo(path).isDir() ? path : QString();
}

QString firstOf(const QStringList &candidates)
{
    for (const QString &candidate : candidates) {
        if (!candidate.isEmpty())
            return candidate;
    }
    return {};
}

QString findOnWindows(TerminalKind kind, const QProcessEnvironment &env, const QStringList &dirs)
{
    const QString programFiles = env.value(QStringLiteral("ProgramFiles"));
    const QString localAppData = env.value(QStringLiteral("LOCALAPPDATA"));
    const QString systemRoot = env.value(QStringLiteral("SystemRoot"));
    switch (kind) {
    case TerminalKind::WindowsTerminal:
        return firstOf({ inPath(QStringLiteral("wt.exe"), dirs),
            existing(localAppData, QStringLiteral("Microsoft/WindowsApps/wt.exe")) });
    case TerminalKind::PowerShell:
        // PowerShell 7 when the user installed it: it is the one they keep up to date.
        return firstOf(
            { inPath(QStringLiteral("pwsh.exe"), dirs), existing(programFiles, QStringLiteral("PowerShell/7/pwsh.exe")),
                inPath(QStringLiteral("powershell.exe"), dirs),
                existing(systemRoot, QStringLiteral("System32/WindowsPowerShell/v1.0/powershell.exe")) });
    case TerminalKind::Cmd: {
        const QString comSpec = env.value(QStringLiteral("ComSpec"));
        return firstOf({ QFileInfo(comSpec).isFile() ? comSpec : QString(),
            existing(systemRoot, QStringLiteral("System32/cmd.exe")), inPath(QStringLiteral("cmd.exe"), dirs) });
    }
    case TerminalKind::GitBash: {
        const QString bash = QStringLiteral("Git/bin/bash.exe");
        // git.exe in PATH is Git\cmd\git.exe of an installation elsewhere.
        const QString git = inPath(QStringLiteral("git.exe"), dirs);
        return firstOf({ existing(programFiles, bash), existing(env.value(QStringLiteral("ProgramW6432")), bash),
            existing(env.value(QStringLiteral("ProgramFiles(x86)")), bash),
            existing(localAppData, QStringLiteral("Programs/") + bash),
            git.isEmpty() ? QString() : existing(QFileInfo(git).path(), QStringLiteral("../bin/bash.exe")) });
    }
    default:
        return {};
    }
}

QString findOnMac(TerminalKind kind, const QProcessEnvironment &env, const QString &root)
{
    const QString osascript = existing(root, QStringLiteral("usr/bin/osascript"));
    const auto app = [&](const QStringList &bundles) {
        for (const QString &bundle : bundles) {
            if (QFileInfo(bundle).isDir())
                return osascript;
        }
        return QString();
    };
    if (kind == TerminalKind::TerminalApp)
        return app({ root + QStringLiteral("/System/Applications/Utilities/Terminal.app"),
            root + QStringLiteral("/Applications/Utilities/Terminal.app") });
    return app({ root + QStringLiteral("/Applications/iTerm.app"),
        env.value(QStringLiteral("HOME")) + QStringLiteral("/Applications/iTerm.app") });
}

QString findOnLinux(TerminalKind kind, const QProcessEnvironment &env, const QStringList &dirs)
{
    if (kind != TerminalKind::Custom)
        return inPath(QString::fromLatin1(info(kind).id), dirs);
    const QString terminal = env.value(QStringLiteral("TERMINAL"));
    if (terminal.isEmpty())
        return {};
    if (!terminal.contains(QLatin1Char('/')))
        return inPath(terminal, dirs);
    const QFileInfo file(terminal);
    return file.isFile() && file.isExecutable() ? terminal : QString();
}

// --- planning ---

// Run by /bin/sh (or Git Bash) with $1 the user's shell, $2 the banner, $3 a command for that shell,
// $4 "keep" to stay in the shell: values arrive as arguments and are never parsed as shell text.
const char posixWrapper[] = "printf '%s\\n' \"$2\"\n"
                            "status=0\n"
                            "if [ -n \"$3\" ]; then \"$1\" -c \"$3\"; status=$?; fi\n"
                            "if [ \"$4\" = keep ]; then exec \"$1\"; fi\n"
                            "exit \"$status\"\n";

QStringList posixArguments(const ShellSession &session, const QString &shell)
{
    return { QStringLiteral("-c"), QString::fromLatin1(posixWrapper), QStringLiteral("berth-shell"), shell,
        session.banner, session.command, session.keepShell ? QStringLiteral("keep") : QStringLiteral("end") };
}

QString posixShell(const ShellSession &session)
{
    return session.shell.isEmpty() ? QStringLiteral("/bin/sh") : session.shell;
}

// The same run typed into a macOS terminal's own shell, which may be zsh, bash, fish or tcsh: the
// script travels in base64, which none of them reads anything into inside single quotes.
QString typedPosixCommand(const ShellSession &session)
{
    const QString sh = QStringLiteral("sh");
    const auto q = [&](const QString &value) -> QString {
        return QLatin1Char('"') + quotedForShell(sh, value) + QLatin1Char('"');
    };
    QString script;
    if (!session.workingDirectory.isEmpty())
        script += QStringLiteral("cd ") + q(session.workingDirectory) + QStringLiteral(" || exit\n");
    for (auto it = session.variables.cbegin(); it != session.variables.cend(); ++it)
        script += QStringLiteral("export ") + it.key() + QLatin1Char('=') + q(it.value()) + QLatin1Char('\n');
    script += QStringLiteral("set -- ") + q(posixShell(session)) + QLatin1Char(' ') + q(session.banner)
        + QLatin1Char(' ') + q(session.command) + QLatin1Char(' ')
        + (session.keepShell ? QStringLiteral("keep") : QStringLiteral("end")) + QLatin1Char('\n')
        + QString::fromLatin1(posixWrapper);
    return QStringLiteral("exec /bin/sh -c 'eval \"$(echo ") + QString::fromLatin1(script.toUtf8().toBase64())
        + QStringLiteral(" | /usr/bin/base64 -D)\"'");
}

QStringList osascriptArguments(TerminalKind kind, const QString &typed)
{
    QStringList lines { QStringLiteral("on run argv") };
    if (kind == TerminalKind::TerminalApp) {
        lines << QStringLiteral("tell application \"Terminal\"") << QStringLiteral("activate")
              << QStringLiteral("do script (item 1 of argv)");
    } else {
        lines << QStringLiteral("tell application \"iTerm\"") << QStringLiteral("activate")
              << QStringLiteral("set newWindow to (create window with default profile)")
              << QStringLiteral("tell current session of newWindow to write text (item 1 of argv)");
    }
    lines << QStringLiteral("end tell") << QStringLiteral("end run");
    QStringList arguments;
    for (const QString &line : lines)
        arguments << QStringLiteral("-e") << line;
    // osascript hands the arguments after the script to its run handler: no AppleScript string quoting.
    return arguments << typed;
}

// The PowerShell program a session asks for: PowerShell 7 by its name, else Windows PowerShell.
QString powerShellProgram(const ShellSession &session)
{
    // A Windows path, whatever the platform the plan is made on.
    const QString name = session.shell.section(QRegularExpression(QStringLiteral("[/\\\\]")), -1).toLower();
    return name == QLatin1String("pwsh") || name == QLatin1String("pwsh.exe") ? QStringLiteral("pwsh.exe")
                                                                              : QStringLiteral("powershell.exe");
}

// -EncodedCommand: the script as base64 of UTF-16LE, so no command line parser (Windows Terminal's
// splitting at ';' included) reads into it.
QStringList powerShellArguments(const ShellSession &session)
{
    const QString ps = QStringLiteral("powershell");
    QString script;
    if (!session.workingDirectory.isEmpty())
        script += QStringLiteral("Set-Location -LiteralPath \"") + quotedForShell(ps, session.workingDirectory)
            + QStringLiteral("\"\n");
    for (auto it = session.variables.cbegin(); it != session.variables.cend(); ++it)
        script += QStringLiteral("$Env:") + it.key() + QStringLiteral(" = \"") + quotedForShell(ps, it.value())
            + QStringLiteral("\"\n");
    script += QStringLiteral("Write-Host \"") + quotedForShell(ps, session.banner) + QStringLiteral("\"\n");
    if (!session.command.isEmpty())
        script += session.command + QLatin1Char('\n');
    QByteArray utf16;
    for (const QChar c : script) {
        utf16 += char(c.unicode() & 0xff);
        utf16 += char(c.unicode() >> 8);
    }
    QStringList arguments { QStringLiteral("-NoLogo") };
    if (session.keepShell)
        arguments << QStringLiteral("-NoExit");
    return arguments << QStringLiteral("-EncodedCommand") << QString::fromLatin1(utf16.toBase64());
}

// Text cmd echoes as it is: its operators escaped with a caret. '%' has no escape on cmd's command line.
bool cmdEchoText(const QString &text, QString *escaped, QString *error)
{
    if (containsLineBreakOrControl(text) || text.contains(QLatin1Char('%'))) {
        *error = TerminalLauncher::tr("The banner \"%1\" holds a line break or '%', which cmd cannot show. "
                                      "Choose another terminal in Settings.")
                     .arg(visibleText(text));
        return false;
    }
    for (const QChar c : text) {
        if (QStringLiteral("^&|<>()\"").contains(c))
            *escaped += QLatin1Char('^');
        *escaped += c;
    }
    return true;
}

// cmd /S /K "echo:BANNER&COMMAND": /S drops the outer quotes, the rest is one command line. "echo:" prints
// what follows even when it reads "on" or "off" (Wine's cmd takes no "echo(").
bool cmdNativeArguments(const ShellSession &session, QString *arguments, QString *error)
{
    QString banner;
    if (!cmdEchoText(session.banner, &banner, error))
        return false;
    QString line = QStringLiteral("echo:") + banner;
    if (!session.command.isEmpty())
        line += QLatin1Char('&') + session.command;
    *arguments
        = (session.keepShell ? QStringLiteral("/S /K \"") : QStringLiteral("/S /C \"")) + line + QLatin1Char('"');
    return true;
}

bool checkValues(const ShellSession &session, bool lineBreaksAllowed, QString *error)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (auto it = session.variables.cbegin(); it != session.variables.cend(); ++it) {
        if (!name.match(it.key()).hasMatch()) {
            *error = TerminalLauncher::tr("\"%1\" is not a name a shell variable can have.").arg(visibleText(it.key()));
            return false;
        }
        // No environment carries a NUL; cmd ends a command at a line break.
        if (it.value().contains(QChar(0)) || (!lineBreaksAllowed && containsLineBreakOrControl(it.value()))) {
            *error = TerminalLauncher::tr("The value of %1, \"%2\", holds a line break or control character, which "
                                          "this terminal's shell cannot be given. Choose another terminal in Settings.")
                         .arg(it.key(), visibleText(it.value()));
            return false;
        }
    }
    return true;
}

} // namespace

QString TerminalLauncher::id(TerminalKind kind)
{
    return QString::fromLatin1(info(kind).id);
}

bool TerminalLauncher::kindFromId(const QString &id, TerminalKind *kind)
{
    for (const KindInfo &k : kinds) {
        if (id == QLatin1String(k.id)) {
            *kind = k.kind;
            return true;
        }
    }
    return false;
}

QString TerminalLauncher::displayName(TerminalKind kind)
{
    return tr(info(kind).name);
}

QList<TerminalKind> TerminalLauncher::kindsFor(TerminalPlatform platform)
{
    QList<TerminalKind> result;
    for (const KindInfo &k : kinds) {
        if (k.platform == platform)
            result << k.kind;
    }
    return result;
}

QList<Terminal> TerminalLauncher::findTerminals(
    TerminalPlatform platform, const QProcessEnvironment &environment, const QString &root)
{
    const QStringList dirs = pathDirs(platform, environment);
    QList<Terminal> found;
    for (const TerminalKind kind : kindsFor(platform)) {
        QString program;
        if (platform == TerminalPlatform::Windows)
            program = findOnWindows(kind, environment, dirs);
        else if (platform == TerminalPlatform::MacOS)
            program = findOnMac(kind, environment, root);
        else
            program = findOnLinux(kind, environment, dirs);
        if (!program.isEmpty())
            found << Terminal { kind, program };
    }
    return found;
}

bool TerminalLauncher::choose(const QList<Terminal> &found, const QString &preferredId, TerminalPlatform platform,
    Terminal *terminal, QString *error)
{
    if (found.isEmpty()) {
        if (platform == TerminalPlatform::Windows)
            *error = tr("No console program was found: neither Windows Terminal, PowerShell, cmd nor Git Bash. "
                        "Check that the ComSpec environment variable names cmd.exe.");
        else if (platform == TerminalPlatform::MacOS)
            *error = tr("Neither Terminal nor iTerm2 was found in Applications, or osascript is missing. "
                        "Reinstall Terminal from macOS's recovery, or install iTerm2.");
        else
            *error = tr("No terminal program was found: TERMINAL is not set, and neither x-terminal-emulator, "
                        "gnome-terminal, konsole nor xterm is in PATH. Install one of them, or set TERMINAL to your "
                        "terminal's program.");
        return false;
    }
    *terminal = found.first();
    for (const Terminal &candidate : found) {
        if (id(candidate.kind) == preferredId) {
            *terminal = candidate;
            break;
        }
    }
    return true;
}

QMap<QString, QString> TerminalLauncher::shellVariables(const EnvSettings &settings)
{
    QMap<QString, QString> variables {
        { QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1") },
        { QStringLiteral("DOCKER_HOST"), settings.dockerHost },
        { QStringLiteral("DOCKER_CERT_PATH"), settings.certPath },
        { QStringLiteral("DOCKER_MACHINE_NAME"), settings.machineName },
    };
    if (settings.composeWindowsPaths)
        variables.insert(QStringLiteral("COMPOSE_CONVERT_WINDOWS_PATHS"), QStringLiteral("true"));
    if (!settings.noProxyVar.isEmpty())
        variables.insert(settings.noProxyVar, settings.noProxyValue);
    return variables;
}

QString TerminalLauncher::shellBanner(const QString &machineName)
{
    return tr("Docker machine %1: docker commands here use it.").arg(machineName);
}

bool TerminalLauncher::plan(const Terminal &terminal, const ShellSession &session, const QProcessEnvironment &base,
    LaunchPlan *plan, QString *error)
{
    // cmd is the one shell here that gets its command as text it parses.
    if (!checkValues(session, terminal.kind != TerminalKind::Cmd, error))
        return false;
    LaunchPlan result;
    result.program = terminal.program;
    result.environment = base;
    for (auto it = session.variables.cbegin(); it != session.variables.cend(); ++it)
        result.environment.insert(it.key(), it.value());
    result.workingDirectory = session.workingDirectory;

    const QString title = tr("Docker: %1").arg(session.variables.value(QStringLiteral("DOCKER_MACHINE_NAME")));
    const QStringList posix = QStringList { QStringLiteral("/bin/sh") } + posixArguments(session, posixShell(session));
    switch (terminal.kind) {
    case TerminalKind::Custom:
    case TerminalKind::XTerminalEmulator:
    case TerminalKind::Konsole:
        // Debian's policy for x-terminal-emulator: -e takes the rest of the line as the command's argv.
        result.arguments = QStringList { QStringLiteral("-e") } + posix;
        break;
    case TerminalKind::XTerm:
        result.arguments = QStringList { QStringLiteral("-T"), title, QStringLiteral("-e") } + posix;
        break;
    case TerminalKind::GnomeTerminal:
        result.arguments = QStringList { QStringLiteral("--") } + posix;
        break;
    case TerminalKind::TerminalApp:
    case TerminalKind::ITerm2:
        result.arguments = osascriptArguments(terminal.kind, typedPosixCommand(session));
        break;
    case TerminalKind::GitBash:
        // A login shell: Git's profile puts its tools in PATH. CHERE_INVOKING keeps it in the working folder.
        result.arguments = QStringList { QStringLiteral("--login") } + posixArguments(session, QStringLiteral("bash"));
        result.environment.insert(QStringLiteral("CHERE_INVOKING"), QStringLiteral("1"));
        break;
    case TerminalKind::PowerShell:
        result.arguments = powerShellArguments(session);
        break;
    case TerminalKind::WindowsTerminal: {
        // A new tab of a running Windows Terminal need not get wt.exe's environment: the PowerShell script
        // sets the variables itself. wt.exe splits its command line at ';', which it keeps when escaped.
        QString escapedTitle = title;
        escapedTitle.replace(QLatin1Char(';'), QStringLiteral("\\;"));
        result.arguments = QStringList { QStringLiteral("-w"), QStringLiteral("new"), QStringLiteral("new-tab"),
            QStringLiteral("--title"), escapedTitle, powerShellProgram(session) }
            + powerShellArguments(session);
        break;
    }
    case TerminalKind::Cmd:
        if (!cmdNativeArguments(session, &result.nativeArguments, error))
            return false;
        break;
    }
    *plan = result;
    return true;
}

bool TerminalLauncher::launch(const LaunchPlan &plan, QString *error)
{
    QString reason;
    if (startDetached(plan, &reason))
        return true;
    *error = tr("%1 could not be started: %2. Choose another terminal in Settings.")
                 .arg(QDir::toNativeSeparators(plan.program), reason);
    return false;
}

bool TerminalLauncher::openShell(const ShellSession &session, const QString &preferredId, QString *error)
{
    const TerminalPlatform platform = hostPlatform();
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    ShellSession withShell = session;
    if (withShell.shell.isEmpty())
        withShell.shell = userShell();
    Terminal terminal;
    LaunchPlan launchPlan;
    return choose(findTerminals(platform, environment), preferredId, platform, &terminal, error)
        && plan(terminal, withShell, environment, &launchPlan, error) && launch(launchPlan, error);
}

} // namespace berth
