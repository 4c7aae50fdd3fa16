#include "medium.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QUuid>
#include <QtEndian>

namespace vboxdouble {

namespace {
// Offsets in a VDI 1.1 image: the 64-byte info text, signature and version, then the header.
constexpr qint64 kVdiSignatureOffset = 64;
constexpr quint32 kVdiSignature = 0xbeda107f;
constexpr qint64 kVdiDiskSizeOffset = 368;
constexpr qint64 kVdiUuidOffset = 392;

QString qemuImgFormat(const QString &format)
{
    const QString f = format.toUpper();
    if (f == QLatin1String("VDI"))
        return QStringLiteral("vdi");
    if (f == QLatin1String("VMDK"))
        return QStringLiteral("vmdk");
    if (f == QLatin1String("VHD"))
        return QStringLiteral("vpc");
    return QStringLiteral("raw");
}

bool runQemuImg(const QStringList &args, QString *error)
{
    QProcess process;
    process.start(QStringLiteral("qemu-img"), args);
    if (!process.waitForFinished(600000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QString::fromUtf8(process.readAllStandardError()).trimmed();
        if (error->isEmpty())
            *error = process.errorString();
        return false;
    }
    return true;
}
} // namespace

QString formatFromName(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("vdi"))
        return QStringLiteral("VDI");
    if (suffix == QLatin1String("vmdk"))
        return QStringLiteral("VMDK");
    if (suffix == QLatin1String("vhd"))
        return QStringLiteral("VHD");
    return QStringLiteral("RAW");
}

bool readImageInfo(const QString &path, ImageInfo *info)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    info->format = formatFromName(path);
    info->logicalSize = file.size();
    const QByteArray header = file.read(kVdiUuidOffset + 16);
    if (header.size() < kVdiUuidOffset + 16)
        return true;
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    if (qFromLittleEndian<quint32>(bytes + kVdiSignatureOffset) != kVdiSignature)
        return true;
    info->format = QStringLiteral("VDI");
    info->logicalSize = static_cast<qint64>(qFromLittleEndian<quint64>(bytes + kVdiDiskSizeOffset));
    // VirtualBox stores the UUID in its little-endian (GUID) layout.
    const uchar *u = bytes + kVdiUuidOffset;
    const QUuid uuid(qFromLittleEndian<quint32>(u), qFromLittleEndian<quint16>(u + 4),
        qFromLittleEndian<quint16>(u + 6), u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    info->uuid = uuid.toString(QUuid::WithoutBraces);
    return true;
}

bool createImage(const QString &path, const QString &format, qint64 sizeBytes, QString *error)
{
    return runQemuImg({ QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), qemuImgFormat(format),
                          path, QString::number(sizeBytes) },
        error);
}

bool convertImage(const QString &source, const QString &target, const QString &format, QString *error)
{
    return runQemuImg(
        { QStringLiteral("convert"), QStringLiteral("-O"), qemuImgFormat(format), source, target }, error);
}

Medium *openMedium(Registry *registry, const QString &path, const QString &deviceType, QString *error)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (Medium *known = registry->findMedium(absolute))
        return known;
    ImageInfo info;
    if (!readImageInfo(absolute, &info)) {
        *error = absolute;
        return nullptr;
    }
    Medium medium;
    medium.uuid = info.uuid.isEmpty() || deviceType == QLatin1String("DVD") ? newUuid() : info.uuid;
    medium.location = absolute;
    medium.format = deviceType == QLatin1String("DVD") ? QStringLiteral("RAW") : info.format;
    medium.deviceType = deviceType;
    medium.logicalSize = info.logicalSize;
    if (Medium *clash = registry->findMedium(medium.uuid)) {
        *error = QStringLiteral("uuid-clash:") + clash->location + QLatin1Char(':') + medium.uuid;
        return nullptr;
    }
    registry->media.append(medium);
    return &registry->media.last();
}

int reportOpenMediumError(
    const QString &message, const ComStatus &status, const QString &component, const QString &interfaceName)
{
    return comErrorAt(CallSite { "OpenMedium(Bstr(pszFilenameOrUuid).raw(), enmDevType, enmAccessMode, "
                                 "fForceNewUuidOnOpen, pMedium.asOutParam())",
                          197, "VBoxManageDisk.cpp" },
        message, status, component, interfaceName);
}

int reportMediumFileNotFound(const QString &absolutePath)
{
    return reportOpenMediumError(
        QStringLiteral("Could not find file for the medium '%1' (VERR_FILE_NOT_FOUND)").arg(absolutePath), E_FileError,
        QStringLiteral("MediumWrap"), QStringLiteral("IMedium"));
}

} // namespace vboxdouble
