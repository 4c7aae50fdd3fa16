#pragma once

#include <QFileDevice>
#include <QString>

namespace berth {

// Writes data to path atomically: a temporary file in the same folder, fsync, rename.
// A reader sees either the old file or the whole new one, never a half-written one.
bool writeFileAtomic(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions, QString *error);

// Owner read/write only, for private keys.
inline constexpr QFileDevice::Permissions privateFilePermissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Owner read/write, others read, for certificates and configuration.
inline constexpr QFileDevice::Permissions publicFilePermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;

} // namespace berth
