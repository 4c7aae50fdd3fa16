#pragma once

// Test support: reads a systemd unit file as systemd 252 does (src/shared/conf-parser.c,
// config_parse_exec, config_parse_environ, extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE),
// and the words an sh script gives (the real /bin/sh), so a test can compare what a written file
// means with what was meant.

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace berth::test {

struct ParsedUnit {
    bool ok = true;
    QString error;
    QList<QStringList> execStart; // the commands of the last ExecStart= list
    QStringList environment; // every Environment= assignment, in order
    QStringList otherKeys; // any other Key= in the file
};

inline bool cUnescapeOne(const QString &in, qsizetype *at, QString *out)
{
    if (*at >= in.size())
        return false;
    const QChar c = in.at(*at);
    ++*at;
    switch (c.unicode()) {
    case 'a':
        *out += QChar(7);
        return true;
    case 'b':
        *out += QChar(8);
        return true;
    case 'f':
        *out += QChar(12);
        return true;
    case 'n':
        *out += QChar(10);
        return true;
    case 'r':
        *out += QChar(13);
        return true;
    case 't':
        *out += QChar(9);
        return true;
    case 'v':
        *out += QChar(11);
        return true;
    case 's':
        *out += QChar(32);
        return true;
    case '\\':
    case '"':
    case '\'':
        *out += c;
        return true;
    case 'x': {
        bool ok = false;
        const int value = in.mid(*at, 2).toInt(&ok, 16);
        if (!ok || in.mid(*at, 2).size() != 2 || value == 0)
            return false;
        *at += 2;
        *out += QChar(value);
        return true;
    }
    default:
        return false; // systemd refuses an unknown escape without EXTRACT_CUNESCAPE_RELAX
    }
}

// extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE): one word from *at; false at the end or on error.
inline bool extractWord(const QString &in, qsizetype *at, QString *word, QString *error)
{
    static const QString whitespace = QStringLiteral(" \t\n\r");
    while (*at < in.size() && whitespace.contains(in.at(*at)))
        ++*at;
    if (*at >= in.size())
        return false;
    word->clear();
    QChar quote;
    while (*at < in.size()) {
        const QChar c = in.at(*at);
        if (quote.isNull() && whitespace.contains(c))
            break;
        ++*at;
        if (c == QLatin1Char('\\')) {
            if (!cUnescapeOne(in, at, word)) {
                *error = QStringLiteral("bad escape");
                return false;
            }
        } else if (!quote.isNull() && c == quote) {
            quote = QChar();
        } else if (quote.isNull() && (c == QLatin1Char('"') || c == QLatin1Char('\''))) {
            quote = c;
        } else {
            *word += c;
        }
    }
    if (!quote.isNull()) {
        *error = QStringLiteral("unterminated quote");
        return false;
    }
    return true;
}

// Unit specifiers: only "%%" is expected in what Berth writes; any other is an error here.
inline bool expandSpecifiers(const QString &in, QString *out, QString *error)
{
    out->clear();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in.at(i) != QLatin1Char('%')) {
            *out += in.at(i);
            continue;
        }
        if (i + 1 < in.size() && in.at(i + 1) == QLatin1Char('%')) {
            *out += QLatin1Char('%');
            ++i;
            continue;
        }
        *error = QStringLiteral("specifier %") + in.mid(i + 1, 1);
        return false;
    }
    return true;
}

// ExecStart= variables: "$$" is a dollar; "$NAME" would be replaced at run time (an error here).
inline bool expandDollars(const QString &in, QString *out, QString *error)
{
    out->clear();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in.at(i) != QLatin1Char('$')) {
            *out += in.at(i);
            continue;
        }
        if (i + 1 < in.size() && in.at(i + 1) == QLatin1Char('$')) {
            *out += QLatin1Char('$');
            ++i;
            continue;
        }
        if (i + 1 < in.size()
            && (in.at(i + 1) == QLatin1Char('{') || in.at(i + 1).isLetter() || in.at(i + 1) == QLatin1Char('_'))) {
            *error = QStringLiteral("variable reference in ") + in;
            return false;
        }
        *out += in.at(i);
    }
    return true;
}

inline bool parseExec(const QString &value, QList<QStringList> *commands, QString *error)
{
    QString line;
    if (!expandSpecifiers(value, &line, error))
        return false;
    static const QString whitespace = QStringLiteral(" \t\n\r");
    auto endsWord = [&](qsizetype i) { return i >= line.size() || whitespace.contains(line.at(i)); };
    QStringList command;
    qsizetype at = 0;
    while (true) {
        while (at < line.size() && whitespace.contains(line.at(at)))
            ++at;
        if (at >= line.size())
            break;
        if (line.at(at) == QLatin1Char(';') && endsWord(at + 1)) {
            commands->append(command);
            command.clear();
            ++at;
            continue;
        }
        if (line.mid(at, 2) == QLatin1String("\\;") && endsWord(at + 2)) {
            command << QStringLiteral(";");
            at += 2;
            continue;
        }
        QString word, expanded;
        if (!extractWord(line, &at, &word, error))
            return false;
        if (!expandDollars(word, &expanded, error))
            return false;
        command << expanded;
    }
    if (!command.isEmpty())
        commands->append(command);
    return true;
}

inline ParsedUnit parseUnit(const QString &text)
{
    ParsedUnit unit;
    // systemd's read_line ends a line at LF, CR, CRLF and NUL.
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normalized.replace(QLatin1Char('\r'), QLatin1Char('\n')).replace(QChar(0), QLatin1Char('\n'));
    QStringList lines = normalized.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i).trimmed();
        while (line.endsWith(QLatin1Char('\\')) && i + 1 < lines.size()) {
            line.chop(1);
            line += QLatin1Char(' ') + lines.at(++i).trimmed();
        }
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';'))
            || line.startsWith(QLatin1Char('[')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0) {
            unit.ok = false;
            unit.error = QStringLiteral("line without '=': ") + line;
            return unit;
        }
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (key == QLatin1String("ExecStart")) {
            if (value.isEmpty()) {
                unit.execStart.clear();
                continue;
            }
            if (!parseExec(value, &unit.execStart, &unit.error)) {
                unit.ok = false;
                return unit;
            }
        } else if (key == QLatin1String("Environment")) {
            qsizetype at = 0;
            QString word, resolved;
            while (extractWord(value, &at, &word, &unit.error)) {
                if (!expandSpecifiers(word, &resolved, &unit.error)) {
                    unit.ok = false;
                    return unit;
                }
                unit.environment << resolved;
            }
            if (!unit.error.isEmpty()) {
                unit.ok = false;
                return unit;
            }
        } else {
            unit.otherKeys << key;
        }
    }
    return unit;
}

// The words the real /bin/sh makes of `script` (with the working directory `dir`): the script sets
// them with `set --`; each comes back NUL-terminated.
inline QStringList shWords(const QString &script, const QString &dir, QString *error)
{
    QProcess sh;
    sh.setWorkingDirectory(dir);
    sh.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), script + QStringLiteral("\nprintf '%s\\0' \"$@\"") });
    if (!sh.waitForFinished(10000) || sh.exitStatus() != QProcess::NormalExit || sh.exitCode() != 0) {
        sh.kill();
        sh.waitForFinished(1000);
        *error = QString::fromUtf8(sh.readAllStandardError());
        if (error->isEmpty())
            *error = QStringLiteral("sh failed");
        return {};
    }
    QStringList words = QString::fromUtf8(sh.readAllStandardOutput()).split(QChar(0));
    words.removeLast(); // after the last NUL
    return words;
}

} // namespace berth::test
