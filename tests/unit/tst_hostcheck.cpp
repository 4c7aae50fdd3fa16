// The first-run check's engine: this computer's facts (CPUs, memory, disk, VT-x/AMD-V and KVM), each
// driver's word on whether it can run a VM here (QEMU found, its version, its accelerator, the image), and
// the create flags' limits that both the wizard and the driver read.
#include "api/machineapi.h"
#include "drivers/driverregistry.h"
#include "drivers/qemu/qemudriver.h"
#include "drivers/qemu/qemuhost.h"
#include "drivers/qemu/virtiofsd.h"
#include "support/scopedenvironment.h"
#include "util/hostinfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>
#if defined(Q_OS_LINUX)
#include <unistd.h>
#endif

using namespace berth;

namespace {

// What Debian 12's QEMU prints for --version, byte for byte.
const char qemuVersionText[] = "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"
                               "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n";

// Two processors of /proc/cpuinfo as Linux 6.1 writes them, with the flags line given.
QByteArray cpuinfo(const QByteArray &flags)
{
    QByteArray text;
    for (int i = 0; i < 2; ++i) {
        text += "processor\t: " + QByteArray::number(i)
            + "\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
              "flags\t\t: "
            + flags
            + "\nbugs\t\t: cpu_meltdown spectre_v1 spectre_v2\nbogomips\t: 4400.29\n"
              "address sizes\t: 46 bits physical, 48 bits virtual\npower management:\n\n";
    }
    return text;
}

const QByteArray plainFlags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx "
                              "fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology "
                              "nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 "
                              "x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch";

// The test program's copies named as QEMU's programs answer --version as QEMU does.
bool answeredAsQemu(int argc, char **argv)
{
    if (argc != 2 || std::strcmp(argv[1], "--version") != 0)
        return false;
    std::fputs(qemuVersionText, stdout);
    std::fflush(stdout);
    return true;
}

QString exe(const QString &name)
{
#ifdef Q_OS_WIN
    return name + QStringLiteral(".exe");
#else
    return name;
#endif
}

} // namespace

class TestHostCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void cpuinfoExtension_data();
    void cpuinfoExtension();
    void meminfoTotal_data();
    void meminfoTotal();
    void linuxVirtualization();
    void hostFacts();
    void apiHostFacts();

    void qemuVersion_data();
    void qemuVersion();
    void qemuFoundOnPath();
    void qemuWithoutImage();
    void qemuNotInstalled();
    void checkDriversListsHypervisorsOnly();

    void flagLimitsFromHost();
    void flagLimitsEnforcedByDriver_data();
    void flagLimitsEnforcedByDriver();
    void shareProtocolFlag_data();
    void shareProtocolFlag();
    void virtiofsdFlag();

private:
    void useImageCache(bool withImage);
    // A folder with copies of this program named qemu-system-x86_64 and qemu-img, first on the PATH.
    void putFakeQemuOnPath();

    QTemporaryDir m_dir;
    std::unique_ptr<test::ScopedEnvironment> m_env;
};

void TestHostCheck::init()
{
    QVERIFY(m_dir.isValid());
    m_env = std::make_unique<test::ScopedEnvironment>();
    for (const char *name : { "QEMU_BINARY", "QEMU_IMAGE", "BERTH_VM_IMAGE", "VBOX_INSTALL_PATH",
             "VBOX_MSI_INSTALL_PATH", "VIRTUALBOX_IMAGE" })
        m_env->unset(name);
}

void TestHostCheck::useImageCache(bool withImage)
{
    const QString cache = m_dir.filePath(withImage ? QStringLiteral("cache") : QStringLiteral("empty-cache"));
    QVERIFY(QDir().mkpath(cache));
    if (withImage) {
        const QString image = cache + QStringLiteral("/vm-image-test");
        QVERIFY(QDir().mkpath(image));
        QFile manifest(image + QStringLiteral("/manifest.json"));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write(QJsonDocument(QJsonObject { { QStringLiteral("version"), QStringLiteral("test-1") } }).toJson());
    }
    m_env->set("BERTH_CACHE", QDir::toNativeSeparators(cache).toUtf8());
}

void TestHostCheck::putFakeQemuOnPath()
{
    const QString bin = m_dir.filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    for (const QString &name : { QStringLiteral("qemu-system-x86_64"), QStringLiteral("qemu-img") }) {
        const QString target = bin + QLatin1Char('/') + exe(name);
        if (!QFile::exists(target))
            QVERIFY(QFile::copy(QCoreApplication::applicationFilePath(), target));
    }
    // The rest of the PATH stays: under Wine the copies find their DLLs there.
    m_env->set("PATH", (QDir::toNativeSeparators(bin) + QDir::listSeparator() + qEnvironmentVariable("PATH")).toUtf8());
}

void TestHostCheck::cpuinfoExtension_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("extension");
    QTest::newRow("Intel with VT-x") << cpuinfo(plainFlags + " vmx ept vpid") << QStringLiteral("VT-x");
    QTest::newRow("AMD with AMD-V") << cpuinfo(plainFlags + " svm npt") << QStringLiteral("AMD-V");
    // A VM whose hypervisor does not pass the extensions on (this CI machine's, with a /dev/kvm).
    QTest::newRow("neither") << cpuinfo(plainFlags) << QString();
    // Names that only contain the letters are no flag.
    QTest::newRow("lookalikes") << cpuinfo(plainFlags + " vmx_ept svm_lock") << QString();
    QTest::newRow("no flags line (arm64)")
        << QByteArray("processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm aes pmull sha1\n") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestHostCheck::cpuinfoExtension()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, extension);
    QCOMPARE(HostInfo::cpuVirtualizationExtension(text), extension);
}

void TestHostCheck::meminfoTotal_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("mb");
    QTest::newRow("Linux 6.1") << QByteArray("MemTotal:        8039104 kB\nMemFree:          279944 kB\n"
                                             "MemAvailable:    5894232 kB\nBuffers:          238832 kB\n")
                               << qint64(7850);
    QTest::newRow("not first") << QByteArray("MemFree:          279944 kB\nMemTotal:       16318996 kB\n")
                               << qint64(15936);
    QTest::newRow("absent") << QByteArray("MemFree:          279944 kB\n") << qint64(0);
    QTest::newRow("garbled") << QByteArray("MemTotal:        lots kB\n") << qint64(0);
    QTest::newRow("empty") << QByteArray() << qint64(0);
}

void TestHostCheck::meminfoTotal()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, mb);
    QCOMPARE(HostInfo::memTotalMb(text), mb);
}

void TestHostCheck::linuxVirtualization()
{
    const QByteArray intel = cpuinfo(plainFlags + " vmx");
    const QByteArray amd = cpuinfo(plainFlags + " svm");

    HardwareVirtualization v = HostInfo::linuxVirtualization(intel, true, true);
    QVERIFY(v.extensions && v.acceleratorUsable);
    QCOMPARE(v.extensionName, QStringLiteral("VT-x"));
    QCOMPARE(v.accelerator, QStringLiteral("KVM"));
    QVERIFY(v.problem.isEmpty() && v.remedy.isEmpty());

    // A nested /dev/kvm without the extensions hangs QEMU: not usable, and the firmware is what to fix.
    v = HostInfo::linuxVirtualization(cpuinfo(plainFlags), true, true);
    QVERIFY(!v.extensions && !v.acceleratorUsable);
    QVERIFY2(
        v.problem.contains(QLatin1String("VT-x")) && v.problem.contains(QLatin1String("AMD-V")), qPrintable(v.problem));
    QVERIFY2(v.remedy.contains(QLatin1String("firmware")), qPrintable(v.remedy));

    v = HostInfo::linuxVirtualization(amd, false, false);
    QVERIFY(v.extensions && !v.acceleratorUsable);
    QVERIFY2(v.problem.contains(QLatin1String("/dev/kvm")), qPrintable(v.problem));
    QVERIFY2(v.remedy.contains(QLatin1String("kvm_amd")), qPrintable(v.remedy));
    v = HostInfo::linuxVirtualization(intel, false, false);
    QVERIFY2(v.remedy.contains(QLatin1String("kvm_intel")), qPrintable(v.remedy));

    v = HostInfo::linuxVirtualization(intel, true, false);
    QVERIFY(v.extensions && !v.acceleratorUsable);
    QVERIFY2(v.remedy.contains(QLatin1String("kvm group")), qPrintable(v.remedy));
}

void TestHostCheck::hostFacts()
{
    const HostFacts facts = HostInfo::facts(m_dir.path());
    QVERIFY(facts.cpuCount >= 1);
    QVERIFY2(facts.memoryMb >= 256, qPrintable(QString::number(facts.memoryMb)));
    QCOMPARE(facts.diskPath, m_dir.path());
    QVERIFY(facts.freeDiskMb > 0);
    // A store not made yet: the disk it will be on.
    const qint64 later = HostInfo::freeDiskMb(m_dir.filePath(QStringLiteral("not/yet/made")));
    QVERIFY2(qAbs(later - facts.freeDiskMb) < 1024, qPrintable(QString::number(later)));
    // Not what a problem was found with, but the same judgement whichever way it is asked.
    const HardwareVirtualization v = facts.virtualization;
    QCOMPARE(v.acceleratorUsable, HostInfo::virtualization().acceleratorUsable);
    QCOMPARE(v.problem.isEmpty(), v.acceleratorUsable);
    QCOMPARE(v.remedy.isEmpty(), v.acceleratorUsable);
#ifdef Q_OS_WIN
    QCOMPARE(v.accelerator, QStringLiteral("WHPX"));
#elif defined(Q_OS_LINUX)
    QCOMPARE(v.accelerator, QStringLiteral("KVM"));
    QFile proc(QStringLiteral("/proc/cpuinfo"));
    QVERIFY(proc.open(QIODevice::ReadOnly));
    QCOMPARE(v.extensionName, HostInfo::cpuVirtualizationExtension(proc.readAll()));
#endif
}

void TestHostCheck::apiHostFacts()
{
    // The store's disk, whether or not the store exists yet.
    const HostFacts facts = MachineApi(m_dir.filePath(QStringLiteral("store"))).hostFacts();
    QCOMPARE(facts.diskPath, m_dir.filePath(QStringLiteral("store")));
    QVERIFY(facts.freeDiskMb > 0);
}

void TestHostCheck::qemuVersion_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("version");
    QTest::newRow("Debian 12") << QByteArray(qemuVersionText) << QStringLiteral("7.2.22");
    QTest::newRow("upstream") << QByteArray("QEMU emulator version 8.2.0\nCopyright (c) 2003-2023 Fabrice Bellard\n")
                              << QStringLiteral("8.2.0");
    QTest::newRow("Windows build") << QByteArray("QEMU emulator version 9.1.0 (v9.1.0-12064-gc658eebf44)\r\n")
                                   << QStringLiteral("9.1.0");
    QTest::newRow("two numbers") << QByteArray("QEMU emulator version 2.11\n") << QStringLiteral("2.11");
    QTest::newRow("not QEMU") << QByteArray("bash: qemu: command not found\n") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestHostCheck::qemuVersion()
{
    QFETCH(QByteArray, output);
    QFETCH(QString, version);
    QCOMPARE(qemu::parseQemuVersion(output), version);
}

void TestHostCheck::qemuFoundOnPath()
{
    useImageCache(true);
    putFakeQemuOnPath();
    const DriverCheck c = QemuDriver::check(m_dir.filePath(QStringLiteral("store")));
    qInfo("%s\nproblem: %s\nremedy: %s", qPrintable(c.summary), qPrintable(c.problem), qPrintable(c.remedy));
    QCOMPARE(c.driverName, QStringLiteral("qemu"));
    QVERIFY2(c.usable, qPrintable(c.problem));
    QCOMPARE(c.version, QStringLiteral("7.2.22"));
    QVERIFY2(c.summary.contains(QLatin1String("QEMU 7.2.22")), qPrintable(c.summary));
    // The accelerator QEMU would be given here, and why not a faster one.
    const HardwareVirtualization hardware = HostInfo::virtualization();
    const bool accelerated = qemu::hostRunsX86() && hardware.acceleratorUsable;
    QCOMPARE(c.accelerator, accelerated ? hardware.accelerator : QStringLiteral("TCG"));
    QVERIFY(c.preference > 0);
    if (accelerated) {
        QVERIFY2(c.problem.isEmpty(), qPrintable(c.problem));
        QVERIFY2(c.summary.contains(hardware.accelerator), qPrintable(c.summary));
    } else {
        QVERIFY2(c.problem.contains(QLatin1String("slower")), qPrintable(c.problem));
        QVERIFY(!c.remedy.isEmpty());
        if (qemu::hostRunsX86())
            QVERIFY2(c.remedy.contains(hardware.remedy), qPrintable(c.remedy));
        QCOMPARE(c.problem.count(QLatin1Char('\n')), c.remedy.count(QLatin1Char('\n')));
    }
}

void TestHostCheck::qemuWithoutImage()
{
    useImageCache(false);
    putFakeQemuOnPath();
    const DriverCheck c = QemuDriver::check(m_dir.filePath(QStringLiteral("store")));
    QVERIFY(!c.usable);
    QCOMPARE(c.preference, 0);
    QCOMPARE(c.version, QStringLiteral("7.2.22"));
    QVERIFY2(c.problem.contains(QLatin1String("VM image")), qPrintable(c.problem));
    // VmImage's own words on how to get one.
    QVERIFY2(c.remedy.contains(QLatin1String("No Berth VM image found")), qPrintable(c.remedy));
}

void TestHostCheck::qemuNotInstalled()
{
    useImageCache(true);
    const QString empty = m_dir.filePath(QStringLiteral("nothing"));
    QVERIFY(QDir().mkpath(empty));
    m_env->set("PATH", QDir::toNativeSeparators(empty).toUtf8());
    const DriverCheck c = QemuDriver::check(m_dir.filePath(QStringLiteral("store")));
    QVERIFY(!c.usable);
    QCOMPARE(c.preference, 0);
    QVERIFY(c.version.isEmpty());
    QVERIFY2(c.problem.contains(QLatin1String("qemu-system-x86_64")), qPrintable(c.problem));
    QCOMPARE(c.remedy, qemu::installAdvice());
#ifdef Q_OS_WIN
    QVERIFY2(c.remedy.contains(QLatin1String("QEMU for Windows")), qPrintable(c.remedy));
#else
    QFile osRelease(QStringLiteral("/etc/os-release"));
    if (osRelease.open(QIODevice::ReadOnly) && osRelease.readAll().contains("ID=debian"))
        QVERIFY2(c.remedy.contains(QLatin1String("apt install qemu-system-x86 qemu-utils")), qPrintable(c.remedy));
#endif
    QCOMPARE(qemu::installAdvice("ID=ubuntu\nID_LIKE=debian\n"), qemu::installAdvice("ID=debian\n"));
#ifndef Q_OS_WIN
    QVERIFY(qemu::installAdvice("ID=fedora\n") != qemu::installAdvice("ID=debian\n"));
#endif
}

void TestHostCheck::checkDriversListsHypervisorsOnly()
{
    useImageCache(true);
    putFakeQemuOnPath();
    const QList<DriverCheck> checks = MachineApi(m_dir.filePath(QStringLiteral("store"))).checkDrivers();
    QStringList names;
    for (const DriverCheck &c : checks)
        names << c.driverName;
    // generic and none run no VM here. Neither Hyper-V (Windows only) nor VirtualBox is installed here: QEMU,
    // usable, comes first.
    QCOMPARE(names, (QStringList { QStringLiteral("qemu"), QStringLiteral("hyperv"), QStringLiteral("virtualbox") }));
    QVERIFY(checks.first().usable);
    QVERIFY(!checks.last().usable);
}

void TestHostCheck::flagLimitsFromHost()
{
    QMap<QString, DriverFlag> flags;
    for (const DriverDescription &driver : MachineApi::drivers()) {
        for (const DriverFlag &flag : driver.flags)
            flags.insert(flag.name, flag);
    }
    const DriverFlag cpu = flags.value(QStringLiteral("qemu-cpu-count"));
    QCOMPARE(cpu.minimum, 1);
    QCOMPARE(cpu.maximum, HostInfo::logicalCpuCount());
    const DriverFlag memory = flags.value(QStringLiteral("qemu-memory"));
    QCOMPARE(memory.minimum, 512);
    QCOMPARE(qint64(memory.maximum), HostInfo::totalMemoryMb());
    QVERIFY(!memory.limitNote.isEmpty());
    const DriverFlag disk = flags.value(QStringLiteral("qemu-disk-size"));
    QCOMPARE(disk.minimum, 2000);
    QCOMPARE(disk.maximum, 2 * 1024 * 1024);
    for (const char *port : { "qemu-ssh-port", "qemu-docker-port" })
        QCOMPARE(flags.value(QLatin1String(port)).maximum, 65535);
    for (const char *port : { "generic-ssh-port", "generic-engine-port" }) {
        QCOMPARE(flags.value(QLatin1String(port)).minimum, 1);
        QCOMPARE(flags.value(QLatin1String(port)).maximum, 65535);
    }
    // Every Int flag's default is within its own limits.
    for (const DriverFlag &flag : flags) {
        if (flag.kind != DriverFlag::Kind::Int)
            continue;
        int value = 0;
        QString error;
        QVERIFY2(flag.parseInt(flag.defaultValue, &value, &error), qPrintable(flag.name + QLatin1Char(' ') + error));
    }
}

void TestHostCheck::flagLimitsEnforcedByDriver_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("accepted");
    const QString cpus = QString::number(HostInfo::logicalCpuCount());
    const QString memory = QString::number(HostInfo::totalMemoryMb());
    QTest::newRow("cpu 1") << QStringLiteral("qemu-cpu-count") << QStringLiteral("1") << true;
    QTest::newRow("cpu all") << QStringLiteral("qemu-cpu-count") << cpus << true;
    QTest::newRow("cpu 0") << QStringLiteral("qemu-cpu-count") << QStringLiteral("0") << false;
    QTest::newRow("cpu more") << QStringLiteral("qemu-cpu-count") << QString::number(HostInfo::logicalCpuCount() + 1)
                              << false;
    QTest::newRow("memory 512") << QStringLiteral("qemu-memory") << QStringLiteral("512") << true;
    QTest::newRow("memory all") << QStringLiteral("qemu-memory") << memory << true;
    QTest::newRow("memory 1") << QStringLiteral("qemu-memory") << QStringLiteral("1") << false;
    QTest::newRow("memory more") << QStringLiteral("qemu-memory") << QString::number(HostInfo::totalMemoryMb() + 1)
                                 << false;
    QTest::newRow("disk 1999") << QStringLiteral("qemu-disk-size") << QStringLiteral("1999") << false;
    QTest::newRow("disk 2 TB") << QStringLiteral("qemu-disk-size") << QStringLiteral("2097152") << true;
    QTest::newRow("disk more") << QStringLiteral("qemu-disk-size") << QStringLiteral("2097153") << false;
    QTest::newRow("port 65536") << QStringLiteral("qemu-ssh-port") << QStringLiteral("65536") << false;
    QTest::newRow("not a number") << QStringLiteral("qemu-memory") << QStringLiteral("2G") << false;
    QTest::newRow("generic port 0") << QStringLiteral("generic-ssh-port") << QStringLiteral("0") << false;
}

void TestHostCheck::flagLimitsEnforcedByDriver()
{
    QFETCH(QString, flag);
    QFETCH(QString, value);
    QFETCH(bool, accepted);
    const QString driverName = flag.section(QLatin1Char('-'), 0, 0);
    const DriverInfo *info = DriverRegistry::find(driverName);
    QVERIFY(info);
    DriverFlag declared;
    for (const DriverFlag &f : info->flags) {
        if (f.name == flag)
            declared = f;
    }
    QCOMPARE(declared.name, flag);
    FlagValues values { { flag, { value } } };
    if (driverName == QLatin1String("generic"))
        values.insert(QStringLiteral("generic-ip-address"), { QStringLiteral("192.0.2.1") });
    const std::unique_ptr<Driver> driver = info->factory(QStringLiteral("x"), m_dir.filePath(QStringLiteral("store")));
    QString error;
    QCOMPARE(driver->setConfigFromFlags(values, &error), accepted);
    if (accepted)
        return;
    // The driver refuses with the limits the flag declares, which the wizard offers.
    const QString limits = QStringLiteral("from %1 to %2").arg(declared.minimum).arg(declared.maximum);
    QVERIFY2(error.contains(limits), qPrintable(error));
    QVERIFY2(error.contains(flag) && error.contains(value), qPrintable(error));
    QString direct;
    int ignored = 0;
    QVERIFY(!declared.parseInt(value, &ignored, &direct));
    QCOMPARE(error, direct);
}

void TestHostCheck::shareProtocolFlag_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("unsaid") << QString() << true;
    QTest::newRow("9p") << QStringLiteral("9p") << true;
    // Only on Linux where a virtiofsd is installed (Debian 12 here); under Wine refused as Windows has no virtio-fs.
    QTest::newRow("virtiofs") << QStringLiteral("virtiofs") << (Virtiofsd::available() && !Virtiofsd::find().isEmpty());
    QTest::newRow("other") << QStringLiteral("nfs") << false;
    QTest::newRow("upper case") << QStringLiteral("9P") << false;
}

void TestHostCheck::shareProtocolFlag()
{
    QFETCH(QString, value);
    QFETCH(bool, accepted);
    QemuDriver driver(QStringLiteral("x"), m_dir.filePath(QStringLiteral("store")));
    FlagValues values;
    if (!value.isNull())
        values.insert(QStringLiteral("qemu-share-protocol"), { value });
    QString error;
    QCOMPARE(driver.setConfigFromFlags(values, &error), accepted);
    if (accepted) {
        QCOMPARE(driver.toJson({}).value(QLatin1String("ShareProtocol")).toString(), value);
        return;
    }
    QVERIFY2(error.contains(QStringLiteral("--qemu-share-protocol")), qPrintable(error));
    // virtiofs is refused for what stops it: Linux without virtiofsd installed, or another system.
    const QString reason = value != QLatin1String("virtiofs") ? value
        : Virtiofsd::available()                              ? QStringLiteral("virtiofsd")
                                                              : QStringLiteral("on Linux only");
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void TestHostCheck::virtiofsdFlag()
{
    QemuDriver refused(QStringLiteral("x"), m_dir.filePath(QStringLiteral("store")));
    QString error;
    FlagValues values;
#if !defined(Q_OS_LINUX)
    // QEMU for Windows and macOS has no virtio-fs device: any program given is refused, for that reason, at create.
    values.insert(QStringLiteral("qemu-virtiofsd"), { QCoreApplication::applicationFilePath() });
    QVERIFY(!Virtiofsd::available());
    QVERIFY(!refused.setConfigFromFlags(values, &error));
    QVERIFY2(error.contains(QStringLiteral("--qemu-virtiofsd")) && error.contains(QStringLiteral("Linux only")),
        qPrintable(error));
#else
    // Not there: refused at create, with the flag and the path.
    const QString missing = m_dir.filePath(QStringLiteral("no-virtiofsd"));
    values.insert(QStringLiteral("qemu-virtiofsd"), { missing });
    QVERIFY(Virtiofsd::available());
    QVERIFY(!refused.setConfigFromFlags(values, &error));
    QVERIFY2(error.contains(QStringLiteral("--qemu-virtiofsd")) && error.contains(QDir::toNativeSeparators(missing)),
        qPrintable(error));
    // Debian 12's (QEMU 7's, in qemu-system-common): kept in the machine's config, found again at each start. It
    // takes -o source= and translates no ids, so without root Berth shares through 9p (tst_userfolder: Debian 13's).
    const QString qemuVirtiofsd = QStringLiteral("/usr/lib/qemu/virtiofsd");
    QVERIFY2(QFileInfo(qemuVirtiofsd).isExecutable(), "qemu-system-common's virtiofsd is not installed");
    QemuDriver driver(QStringLiteral("x"), m_dir.filePath(QStringLiteral("store")));
    values.insert(QStringLiteral("qemu-virtiofsd"), { qemuVirtiofsd });
    QVERIFY2(driver.setConfigFromFlags(values, &error), qPrintable(error));
    QCOMPARE(driver.toJson({}).value(QLatin1String("Virtiofsd")).toString(), qemuVirtiofsd);
    const Virtiofsd::Program program = Virtiofsd::inspect(Virtiofsd::find(qemuVirtiofsd));
    QCOMPARE(program.path, qemuVirtiofsd);
    QVERIFY(!program.rust);
    QVERIFY(!program.translatesIds);
    QCOMPARE(Virtiofsd::actsAsEveryGuestUser(program), ::geteuid() == 0);
#endif
}

int main(int argc, char **argv)
{
    if (answeredAsQemu(argc, argv))
        return 0;
    QCoreApplication app(argc, argv);
    TestHostCheck test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hostcheck.moc"
