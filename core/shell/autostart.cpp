#include "autostart.h"

#include "util/text.h"

#include <QDir>

namespace berth {

namespace {

bool printable(const QString &program, const QStringList &arguments, QString *error)
{
    for (const QString &value : QStringList { program } + arguments) {
        if (containsLineBreakOrControl(value)) {
            *error = Autostart::tr("\"%1\" holds a line break or control character, which cannot be written into "
                                   "what starts programs at login. Move Berth to a folder without it.")
                         .arg(visibleText(value));
            return false;
        }
    }
    return true;
}

// The Desktop Entry spec's escapes for any string value, applied after the Exec quoting.
QString desktopString(const QString &value)
{
    QString out = value;
    return out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
}

// One Exec argument: quoted when it holds a reserved character, with '"', '`', '$' and '\' escaped inside the
// quotes; '%' doubled, or it would start a field code.
QString execArgument(const QString &argument)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    bool quote = argument.isEmpty();
    QString out;
    for (const QChar c : argument) {
        if (reserved.contains(c))
            quote = true;
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
        if (c == QLatin1Char('%'))
            out += c;
    }
    return quote ? QLatin1Char('"') + out + QLatin1Char('"') : out;
}

QString xmlText(const QString &value)
{
    return value.toHtmlEscaped();
}

// One argument as CommandLineToArgvW and the C runtime read it back: quoted when it holds a space, a tab
// or a quote; backslashes doubled where a quote follows them.
QString windowsArgument(const QString &argument)
{
    if (!argument.isEmpty() && !argument.contains(QLatin1Char(' ')) && !argument.contains(QLatin1Char('\t'))
        && !argument.contains(QLatin1Char('"')))
        return argument;
    QString out = QStringLiteral("\"");
    qsizetype backslashes = 0;
    for (const QChar c : argument) {
        if (c == QLatin1Char('\\')) {
            ++backslashes;
        } else {
            if (c == QLatin1Char('"'))
                out += QString(backslashes + 1, QLatin1Char('\\'));
            backslashes = 0;
        }
        out += c;
    }
    return out + QString(backslashes, QLatin1Char('\\')) + QLatin1Char('"');
}

} // namespace

Autostart::Autostart(const QString &program, const QStringList &arguments)
    : m_program(program)
    , m_arguments(arguments)
{
}

QString Autostart::desktopEntryPath(const QProcessEnvironment &environment)
{
    QString config = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (!QDir::isAbsolutePath(config)) {
        const QString home = environment.value(QStringLiteral("HOME"));
        if (home.isEmpty())
            return {};
        config = home + QStringLiteral("/.config");
    }
    return config + QStringLiteral("/autostart/berth-desktop.desktop");
}

bool Autostart::desktopEntry(const QString &program, const QStringList &arguments, QString *text, QString *error)
{
    if (!printable(program, arguments, error))
        return false;
    QStringList exec;
    for (const QString &argument : QStringList { program } + arguments)
        exec << execArgument(argument);
    *text = QStringLiteral("[Desktop Entry]\n"
                           "Type=Application\n"
                           "Name=Berth\n"
                           "Comment=Docker machines in the tray\n"
                           "Icon=berth\n")
        // TryExec: a Berth that was removed or moved starts nothing and shows no error at login.
        + QStringLiteral("TryExec=") + desktopString(program) + QLatin1Char('\n') + QStringLiteral("Exec=")
        + desktopString(exec.join(QLatin1Char(' '))) + QLatin1Char('\n')
        + QStringLiteral("Terminal=false\n"
                         "X-GNOME-Autostart-enabled=true\n");
    return true;
}

QString Autostart::launchAgentLabel()
{
    return QStringLiteral("org.berth.desktop");
}

QString Autostart::launchAgentPath(const QString &home)
{
    return home + QStringLiteral("/Library/LaunchAgents/") + launchAgentLabel() + QStringLiteral(".plist");
}

bool Autostart::launchAgentPlist(const QString &program, const QStringList &arguments, QString *text, QString *error)
{
    if (!printable(program, arguments, error))
        return false;
    QString strings;
    for (const QString &argument : QStringList { program } + arguments)
        strings += QStringLiteral("\t\t<string>") + xmlText(argument) + QStringLiteral("</string>\n");
    *text = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                           "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                           "<plist version=\"1.0\">\n"
                           "<dict>\n"
                           "\t<key>Label</key>\n"
                           "\t<string>")
        + launchAgentLabel()
        + QStringLiteral("</string>\n"
                         "\t<key>ProgramArguments</key>\n"
                         "\t<array>\n")
        + strings
        + QStringLiteral("\t</array>\n"
                         "\t<key>RunAtLoad</key>\n"
                         "\t<true/>\n"
                         "\t<key>ProcessType</key>\n"
                         "\t<string>Interactive</string>\n"
                         "</dict>\n"
                         "</plist>\n");
    return true;
}

QString Autostart::runKeyPath()
{
    return QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
}

QString Autostart::runValueName()
{
    return QStringLiteral("Berth");
}

bool Autostart::runCommand(const QString &program, const QStringList &arguments, QString *text, QString *error)
{
    if (!printable(program, arguments, error))
        return false;
    // Windows reads the program up to the next quote, with no escapes: it is always quoted, and a quote in
    // it (Windows allows none in a file name) is refused.
    if (program.contains(QLatin1Char('"'))) {
        *error = tr("\"%1\" holds a double quote, which Windows cannot start.").arg(program);
        return false;
    }
    QString path = program;
    QStringList line { QLatin1Char('"') + path.replace(QLatin1Char('/'), QLatin1Char('\\')) + QLatin1Char('"') };
    for (const QString &argument : arguments)
        line << windowsArgument(argument);
    *text = line.join(QLatin1Char(' '));
    return true;
}

} // namespace berth
