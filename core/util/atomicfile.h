#pragma once

#include <QFileDevice>
#include <QString>
#include <QStringList>

namespace berth {

// Writes data to path atomically: a temporary file in the same folder, fsync, rename.
// A reader sees either the old file or the whole new one, never a half-written one. A missing folder
// is made (0700) unless createFolder is false (a machine folder removed meanwhile must not come back).
// A symbolic link at path is replaced, not followed.
bool writeFileAtomic(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions, QString *error,
    bool createFolder = true);

// Renames a file over another in one step (a symbolic link at to is replaced, not followed).
bool renameReplacing(const QString &from, const QString &to);

// Gives path the permissions, as far as the platform has them. On POSIX, its mode. On Windows,
// owner-only permissions (nothing for group and others) become an access list that grants the
// user alone full access, inherited by what a folder later holds; other permissions map to the
// read-only attribute, as QFile::setPermissions does.
bool applyPermissions(const QString &path, QFileDevice::Permissions permissions);

// Creates path and any missing parent with owner-only access (0700) whatever the umask; folders that
// exist already are left as they are.
bool makePrivateDir(const QString &path, QString *error);

// Replacing several files of one folder as one set, so that a kill at any instant leaves either the
// old set or the new one: begin gives an empty staging folder (DIR/.replace) to write the whole new
// set into; commit marks it complete, then moves each file into place. finish rolls an interrupted
// replacement forward when it was committed and drops it otherwise; run it, under the same lock as
// the writer, before reading the set.
QString beginFileSetReplace(const QString &dir, QString *error);
bool commitFileSetReplace(const QString &dir, const QStringList &names, QString *error);
void abortFileSetReplace(const QString &dir);
bool finishFileSetReplace(const QString &dir, QString *error);

// The store's files are owner-only whatever they hold, as docker-machine writes them.
inline constexpr QFileDevice::Permissions privateFilePermissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Certificates, public keys and configuration: owner-only too in the store (docker-machine's 0600).
inline constexpr QFileDevice::Permissions publicFilePermissions = privateFilePermissions;
inline constexpr QFileDevice::Permissions privateDirPermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

} // namespace berth
