#pragma once

#include <QString>
#include <QStringList>

namespace berth {

// A built Berth VM image (installer/vm-image/README.md): a folder with manifest.json, the system disk
// in each hypervisor's format, the kernel and initrd, and the boot ISO.
class VmImage {
public:
    QString dir;
    QString version;
    QString kernelCmdline;
    // The kernel QEMU boots directly: "vmlinux" (uncompressed, PVH entry) where the image has it,
    // else "vmlinuz".
    QString kernelFile = QStringLiteral("vmlinuz");
    // The initrd QEMU boots with it: "initrd-virtio.img" (virtio disk only, no udev) where the image
    // has it, else "initrd.img" (the boot ISO's).
    QString initrdFile = QStringLiteral("initrd.img");
    // How Docker runs in the image (manifest "engine"), so a driver can configure the engine
    // before the first boot: its init system ("systemd"), dockerd's path and whether systemd
    // starts it through docker.socket. Empty engineInit: the manifest does not say.
    QString engineInit;
    QString dockerdPath;
    bool dockerSocketActivation = false;
    // Whether the image mounts a shared folder offered through virtiofs (manifest "sharedFolders"; older
    // images mount 9p and VirtualBox's only).
    bool mountsVirtiofs = false;

    QString filePath(const QString &name) const { return dir + QLatin1Char('/') + name; }

    // Finds an image: explicitDir if given (a --*-image flag or BERTH_VM_IMAGE), else the newest in
    // the store's cache (STORE/cache/berth-vm/VERSION), else the newest complete build under
    // BERTH_CACHE (default /var/cache/berth/vm-image-*). The error says how to get one.
    static bool find(const QString &storeCacheDir, const QString &explicitDir, VmImage *image, QString *error);
    static bool load(const QString &dir, VmImage *image, QString *error);

    // Checks the named files against the manifest's SHA-256 and sizes.
    bool verify(const QStringList &names, QString *error) const;

    // The store's own copy of this version (STORE/cache/berth-vm/VERSION), made once and verified, so
    // a machine's disk never depends on a build cache that a newer build replaces.
    bool installInStore(
        const QString &storeCacheDir, const QStringList &names, VmImage *installed, QString *error) const;
};

} // namespace berth
