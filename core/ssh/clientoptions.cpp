#include "clientoptions.h"

#include "util/translate.h"

namespace berth::ssh {

namespace {

// OpenSSH 9's ssh: options that take no value and those that take one.
const QString flagOptions = QStringLiteral("46AaCfGgKkMNnqsTtVvXxYy");
const QString valueOptions = QStringLiteral("BbcDEeFIiJLlmOopQRSWw");

bool parsePort(const QString &text, bool allowZero, int *port)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < (allowZero ? 0 : 1) || value > 65535)
        return false;
    *port = value;
    return true;
}

// Splits at ':' outside [brackets], so IPv6 addresses can be given as [::1].
QStringList splitForward(const QString &spec)
{
    QStringList parts;
    QString current;
    bool bracket = false;
    for (const QChar c : spec) {
        if (c == QLatin1Char('[') && current.isEmpty()) {
            bracket = true;
            continue;
        }
        if (c == QLatin1Char(']') && bracket) {
            bracket = false;
            continue;
        }
        if (c == QLatin1Char(':') && !bracket) {
            parts << current;
            current.clear();
            continue;
        }
        current += c;
    }
    parts << current;
    return parts;
}

} // namespace

bool parseForward(const QString &spec, bool remote, Forward *forward, QString *error)
{
    const QString option = remote ? QStringLiteral("-R") : QStringLiteral("-L");
    const QStringList parts = splitForward(spec);
    Forward result;
    result.spec = spec;
    bool ok = false;
    if (parts.size() == 3 || parts.size() == 4) {
        const int first = parts.size() == 4 ? 1 : 0;
        if (parts.size() == 4)
            result.bindAddress = parts.at(0);
        result.host = parts.at(first + 1);
        ok = parsePort(parts.at(first), remote, &result.port) && !result.host.isEmpty()
            && parsePort(parts.at(first + 2), false, &result.hostPort);
    }
    if (!ok) {
        *error = tr("Bad port forward %1 %2: give [ADDRESS:]PORT:HOST:HOSTPORT, for example %1 8080:localhost:80.")
                     .arg(option, spec);
        return false;
    }
    *forward = result;
    return true;
}

bool parseClientOptions(const QStringList &args, ClientOptions *options, QString *error)
{
    ClientOptions result;
    int i = 0;
    for (; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--")) {
            ++i;
            break;
        }
        if (arg.size() < 2 || !arg.startsWith(QLatin1Char('-')))
            break;
        for (int at = 1; at < arg.size(); ++at) {
            const QChar letter = arg.at(at);
            const QString option = QStringLiteral("-") + letter;
            if (valueOptions.contains(letter)) {
                QString value = arg.mid(at + 1);
                if (value.isEmpty()) {
                    if (i + 1 >= args.size()) {
                        *error = tr("The ssh option %1 needs a value.").arg(option);
                        return false;
                    }
                    value = args.at(++i);
                }
                if (letter == QLatin1Char('L') || letter == QLatin1Char('R')) {
                    Forward forward;
                    const bool remote = letter == QLatin1Char('R');
                    if (!parseForward(value, remote, &forward, error))
                        return false;
                    (remote ? result.remoteForwards : result.localForwards) << forward;
                } else {
                    *error = tr("The built-in SSH client does not support the ssh option %1 %2. Install OpenSSH's "
                                "ssh client (Berth then uses it), or leave the option out.")
                                 .arg(option, value);
                    return false;
                }
                break; // the value ends this word
            }
            if (!flagOptions.contains(letter)) {
                *error = tr("Unknown ssh option %1.").arg(option);
                return false;
            }
            switch (letter.toLatin1()) {
            case 'N':
                result.noCommand = true;
                break;
            case 'C':
                result.compression = true;
                break;
            case 't':
                result.tty = ClientOptions::Tty::Force;
                break;
            case 'T':
                result.tty = ClientOptions::Tty::Never;
                break;
            case 'q':
            case 'v':
            case '4':
                break; // quiet, verbose (Berth's --debug says more) and IPv4 change nothing here
            default:
                *error = tr("The built-in SSH client does not support the ssh option %1. Install OpenSSH's ssh "
                            "client (Berth then uses it), or leave the option out.")
                             .arg(option);
                return false;
            }
        }
    }
    result.command = args.mid(i);
    *options = result;
    return true;
}

QString remoteCommand(const QStringList &words)
{
    return words.join(QLatin1Char(' '));
}

} // namespace berth::ssh
