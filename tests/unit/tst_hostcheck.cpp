// The first-run check's engine: this computer's facts (CPUs, memory, disk,
// VT-x/AMD-V and KVM).
#include "support/scopedenvironment.h"
#include "util/hostinfo.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;

namespace {

// Two processors of /proc/cpuinfo as Linux 6.1 writes them, with the flags line
// given.
QByteArray cpuinfo(const QByteArray &flags)
{
    QByteArray text;
    for (int i = 0; i < 2; ++i) {
        text += "processor\t: " + QByteArray::number(i)
            + "\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) "
              "Xeon(R) CPU @ 2.20GHz\n"
              "flags\t\t: "
            + flags
            + "\nbugs\t\t: cpu_meltdown spectre_v1 spectre_v2\nbogomips\t: 4400.29\n"
              "address sizes\t: 46 bits physical, 48 bits virtual\npower "
              "management:\n\n";
    }
    return text;
}

const QByteArray plainFlags = "fpu vme de pse tsc msr pae mce cx8 apic sep "
                              "mtrr pge mca cmov pat pse36 clflush mmx "
                              "fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp "
                              "lm constant_tsc rep_good nopl xtopology "
                              "nonstop_tsc cpuid tsc_known_freq pni pclmulqdq "
                              "ssse3 fma cx16 pcid sse4_1 sse4_2 "
                              "x2apic movbe popcnt aes xsave avx f16c rdrand "
                              "hypervisor lahf_lm abm 3dnowprefetch";

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

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::ScopedEnvironment> m_env;
};

void TestHostCheck::init()
{
    QVERIFY(m_dir.isValid());
    m_env = std::make_unique<test::ScopedEnvironment>();
    for (const char *name : { "QEMU_BINARY", "QEMU_IMAGE", "BERTH_VM_IMAGE" })
        m_env->unset(name);
}

void TestHostCheck::cpuinfoExtension_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("extension");
    QTest::newRow("Intel with VT-x") << cpuinfo(plainFlags + " vmx ept vpid") << QStringLiteral("VT-x");
    QTest::newRow("AMD with AMD-V") << cpuinfo(plainFlags + " svm npt") << QStringLiteral("AMD-V");
    // A VM whose hypervisor does not pass the extensions on (this CI machine's,
    // with a /dev/kvm).
    QTest::newRow("neither") << cpuinfo(plainFlags) << QString();
    // Names that only contain the letters are no flag.
    QTest::newRow("lookalikes") << cpuinfo(plainFlags + " vmx_ept svm_lock") << QString();
    QTest::newRow("no flags line (arm64)") << QByteArray("processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd "
                                                         "evtstrm aes pmull sha1\n")
                                           << QString();
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

    // A nested /dev/kvm without the extensions hangs QEMU: not usable, and the
    // firmware is what to fix.
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
    // Not what a problem was found with, but the same judgement whichever way it
    // is asked.
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

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestHostCheck test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hostcheck.moc"
