#pragma once

#include <QString>
#include <QStringList>

namespace berth {

// The shells `env` writes for, as docker-machine names them.
QStringList supportedShells();

struct EnvSettings {
    QString shell; // bash (and any other POSIX shell), zsh, fish, powershell, cmd, tcsh, emacs
    bool unset = false;
    QString dockerHost; // tcp://IP:2376
    QString certPath; // the machine's folder
    QString machineName;
    QString noProxyVar; // empty: no proxy line
    QString noProxyValue;
    bool composeWindowsPaths = false; // COMPOSE_CONVERT_WINDOWS_PATHS=true, as on Windows
    QStringList commandLine; // argv of this invocation, for the usage hint
};

// The exact text docker-machine 0.16 prints for `env`, hint comment included; each value quoted for its
// shell (docker-machine's text whenever a value needs no escaping).
QString renderEnv(const EnvSettings &settings);
// value escaped to stand between the double quotes renderEnv() puts around a value for shell, so that the
// shell reads it back byte for byte (cmd takes it as it is: envPrintable() refuses what cmd would act on).
QString quotedForShell(const QString &shell, const QString &value);
// False, with what to do, when a value cannot be printed for the shell so that it reads it back
// unchanged (a line break for any shell; cmd's special characters).
bool envPrintable(const EnvSettings &settings, QString *error);

// no_proxy handling of docker-machine: prefer an existing lower-case no_proxy, else NO_PROXY; add ip
// unless it is already there. Reads the two variables from lowerValue/upperValue.
void addToNoProxy(
    const QString &ip, const QString &lowerValue, const QString &upperValue, QString *var, QString *value);

// The user's shell as docker-machine's libmachine/shell tells it: SHELL's file name; on Windows,
// fish when __fish_bin_dir is set, and without SHELL the parent process (powershell or cmd, platform
// part in envrenderer_<platform>.cpp). Empty with error set when it cannot be told; notice, when
// given, receives advice for the user (standard error) when the shell was guessed.
QString detectShell(QString *error, QString *notice = nullptr);

// Windows without SHELL: the shell from the file names of the ancestor processes, parent first,
// Berth's own executable already left out. docker-machine looks at the parent and its parent for
// "powershell" or "cmd" in the name (and Berth also for PowerShell 7's pwsh), else says cmd with
// notice set.
QString shellFromAncestors(const QStringList &ancestors, QString *notice);

} // namespace berth
