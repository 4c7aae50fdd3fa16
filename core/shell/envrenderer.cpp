#include "envrenderer.h"

#include "util/text.h"

#include <QCoreApplication>

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

} // namespace

QString quotedForShell(const QString &shell, const QString &value)
{
    QString out;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (shell == QLatin1String("fish")) {
            if (u == '\\' || u == '"' || u == '$')
                out += QLatin1Char('\\');
        } else if (shell == QLatin1String("powershell")) {
            // PowerShell also ends a double-quoted string at typographic double quotes.
            if (u == '`' || u == '$' || u == '"' || u == 0x201C || u == 0x201D || u == 0x201E)
                out += QLatin1Char('`');
        } else if (shell == QLatin1String("tcsh")) {
            // Inside csh's double quotes a backslash escapes nothing: leave them for these.
            if (u == '$' || u == '`' || u == '"') {
                out += QStringLiteral("\"'") + c + QStringLiteral("'\"");
                continue;
            }
            if (u == '!') {
                out += QStringLiteral("\"\\!\"");
                continue;
            }
        } else if (shell == QLatin1String("emacs")) {
            if (u == '\\' || u == '"')
                out += QLatin1Char('\\');
        } else if (shell != QLatin1String("cmd")) {
            if (u == '\\' || u == '"' || u == '$' || u == '`')
                out += QLatin1Char('\\');
        }
        out += c;
    }
    return out;
}

namespace {

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
        return syntax.prefix + name + syntax.delimiter + (s.unset ? QString() : quotedForShell(s.shell, value))
            + syntax.suffix;
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

bool envPrintable(const EnvSettings &s, QString *error)
{
    const QStringList values
        = QStringList { s.dockerHost, s.certPath, s.machineName, s.noProxyVar, s.noProxyValue } + s.commandLine;
    for (const QString &value : values) {
        if (containsLineBreakOrControl(value)) {
            *error = QCoreApplication::translate("berth",
                "\"%1\" holds a line break or control character, which no shell's environment line can carry. "
                "Choose a storage path without it.")
                         .arg(visibleText(value));
            return false;
        }
    }
    // cmd reads the lines through FOR /f, which takes them literally, while a saved .cmd file would not:
    // only what both read alike.
    static const QString cmdSpecial = QStringLiteral("\"%!^&|<>");
    if (s.shell == QLatin1String("cmd")) {
        for (const QString &value : values) {
            for (const QChar c : cmdSpecial) {
                if (value.contains(c)) {
                    *error = QCoreApplication::translate("berth",
                        "\"%1\" contains '%2', which cmd cannot be given safely. Use PowerShell (--shell powershell), "
                        "or a storage path without it.")
                                 .arg(value, c);
                    return false;
                }
            }
        }
    }
    return true;
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

QString shellFromAncestors(const QStringList &ancestors, QString *notice)
{
    for (qsizetype i = 0; i < qMin<qsizetype>(ancestors.size(), 2); ++i) {
        const QString name = ancestors.at(i).toLower();
        if (name.contains(QLatin1String("powershell")) || name.contains(QLatin1String("pwsh")))
            return QStringLiteral("powershell");
        if (name.contains(QLatin1String("cmd")))
            return QStringLiteral("cmd");
    }
    // docker-machine's words; it could be either, and cmd is its guess.
    if (notice)
        *notice = QCoreApplication::translate(
            "berth", "You can further specify your shell with either 'cmd' or 'powershell' with the --shell flag.\n\n");
    return QStringLiteral("cmd");
}

} // namespace berth
