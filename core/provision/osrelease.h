#pragma once

#include <QString>
#include <QStringList>

namespace berth {

// /etc/os-release (os-release(5)): KEY=value lines, values optionally quoted.
struct OsRelease {
    QString id; // "debian", "ubuntu", "boot2docker"
    QStringList idLike; // "debian"
    QString name;
    QString prettyName;
    QString versionId;

    static OsRelease parse(const QByteArray &text);
    // id or any of idLike equals name.
    bool isLike(const QString &name) const;
};

} // namespace berth
