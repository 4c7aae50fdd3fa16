// Berth's stand-in for Windows PowerShell 5.1 (powershell.exe) with the Hyper-V module, for the tests
// that cannot run Hyper-V: see README.md in this folder for what it implements.
#include "host.h"
#include "hyperv.h"
#include "interpreter.h"
#include "script.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>
#include <unistd.h>

using namespace berth::psdouble;

namespace {

// The exit code of a script the double cannot run because it leaves the documented subset.
constexpr int unsupportedExitCode = 86;
// powershell.exe exits with 0xFFFD0000 on a bad command line; POSIX keeps 8 bits: pwsh's 64 stands in.
constexpr int badCommandLineExitCode = 64;

void refuse(const QString &what)
{
    const QByteArray text = QStringLiteral("powershell (Berth's Hyper-V test double): %1 is not in the subset of "
                                           "Windows PowerShell 5.1 this double implements (see "
                                           "tests/doubles/powershell/README.md).\n")
                                .arg(what)
                                .toUtf8();
    fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stderr);
}

void commandLineError(const QString &message)
{
    const QByteArray text = (message + QStringLiteral("\r\n")).toUtf8();
    fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stderr);
}

// powershell.exe's switch matching: the argument is a prefix of the switch, at least `shortest` long.
bool matches(const QString &arg, const char *name, const char *shortest)
{
    const QString full = QString::fromLatin1(name);
    return arg.size() >= static_cast<int>(qstrlen(shortest)) && full.startsWith(arg, Qt::CaseInsensitive)
        && arg.startsWith(QString::fromLatin1(shortest), Qt::CaseInsensitive);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    QString script;
    bool haveScript = false;
    bool encoded = false;
    for (int i = 0; i < args.size() && !haveScript; ++i) {
        const QString &arg = args.at(i);
        if (!arg.startsWith(QLatin1Char('-')) && !arg.startsWith(QLatin1Char('/'))) {
            // The first argument that is no switch starts the command, as -Command would.
            script = args.mid(i).join(QLatin1Char(' '));
            haveScript = true;
            break;
        }
        const QString name = arg.mid(1);
        if (matches(name, "noprofile", "nop") || matches(name, "noninteractive", "noni")
            || matches(name, "nologo", "nol"))
            continue;
        if (matches(name, "executionpolicy", "ex") || name.compare(QLatin1String("ep"), Qt::CaseInsensitive) == 0) {
            if (i + 1 >= args.size()) {
                commandLineError(QStringLiteral("Cannot process the execution policy because of a missing policy. A "
                                                "value must be supplied after the -ExecutionPolicy parameter."));
                return badCommandLineExitCode;
            }
            ++i;
            continue;
        }
        if (matches(name, "encodedcommand", "e") || name.compare(QLatin1String("ec"), Qt::CaseInsensitive) == 0) {
            if (i + 1 >= args.size()) {
                commandLineError(QStringLiteral("Cannot process the command because of a missing parameter. A command "
                                                "must follow -Command."));
                return badCommandLineExitCode;
            }
            const QByteArray base64 = args.at(i + 1).toLatin1();
            const auto decoded = QByteArray::fromBase64Encoding(base64, QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || decoded.decoded.size() % 2) {
                commandLineError(QStringLiteral("Cannot process the command because the value specified with "
                                                "-EncodedCommand is not properly encoded. The value must be Base64 "
                                                "encoded."));
                return badCommandLineExitCode;
            }
            script = QString::fromUtf16(
                reinterpret_cast<const char16_t *>(decoded.decoded.constData()), decoded.decoded.size() / 2);
            haveScript = true;
            encoded = true;
            if (i + 2 < args.size()) {
                refuse(QStringLiteral("arguments after -EncodedCommand"));
                return unsupportedExitCode;
            }
            break;
        }
        if (matches(name, "command", "c")) {
            if (i + 1 >= args.size()) {
                commandLineError(QStringLiteral("Cannot process the command because of a missing parameter. A command "
                                                "must follow -Command."));
                return badCommandLineExitCode;
            }
            if (args.at(i + 1) == QLatin1String("-")) {
                refuse(QStringLiteral("-Command - (commands from standard input)"));
                return unsupportedExitCode;
            }
            script = args.mid(i + 1).join(QLatin1Char(' '));
            haveScript = true;
            break;
        }
        if (matches(name, "file", "f") || matches(name, "noexit", "noe") || matches(name, "sta", "s")
            || matches(name, "mta", "mta") || matches(name, "windowstyle", "w") || matches(name, "inputformat", "i")
            || matches(name, "outputformat", "o") || matches(name, "version", "v")
            || matches(name, "psconsolefile", "psc") || matches(name, "configurationname", "config")
            || matches(name, "encodedarguments", "encodeda") || name == QLatin1String("?")
            || matches(name, "help", "h")) {
            refuse(QStringLiteral("the powershell.exe switch %1").arg(arg));
            return unsupportedExitCode;
        }
        // Windows PowerShell 5.1 reads an unknown switch as the start of the command.
        script = args.mid(i).join(QLatin1Char(' '));
        haveScript = true;
    }
    if (!haveScript) {
        refuse(QStringLiteral("an interactive session (no -Command or -EncodedCommand)"));
        return unsupportedExitCode;
    }
    HyperV::instance().load();
    // Errors go out as CLIXML when the command was encoded and stderr is not the console.
    Host host(encoded && !isatty(STDERR_FILENO), HyperV::instance().config().consoleWidth);
    int code = 0;
    try {
        Script parsed(script);
        Interpreter interpreter(parsed, host);
        code = interpreter.run();
    } catch (const Unsupported &e) {
        host.finish();
        refuse(e.what);
        return unsupportedExitCode;
    }
    host.finish();
    return code;
}
