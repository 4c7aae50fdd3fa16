#include "tabwriter.h"

#include <QList>
#include <QStringList>

namespace berth {

QString alignColumns(const QString &text, int minWidth, int padding)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    const bool endsWithNewline = text.endsWith(QLatin1Char('\n'));
    if (endsWithNewline)
        lines.removeLast();
    QList<QStringList> cells;
    QList<int> widths;
    for (const QString &line : lines) {
        const QStringList row = line.split(QLatin1Char('\t'));
        for (int i = 0; i + 1 < row.size(); ++i) {
            const int width = qMax(minWidth, static_cast<int>(row.at(i).size()) + padding);
            if (i >= widths.size())
                widths.append(width);
            else
                widths[i] = qMax(widths.at(i), width);
        }
        cells.append(row);
    }
    QString out;
    for (const QStringList &row : cells) {
        for (int i = 0; i < row.size(); ++i)
            out += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i), QLatin1Char(' ')) : row.at(i);
        out += QLatin1Char('\n');
    }
    if (!endsWithNewline && !out.isEmpty())
        out.chop(1);
    return out;
}

} // namespace berth
