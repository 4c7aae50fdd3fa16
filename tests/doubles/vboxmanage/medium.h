#pragma once

#include "console.h"
#include "registry.h"

#include <QString>

// Disk and DVD images: reading a VDI's own UUID and size, making images with qemu-img.
namespace vboxdouble {

struct ImageInfo {
    QString uuid; // from a VDI header; empty for other formats
    qint64 logicalSize = 0;
    QString format; // VDI, VMDK, VHD, RAW
};

// What VirtualBox reads from an image file when it opens it; false when the file cannot be read.
bool readImageInfo(const QString &path, ImageInfo *info);
// The format VirtualBox guesses from a file's name (VDI, VMDK, VHD; RAW for .iso and .img).
QString formatFromName(const QString &path);

// qemu-img create / convert; error gets qemu-img's message.
bool createImage(const QString &path, const QString &format, qint64 sizeBytes, QString *error);
bool convertImage(const QString &source, const QString &target, const QString &format, QString *error);

// Registers an image file the first time a VM or command uses it (VirtualBox opens media on demand).
Medium *openMedium(Registry *registry, const QString &path, const QString &deviceType, QString *error);

// OpenMedium's failure as VBoxManage reports it (VBoxManageDisk.cpp's openMedium()).
int reportOpenMediumError(
    const QString &message, const ComStatus &status, const QString &component, const QString &interfaceName);
int reportMediumFileNotFound(const QString &absolutePath);

} // namespace vboxdouble
