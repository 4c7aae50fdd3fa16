#pragma once

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace berth {

struct EnvSettings;

// The terminals "Open Docker shell" can open, each with the id Settings stores for it.
enum class TerminalKind {
    // Linux and other X11/Wayland desktops
    Custom, // "custom": the program $TERMINAL names, given -e as i3-sensible-terminal does
    XTerminalEmulator, // "x-terminal-emulator": Debian's alternative
    GnomeTerminal, // "gnome-terminal"
    Konsole, // "konsole"
    XTerm, // "xterm"
    // Windows
    // "windows-terminal": wt.exe hosting PowerShell, the one shell whose whole script (-EncodedCommand) passes
    // through wt.exe's own splitting of its command line
    WindowsTerminal,
    PowerShell, // "powershell": pwsh.exe when installed, else Windows PowerShell
    Cmd, // "cmd"
    GitBash, // "git-bash": Git for Windows' bash.exe in a console window
    // macOS, both driven by osascript
    TerminalApp, // "terminal-app"
    ITerm2, // "iterm2"
};

enum class TerminalPlatform { Linux, Windows, MacOS };

// A terminal found on this computer: its kind and the program that is started for it (osascript for
// the macOS terminals).
struct Terminal {
    TerminalKind kind = TerminalKind::XTerm;
    QString program;
};

// What the new shell gets.
struct ShellSession {
    QMap<QString, QString> variables; // DOCKER_HOST, DOCKER_TLS_VERIFY, ... (shellVariables())
    QString banner; // one line, printed first (shellBanner())
    // The shell the user works in, a path or name (/bin/bash, fish), for the POSIX terminals; empty: /bin/sh.
    // On Windows the terminal kind is the shell, but for Windows Terminal, which hosts PowerShell 7 when
    // this names pwsh and Windows PowerShell otherwise.
    QString shell;
    QString command; // optional: run first in that shell (the end-to-end tests write `env` with it)
    bool keepShell = true; // false: the shell ends after command (tests); true: it stays for the user
    QString workingDirectory; // empty: the terminal's default
};

// How to start one terminal: argv only, never one string for a shell to split.
struct LaunchPlan {
    QString program;
    QStringList arguments;
    // Windows: the command line after the program, passed as it is (cmd does not follow the C runtime's
    // quoting rules QProcess writes arguments in); empty elsewhere and for other programs.
    QString nativeArguments;
    QProcessEnvironment environment;
    QString workingDirectory;
};

// Opens the user's terminal with a shell set up for one Docker machine. The planners are pure and
// compiled on every platform, so each platform's command lines are tested everywhere; finding
// terminals reads only the files and environment it is given; launch() starts the process.
class TerminalLauncher {
    Q_DECLARE_TR_FUNCTIONS(berth::TerminalLauncher)

public:
    static TerminalPlatform hostPlatform();
    // The shell a session gets when Settings names none: SHELL on Linux and macOS, PowerShell on Windows.
    static QString userShell();
    // The id Settings stores ("xterm", "windows-terminal", ...) and back; false for an unknown id.
    static QString id(TerminalKind kind);
    static bool kindFromId(const QString &id, TerminalKind *kind);
    static QString displayName(TerminalKind kind); // for the Settings list
    static QList<TerminalKind> kindsFor(TerminalPlatform platform); // in order of preference

    // The terminals of platform that exist, in order of preference, found through environment's PATH,
    // TERMINAL, ComSpec, ProgramFiles, LOCALAPPDATA, SystemRoot and HOME, under root ("" for the real
    // file system; a test's folder stands for the Windows or macOS drive).
    static QList<Terminal> findTerminals(
        TerminalPlatform platform, const QProcessEnvironment &environment, const QString &root = QString());
    // The user's choice (an id from Settings) when it was found, else the first found; false with what
    // to do when none was.
    static bool choose(const QList<Terminal> &found, const QString &preferredId, TerminalPlatform platform,
        Terminal *terminal, QString *error);

    // The variables docker-machine's env sets for settings (DOCKER_TLS_VERIFY=1, DOCKER_HOST,
    // DOCKER_CERT_PATH, DOCKER_MACHINE_NAME, COMPOSE_CONVERT_WINDOWS_PATHS and the no-proxy variable
    // when asked for).
    static QMap<QString, QString> shellVariables(const EnvSettings &settings);
    static QString shellBanner(const QString &machineName);

    // The process that opens terminal with session, its environment base plus session's variables.
    // False, with why, when a value cannot reach that shell unchanged (a line break for cmd, '%' in cmd's
    // banner, a NUL anywhere) or a variable's name is not one.
    static bool plan(const Terminal &terminal, const ShellSession &session, const QProcessEnvironment &base,
        LaunchPlan *plan, QString *error);

    // Starts plan's program detached; false with what failed and what to do.
    static bool launch(const LaunchPlan &plan, QString *error);

    // All of it for the desktop app: find, choose (preferredId from Settings, may be empty), plan from the
    // system environment with userShell() when session names no shell, launch.
    static bool openShell(const ShellSession &session, const QString &preferredId, QString *error);

private:
    // Platform part of launch(): the process in a session of its own, holding none of this process's files
    // beyond standard input, output and error.
    static bool startDetached(const LaunchPlan &plan, QString *reason);
};

} // namespace berth
