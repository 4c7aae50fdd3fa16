// Finding, verifying and copying a Berth VM image, on small stand-in files (the real image is
// exercised by tests/integration/tst_qemu).
#include "vmimage/vmimage.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <utility>

class TestVmImage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void findsNewestBuild();
    void bootFilesFromManifest();
    void verifyCatchesDamage();
    void installInStoreCopiesOnce();
    void missingImageSaysHowToGetOne();

private:
    static void writeImage(const QString &dir, const QString &version, const QByteArray &kernel);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestVmImage::writeImage(const QString &dir, const QString &version, const QByteArray &kernel)
{
    QVERIFY(QDir().mkpath(dir));
    QJsonObject files;
    for (const auto &[name, data] : { std::pair { QStringLiteral("vmlinuz"), kernel },
             std::pair { QStringLiteral("system.qcow2"), QByteArray(4096, 'q') } }) {
        QFile file(dir + QLatin1Char('/') + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
        files.insert(name,
            QJsonObject { { QStringLiteral("sha256"),
                              QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()) },
                { QStringLiteral("size"), data.size() } });
    }
    QFile manifest(dir + QStringLiteral("/manifest.json"));
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write(QJsonDocument(QJsonObject { { QStringLiteral("version"), version },
                                     { QStringLiteral("kernelCmdline"), QStringLiteral("root=LABEL=berth-root") },
                                     { QStringLiteral("files"), files } })
                       .toJson());
}

void TestVmImage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    qputenv("BERTH_CACHE", m_dir->filePath(QStringLiteral("cache")).toUtf8());
    qunsetenv("BERTH_VM_IMAGE");
}

void TestVmImage::findsNewestBuild()
{
    writeImage(m_dir->filePath(QStringLiteral("cache/vm-image-old")), QStringLiteral("1-old"), "old kernel");
    QTest::qWait(1100); // file times have a one-second grain on some filesystems
    writeImage(m_dir->filePath(QStringLiteral("cache/vm-image-new")), QStringLiteral("2-new"), "new kernel");
    berth::VmImage image;
    QString error;
    QVERIFY2(berth::VmImage::find(m_dir->filePath(QStringLiteral("store/cache")), QString(), &image, &error),
        qPrintable(error));
    QCOMPARE(image.version, QStringLiteral("2-new"));
    QCOMPARE(image.kernelCmdline, QStringLiteral("root=LABEL=berth-root"));
    // An explicit folder wins over the cache.
    QVERIFY(berth::VmImage::find(QString(), m_dir->filePath(QStringLiteral("cache/vm-image-old")), &image, &error));
    QCOMPARE(image.version, QStringLiteral("1-old"));
}

void TestVmImage::bootFilesFromManifest()
{
    // An image from before the manifest named them boots vmlinuz with initrd.img, and says nothing
    // of its engine.
    const QString dir = m_dir->filePath(QStringLiteral("cache/vm-image-c"));
    writeImage(dir, QStringLiteral("c"), "kernel");
    berth::VmImage image;
    QString error;
    QVERIFY2(berth::VmImage::load(dir, &image, &error), qPrintable(error));
    QCOMPARE(image.kernelFile, QStringLiteral("vmlinuz"));
    QCOMPARE(image.initrdFile, QStringLiteral("initrd.img"));
    QVERIFY(image.engineInit.isEmpty());
    QVERIFY(!image.mountsVirtiofs);

    QFile file(dir + QStringLiteral("/manifest.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    manifest.insert(QStringLiteral("kernelFile"), QStringLiteral("vmlinux"));
    manifest.insert(QStringLiteral("initrdFile"), QStringLiteral("initrd-virtio.img"));
    manifest.insert(QStringLiteral("engine"),
        QJsonObject { { QStringLiteral("init"), QStringLiteral("systemd") },
            { QStringLiteral("dockerd"), QStringLiteral("/usr/sbin/dockerd") },
            { QStringLiteral("socketActivation"), true } });
    manifest.insert(QStringLiteral("sharedFolders"),
        QJsonArray { QStringLiteral("virtiofs"), QStringLiteral("9p"), QStringLiteral("vboxsf") });
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(manifest).toJson());
    file.close();
    QVERIFY2(berth::VmImage::load(dir, &image, &error), qPrintable(error));
    QCOMPARE(image.kernelFile, QStringLiteral("vmlinux"));
    QCOMPARE(image.initrdFile, QStringLiteral("initrd-virtio.img"));
    QCOMPARE(image.engineInit, QStringLiteral("systemd"));
    QCOMPARE(image.dockerdPath, QStringLiteral("/usr/sbin/dockerd"));
    QVERIFY(image.dockerSocketActivation);
    QVERIFY(image.mountsVirtiofs);
}

void TestVmImage::verifyCatchesDamage()
{
    const QString dir = m_dir->filePath(QStringLiteral("cache/vm-image-a"));
    writeImage(dir, QStringLiteral("a"), "kernel");
    berth::VmImage image;
    QString error;
    QVERIFY(berth::VmImage::load(dir, &image, &error));
    QVERIFY2(image.verify({ QStringLiteral("vmlinuz"), QStringLiteral("system.qcow2") }, &error), qPrintable(error));
    QFile kernel(dir + QStringLiteral("/vmlinuz"));
    QVERIFY(kernel.open(QIODevice::WriteOnly));
    kernel.write("KERNEL"); // same size, other bytes
    kernel.close();
    QVERIFY(!image.verify({ QStringLiteral("vmlinuz") }, &error));
    QVERIFY2(
        error.contains(QStringLiteral("checksum")) && error.contains(QStringLiteral("vmlinuz")), qPrintable(error));
    QVERIFY(!image.verify({ QStringLiteral("boot.iso") }, &error));
    QVERIFY2(error.contains(QStringLiteral("boot.iso")), qPrintable(error));
}

void TestVmImage::installInStoreCopiesOnce()
{
    writeImage(m_dir->filePath(QStringLiteral("cache/vm-image-b")), QStringLiteral("b"), "kernel b");
    const QString storeCache = m_dir->filePath(QStringLiteral("store/cache"));
    berth::VmImage found, installed;
    QString error;
    QVERIFY(berth::VmImage::find(storeCache, QString(), &found, &error));
    const QStringList names { QStringLiteral("vmlinuz"), QStringLiteral("system.qcow2") };
    QVERIFY2(found.installInStore(storeCache, names, &installed, &error), qPrintable(error));
    QCOMPARE(installed.dir, QDir(storeCache + QStringLiteral("/berth-vm/b")).absolutePath());
    QVERIFY(installed.verify(names, &error));
    // The build cache may go away: machines keep the store's copy, which find() now returns.
    QVERIFY(QDir(m_dir->filePath(QStringLiteral("cache"))).removeRecursively());
    berth::VmImage again;
    QVERIFY2(berth::VmImage::find(storeCache, QString(), &again, &error), qPrintable(error));
    QCOMPARE(again.dir, installed.dir);
    QVERIFY(QDir(storeCache + QStringLiteral("/berth-vm")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)
        == QStringList { QStringLiteral("b") });
}

void TestVmImage::missingImageSaysHowToGetOne()
{
    berth::VmImage image;
    QString error;
    QVERIFY(!berth::VmImage::find(m_dir->filePath(QStringLiteral("store/cache")), QString(), &image, &error));
    QVERIFY2(error.contains(QStringLiteral("installer/vm-image/build.sh")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestVmImage)
#include "tst_vmimage.moc"
