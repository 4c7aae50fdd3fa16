#include "envrenderer.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace berth {

namespace {

struct Syntax {
    QString prefix;
    QString delimiter;
    QString suffix;
};

Syntax setSyntax(const QString &shell)
{
    if (shell == QLatin1String("fish"))
        return { QStringLiteral("set -gx "), QStringLiteral(" \""), QStringLiteral("\";\n") };
    if (shell == QLatin1String("powershell"))
        return { QStringLiteral("$Env:"), QStringLiteral(" = \""), QStringLiteral("\"\n") };
    if (shell == QLatin1String("cmd"))
        return { QStringLiteral("SET "), QStringLiteral("="), QStringLiteral("\n") };
    if (shell == QLatin1String("tcsh"))
        return { QStringLiteral("setenv "), QStringLiteral(" \""), QStringLiteral("\";\n") };
    if (shell == QLatin1String("emacs"))
        return { QStringLiteral("(setenv \""), QStringLiteral("\" \""), QStringLiteral("\")\n") };
    return { QStringLiteral("export "), QStringLiteral("=\""), QStringLiteral("\"\n") };
}

Syntax unsetSyntax(const QString &shell)
{
    if (shell == QLatin1String("fish"))
        return { QStringLiteral("set -e "), QString(), QStringLiteral(";\n") };
    if (shell == QLatin1String("powershell"))
        return { QStringLiteral("Remove-Item Env:\\\\"), QString(), QStringLiteral("\n") };
    if (shell == QLatin1String("cmd"))
        return { QStringLiteral("SET "), QStringLiteral("="), QStringLiteral("\n") };
    if (shell == QLatin1String("emacs"))
        return { QStringLiteral("(setenv \""), QStringLiteral("\" nil"), QStringLiteral(")\n") };
    if (shell == QLatin1String("tcsh"))
        return { QStringLiteral("unsetenv "), QString(), QStringLiteral(";\n") };
    return { QStringLiteral("unset "), QString(), QStringLiteral("\n") };
}

QString usageHint(const QString &shell, QStringList args)
{
    if (!args.isEmpty() && (args.first().contains(QLatin1Char(' ')) || args.first().contains(QLatin1Char('\\'))))
        args.first() = QLatin1Char('"') + args.first() + QLatin1Char('"');
    const QString commandLine = args.join(QLatin1Char(' '));
    QString comment = QStringLiteral("#");
    QString command;
    if (shell == QLatin1String("fish")) {
        command = QStringLiteral("eval (") + commandLine + QLatin1Char(')');
    } else if (shell == QLatin1String("powershell")) {
        command = QStringLiteral("& ") + commandLine + QStringLiteral(" | Invoke-Expression");
    } else if (shell == QLatin1String("cmd")) {
        command = QStringLiteral("\t@FOR /f \"tokens=*\" %i IN ('") + commandLine + QStringLiteral("') DO @%i");
        comment = QStringLiteral("REM");
    } else if (shell == QLatin1String("emacs")) {
        command = QStringLiteral("(with-temp-buffer (shell-command \"") + commandLine
            + QStringLiteral("\" (current-buffer)) (eval-buffer))");
        comment = QStringLiteral(";;");
    } else if (shell == QLatin1String("tcsh")) {
        command = QStringLiteral("eval `") + commandLine + QLatin1Char('`');
        comment = QStringLiteral(":");
    } else {
        command = QStringLiteral("eval $(") + commandLine + QLatin1Char(')');
    }
    // The space after the colon is docker-machine's; scripts that compare output keep working.
    return comment + QStringLiteral(" Run this command to configure your shell: \n") + comment + QLatin1Char(' ')
        + command + QLatin1Char('\n');
}

} // namespace

QStringList supportedShells()
{
    return { QStringLiteral("bash"), QStringLiteral("zsh"), QStringLiteral("sh"), QStringLiteral("fish"),
        QStringLiteral("powershell"), QStringLiteral("cmd"), QStringLiteral("tcsh"), QStringLiteral("emacs") };
}

QString renderEnv(const EnvSettings &s)
{
    const Syntax syntax = s.unset ? unsetSyntax(s.shell) : setSyntax(s.shell);
    // cmd cannot unset a variable: docker-machine sets it empty, and so do we.
    auto line = [&](const QString &name, const QString &value) -> QString {
        return syntax.prefix + name + syntax.delimiter + (s.unset ? QString() : value) + syntax.suffix;
    };
    QString out;
    out += line(QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1"));
    out += line(QStringLiteral("DOCKER_HOST"), s.dockerHost);
    out += line(QStringLiteral("DOCKER_CERT_PATH"), s.certPath);
    out += line(QStringLiteral("DOCKER_MACHINE_NAME"), s.machineName);
    if (s.composeWindowsPaths)
        out += line(QStringLiteral("COMPOSE_CONVERT_WINDOWS_PATHS"), QStringLiteral("true"));
    if (!s.noProxyVar.isEmpty())
        out += line(s.noProxyVar, s.noProxyValue);
    out += usageHint(s.shell, s.commandLine);
    return out;
}

void addToNoProxy(const QString &ip, const QString &lowerValue, const QString &upperValue, QString *var, QString *value)
{
    if (!lowerValue.isEmpty()) {
        *var = QStringLiteral("no_proxy");
        *value = lowerValue;
    } else {
        *var = QStringLiteral("NO_PROXY");
        *value = upperValue;
    }
    if (value->isEmpty())
        *value = ip;
    else if (!value->contains(ip))
        *value += QLatin1Char(',') + ip;
}

QString detectShell(QString *error)
{
    const QString shell = qEnvironmentVariable("SHELL");
    if (shell.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("berth",
                "Error: Unknown shell. Name it with --shell (bash, zsh, fish, powershell, cmd, tcsh or emacs).");
        return {};
    }
    return QFileInfo(shell).fileName();
}

} // namespace berth
