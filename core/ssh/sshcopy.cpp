// Copies from one host to another through this computer, as `scp -3` does.
#include "sshsession.h"
#include "util/translate.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>

namespace berth::ssh {

namespace {

QString baseName(const QString &remotePath)
{
    QString path = remotePath;
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QString name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    return name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") || name == QLatin1String("/")
        ? QString()
        : name;
}

// A copied folder may be read-only (its remote mode): give the owner write access back, so the
// staging folder can be removed.
void makeRemovable(const QString &root)
{
    QDirIterator it(
        root, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString folder = it.next();
        QFile::setPermissions(folder,
            QFile::permissions(folder) | QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
}

} // namespace

bool copyBetweenHosts(Session &source, const QString &sourcePath, Session &destination, const QString &destinationPath,
    bool recursive, QString *error)
{
    // A private staging folder (0700), removed whatever happens.
    QTemporaryDir staging(QDir::temp().filePath(QStringLiteral("berth-scp-XXXXXX")));
    if (!staging.isValid()) {
        if (error)
            *error = tr("Cannot create a temporary folder in %1 to copy through: %2. Set TMPDIR to a folder you may "
                        "write to.")
                         .arg(nativePath(QDir::tempPath()), staging.errorString());
        return false;
    }
    const auto cleanup = qScopeGuard([&staging] { makeRemovable(staging.path()); });
    const QString name = baseName(sourcePath);
    // The staged copy carries the source's name, so the destination gets the name scp would give it.
    const QString staged = staging.filePath(name.isEmpty() ? QStringLiteral("copy") : name);
    if (!source.download(sourcePath, staged, recursive, error))
        return false;
    return destination.upload(staged, destinationPath, recursive, error);
}

} // namespace berth::ssh
