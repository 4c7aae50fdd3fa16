#include "atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace berth {

namespace {

const QString stagingName = QStringLiteral(".replace");
// Written last into the staging folder: from then on the new set is the valid one.
const QString commitName = QStringLiteral(".committed");

QString translate(const char *text)
{
    return QCoreApplication::translate("berth", text);
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

bool writeFileAtomic(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions, QString *error,
    bool createFolder)
{
    if (createFolder && !makePrivateDir(QFileInfo(path).absolutePath(), error))
        return false;
    // QSaveFile writes through a symbolic link to its target; the store's files are never links.
    if (QFileInfo(path).isSymLink() && !QFile::remove(path)) {
        setError(error,
            translate("Cannot replace the symbolic link %1. Remove it by hand.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    QSaveFile file(path);
    // QSaveFile writes to a temporary file beside the target and renames it on commit (after fsync).
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error,
            translate("Cannot write %1: %2. Check that its folder exists and that you may write there.")
                .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    // Restrict before any byte lands so a private key is never readable by others, even briefly.
    file.setPermissions(permissions);
    if (file.write(data) != data.size() || !file.commit()) {
        setError(error, translate("Cannot write %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString()));
        file.cancelWriting();
        return false;
    }
    // The rename keeps the temporary file's mode; set it again in case the umask widened it.
    applyPermissions(path, permissions);
    return true;
}

bool makePrivateDir(const QString &path, QString *error)
{
    const QString clean = QDir::cleanPath(QDir(path).absolutePath());
    if (QFileInfo(clean).isDir())
        return true;
    const QString parent = QFileInfo(clean).absolutePath();
    if (parent != clean && !makePrivateDir(parent, error))
        return false;
    // Another process may make it at the same moment: that is no failure.
    if (!QDir().mkdir(clean) && !QFileInfo(clean).isDir()) {
        setError(error,
            translate("Cannot create the folder %1. Check that you may write there.")
                .arg(QDir::toNativeSeparators(clean)));
        return false;
    }
    applyPermissions(clean, privateDirPermissions);
    return true;
}

QString beginFileSetReplace(const QString &dir, QString *error)
{
    // Whatever an earlier, interrupted replacement left is settled first.
    if (!finishFileSetReplace(dir, error))
        return {};
    const QString staging = dir + QLatin1Char('/') + stagingName;
    if (!makePrivateDir(staging, error))
        return {};
    return staging;
}

bool commitFileSetReplace(const QString &dir, const QStringList &names, QString *error)
{
    const QString staging = dir + QLatin1Char('/') + stagingName;
    for (const QString &name : names) {
        if (!QFileInfo(staging + QLatin1Char('/') + name).isFile()) {
            setError(error,
                translate("%1 was not written.").arg(QDir::toNativeSeparators(staging + QLatin1Char('/') + name)));
            abortFileSetReplace(dir);
            return false;
        }
    }
    if (!writeFileAtomic(staging + QLatin1Char('/') + commitName, names.join(QLatin1Char('\n')).toUtf8(),
            privateFilePermissions, error)) {
        abortFileSetReplace(dir);
        return false;
    }
    return finishFileSetReplace(dir, error);
}

void abortFileSetReplace(const QString &dir)
{
    QDir(dir + QLatin1Char('/') + stagingName).removeRecursively();
}

bool finishFileSetReplace(const QString &dir, QString *error)
{
    const QString staging = dir + QLatin1Char('/') + stagingName;
    const QFileInfo stagingInfo(staging);
    if (!stagingInfo.exists() && !stagingInfo.isSymLink())
        return true;
    if (stagingInfo.isSymLink() || !stagingInfo.isDir()) {
        QFile::remove(staging);
        return true;
    }
    QFile commit(staging + QLatin1Char('/') + commitName);
    if (commit.open(QIODevice::ReadOnly)) {
        // Committed: the new set is the valid one. Files already moved are gone from the staging folder.
        const QStringList names = QString::fromUtf8(commit.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        commit.close();
        for (const QString &name : names) {
            if (name.contains(QLatin1Char('/')) || name.startsWith(QLatin1Char('.')))
                continue;
            const QString from = staging + QLatin1Char('/') + name;
            const QString to = dir + QLatin1Char('/') + name;
            if (!QFileInfo::exists(from))
                continue;
            if (!renameReplacing(from, to)) {
                setError(error,
                    translate("Cannot move %1 into place. Check the permissions of %2.")
                        .arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(dir)));
                return false;
            }
        }
        if (!QFile::remove(commit.fileName())) {
            setError(error, translate("Cannot remove %1.").arg(QDir::toNativeSeparators(commit.fileName())));
            return false;
        }
    }
    // Not committed (or done): the old set is still the valid one; the partial new one goes.
    QDir(staging).removeRecursively();
    return true;
}

} // namespace berth
