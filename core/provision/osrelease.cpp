#include "osrelease.h"

#include <QList>

namespace berth {

namespace {

// Undoes os-release quoting: "..." or '...' with backslash escapes for \" \\ \$ \`.
QString unquote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2) {
        const QChar first = value.front();
        if ((first == QLatin1Char('"') || first == QLatin1Char('\'')) && value.back() == first) {
            value = value.mid(1, value.size() - 2);
            if (first == QLatin1Char('"')) {
                QString out;
                for (int i = 0; i < value.size(); ++i) {
                    if (value.at(i) == QLatin1Char('\\') && i + 1 < value.size())
                        ++i;
                    out += value.at(i);
                }
                value = out;
            }
        }
    }
    return value;
}

} // namespace

OsRelease OsRelease::parse(const QByteArray &text)
{
    OsRelease release;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        const QString key = line.left(eq).trimmed();
        const QString value = unquote(line.mid(eq + 1));
        if (key == QLatin1String("ID"))
            release.id = value.toLower();
        else if (key == QLatin1String("ID_LIKE"))
            release.idLike = value.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        else if (key == QLatin1String("NAME"))
            release.name = value;
        else if (key == QLatin1String("PRETTY_NAME"))
            release.prettyName = value;
        else if (key == QLatin1String("VERSION_ID"))
            release.versionId = value;
    }
    return release;
}

bool OsRelease::isLike(const QString &other) const
{
    return id == other || idLike.contains(other);
}

} // namespace berth
