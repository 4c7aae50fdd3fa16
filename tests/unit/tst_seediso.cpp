// The cloud-init seed image, read back by the tools a guest and a user would use: isoinfo, xorriso,
// blkid and, as root, the Linux kernel itself. Those tools run on Linux only: every image they read
// has a known SHA-256, checked on both platforms, so the Windows build is held to the very bytes the
// Linux run has read back with them.
#include "support/privateaccess.h"
#include "vmimage/seediso.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;

namespace {

const QByteArray metaData = "instance-id: berth-test\nlocal-hostname: berth-test\n";

// Several sectors, CRLF, UTF-8 and every byte value, so a reader that loses or alters a byte shows.
QByteArray userData()
{
    QByteArray data = "#cloud-config\r\nusers:\n  - name: docker\n    gecos: \"D\xc3\xb6"
                      "cker\"\n";
    for (int i = 0; i < 20000; ++i)
        data.append(static_cast<char>(i % 256));
    return data;
}

QList<QPair<QString, QByteArray>> seedFiles()
{
    return { { QStringLiteral("meta-data"), metaData }, { QStringLiteral("user-data"), userData() } };
}

// Names that map alike to 8.3.
QList<QPair<QString, QByteArray>> shortNameFiles()
{
    return { { QStringLiteral("user-data"), "a" }, { QStringLiteral("user_data"), "b" },
        { QStringLiteral("network-config.yaml"), "c" } };
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The images' sums (seedFiles() as "cidata" and as "CIDATA", the short names' image, the longest
// name's). After a deliberate change of the writer, the Linux run's failures give the new sums, of
// images that run has then read back with the tools.
const QByteArray seedSha256 = "f6238b199eef7edbe19a5f5a9707477a0f6c9a6e68deb2acb9ffc3ce5a6399dd";
const QByteArray upperSeedSha256 = "c3a203c3bc988460f92e3093411512014845afc54dc9aba098242be0bc78fd28";
const QByteArray shortNamesSha256 = "981cc89a25cc644265ff45ef004b457a6b6de72ad1ffcf94c94bde224794407e";
const QByteArray longestNameSha256 = "b0852751268fec5e6a02f886bac31d0941772414b31adea3009f1aab09b7ff26";

QByteArray sha256(const QString &path)
{
    return QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
}

#ifdef Q_OS_UNIX
struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args)
{
    Run result;
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        result.err = "did not finish: " + process.errorString().toUtf8();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString tool(const QString &name)
{
    // blkid lives in /usr/sbin, which a user's PATH may lack.
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
    return path;
}
#endif

} // namespace

class TestSeedIso : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
#ifdef Q_OS_UNIX
    // Linux tools reading the image.
    void volumeIdIsCidata();
    void blkidReportsLabel();
    void jolietHasExactNamesAndBytes();
    void primaryTreeHasShortNames();
    void xorrisoExtractsExactFiles();
#endif
    void imagesAreTheBytesTheToolsRead();
    void identicalInputGivesIdenticalBytes();
    void refusesLongNameAndLargeFile();
    void refusesBadNamesAndVolumeIds();
    void leavesNoTemporaryFiles();

private:
    QTemporaryDir m_dir;
    QString m_iso;
    QString m_isoinfo;
    QString m_xorriso;
    QString m_blkid;
};

void TestSeedIso::initTestCase()
{
    QVERIFY(m_dir.isValid());
#ifdef Q_OS_UNIX
    m_isoinfo = tool(QStringLiteral("isoinfo"));
    m_xorriso = tool(QStringLiteral("xorriso"));
    m_blkid = tool(QStringLiteral("blkid"));
    QVERIFY2(!m_isoinfo.isEmpty(), "isoinfo not found: install genisoimage");
    QVERIFY2(!m_xorriso.isEmpty(), "xorriso not found: install xorriso");
    QVERIFY2(!m_blkid.isEmpty(), "blkid not found: install util-linux");
#endif

    m_iso = m_dir.filePath(QStringLiteral("seed/seed.iso"));
    QString error;
    QVERIFY2(writeSeedIso(m_iso, QStringLiteral("cidata"), seedFiles(), &error), qPrintable(error));
    // Only the owner reads it: a seed may carry the engine's server key.
    QVERIFY_PRIVATE(m_iso, 0600);
}

#ifdef Q_OS_UNIX
void TestSeedIso::volumeIdIsCidata()
{
    QCOMPARE(sha256(m_iso), seedSha256);
    const Run r = run(m_isoinfo, { QStringLiteral("-d"), QStringLiteral("-i"), m_iso });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("CD-ROM is in ISO 9660 format"), r.out.constData());
    QVERIFY2(r.out.contains("\nVolume id: cidata\n"), r.out.constData());
    QVERIFY2(r.out.contains("Joliet with UCS level 3 found"), r.out.constData());
    QVERIFY2(r.out.contains("Logical block size is: 2048"), r.out.constData());
    // The recorded volume size is the file's size, so readers never run past the end.
    const qint64 sectors = QFile(m_iso).size() / 2048;
    QVERIFY2(r.out.contains(QByteArray("Volume size is: " + QByteArray::number(sectors) + '\n')), r.out.constData());
}
#endif

#ifdef Q_OS_UNIX
void TestSeedIso::blkidReportsLabel()
{
    // -p: probe the file itself, not blkid's cache.
    const Run r = run(m_blkid,
        { QStringLiteral("-p"), QStringLiteral("-o"), QStringLiteral("value"), QStringLiteral("-s"),
            QStringLiteral("LABEL"), m_iso });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out.trimmed(), QByteArray("cidata"));
    const Run type = run(m_blkid,
        { QStringLiteral("-p"), QStringLiteral("-o"), QStringLiteral("value"), QStringLiteral("-s"),
            QStringLiteral("TYPE"), m_iso });
    QCOMPARE(type.out.trimmed(), QByteArray("iso9660"));
}
#endif

#ifdef Q_OS_UNIX
void TestSeedIso::jolietHasExactNamesAndBytes()
{
    const Run list = run(m_isoinfo, { QStringLiteral("-J"), QStringLiteral("-l"), QStringLiteral("-i"), m_iso });
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QStringList names;
    for (const QByteArray &line : list.out.split('\n')) {
        // "----------   0    0    0              52 Jan  1 2000 [     25 00]  meta-data "
        const int bracket = line.indexOf("]  ");
        if (line.startsWith('-') && bracket > 0)
            names.append(QString::fromUtf8(line.mid(bracket + 3)).trimmed());
    }
    names.sort();
    QCOMPARE(names, QStringList({ QStringLiteral("meta-data"), QStringLiteral("user-data") }));
    QVERIFY2(list.out.contains(QByteArray(QByteArray::number(metaData.size()) + " Jan  1 2000")), list.out.constData());

    const Run meta = run(m_isoinfo,
        { QStringLiteral("-J"), QStringLiteral("-x"), QStringLiteral("/meta-data"), QStringLiteral("-i"), m_iso });
    QVERIFY2(meta.exitCode == 0, meta.err.constData());
    QCOMPARE(meta.out, metaData);
    const Run user = run(m_isoinfo,
        { QStringLiteral("-J"), QStringLiteral("-x"), QStringLiteral("/user-data"), QStringLiteral("-i"), m_iso });
    QVERIFY2(user.exitCode == 0, user.err.constData());
    QCOMPARE(user.out, userData());
}
#endif

#ifdef Q_OS_UNIX
void TestSeedIso::primaryTreeHasShortNames()
{
    // Readers without Joliet see 8.3 names; names that map alike are told apart.
    const QString iso = m_dir.filePath(QStringLiteral("short.iso"));
    QString error;
    QVERIFY2(writeSeedIso(iso, QStringLiteral("cidata"), shortNameFiles(), &error), qPrintable(error));
    QCOMPARE(sha256(iso), shortNamesSha256);
    const Run list = run(m_isoinfo, { QStringLiteral("-l"), QStringLiteral("-i"), iso });
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QVERIFY2(list.out.contains("  USER_DAT.;1 "), list.out.constData());
    QVERIFY2(list.out.contains("  USER_DA1.;1 "), list.out.constData());
    QVERIFY2(list.out.contains("  NETWORK_.YAM;1 "), list.out.constData());
    const Run second
        = run(m_isoinfo, { QStringLiteral("-x"), QStringLiteral("/USER_DA1.;1"), QStringLiteral("-i"), iso });
    QCOMPARE(second.out, QByteArray("b"));
}
#endif

// Each image the tools read, written again: the bytes are the same on Linux, where the tools have read
// them, and on Windows.
void TestSeedIso::imagesAreTheBytesTheToolsRead()
{
    const QString folder = m_dir.filePath(QStringLiteral("sums"));
    const struct {
        QString volumeId;
        QList<QPair<QString, QByteArray>> files;
        QByteArray sum;
    } images[] = {
        { QStringLiteral("cidata"), seedFiles(), seedSha256 },
        { QStringLiteral("CIDATA"), seedFiles(), upperSeedSha256 },
        { QStringLiteral("cidata"), shortNameFiles(), shortNamesSha256 },
        { QStringLiteral("cidata"), { { QString(64, QLatin1Char('n')), "x" } }, longestNameSha256 },
    };
    int i = 0;
    for (const auto &image : images) {
        const QString path = folder + QStringLiteral("/%1.iso").arg(i++);
        QString error;
        QVERIFY2(writeSeedIso(path, image.volumeId, image.files, &error), qPrintable(error));
        QVERIFY2(sha256(path) == image.sum,
            qPrintable(QStringLiteral("image %1 (%2): SHA-256 %3, not %4")
                           .arg(i)
                           .arg(image.volumeId, QString::fromLatin1(sha256(path)), QString::fromLatin1(image.sum))));
    }
}

#ifdef Q_OS_UNIX
void TestSeedIso::xorrisoExtractsExactFiles()
{
    const Run list = run(m_xorriso, { QStringLiteral("-indev"), m_iso, QStringLiteral("-ls"), QStringLiteral("/") });
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QVERIFY2(list.out.contains("'meta-data'") && list.out.contains("'user-data'"), list.out.constData());

    const QString target = m_dir.filePath(QStringLiteral("extracted"));
    // osirrox is xorriso under another name; -osirrox on makes xorriso itself copy out.
    const Run extract = run(m_xorriso,
        { QStringLiteral("-osirrox"), QStringLiteral("on"), QStringLiteral("-indev"), m_iso, QStringLiteral("-extract"),
            QStringLiteral("/"), target });
    QVERIFY2(extract.exitCode == 0, extract.err.constData());
    QCOMPARE(QDir(target).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name),
        QStringList({ QStringLiteral("meta-data"), QStringLiteral("user-data") }));
    QCOMPARE(readAll(target + QStringLiteral("/meta-data")), metaData);
    QCOMPARE(readAll(target + QStringLiteral("/user-data")), userData());
}
#endif

void TestSeedIso::identicalInputGivesIdenticalBytes()
{
    const QString again = m_dir.filePath(QStringLiteral("again.iso"));
    QString error;
    QTest::qSleep(1100); // a clock that leaked into the image would now differ
    QVERIFY2(writeSeedIso(again, QStringLiteral("cidata"), seedFiles(), &error), qPrintable(error));
    const QByteArray first = readAll(m_iso);
    QVERIFY(!first.isEmpty());
    QCOMPARE(first.size() % 2048, 0);
    QVERIFY2(readAll(again) == first, "two writes of the same seed differ");

    // Different content gives a different image.
    QList<QPair<QString, QByteArray>> changed = seedFiles();
    changed[0].second = "instance-id: other\n";
    QVERIFY2(writeSeedIso(again, QStringLiteral("cidata"), changed, &error), qPrintable(error));
    QVERIFY(readAll(again) != first);
}

void TestSeedIso::refusesLongNameAndLargeFile()
{
    const QByteArray before = readAll(m_iso);
    QString error;

    const QString longName = QString(65, QLatin1Char('n'));
    QVERIFY(!writeSeedIso(m_iso, QStringLiteral("cidata"), { { longName, "x" } }, &error));
    QVERIFY2(
        error.contains(longName) && error.contains(QLatin1String("too long")) && error.contains(QLatin1String("64")),
        qPrintable(error));

    // 64 characters still fit.
    const QString longest = QString(64, QLatin1Char('n'));
    const QString fits = m_dir.filePath(QStringLiteral("longest.iso"));
    QVERIFY2(writeSeedIso(fits, QStringLiteral("cidata"), { { longest, "x" } }, &error), qPrintable(error));
    QCOMPARE(sha256(fits), longestNameSha256);
#ifdef Q_OS_UNIX
    const Run list = run(m_isoinfo, { QStringLiteral("-J"), QStringLiteral("-l"), QStringLiteral("-i"), fits });
    QVERIFY2(list.out.contains(QByteArray("]  " + longest.toLatin1())), list.out.constData());
#endif

    error.clear();
    QVERIFY(!writeSeedIso(m_iso, QStringLiteral("cidata"),
        { { QStringLiteral("meta-data"), metaData }, { QStringLiteral("user-data"), QByteArray(64 * 1024 + 1, 'u') } },
        &error));
    QVERIFY2(error.contains(QLatin1String("user-data")) && error.contains(QLatin1String("too large"))
            && error.contains(QLatin1String("65537")),
        qPrintable(error));

    // Refused input changes nothing: the seed written before is intact.
    QCOMPARE(readAll(m_iso), before);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.iso"))));
    QVERIFY(!writeSeedIso(
        m_dir.filePath(QStringLiteral("never.iso")), QStringLiteral("cidata"), { { longName, "x" } }, &error));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.iso"))));
}

void TestSeedIso::refusesBadNamesAndVolumeIds()
{
    const QString path = m_dir.filePath(QStringLiteral("bad.iso"));
    QString error;
    QVERIFY(!writeSeedIso(path, QStringLiteral("cidata"), { { QStringLiteral("dir/user-data"), "x" } }, &error));
    QVERIFY2(error.contains(QLatin1String("dir/user-data")), qPrintable(error));
    QVERIFY(!writeSeedIso(path, QStringLiteral("cidata"), { { QString(), "x" } }, &error));
    QVERIFY(!writeSeedIso(path, QStringLiteral("cidata"),
        { { QStringLiteral("user-data"), "x" }, { QStringLiteral("USER-DATA"), "y" } }, &error));
    QVERIFY2(error.contains(QLatin1String("twice")), qPrintable(error));
    QVERIFY(!writeSeedIso(path, QString(), seedFiles(), &error));
    QVERIFY(!writeSeedIso(path, QStringLiteral("a-volume-name-too-long"), seedFiles(), &error));
    QVERIFY2(error.contains(QLatin1String("a-volume-name-too-long")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestSeedIso::leavesNoTemporaryFiles()
{
    const QString folder = m_dir.filePath(QStringLiteral("atomic"));
    const QString path = folder + QStringLiteral("/seed.iso");
    QString error;
    QVERIFY2(writeSeedIso(path, QStringLiteral("cidata"), seedFiles(), &error), qPrintable(error));
    // Replacing an existing seed goes through a temporary file too.
    QVERIFY2(writeSeedIso(path, QStringLiteral("CIDATA"), seedFiles(), &error), qPrintable(error));
    QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
        QStringList({ QStringLiteral("seed.iso") }));
    QCOMPARE(sha256(path), upperSeedSha256);
#ifdef Q_OS_UNIX
    const Run r = run(m_blkid,
        { QStringLiteral("-p"), QStringLiteral("-o"), QStringLiteral("value"), QStringLiteral("-s"),
            QStringLiteral("LABEL"), path });
    QCOMPARE(r.out.trimmed(), QByteArray("CIDATA"));
#endif
}

QTEST_GUILESS_MAIN(TestSeedIso)

#include "tst_seediso.moc"
