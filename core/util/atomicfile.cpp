#include "atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace berth {

bool writeFileAtomic(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions, QString *error)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error
                = QCoreApplication::translate("berth", "Cannot create the folder %1. Check that you may write there.")
                      .arg(QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    QSaveFile file(path);
    // QSaveFile writes to a temporary file beside the target and renames it on commit (after fsync).
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QCoreApplication::translate("berth", "Cannot write %1: %2. Check that you may write there.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    // Restrict before any byte lands so a private key is never readable by others, even briefly.
    file.setPermissions(permissions);
    if (file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("berth", "Cannot write %1: %2.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        file.cancelWriting();
        return false;
    }
    // The rename keeps the temporary file's mode; set it again in case the umask widened it.
    QFile::setPermissions(path, permissions);
    return true;
}

} // namespace berth
