#include "text.h"

#include <QFile>

namespace berth {

bool isLineBreakOrControl(QChar c)
{
    // Other_Control covers C0, DEL and C1 (NEL, U+0085, included).
    switch (c.category()) {
    case QChar::Other_Control:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

bool containsLineBreakOrControl(const QString &value)
{
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (isLineBreakOrControl(c) || c.isSurrogate())
            return true;
    }
    return false;
}

QString visibleText(const QString &value)
{
    QString out;
    for (const QChar c : value) {
        if (c == QLatin1Char('\r'))
            out += QStringLiteral("\\r");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            out += QStringLiteral("\\t");
        else if (isLineBreakOrControl(c) || c.isSurrogate())
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QByteArray fileTail(const QString &path, qint64 bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    file.seek(qMax<qint64>(0, file.size() - bytes));
    return file.readAll();
}

QString lastLineOfFile(const QString &path)
{
    return QString::fromLocal8Bit(fileTail(path, 4096).trimmed().split('\n').constLast()).trimmed();
}

} // namespace berth
