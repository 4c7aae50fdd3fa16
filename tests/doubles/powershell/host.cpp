#include "host.h"

#include "script.h"

#include <unistd.h>

namespace berth::psdouble {

namespace {

const char16_t cp437High[128] = { 0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7, 0x00ea, 0x00eb,
    0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5, 0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192, 0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1,
    0x00aa, 0x00ba, 0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510, 0x2514, 0x2534,
    0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b, 0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c,
    0x2590, 0x2580, 0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4, 0x03a6, 0x0398, 0x03a9, 0x03b4,
    0x221e, 0x03c6, 0x03b5, 0x2229, 0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248, 0x00b0, 0x2219,
    0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0 };

void writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, static_cast<size_t>(left));
        if (n <= 0)
            return;
        data += n;
        left -= n;
    }
}

// PowerShell's serializer: control characters, surrogates and "_x" become _xHHHH_; then XML's own
// escapes for text content.
QString clixmlString(const QString &s)
{
    QString out;
    for (int i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        const ushort u = c.unicode();
        const bool escapeUnderscore
            = u == '_' && i + 1 < s.size() && (s.at(i + 1) == QLatin1Char('x') || s.at(i + 1) == QLatin1Char('X'));
        if (u <= 0x1f || (u >= 0x7f && u <= 0x9f) || (u >= 0xd800 && u <= 0xdfff) || escapeUnderscore)
            out += QStringLiteral("_x") + QStringLiteral("%1").arg(u, 4, 16, QLatin1Char('0')).toUpper()
                + QLatin1Char('_');
        else if (u == '&')
            out += QStringLiteral("&amp;");
        else if (u == '<')
            out += QStringLiteral("&lt;");
        else if (u == '>')
            out += QStringLiteral("&gt;");
        else
            out += c;
    }
    return out;
}

} // namespace

Host::Host(bool clixml, int consoleWidth)
    : m_clixml(clixml)
    , m_width(consoleWidth)
{
}

Host::~Host()
{
    finish();
}

QByteArray Host::encode(const QString &text, bool utf8) const
{
    if (utf8)
        return text.toUtf8();
    QByteArray out;
    out.reserve(text.size());
    for (QChar c : text) {
        const ushort u = c.unicode();
        if (u < 0x80) {
            out.append(static_cast<char>(u));
            continue;
        }
        char mapped = '?';
        for (int i = 0; i < 128; ++i) {
            if (cp437High[i] == u) {
                mapped = static_cast<char>(0x80 + i);
                break;
            }
        }
        out.append(mapped);
    }
    return out;
}

void Host::writeOutputLine(const QString &line)
{
    if (m_outputEncoding < 0)
        m_outputEncoding = m_utf8 ? 1 : 0;
    writeAll(STDOUT_FILENO, encode(line + QStringLiteral("\r\n"), m_outputEncoding == 1));
}

void Host::writeRawError(const QString &text)
{
    writeAll(STDERR_FILENO, encode(text, m_utf8));
}

void Host::startClixml()
{
    if (m_clixmlStarted)
        return;
    m_clixmlStarted = true;
    m_errorEncoding = m_utf8 ? 1 : 0;
    // The "#< CLIXML" line goes out at once; the XML writer buffers the document until the host ends.
    writeAll(STDERR_FILENO, QByteArrayLiteral("#< CLIXML\r\n"));
    m_clixmlBuffer
        = QByteArrayLiteral("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">");
}

void Host::writeErrorLine(const QString &line)
{
    if (line.isEmpty())
        return;
    if (m_clixml) {
        startClixml();
        QString xml
            = QStringLiteral("<S S=\"Error\">") + clixmlString(line + QStringLiteral("\r\n")) + QStringLiteral("</S>");
        if (m_errorEncoding == 0) {
            // The XML writer turns what the code page cannot hold into character references.
            QString escaped;
            for (QChar c : xml) {
                if (c.unicode() >= 0x80 && encode(QString(c), false) == "?")
                    escaped += QStringLiteral("&#x") + QString::number(c.unicode(), 16).toUpper() + QLatin1Char(';');
                else
                    escaped += c;
            }
            xml = escaped;
        }
        m_clixmlBuffer += encode(xml, m_errorEncoding == 1);
        return;
    }
    if (m_errorEncoding < 0)
        m_errorEncoding = m_utf8 ? 1 : 0;
    writeAll(STDERR_FILENO, encode(line + QStringLiteral("\r\n"), m_errorEncoding == 1));
}

void Host::writeModuleLoadProgress()
{
    if (!m_clixml)
        return; // the console shows progress on the screen only, never on a redirected stream
    startClixml();
    m_clixmlBuffer += QByteArrayLiteral(
        "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T>"
        "<T>System.Object</T></TN><MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first "
        "use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>");
}

void Host::finish()
{
    if (!m_clixmlStarted)
        return;
    m_clixmlBuffer += QByteArrayLiteral("</Objs>");
    writeAll(STDERR_FILENO, m_clixmlBuffer);
    m_clixmlBuffer.clear();
    m_clixmlStarted = false;
    m_clixml = false;
}

QString Host::categoryInfo(const ErrorRecord &record)
{
    auto ellipsize
        = [](const QString &s) { return s.size() <= 40 ? s : s.left(15) + QStringLiteral("...") + s.right(15); };
    return QStringLiteral("%1: (%2:%3) [%4], %5")
        .arg(record.category, ellipsize(record.targetName), ellipsize(record.targetType), ellipsize(record.activity),
            record.reason);
}

QString Host::errorViewText(const ErrorRecord &record, const Script &script, int consoleWidth)
{
    QString text;
    if (!record.invocationName.isEmpty())
        text += record.invocationName + QStringLiteral(" : ");
    QString position;
    if (record.hasPosition && !record.parseError)
        position = QStringLiteral("\n") + script.positionMessage(record.extent);
    // The view cuts each "+ ..." line into pieces of the console's width less six and indents each
    // piece by four, all on one line (the line output wraps it afterwards).
    const int pieceWidth = consoleWidth - 4 - 2;
    auto indented = [pieceWidth](const QString &line) {
        QString joined;
        for (int i = 0; i < line.size(); i += pieceWidth)
            joined += QStringLiteral("    ") + line.mid(i, pieceWidth);
        return joined;
    };
    position += QStringLiteral("\n") + indented(QStringLiteral("+ CategoryInfo          : ") + categoryInfo(record));
    position += QStringLiteral("\n") + indented(QStringLiteral("+ FullyQualifiedErrorId : ") + record.errorId);
    text += record.message + position + QStringLiteral("\n ");
    return text;
}

QStringList Host::wrapLine(const QString &line, int columns)
{
    if (line.size() <= columns)
        return { line };
    // Words keep the space after them; a word longer than a line is cut where the line ends.
    QStringList words;
    QString word;
    for (QChar c : line) {
        word += c;
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
            words.append(word);
            word.clear();
        }
    }
    words.append(word);
    QStringList lines;
    QString current;
    int left = columns;
    for (const QString &w : words) {
        if (w.size() > columns) {
            for (QChar c : w) {
                if (left < 1) {
                    lines.append(current);
                    current.clear();
                    left = columns;
                }
                current += c;
                --left;
            }
        } else if (w.size() > left) {
            lines.append(current);
            current = w;
            left = columns - w.size();
        } else {
            current += w;
            left -= w.size();
        }
    }
    lines.append(current);
    return lines;
}

void Host::writeErrorRecord(const ErrorRecord &record, const Script &script)
{
    QString text = errorViewText(record, script, m_width);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    // The console's last column is never written: lines wrap one column early.
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        for (const QString &piece : wrapLine(line, m_width - 1))
            writeErrorLine(piece);
    }
}

} // namespace berth::psdouble
