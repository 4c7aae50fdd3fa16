#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace berth {

// Limits of writeSeedIso: a cloud-init seed holds a few small files in its root directory.
inline constexpr int seedIsoMaxNameLength = 64; // Joliet's limit, in characters
inline constexpr int seedIsoMaxVolumeIdLength = 16; // Joliet's limit, in characters
inline constexpr qint64 seedIsoMaxFileSize = 64 * 1024;

// Writes an ISO 9660 image holding files (name, content) in its root directory, such as a cloud-init
// NoCloud seed (volume id "cidata", files "meta-data" and "user-data"). A Joliet tree carries the exact
// names; the primary tree carries 8.3 upper-case names for readers without Joliet. Timestamps are
// fixed, so identical input gives a byte-identical image. Names are ASCII letters, digits, '.', '_'
// and '-'. The file is written atomically with mode 0600 (a seed may carry a private key). Needs no external tool.
bool writeSeedIso(
    const QString &path, const QString &volumeId, const QList<QPair<QString, QByteArray>> &files, QString *error);

} // namespace berth
