#include "powershell.h"

#include "powershellhost.h"
#include "process/commandrunner.h"
#include "util/progress.h"
#include "util/translate.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>

namespace berth::hyperv {

Q_LOGGING_CATEGORY(lcHyperV, "berth.driver.hyperv")

namespace {

const QString variablePrefix = QStringLiteral("BERTH_PS_");

// The lines of an error view (PowerShell's default one for an ErrorRecord) as records: a message, then
// "At line:L char:C", "+ code", "+ ~~~", "    + CategoryInfo : ...", "    + FullyQualifiedErrorId : ...",
// and a line of one space. A parse error starts with its position and has its message after the caret.
QList<ErrorRecord> recordsOfView(const QString &text)
{
    static const QRegularExpression position(QStringLiteral("\\AAt (line:\\d+|.+:\\d+) char:\\d+\\z"));
    static const QRegularExpression commandPrefix(QStringLiteral("\\A([A-Za-z][\\w\\\\-]*) : (.*)\\z"));
    QList<ErrorRecord> records;
    ErrorRecord current;
    QStringList messageLines;
    const auto finish = [&] {
        QString message;
        for (const QString &line : std::as_const(messageLines)) {
            // A line wrapped at the console's width keeps its trailing space.
            if (!message.isEmpty() && !message.endsWith(QLatin1Char(' ')))
                message += QLatin1Char(' ');
            message += line;
        }
        message = message.trimmed();
        if (!message.isEmpty() || !current.errorId.isEmpty()) {
            const QRegularExpressionMatch prefixed = commandPrefix.match(message);
            if (prefixed.hasMatch()) {
                current.command = prefixed.captured(1);
                message = prefixed.captured(2);
            }
            current.message = message;
            records << current;
        }
        current = {};
        messageLines.clear();
    };
    QString *continued = nullptr; // a category or id line goes on in the next when wrapped
    const QStringList lines = QString(text).remove(QLatin1Char('\r')).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty()) {
            if (line == QLatin1String(" ") || !messageLines.isEmpty() || !current.errorId.isEmpty())
                finish();
            continued = nullptr;
            continue;
        }
        if (line.startsWith(QLatin1String("    + CategoryInfo"))) {
            current.category = line.section(QLatin1Char(':'), 1).trimmed();
            continued = &current.category;
        } else if (line.startsWith(QLatin1String("    + FullyQualifiedErrorId"))) {
            current.errorId = line.section(QLatin1Char(':'), 1).trimmed();
            continued = &current.errorId;
        } else if (line.startsWith(QLatin1String("    "))) {
            if (continued)
                *continued += line.trimmed();
        } else if (position.match(line).hasMatch() || line.startsWith(QLatin1String("+ "))
            || line == QLatin1String("+")) {
            continued = nullptr;
        } else {
            continued = nullptr;
            messageLines << line;
        }
    }
    finish();
    return records;
}

// What a step of the driver's failed, said in a line or two.
QString messageOf(const QList<ErrorRecord> &records)
{
    QStringList parts;
    for (const ErrorRecord &record : records) {
        if (record.message.isEmpty())
            continue;
        parts << (record.command.isEmpty() ? record.message
                                           : QStringLiteral("%1: %2").arg(record.command, record.message));
        if (parts.size() == 2)
            break;
    }
    return parts.join(QLatin1Char('\n'));
}

} // namespace

QString PowerShell::locate()
{
    return CommandRunner::findProgram(powerShellProgramName(), powerShellCandidates());
}

PowerShell::PowerShell(const QString &path, int timeoutSeconds)
    : m_path(path)
    , m_timeoutSeconds(timeoutSeconds > 0 ? timeoutSeconds : defaultTimeoutSeconds)
{
}

QString PowerShell::notFoundMessage()
{
#if defined(Q_OS_WIN)
    return tr("Windows PowerShell (powershell.exe) was not found in %1\\System32\\WindowsPowerShell\\v1.0 or on "
              "the PATH. Hyper-V is driven through it: repair Windows, or put the folder of powershell.exe on the "
              "PATH.")
        .arg(qEnvironmentVariable("SystemRoot", QStringLiteral("C:\\Windows")));
#else
    return tr("Hyper-V runs on Windows only: Berth drives it through Windows PowerShell (powershell.exe), which "
              "this computer does not have. Choose another driver (virtualbox or qemu).");
#endif
}

QStringList PowerShell::arguments(const QString &script)
{
    // -EncodedCommand takes base64 of UTF-16LE: nothing of the script is parsed by a command line.
    QByteArray utf16;
    utf16.reserve(script.size() * 2);
    for (const QChar c : script) {
        utf16.append(static_cast<char>(c.unicode() & 0xff));
        utf16.append(static_cast<char>(c.unicode() >> 8));
    }
    return { QStringLiteral("-NoProfile"), QStringLiteral("-NonInteractive"), QStringLiteral("-ExecutionPolicy"),
        QStringLiteral("Bypass"), QStringLiteral("-EncodedCommand"), QString::fromLatin1(utf16.toBase64()) };
}

QString PowerShell::decodeScript(const QString &encoded)
{
    const QByteArray bytes = QByteArray::fromBase64(encoded.toLatin1());
    QString script;
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2)
        script += QChar(
            static_cast<char16_t>(static_cast<uchar>(bytes.at(i)) | (static_cast<uchar>(bytes.at(i + 1)) << 8)));
    return script;
}

QProcessEnvironment PowerShell::environment(const QMap<QString, QString> &values, const QProcessEnvironment &base)
{
    QProcessEnvironment env = base;
    // Windows's environment ignores case: a stale value of another spelling must not be read either.
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(variablePrefix, Qt::CaseInsensitive))
            env.remove(key);
    }
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        env.insert(variablePrefix + it.key(), it.value());
    return env;
}

QString PowerShell::decodeClixmlString(const QString &text)
{
    QString decoded = text;
    decoded.replace(QLatin1String("&lt;"), QLatin1String("<"))
        .replace(QLatin1String("&gt;"), QLatin1String(">"))
        .replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&apos;"), QLatin1String("'"));
    static const QRegularExpression numeric(QStringLiteral("&#(x[0-9A-Fa-f]+|\\d+);"));
    QString result;
    qsizetype last = 0;
    for (auto it = numeric.globalMatch(decoded); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        result += QStringView(decoded).mid(last, m.capturedStart() - last);
        const QString code = m.captured(1);
        const char32_t value = code.startsWith(QLatin1Char('x')) ? code.mid(1).toUInt(nullptr, 16) : code.toUInt();
        result += QString::fromUcs4(&value, 1);
        last = m.capturedEnd();
    }
    result += QStringView(decoded).mid(last);
    result.replace(QLatin1String("&amp;"), QLatin1String("&"));
    // PowerShell's own escape for control characters (and for "_x" itself: _x005F_).
    static const QRegularExpression escape(QStringLiteral("_x([0-9A-Fa-f]{4})_"));
    QString unescaped;
    last = 0;
    for (auto it = escape.globalMatch(result); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        unescaped += QStringView(result).mid(last, m.capturedStart() - last);
        unescaped += QChar(static_cast<char16_t>(m.captured(1).toUShort(nullptr, 16)));
        last = m.capturedEnd();
    }
    unescaped += QStringView(result).mid(last);
    return unescaped;
}

QList<ErrorRecord> PowerShell::decodeErrors(const QByteArray &standardError)
{
    static const QByteArray marker("#< CLIXML");
    QByteArray bytes = standardError;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    if (!bytes.startsWith(marker))
        return recordsOfView(QString::fromUtf8(bytes));
    bytes.remove(0, marker.size());
    // Text a script wrote itself ([Console]::Error) comes raw, before the document.
    const qsizetype document = bytes.indexOf("<Objs");
    QList<ErrorRecord> records;
    const QString raw = QString::fromUtf8(document < 0 ? bytes : bytes.left(document)).trimmed();
    if (!raw.isEmpty()) {
        ErrorRecord own;
        own.message = QString(raw).remove(QLatin1Char('\r')).split(QLatin1Char('\n')).join(QLatin1Char(' '));
        records << own;
    }
    if (document < 0)
        return records;
    static const QRegularExpression errorString(
        QStringLiteral("<S S=\"Error\">(.*?)</S>"), QRegularExpression::DotMatchesEverythingOption);
    const QString xml = QString::fromUtf8(bytes.mid(document));
    QString view;
    for (auto it = errorString.globalMatch(xml); it.hasNext();)
        view += decodeClixmlString(it.next().captured(1));
    return records + recordsOfView(view);
}

bool PowerShell::parseJson(const QByteArray &output, QJsonArray *items, QString *error)
{
    *items = {};
    const QByteArray text = output.trimmed();
    if (text.isEmpty())
        return true;
    // A list of one value: Windows PowerShell's ConvertTo-Json gives one object, not an array of one.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
        *error = tr("PowerShell's answer is not JSON (%1): %2")
                     .arg(parseError.errorString(), QString::fromUtf8(text.left(200)));
        return false;
    }
    const QJsonArray outer = document.array();
    if (outer.size() == 1 && outer.at(0).isArray())
        *items = outer.at(0).toArray();
    else
        *items = outer;
    return true;
}

Result PowerShell::run(const QString &what, const QString &script, const QMap<QString, QString> &values,
    int timeoutSeconds, const Progress *progress) const
{
    Result result;
    if (!found()) {
        result.error = notFoundMessage();
        return result;
    }
    const int seconds = timeoutSeconds > 0 ? timeoutSeconds : m_timeoutSeconds;
    std::function<bool()> canceled;
    if (progress)
        canceled = [progress] { return progress->isCanceled(); };
    const CommandOutput output = CommandRunner::run(m_path, arguments(script), seconds * 1000,
        environment(values, QProcessEnvironment::systemEnvironment()), canceled);
    result.exitCode = output.exitCode;
    result.standardOutput = output.standardOutput;
    // .NET Framework's console may begin UTF-8 output with its byte order mark.
    if (result.standardOutput.startsWith("\xEF\xBB\xBF"))
        result.standardOutput.remove(0, 3);
    result.standardError = output.standardError;
    if (!output.startError.isEmpty()) {
        result.error
            = tr("Windows PowerShell (%1) could not be started: %2.").arg(nativePath(m_path), output.startError);
        return result;
    }
    if (output.canceled) {
        result.canceled = true;
        result.error = tr("Canceled while %1.").arg(what);
        return result;
    }
    if (output.timedOut) {
        result.timedOut = true;
        result.error = tr("PowerShell did not finish %1 within %2 s and was stopped: Hyper-V does not answer. Look "
                          "at the VM in Hyper-V Manager; restarting the Hyper-V Virtual Machine Management service "
                          "(vmms), or Windows, frees a hung Hyper-V.")
                           .arg(what)
                           .arg(seconds);
        qCDebug(lcHyperV) << "timed out:" << what;
        return result;
    }
    result.errors = decodeErrors(output.standardError);
    if (output.exitCode == 0) {
        result.ok = true;
        return result;
    }
    for (const ErrorRecord &record : std::as_const(result.errors)) {
        result.notRecognized = result.notRecognized || record.errorId.startsWith(QLatin1String("CommandNotFound"));
        result.accessDenied = result.accessDenied || record.errorId.startsWith(QLatin1String("AccessDenied"))
            || record.category.startsWith(QLatin1String("PermissionDenied"));
    }
    QString message = messageOf(result.errors);
    if (message.isEmpty()) {
        CommandOutput last = output;
        message = CommandRunner::lastLine(last);
    }
    if (message.isEmpty())
        message = tr("exit code %1").arg(output.exitCode);
    result.error = tr("Hyper-V failed %1: %2").arg(what, message);
    return result;
}

} // namespace berth::hyperv
