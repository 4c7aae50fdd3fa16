#include "vmimage.h"

#include "util/atomicfile.h"
#include "util/translate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <memory>
#include <openssl/evp.h>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcVmImage, "berth.vmimage")

namespace berth {

namespace {

constexpr char manifestName[] = "manifest.json";

QJsonObject readManifest(const QString &dir, QString *error)
{
    QFile file(dir + QLatin1Char('/') + QLatin1String(manifestName));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1 has no readable manifest.json: %2").arg(nativePath(dir), file.errorString());
        return {};
    }
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject() || doc.object().value(QLatin1String("version")).toString().isEmpty()) {
        *error = tr("%1 is not a Berth VM image manifest.").arg(nativePath(file.fileName()));
        return {};
    }
    return doc.object();
}

// OpenSSL's SHA-256 (several times faster than QCryptographicHash where the CPU has SHA
// instructions): this runs on every create over some 170 MB.
QByteArray sha256Of(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(nativePath(path), file.errorString());
        return {};
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        *error = tr("Cannot compute SHA-256 (OpenSSL).");
        return {};
    }
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    qint64 read = 0;
    while ((read = file.read(buffer.data(), buffer.size())) > 0)
        EVP_DigestUpdate(context.get(), buffer.constData(), size_t(read));
    if (read < 0) {
        *error = tr("Cannot read %1: %2").arg(nativePath(path), file.errorString());
        return {};
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

// A hard link where the image and the store share a file system and the user may link the
// image's files (a fraction of a second instead of copying some 170 MB); a copy otherwise. Image
// files are never changed in place: a new build is a new folder.
bool linkOrCopy(const QString &from, const QString &to)
{
#if defined(Q_OS_UNIX)
    if (::link(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0)
        return true;
#endif
    return QFile::copy(from, to);
}

// Complete images among the folders matching pattern in parent.
QFileInfoList imagesIn(const QString &parent, const QString &pattern)
{
    QFileInfoList images;
    const QFileInfoList entries
        = QDir(parent).entryInfoList({ pattern }, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QFileInfo manifest(entry.filePath() + QLatin1Char('/') + QLatin1String(manifestName));
        if (manifest.exists() && !entry.fileName().endsWith(QLatin1String(".partial")))
            images << manifest;
    }
    return images;
}

} // namespace

bool VmImage::load(const QString &dir, VmImage *image, QString *error)
{
    const QJsonObject manifest = readManifest(dir, error);
    if (manifest.isEmpty())
        return false;
    image->dir = QDir(dir).absolutePath();
    image->version = manifest.value(QLatin1String("version")).toString();
    image->kernelCmdline = manifest.value(QLatin1String("kernelCmdline")).toString();
    image->kernelFile = manifest.value(QLatin1String("kernelFile")).toString(QStringLiteral("vmlinuz"));
    image->initrdFile = manifest.value(QLatin1String("initrdFile")).toString(QStringLiteral("initrd.img"));
    const QJsonObject engine = manifest.value(QLatin1String("engine")).toObject();
    image->engineInit = engine.value(QLatin1String("init")).toString();
    image->dockerdPath = engine.value(QLatin1String("dockerd")).toString();
    image->dockerSocketActivation = engine.value(QLatin1String("socketActivation")).toBool();
    image->mountsVirtiofs
        = manifest.value(QLatin1String("sharedFolders")).toArray().contains(QJsonValue(QStringLiteral("virtiofs")));
    return true;
}

bool VmImage::find(const QString &storeCacheDir, const QString &explicitDir, VmImage *image, QString *error)
{
    QString dir = explicitDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("BERTH_VM_IMAGE");
    if (!dir.isEmpty())
        return load(dir, image, error);
    // The newest build wins, wherever it is: the store's copies keep their manifest's time.
    const QString cache = qEnvironmentVariableIsSet("BERTH_CACHE") ? qEnvironmentVariable("BERTH_CACHE")
                                                                   : QStringLiteral("/var/cache/berth");
    QFileInfoList candidates = imagesIn(storeCacheDir + QStringLiteral("/berth-vm"), QStringLiteral("*"));
    candidates += imagesIn(cache, QStringLiteral("vm-image-*"));
    std::sort(candidates.begin(), candidates.end(),
        [](const QFileInfo &a, const QFileInfo &b) { return a.lastModified() > b.lastModified(); });
    if (!candidates.isEmpty())
        dir = candidates.first().absolutePath();
    if (dir.isEmpty()) {
        *error = tr("No Berth VM image found. Build it with installer/vm-image/build.sh (scripts/run.sh does), or "
                    "name one with BERTH_VM_IMAGE.");
        return false;
    }
    return load(dir, image, error);
}

bool VmImage::verify(const QStringList &names, QString *error) const
{
    const QJsonObject manifest = readManifest(dir, error);
    if (manifest.isEmpty())
        return false;
    const QJsonObject files = manifest.value(QLatin1String("files")).toObject();
    for (const QString &name : names) {
        const QJsonObject entry = files.value(name).toObject();
        const QString path = filePath(name);
        if (entry.isEmpty()) {
            *error = tr("The VM image %1 lists no %2. Rebuild it with installer/vm-image/build.sh.")
                         .arg(nativePath(dir), name);
            return false;
        }
        if (QFileInfo(path).size() != entry.value(QLatin1String("size")).toInteger()) {
            *error = tr("%1 has the wrong size: the VM image is damaged or incomplete. Rebuild it with "
                        "installer/vm-image/build.sh.")
                         .arg(nativePath(path));
            return false;
        }
        const QByteArray sum = sha256Of(path, error);
        if (sum.isEmpty())
            return false;
        if (sum != entry.value(QLatin1String("sha256")).toString().toLatin1()) {
            *error = tr("%1 does not match its checksum: the VM image is damaged. Rebuild it with "
                        "installer/vm-image/build.sh.")
                         .arg(nativePath(path));
            return false;
        }
    }
    return true;
}

bool VmImage::installInStore(
    const QString &storeCacheDir, const QStringList &names, VmImage *installed, QString *error) const
{
    const QString target = storeCacheDir + QStringLiteral("/berth-vm/") + version;
    if (QDir(target).absolutePath() == QDir(dir).absolutePath()) {
        *installed = *this;
        return true;
    }
    VmImage existing;
    QString ignored;
    if (load(target, &existing, &ignored) && existing.verify(names, &ignored)) {
        *installed = existing;
        return true;
    }
    if (!verify(names, error))
        return false;
    // Into a folder beside the target, then renamed: a half-copied version is never found.
    const QString staging = target + QStringLiteral(".partial");
    QDir(staging).removeRecursively();
    // cache/ is the store's: owner-only, as its other folders, whatever the umask.
    if (!makePrivateDir(staging, nullptr)) {
        *error = tr("Cannot create %1. Check the store's permissions.").arg(nativePath(staging));
        return false;
    }
    for (const QString &name : names + QStringList { QString::fromLatin1(manifestName) }) {
        // The manifest is copied: its time is set below.
        const bool copied = name == QLatin1String(manifestName)
            ? QFile::copy(filePath(name), staging + QLatin1Char('/') + name)
            : linkOrCopy(filePath(name), staging + QLatin1Char('/') + name);
        if (!copied) {
            *error = tr("Cannot copy %1 into the store's cache %2. Check the free space.")
                         .arg(nativePath(filePath(name)), nativePath(staging));
            QDir(staging).removeRecursively();
            return false;
        }
    }
    // The copy keeps the build's time, by which the newest image is chosen.
    QFile manifest(staging + QLatin1Char('/') + QLatin1String(manifestName));
    if (manifest.open(QIODevice::ReadWrite))
        manifest.setFileTime(
            QFileInfo(filePath(QString::fromLatin1(manifestName))).lastModified(), QFileDevice::FileModificationTime);
    manifest.close();
    QDir(target).removeRecursively();
    if (!QDir().rename(staging, target)) {
        *error = tr("Cannot create %1.").arg(nativePath(target));
        return false;
    }
    qCDebug(lcVmImage) << "installed" << version << "in" << target;
    return load(target, installed, error);
}

} // namespace berth
