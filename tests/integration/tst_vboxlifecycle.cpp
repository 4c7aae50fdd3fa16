// `berth -d virtualbox` end to end through the VBoxManage double (tests/doubles/vboxmanage), which keeps
// VirtualBox's registry in files and boots what a VM was given with QEMU: create (a host-only adapter made,
// boot.iso, the system disk cloned, a data disk, the seed), Docker over TLS at the host-only address, a
// container, a published port that answers at `berth ip` and on 127.0.0.1 (the agent), stop and start with the
// image kept, upgrade to a newer image (a new system disk, the same data disk), the faults a user meets (no VirtualBox,
// "The object is not ready", a VBoxManage that hangs, a host-only adapter VirtualBox refuses), kill and rm leaving
// nothing in VirtualBox's registry. Everything runs in a network namespace of the test's own (main()), where
// 192.168.59.0/24 and the double's dnsmasq live.
#include "support/eventually.h"
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using namespace berth::test;

namespace {
QString g_imageDir;
QString g_setupError;
} // namespace

class TestVBoxLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void missingVirtualBoxFailsPreCreateCheck();
    void refusedHostOnlyAdapterLeavesNothing();
    void createBootsADockerVm();
    void ipIsTheHostOnlyAddress();
    void publishedPortAnswersAtTheMachinesIp();
    void sharedHomeIsVisibleInContainers();
    void objectNotReadyIsTriedAgain();
    void hungVBoxManageIsStopped();
    void stopEndsTheVm();
    void upgradeReplacesTheSystemDisk();
    void killAndRmLeaveNothing();

private:
    QProcessEnvironment environment(bool withVirtualBox = true) const;
    ProcessResult berth(const QStringList &args, bool withVirtualBox = true, int timeoutMs = 600000) const;
    ProcessResult vbox(const QStringList &args) const;
    QProcessEnvironment dockerEnv() const;
    // Arms faults of the double for its next invocations (tests/doubles/vboxmanage/faults.h).
    void armFaults(const QByteArray &json) const;
    QStringList registeredVms() const;

    QTemporaryDir m_dir;
    QString m_store;
    QString m_vboxHome;
    QString m_home;
};

QProcessEnvironment TestVBoxLifecycle::environment(bool withVirtualBox) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VBOX_USER_HOME"), m_vboxHome);
    env.insert(QStringLiteral("HOME"), m_home);
    env.remove(QStringLiteral("DOCKER_HOST"));
    env.remove(QStringLiteral("VBOX_MSI_INSTALL_PATH"));
    if (withVirtualBox)
        env.insert(QStringLiteral("VBOX_INSTALL_PATH"), QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR));
    else
        env.remove(QStringLiteral("VBOX_INSTALL_PATH"));
    return env;
}

ProcessResult TestVBoxLifecycle::berth(const QStringList &args, bool withVirtualBox, int timeoutMs) const
{
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, environment(withVirtualBox), timeoutMs);
}

ProcessResult TestVBoxLifecycle::vbox(const QStringList &args) const
{
    return runProcess(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"), args, environment(), 60000);
}

QProcessEnvironment TestVBoxLifecycle::dockerEnv() const
{
    const ProcessResult env
        = berth({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), QStringLiteral("box") });
    if (env.exitCode != 0)
        qWarning() << env.describe();
    QProcessEnvironment result = QProcessEnvironment::systemEnvironment();
    result.insert(QStringLiteral("HOME"), m_home);
    applyExports(env.standardOutput, &result);
    return result;
}

void TestVBoxLifecycle::armFaults(const QByteArray &json) const
{
    QFile file(m_vboxHome + QStringLiteral("/double-faults.json"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(json);
}

QStringList TestVBoxLifecycle::registeredVms() const
{
    const ProcessResult r = vbox({ QStringLiteral("list"), QStringLiteral("vms") });
    return QString::fromUtf8(r.standardOutput).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void TestVBoxLifecycle::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    m_vboxHome = m_dir.filePath(QStringLiteral("vbox"));
    m_home = m_dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_vboxHome));
    QVERIFY(QDir().mkpath(m_home));
}

void TestVBoxLifecycle::cleanupTestCase()
{
    // Whatever a failed test left running: the double's QEMU and dnsmasq of this test's folders.
    runProcess(QStringLiteral("pkill"), { QStringLiteral("-KILL"), QStringLiteral("-f"), m_dir.path() });
}

void TestVBoxLifecycle::missingVirtualBoxFailsPreCreateCheck()
{
    QProcessEnvironment env = environment(false);
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    const ProcessResult r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("create"), QStringLiteral("-d"),
                                         QStringLiteral("virtualbox"), QStringLiteral("nobox") },
        env);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(
        r.standardError.contains("VBoxManage") || r.standardError.contains("VirtualBox"), qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/nobox")).exists());
}

void TestVBoxLifecycle::refusedHostOnlyAdapterLeavesNothing()
{
    armFaults(R"([{"command": "hostonlyif create", "fault": "refused"}])");
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("virtualbox"),
        QStringLiteral("--virtualbox-no-vtx-check"), QStringLiteral("--virtualbox-image"), g_imageDir,
        QStringLiteral("refused") });
    armFaults("[]");
    QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("host-only"), qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/refused")).exists());
    QVERIFY2(registeredVms().isEmpty(), qPrintable(registeredVms().join(QLatin1Char('\n'))));
    QVERIFY(processesMentioning(m_store).isEmpty());
}

void TestVBoxLifecycle::createBootsADockerVm()
{
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("virtualbox"),
        QStringLiteral("--virtualbox-no-vtx-check"), QStringLiteral("--virtualbox-image"), g_imageDir,
        QStringLiteral("--virtualbox-cpu-count"), QStringLiteral("2"), QStringLiteral("--virtualbox-memory"),
        QStringLiteral("1024"), QStringLiteral("--virtualbox-disk-size"), QStringLiteral("8000"),
        QStringLiteral("--virtualbox-command-timeout"), QStringLiteral("20"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Docker is up and running!"), qPrintable(r.describe()));
    qInfo("create -d virtualbox took %lld ms", r.elapsedMs);
    QCOMPARE(registeredVms().size(), 1);
    QVERIFY(registeredVms().first().startsWith(QStringLiteral("\"box\" {")));
    const ProcessResult info
        = vbox({ QStringLiteral("showvminfo"), QStringLiteral("box"), QStringLiteral("--machinereadable") });
    QVERIFY2(info.standardOutput.contains("VMState=\"running\""), info.standardOutput.constData());
    QVERIFY2(info.standardOutput.contains("nic2=\"hostonly\""), info.standardOutput.constData());
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Running\n"));
    // The double's VM is QEMU, booted through its firmware: where it emulates the processor (TCG), the image's
    // berth-emulated.service turned address-space randomization off; with KVM it stays on.
    QStringList qemu;
    for (const QString &process : processesMentioning(m_store))
        if (process.contains(QStringLiteral("qemu-system")))
            qemu << process;
    QCOMPARE(qemu.size(), 1);
    const bool emulated = qemu.first().contains(QStringLiteral("accel=tcg"));
    const ProcessResult aslr = berth({ QStringLiteral("ssh"), QStringLiteral("box"),
        QStringLiteral("cat /proc/sys/kernel/randomize_va_space; sudo journalctl -b -o cat -u berth-emulated") });
    QVERIFY2(aslr.exitCode == 0, qPrintable(aslr.describe()));
    QVERIFY2(aslr.standardOutput.startsWith(emulated ? "0\n" : "2\n"), qPrintable(aslr.describe()));
    QCOMPARE(aslr.standardOutput.contains("berth-emulated: the CPU is emulated (QEMU TCG)"), emulated);
    // docker-machine's field names in the Driver section: docker-machine can drive the machine too.
    QFile config(m_store + QStringLiteral("/machines/box/config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(config.readAll()).object();
    QCOMPARE(root.value(QLatin1String("DriverName")).toString(), QStringLiteral("virtualbox"));
    const QJsonObject driver = root.value(QLatin1String("Driver")).toObject();
    QCOMPARE(driver.value(QLatin1String("CPU")).toInt(), 2);
    QCOMPARE(driver.value(QLatin1String("Memory")).toInt(), 1024);
    QCOMPARE(driver.value(QLatin1String("DiskSize")).toInt(), 8000);
    QVERIFY(driver.contains(QLatin1String("HostOnlyCIDR")));
}

void TestVBoxLifecycle::ipIsTheHostOnlyAddress()
{
    const ProcessResult ip = berth({ QStringLiteral("ip"), QStringLiteral("box") });
    QVERIFY2(ip.exitCode == 0, qPrintable(ip.describe()));
    const QString address = QString::fromUtf8(ip.standardOutput).trimmed();
    QVERIFY2(address.startsWith(QStringLiteral("192.168.59.")), qPrintable(address));
    QCOMPARE(berth({ QStringLiteral("url"), QStringLiteral("box") }).standardOutput,
        QStringLiteral("tcp://%1:2376\n").arg(address).toUtf8());
    QCOMPARE(dockerEnv().value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://%1:2376").arg(address));
}

void TestVBoxLifecycle::publishedPortAnswersAtTheMachinesIp()
{
    const QProcessEnvironment env = dockerEnv();
    ProcessResult r = loadTestImageAndEchoHello(env, 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("hello\n"));
    // As Toolbox users learned it: `docker run -p 8080:80` answers at http://$(docker-machine ip):8080.
    r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("-p"), QStringLiteral("8080:80"),
            QStringLiteral("berth-test/busybox:latest"), QStringLiteral("sh"), QStringLiteral("-c"),
            QStringLiteral("echo published > /tmp/index.html && exec httpd -f -p 80 -h /tmp") },
        env, 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString address
        = QString::fromUtf8(berth({ QStringLiteral("ip"), QStringLiteral("box") }).standardOutput).trimmed();
    QByteArray answer;
    for (int attempt = 0; attempt < 20 && !answer.contains("published"); ++attempt) {
        answer = httpGet(address, 8080, "/index.html", 3000);
        if (!answer.contains("published"))
            QTest::qWait(500);
    }
    QVERIFY2(answer.contains("200 OK") && answer.contains("published"), answer.constData());

    // And on this computer's loopback, through the machine's agent: a NAT rule of its own, added while the VM runs.
    const auto answersHere
        = [] { return httpGet(QStringLiteral("127.0.0.1"), 8080, "/index.html", 2000).contains("published"); };
    BERTH_TRY_VERIFY(answersHere(), 30000);
    const auto rules = [this] {
        return vbox({ QStringLiteral("showvminfo"), QStringLiteral("box"), QStringLiteral("--machinereadable") })
            .standardOutput;
    };
    QVERIFY2(rules().contains(")=\"berth-tcp-8080,tcp,127.0.0.1,8080,,8080\"\n"), rules().constData());
    // The container stopped, the rule goes.
    r = runProcess(dockerCli(),
        { QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-v"),
            QString::fromUtf8(runProcess(dockerCli(), { QStringLiteral("ps"), QStringLiteral("-q") }, env)
                                  .standardOutput.trimmed()) },
        env, 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    BERTH_TRY_VERIFY(!rules().contains("berth-tcp-8080"), 15000);
    QVERIFY(!answersHere());
}

void TestVBoxLifecycle::sharedHomeIsVisibleInContainers()
{
    // The home folder is shared as berth-home and mounted at the same path in the VM.
    QFile file(m_home + QStringLiteral("/from-host.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("shared home\n");
    file.close();
    const ProcessResult r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-v"), m_home + QStringLiteral(":/data"),
            QStringLiteral("berth-test/busybox:latest"), QStringLiteral("cat"), QStringLiteral("/data/from-host.txt") },
        dockerEnv(), 120000);
    if (r.exitCode != 0 || r.standardOutput != "shared home\n") {
        // What the guest says of the share, for the failure's message.
        const ProcessResult guest = berth({ QStringLiteral("ssh"), QStringLiteral("box"),
            QStringLiteral(
                "mount | grep -e 9p -e vboxsf; ls -l /sys/bus/virtio/devices/ "
                "/sys/bus/virtio/drivers/9pnet_virtio/; lsmod | grep -e 9p -e virtio; "
                "sudo journalctl -b -u berth-shared-folder -u berth-firstboot --no-pager -o short-monotonic; "
                "sudo dmesg | grep -i -e 9p -e virtio") });
        QFAIL(qPrintable(r.describe() + guest.describe()));
    }
}

void TestVBoxLifecycle::objectNotReadyIsTriedAgain()
{
    // VirtualBox answers "The object is not ready" while a VM's session changes hands: Berth tries again.
    armFaults(R"([{"command": "showvminfo", "fault": "not-ready", "count": 2}])");
    const ProcessResult r = berth({ QStringLiteral("status"), QStringLiteral("box") });
    armFaults("[]");
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("Running\n"));
}

void TestVBoxLifecycle::hungVBoxManageIsStopped()
{
    // A VBoxManage that never returns is stopped after the machine's command timeout (20 s here), with a
    // message that says so, and the next call works.
    armFaults(R"([{"command": "showvminfo", "fault": "hang", "count": 1}])");
    const ProcessResult r = berth({ QStringLiteral("status"), QStringLiteral("box") });
    armFaults("[]");
    QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 60000, qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("20 s"), qPrintable(r.describe()));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Running\n"));
}

void TestVBoxLifecycle::stopEndsTheVm()
{
    const ProcessResult r = berth({ QStringLiteral("stop"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("stop took %lld ms", r.elapsedMs);
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Stopped\n"));
    QVERIFY(processesMentioning(m_store + QStringLiteral("/machines/box/")).isEmpty());
}

void TestVBoxLifecycle::upgradeReplacesTheSystemDisk()
{
    // A newer image for the stopped machine: upgrade attaches a copy of the new system disk and the new boot ISO,
    // closes and deletes the old disk, and starts it (the one boot after the stop, which the driver's start makes);
    // the data disk keeps the images. (tst_qemu upgrades a running machine.)
    QString newVersion;
    QString error;
    const QString newer
        = makeNewerImage(g_imageDir, m_dir.filePath(QStringLiteral("newer-image")), &newVersion, &error);
    QVERIFY2(!newer.isEmpty(), qPrintable(error));
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), newer);
    ProcessResult r
        = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("box") }, env, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(!r.standardOutput.contains("Stopping the VM"), qPrintable(r.describe()));
    qInfo("upgrade took %lld ms", r.elapsedMs);
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Running\n"));
    // VirtualBox's registry knows the new disk and the data disk, not the old system disk.
    const ProcessResult hdds = vbox({ QStringLiteral("list"), QStringLiteral("hdds") });
    const QString machine = m_store + QStringLiteral("/machines/box");
    QVERIFY2(hdds.standardOutput.contains(
                 (machine + QStringLiteral("/system-") + newVersion + QStringLiteral(".vdi")).toUtf8()),
        hdds.standardOutput.constData());
    QCOMPARE(hdds.standardOutput.count((machine + QStringLiteral("/system-")).toUtf8()), 1);
    QCOMPARE(QDir(machine).entryList({ QStringLiteral("system-*") }),
        QStringList { QStringLiteral("system-") + newVersion + QStringLiteral(".vdi") });
    const ProcessResult dvds = vbox({ QStringLiteral("list"), QStringLiteral("dvds") });
    QVERIFY2(dvds.standardOutput.contains(QStringLiteral("/berth-vm/%1/boot.iso").arg(newVersion).toUtf8()),
        dvds.standardOutput.constData());
    r = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") },
        dockerEnv(), 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestVBoxLifecycle::killAndRmLeaveNothing()
{
    ProcessResult r = berth({ QStringLiteral("kill"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Stopped\n"));
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/box")).exists());
    // Nothing of the machine in VirtualBox's registry: no VM, no disk; no process of it.
    QVERIFY2(registeredVms().isEmpty(), qPrintable(registeredVms().join(QLatin1Char('\n'))));
    const ProcessResult hdds = vbox({ QStringLiteral("list"), QStringLiteral("hdds") });
    QVERIFY2(!hdds.standardOutput.contains(m_store.toUtf8()), hdds.standardOutput.constData());
    QVERIFY2(processesMentioning(m_store).isEmpty(), qPrintable(processesMentioning(m_store).join(QLatin1Char('\n'))));
    // Nor of the host-only network's DHCP server: it stops with the network's last VM.
    const QStringList dhcp = processesMentioning(QStringLiteral("--dhcp-leasefile=") + m_vboxHome);
    QFile events(m_vboxHome + QStringLiteral("/double-events.log"));
    events.open(QIODevice::ReadOnly);
    QVERIFY2(dhcp.isEmpty(),
        qPrintable(dhcp.join(QLatin1Char('\n')) + QStringLiteral("\nThe double's events:\n")
            + QString::fromUtf8(events.readAll())));
}

int main(int argc, char **argv)
{
    // The image first (building it needs Debian's mirror), then a network namespace of the test's own.
    g_setupError = isolateNetwork(&g_imageDir);
    QCoreApplication app(argc, argv);
    TestVBoxLifecycle test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_vboxlifecycle.moc"
