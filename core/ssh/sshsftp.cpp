// Session's file transfers over SFTP: upload and download of files and folders, with their modes.
#include "sshsession_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <fcntl.h>

namespace berth::ssh {

namespace {

// Each POSIX mode bit and the Qt permission it is; the owner's bits are the user's too when read.
struct ModeBit {
    uint bit;
    QFileDevice::Permission permission;
};
constexpr ModeBit modeBits[]
    = { { 0400, QFileDevice::ReadOwner }, { 0200, QFileDevice::WriteOwner }, { 0100, QFileDevice::ExeOwner },
          { 040, QFileDevice::ReadGroup }, { 020, QFileDevice::WriteGroup }, { 010, QFileDevice::ExeGroup },
          { 04, QFileDevice::ReadOther }, { 02, QFileDevice::WriteOther }, { 01, QFileDevice::ExeOther } };

QFileDevice::Permissions permissionsFromMode(uint mode)
{
    QFileDevice::Permissions permissions;
    for (const ModeBit &m : modeBits) {
        if (mode & m.bit)
            permissions |= m.permission;
    }
    if (mode & 0400)
        permissions |= QFileDevice::ReadUser;
    if (mode & 0200)
        permissions |= QFileDevice::WriteUser;
    if (mode & 0100)
        permissions |= QFileDevice::ExeUser;
    return permissions;
}

uint modeFromPermissions(QFileDevice::Permissions permissions)
{
    uint mode = 0;
    for (const ModeBit &m : modeBits) {
        if (permissions & m.permission)
            mode |= m.bit;
    }
    return mode;
}

QString sftpStatusText(sftp_session sftp, ssh_session session)
{
    switch (sftp_get_error(sftp)) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return QCoreApplication::translate("berth", "no such file or folder");
    case SSH_FX_PERMISSION_DENIED:
        return QCoreApplication::translate("berth", "permission denied");
    case SSH_FX_FILE_ALREADY_EXISTS:
        return QCoreApplication::translate("berth", "it already exists");
    case SSH_FX_WRITE_PROTECT:
        return QCoreApplication::translate("berth", "the file system is read-only");
    case SSH_FX_NO_MEDIA:
        return QCoreApplication::translate("berth", "no medium");
    default:
        return libsshError(session);
    }
}

QString remoteBaseName(const QString &remotePath)
{
    QString path = remotePath;
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString remoteJoin(const QString &folder, const QString &name)
{
    if (folder.endsWith(QLatin1Char('/')))
        return folder + name;
    return folder + QLatin1Char('/') + name;
}

} // namespace

Handle<sftp_session> Session::Private::openSftp(QString *error) const
{
    Handle<sftp_session> sftp(sftp_new(session.get()));
    if (!sftp) {
        setError(error, lostConnection());
        return {};
    }
    if (sftp_init(sftp.get()) != SSH_OK) {
        setError(error,
            QCoreApplication::translate(
                "berth", "%1 does not offer SFTP (%2). Check that its sshd_config has a Subsystem sftp line.")
                .arg(where(), libsshError(session.get())));
        return {};
    }
    return sftp;
}

bool Session::Private::uploadFile(
    sftp_session sftp, const QString &localPath, const QString &remotePath, uint mode, QString *error) const
{
    QFile source(localPath);
    if (!source.open(QIODevice::ReadOnly)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot read %1: %2.")
                .arg(QDir::toNativeSeparators(localPath), source.errorString()));
        return false;
    }
    const QByteArray remote = remotePath.toUtf8();
    {
        const Handle<sftp_file> file(
            sftp_open(sftp, remote.constData(), O_WRONLY | O_CREAT | O_TRUNC, static_cast<mode_t>(mode)));
        if (!file) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot create %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
        QByteArray buffer(transferChunk, Qt::Uninitialized);
        for (;;) {
            const qint64 n = source.read(buffer.data(), buffer.size());
            if (n < 0) {
                setError(error,
                    QCoreApplication::translate("berth", "Cannot read %1: %2.")
                        .arg(QDir::toNativeSeparators(localPath), source.errorString()));
                return false;
            }
            if (n == 0)
                break;
            if (sftp_write(file.get(), buffer.constData(), static_cast<size_t>(n)) != n) {
                setError(error,
                    QCoreApplication::translate("berth", "Cannot write %1 on %2: %3.")
                        .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
                return false;
            }
        }
    }
    // An existing file keeps its old mode on open, and the server's umask trims a new one.
    if (sftp_chmod(sftp, remote.constData(), static_cast<mode_t>(mode)) != 0) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot set the mode of %1 on %2: %3.")
                .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
        return false;
    }
    return true;
}

bool Session::Private::uploadFolder(sftp_session sftp, const QString &localPath, const QString &remotePath,
    QSet<QString> *visited, QString *error) const
{
    const QFileInfo info(localPath);
    // A symbolic link back up the tree would otherwise copy forever.
    if (visited->contains(info.canonicalFilePath()))
        return true;
    visited->insert(info.canonicalFilePath());
    const uint mode = modeFromPermissions(info.permissions());
    const QByteArray remote = remotePath.toUtf8();
    if (sftp_mkdir(sftp, remote.constData(), static_cast<mode_t>(mode | 0700)) != 0) {
        const Handle<sftp_attributes> existing(sftp_stat(sftp, remote.constData()));
        if (!existing || existing->type != SSH_FILEXFER_TYPE_DIRECTORY) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot create the folder %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
    }
    const QFileInfoList entries = QDir(localPath).entryInfoList(
        QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QString remoteEntry = remoteJoin(remotePath, entry.fileName());
        if (entry.isDir()) {
            if (!uploadFolder(sftp, entry.filePath(), remoteEntry, visited, error))
                return false;
        } else if (entry.isFile()) {
            if (!uploadFile(sftp, entry.filePath(), remoteEntry, modeFromPermissions(entry.permissions()), error))
                return false;
        } else {
            qCInfo(lcSsh) << "skipping" << entry.filePath() << "(not a file or folder)";
        }
    }
    // Set last, so a read-only folder still receives its contents first.
    if (sftp_chmod(sftp, remote.constData(), static_cast<mode_t>(mode)) != 0) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot set the mode of %1 on %2: %3.")
                .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
        return false;
    }
    return true;
}

bool Session::upload(const QString &localPath, const QString &remotePath, bool recursive, QString *error)
{
    if (!d->requireConnection(error))
        return false;
    const QFileInfo info(localPath);
    const QString shown = QDir::toNativeSeparators(localPath);
    if (!info.exists()) {
        setError(error, QCoreApplication::translate("berth", "%1 does not exist. Check the path.").arg(shown));
        return false;
    }
    if (info.isDir() && !recursive) {
        setError(error, QCoreApplication::translate("berth", "%1 is a directory (use -r).").arg(shown));
        return false;
    }
    if (!info.isDir() && !info.isFile()) {
        setError(error,
            QCoreApplication::translate("berth", "%1 is neither a file nor a directory; only those can be copied.")
                .arg(shown));
        return false;
    }
    const Handle<sftp_session> sftp = d->openSftp(error);
    if (!sftp)
        return false;
    // Like scp: copying onto an existing folder puts the copy inside it.
    QString target = remotePath;
    {
        const Handle<sftp_attributes> existing(sftp_stat(sftp.get(), remotePath.toUtf8().constData()));
        if (existing && existing->type == SSH_FILEXFER_TYPE_DIRECTORY)
            target = remoteJoin(remotePath, info.fileName());
    }
    if (info.isDir()) {
        QSet<QString> visited;
        return d->uploadFolder(sftp.get(), info.absoluteFilePath(), target, &visited, error);
    }
    return d->uploadFile(sftp.get(), info.absoluteFilePath(), target, modeFromPermissions(info.permissions()), error);
}

bool Session::Private::downloadFile(
    sftp_session sftp, const QString &remotePath, const QString &localPath, uint mode, QString *error) const
{
    const Handle<sftp_file> file(sftp_open(sftp, remotePath.toUtf8().constData(), O_RDONLY, 0));
    if (!file) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot read %1 on %2: %3.")
                .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
        return false;
    }
    QFile destination(localPath);
    if (!destination.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot write %1: %2.")
                .arg(QDir::toNativeSeparators(localPath), destination.errorString()));
        return false;
    }
    QByteArray buffer(transferChunk, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = sftp_read(file.get(), buffer.data(), static_cast<size_t>(buffer.size()));
        if (n < 0) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot read %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
        if (n == 0)
            break;
        if (destination.write(buffer.constData(), n) != n) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot write %1: %2.")
                    .arg(QDir::toNativeSeparators(localPath), destination.errorString()));
            return false;
        }
    }
    if (!destination.flush()) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot write %1: %2.")
                .arg(QDir::toNativeSeparators(localPath), destination.errorString()));
        return false;
    }
    destination.close();
    QFile::setPermissions(localPath, permissionsFromMode(mode));
    return true;
}

bool Session::Private::downloadFolder(
    sftp_session sftp, const QString &remotePath, const QString &localPath, uint mode, QString *error) const
{
    if (!QDir().mkpath(localPath)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot create the folder %1. Check that you may write there.")
                .arg(QDir::toNativeSeparators(localPath)));
        return false;
    }
    // Owner access while filling it; the remote mode comes last.
    QFile::setPermissions(localPath, permissionsFromMode(mode | 0700));
    {
        const Handle<sftp_dir> dir(sftp_opendir(sftp, remotePath.toUtf8().constData()));
        if (!dir) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot list the folder %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
        for (;;) {
            Handle<sftp_attributes> entry(sftp_readdir(sftp, dir.get()));
            if (!entry)
                break;
            const QString name = QString::fromUtf8(entry->name);
            if (name == QLatin1String(".") || name == QLatin1String(".."))
                continue;
            const QString remoteEntry = remoteJoin(remotePath, name);
            const QString localEntry = QDir(localPath).filePath(name);
            if (entry->type == SSH_FILEXFER_TYPE_SYMLINK) {
                Handle<sftp_attributes> resolved(sftp_stat(sftp, remoteEntry.toUtf8().constData()));
                if (!resolved) {
                    qCInfo(lcSsh) << "skipping dangling link" << remoteEntry;
                    continue;
                }
                entry = std::move(resolved);
            }
            if (entry->type == SSH_FILEXFER_TYPE_DIRECTORY) {
                if (!downloadFolder(sftp, remoteEntry, localEntry, entry->permissions & 07777, error))
                    return false;
            } else if (entry->type == SSH_FILEXFER_TYPE_REGULAR) {
                if (!downloadFile(sftp, remoteEntry, localEntry, entry->permissions & 07777, error))
                    return false;
            } else {
                qCInfo(lcSsh) << "skipping" << remoteEntry << "(not a file or folder)";
            }
        }
        if (!sftp_dir_eof(dir.get())) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot list the folder %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
    }
    QFile::setPermissions(localPath, permissionsFromMode(mode));
    return true;
}

bool Session::download(const QString &remotePath, const QString &localPath, bool recursive, QString *error)
{
    if (!d->requireConnection(error))
        return false;
    const Handle<sftp_session> sftp = d->openSftp(error);
    if (!sftp)
        return false;
    const Handle<sftp_attributes> attributes(sftp_stat(sftp.get(), remotePath.toUtf8().constData()));
    if (!attributes) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot copy %1 from %2: %3.")
                .arg(remotePath, d->where(), sftpStatusText(sftp.get(), d->session.get())));
        return false;
    }
    const bool isFolder = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
    if (isFolder && !recursive) {
        setError(error, QCoreApplication::translate("berth", "%1 is a directory (use -r).").arg(remotePath));
        return false;
    }
    if (!isFolder && attributes->type != SSH_FILEXFER_TYPE_REGULAR) {
        setError(error,
            QCoreApplication::translate("berth", "%1 is neither a file nor a directory; only those can be copied.")
                .arg(remotePath));
        return false;
    }
    // Like scp: copying onto an existing folder puts the copy inside it.
    QString target = localPath;
    const QString name = remoteBaseName(remotePath);
    if (QFileInfo(localPath).isDir() && !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("/"))
        target = QDir(localPath).filePath(name);
    const uint mode = attributes->permissions & 07777;
    if (isFolder)
        return d->downloadFolder(sftp.get(), remotePath, target, mode, error);
    return d->downloadFile(sftp.get(), remotePath, target, mode, error);
}

} // namespace berth::ssh
