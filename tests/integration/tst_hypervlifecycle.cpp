// `berth -d hyperv` end to end through the PowerShell + Hyper-V double (tests/doubles/powershell), which keeps
// Hyper-V's VMs in files and boots them with QEMU on a bridge with dnsmasq for each switch: the faults a user
// meets before anything is made (no Hyper-V module, no rights, no switch: exit 3), a guest that reports only
// IPv6 (a clear error, nothing left), then create (generation 2, Secure Boot, the boot ISO, a copy of
// the image's system.vhdx, a data disk, the seed, a static MAC address), Docker over TLS at the switch address, a
// container, a published port that answers at `berth ip`, the home folder shared over SMB (Samba on the switch) seen in
// a container, its password from the keychain (gnome-keyring of the test's own) at the next start, stop and start with
// the image kept, upgrade to a newer image (a new system disk, the same data disk), kill and rm leaving no VM, share,
// file or process. Three full boots in all (create, start, upgrade). Everything runs in a network namespace of the
// test's own (main()).
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace berth::test;

namespace {
QString g_imageDir;
QString g_setupError;
// The double's user's Windows password: a comma and a space, which mount options must carry.
const QString sharePassword = QStringLiteral("Shared,Pa55 w0rd");
} // namespace

class TestHyperVLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void noHyperVModuleFailsPreCreateCheck();
    void noRightsFailsPreCreateCheck();
    void noSwitchFailsPreCreateCheck();
    void guestWithOnlyIpv6LeavesNothing();
    void createBootsADockerVm();
    void ipIsTheSwitchAddress();
    void publishedPortAnswersAtTheMachinesIp();
    void sharedHomeIsVisibleInContainers();
    void stopEndsTheVm();
    void upgradeReplacesTheSystemDisk();
    void killAndRmLeaveNothing();

private:
    QProcessEnvironment environment() const;
    ProcessResult berth(const QStringList &args, int timeoutMs = 900000) const;
    ProcessResult ps(const QString &command) const;
    QProcessEnvironment dockerEnv() const;
    void writeDoubleConfig(const QJsonObject &config) const;
    int vmCount() const;
    QStringList disksIn(const QString &dir) const;
    void verifyNothingLeft(const QString &name);
    // What a container reads of a file in the shared home; the guest's mounts when it reads nothing.
    ProcessResult readSharedFile(const QString &name) const;

    QTemporaryDir m_dir;
    // The keychain's files and bus, apart: its processes run through the whole test, not part of what a machine
    // leaves.
    QTemporaryDir m_keyringDir;
    SecretService m_secrets;
    QString m_store;
    QString m_hypervHome;
    QString m_home;
};

QProcessEnvironment TestHyperVLifecycle::environment() const
{
    // The keychain's session bus, and the user's home.
    QProcessEnvironment env = m_secrets.environment(QProcessEnvironment::systemEnvironment());
    env.remove(QStringLiteral("HYPERV_SHARE_PASSWORD"));
    return hypervDoubleEnvironment(env, m_hypervHome, m_home);
}

ProcessResult TestHyperVLifecycle::berth(const QStringList &args, int timeoutMs) const
{
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, environment(), timeoutMs);
}

ProcessResult TestHyperVLifecycle::ps(const QString &command) const
{
    return runPowerShellDouble(command, environment());
}

QProcessEnvironment TestHyperVLifecycle::dockerEnv() const
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

void TestHyperVLifecycle::writeDoubleConfig(const QJsonObject &config) const
{
    QJsonObject withPassword = config;
    withPassword.insert(QStringLiteral("password"), sharePassword);
    QFile file(m_hypervHome + QStringLiteral("/config.json"));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QJsonDocument(withPassword).toJson());
}

int TestHyperVLifecycle::vmCount() const
{
    const ProcessResult r = ps(QStringLiteral("@(Get-VM).Count"));
    return r.exitCode == 0 ? QString::fromUtf8(r.standardOutput).trimmed().toInt() : -1;
}

QStringList TestHyperVLifecycle::disksIn(const QString &dir) const
{
    QStringList disks;
    for (QDirIterator it(
             dir, { QStringLiteral("*.vhdx"), QStringLiteral("*.vhd") }, QDir::Files, QDirIterator::Subdirectories);
         it.hasNext();)
        disks << it.next();
    return disks;
}

void TestHyperVLifecycle::verifyNothingLeft(const QString &name)
{
    QVERIFY2(!QDir(m_store + QStringLiteral("/machines/") + name).exists(), qPrintable(name));
    QCOMPARE(vmCount(), 0);
    // No VM's files in the double's Hyper-V, no machine's disk, no QEMU or dnsmasq of either.
    QVERIFY2(QDir(m_hypervHome + QStringLiteral("/vms")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(),
        qPrintable(QDir(m_hypervHome + QStringLiteral("/vms")).entryList().join(QLatin1Char(' '))));
    // (The store's copy of the image, in cache/, stays for the next machine.)
    const QString machines = m_store + QStringLiteral("/machines");
    QVERIFY2(disksIn(machines).isEmpty(), qPrintable(disksIn(machines).join(QLatin1Char('\n'))));
    QVERIFY2(processesMentioning(m_dir.path()).isEmpty(),
        qPrintable(processesMentioning(m_dir.path()).join(QLatin1Char('\n'))));
}

void TestHyperVLifecycle::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    m_hypervHome = m_dir.filePath(QStringLiteral("hyperv"));
    m_home = m_dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_hypervHome));
    QVERIFY(QDir().mkpath(m_home));
    QVERIFY(QFile::exists(QStringLiteral(BERTH_POWERSHELL_DOUBLE_DIR "/powershell")));
    QString error;
    QVERIFY(m_keyringDir.isValid());
    QVERIFY2(m_secrets.start(m_keyringDir.path(), &error), qPrintable(error));
}

void TestHyperVLifecycle::cleanupTestCase()
{
    m_secrets.stop();
    // Whatever a failed test left running: the double's QEMU and dnsmasq of this test's folders.
    runProcess(QStringLiteral("pkill"), { QStringLiteral("-KILL"), QStringLiteral("-f"), m_dir.path() });
}

void TestHyperVLifecycle::noHyperVModuleFailsPreCreateCheck()
{
    writeDoubleConfig({ { QStringLiteral("hyperVModule"), false } });
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("hyperv"),
        QStringLiteral("--hyperv-image"), g_imageDir, QStringLiteral("nomodule") });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.standardError.contains("Hyper-V PowerShell module is not installed"), qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/nomodule")).exists());
}

void TestHyperVLifecycle::noRightsFailsPreCreateCheck()
{
    writeDoubleConfig({ { QStringLiteral("administrator"), false }, { QStringLiteral("hyperVAdministrator"), false } });
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("hyperv"),
        QStringLiteral("--hyperv-image"), g_imageDir, QStringLiteral("norights") });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.standardError.contains(
                 "Add-LocalGroupMember -Group \"Hyper-V Administrators\" -Member $env:USERNAME, then sign out"),
        qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/norights")).exists());
}

void TestHyperVLifecycle::noSwitchFailsPreCreateCheck()
{
    writeDoubleConfig({ { QStringLiteral("switches"), QJsonArray() } });
    ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("hyperv"),
        QStringLiteral("--hyperv-image"), g_imageDir, QStringLiteral("noswitch") });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.standardError.contains("neither its Default Switch nor an External virtual switch"),
        qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("New-VMSwitch"), qPrintable(r.describe()));
    // A switch named that Hyper-V does not have.
    writeDoubleConfig({});
    r = berth(
        { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("hyperv"), QStringLiteral("--hyperv-image"),
            g_imageDir, QStringLiteral("--hyperv-virtual-switch"), QStringLiteral("LAN"), QStringLiteral("noswitch") });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.standardError.contains("no virtual switch named \"LAN\". It has \"Default Switch\""),
        qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/noswitch")).exists());
    QCOMPARE(vmCount(), 0);
}

void TestHyperVLifecycle::guestWithOnlyIpv6LeavesNothing()
{
    // The guest reports only its link-local IPv6 address (its DHCP is never answered): after the driver's grace for
    // an IPv4 address, create fails and keeps nothing.
    writeDoubleConfig({ { QStringLiteral("guestReportsOnlyIPv6"), true } });
    const ProcessResult r = berth(
        { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("hyperv"), QStringLiteral("--hyperv-image"),
            g_imageDir, QStringLiteral("--hyperv-disk-size"), QStringLiteral("4000"), QStringLiteral("v6") });
    writeDoubleConfig({});
    qInfo("create with an IPv6-only guest failed after %lld ms", r.elapsedMs);
    QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("reports only IPv6 addresses to Hyper-V (fe80::"), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("Nothing was kept"), qPrintable(r.describe()));
    verifyNothingLeft(QStringLiteral("v6"));
}

void TestHyperVLifecycle::createBootsADockerVm()
{
    writeDoubleConfig({});
    // The home folder shared for the double's user, whose password is given as a user gives it.
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("HYPERV_SHARE_PASSWORD"), sharePassword);
    const ProcessResult r = runBerth(
        { QStringLiteral("-s"), m_store, QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("hyperv"),
            QStringLiteral("--hyperv-image"), g_imageDir, QStringLiteral("--hyperv-cpu-count"), QStringLiteral("2"),
            QStringLiteral("--hyperv-memory"), QStringLiteral("1024"), QStringLiteral("--hyperv-disk-size"),
            QStringLiteral("8000"), QStringLiteral("--hyperv-static-macaddress"), QStringLiteral("00:15:5d:be:27:01"),
            QStringLiteral("--hyperv-share-user"), QStringLiteral("BERTH-HOST\\docker"), QStringLiteral("box") },
        env, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Mounting the shared folder") && !r.standardOutput.contains("not mounted"),
        qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Docker is up and running!"), qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("the switch \"Default Switch\""), qPrintable(r.describe()));
    qInfo("create -d hyperv took %lld ms", r.elapsedMs);
    QCOMPARE(vmCount(), 1);
    // What Hyper-V was told: generation 2, the CPUs, dynamic memory, two DVDs and two disks, the static MAC.
    ProcessResult vm = ps(QStringLiteral("Get-VM -Name box | Select-Object Generation,ProcessorCount,MemoryStartup,"
                                         "DynamicMemoryEnabled | ConvertTo-Json -Compress"));
    QCOMPARE(vm.standardOutput,
        QByteArray("{\"Generation\":2,\"ProcessorCount\":2,\"MemoryStartup\":1073741824,"
                   "\"DynamicMemoryEnabled\":true}\r\n"));
    vm = ps(QStringLiteral("@((Get-VM -Name box).HardDrives).Count; @((Get-VM -Name box).DVDDrives).Count"));
    QCOMPARE(vm.standardOutput, QByteArray("2\r\n2\r\n"));
    vm = ps(QStringLiteral("Get-VMNetworkAdapter -VMName box | Select-Object MacAddress,DynamicMacAddressEnabled | "
                           "ConvertTo-Json -Compress"));
    QCOMPARE(vm.standardOutput, QByteArray("{\"MacAddress\":\"00155DBE2701\",\"DynamicMacAddressEnabled\":false}\r\n"));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Running\n"));
    // docker-machine's field names in the Driver section.
    QFile config(m_store + QStringLiteral("/machines/box/config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(config.readAll()).object();
    QCOMPARE(root.value(QLatin1String("DriverName")).toString(), QStringLiteral("hyperv"));
    const QJsonObject driver = root.value(QLatin1String("Driver")).toObject();
    QCOMPARE(driver.value(QLatin1String("CPU")).toInt(), 2);
    QCOMPARE(driver.value(QLatin1String("MemSize")).toInt(), 1024);
    QCOMPARE(driver.value(QLatin1String("DiskSize")).toInt(), 8000);
    QCOMPARE(driver.value(QLatin1String("VSwitch")).toString(), QStringLiteral("Default Switch"));
    QCOMPARE(driver.value(QLatin1String("MacAddr")).toString(), QStringLiteral("00155DBE2701"));
    QVERIFY(!driver.value(QLatin1String("VMId")).toString().isEmpty());
    // Berth's fields for the share; no password in the store.
    QCOMPARE(driver.value(QLatin1String("ShareUser")).toString(), QStringLiteral("BERTH-HOST\\docker"));
    QCOMPARE(driver.value(QLatin1String("ShareName")).toString(), QStringLiteral("berth-box"));
    QCOMPARE(driver.value(QLatin1String("SharedFolder")).toString(), m_home);
    QDirIterator files(m_store, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(sharePassword.toUtf8()), qPrintable(file.fileName()));
    }
    // The share Windows was asked for: the home folder.
    const ProcessResult share
        = ps(QStringLiteral("Get-SmbShare -Name berth-box | Select-Object Name,Path | ConvertTo-Json -Compress"));
    QCOMPARE(share.standardOutput, "{\"Name\":\"berth-box\",\"Path\":\"" + m_home.toUtf8() + "\"}\r\n");
}

ProcessResult TestHyperVLifecycle::readSharedFile(const QString &name) const
{
    ProcessResult r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-v"), m_home + QStringLiteral(":/data"),
            QStringLiteral("berth-test/busybox:latest"), QStringLiteral("cat"), QStringLiteral("/data/") + name },
        dockerEnv(), 120000);
    if (r.exitCode != 0) {
        const ProcessResult guest = berth(
            { QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("mount | grep cifs; dmesg | tail") });
        r.standardError += "\nThe guest's CIFS mounts and kernel messages:\n" + guest.standardOutput;
    }
    return r;
}

void TestHyperVLifecycle::sharedHomeIsVisibleInContainers()
{
    // The home folder is shared over SMB and mounted at the same path in the VM, as the docker user's.
    QFile file(m_home + QStringLiteral("/from-host.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("shared home\n");
    file.close();
    ProcessResult r = readSharedFile(QStringLiteral("from-host.txt"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("shared home\n"));
    // Written in the VM, there on this computer.
    r = berth({ QStringLiteral("ssh"), QStringLiteral("box"),
        QStringLiteral("echo from the guest > %1/from-guest.txt && stat -c %U %1/from-guest.txt").arg(m_home) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("docker\n"));
    QFile written(m_home + QStringLiteral("/from-guest.txt"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("from the guest\n"));
}

void TestHyperVLifecycle::ipIsTheSwitchAddress()
{
    const ProcessResult ip = berth({ QStringLiteral("ip"), QStringLiteral("box") });
    QVERIFY2(ip.exitCode == 0, qPrintable(ip.describe()));
    const QString address = QString::fromUtf8(ip.standardOutput).trimmed();
    // The double's Default Switch is Windows's: a 172.x /20.
    QVERIFY2(address.startsWith(QStringLiteral("172.30.")), qPrintable(address));
    QCOMPARE(berth({ QStringLiteral("url"), QStringLiteral("box") }).standardOutput,
        QStringLiteral("tcp://%1:2376\n").arg(address).toUtf8());
    QCOMPARE(dockerEnv().value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://%1:2376").arg(address));
}

void TestHyperVLifecycle::publishedPortAnswersAtTheMachinesIp()
{
    const QProcessEnvironment env = dockerEnv();
    ProcessResult r = loadTestImageAndEchoHello(env, 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("hello\n"));
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
        QTcpSocket socket;
        socket.connectToHost(address, 8080);
        if (socket.waitForConnected(3000)) {
            socket.write("GET /index.html HTTP/1.0\r\nHost: box\r\n\r\n");
            while (socket.waitForReadyRead(3000))
                answer += socket.readAll();
        }
        if (!answer.contains("published"))
            QTest::qWait(500);
    }
    QVERIFY2(answer.contains("200 OK") && answer.contains("published"), answer.constData());
}

void TestHyperVLifecycle::stopEndsTheVm()
{
    // 300 MB written to the data disk and freed: the stop compacts the data disk (Optimize-VHD), and the file gives
    // them back. Zeros, because the double's QEMU ignores the guest's discards and the double's Optimize-VHD drops
    // only blocks of zeros (Hyper-V's drops the blocks the guest trimmed too).
    const QString dataDisk = m_store + QStringLiteral("/machines/box/data.vhdx");
    ProcessResult r = berth({ QStringLiteral("ssh"), QStringLiteral("box"),
        QStringLiteral("sudo dd if=/dev/zero of=/var/lib/docker/freed bs=1M count=300 conv=fsync status=none && "
                       "sudo rm /var/lib/docker/freed && sync") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const qint64 written = QFileInfo(dataDisk).size();
    r = berth({ QStringLiteral("stop"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("stop took %lld ms; the data disk's file was %lld MB, then %lld MB", r.elapsedMs, written >> 20,
        QFileInfo(dataDisk).size() >> 20);
    QVERIFY2(QFileInfo(dataDisk).size() < written - 250 * 1024 * 1024, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Giving the space Docker freed on the data disk back to Windows")
            && r.standardOutput.contains("The data disk's file is"),
        qPrintable(r.describe()));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Stopped\n"));
    QVERIFY2(processesMentioning(m_hypervHome + QStringLiteral("/vms/")).isEmpty(),
        qPrintable(processesMentioning(m_hypervHome + QStringLiteral("/vms/")).join(QLatin1Char('\n'))));
}

void TestHyperVLifecycle::upgradeReplacesTheSystemDisk()
{
    // A newer image for the stopped machine: upgrade gives the VM a copy of the new system disk and the new boot ISO,
    // and starts it (the one boot after the stop, which the driver's start makes); the data disk keeps the images.
    // (tst_qemu upgrades a running machine.)
    QString newVersion;
    QString error;
    const QString newer
        = makeNewerImage(g_imageDir, m_dir.filePath(QStringLiteral("newer-image")), &newVersion, &error);
    QVERIFY2(!newer.isEmpty(), qPrintable(error));
    const QString machine = m_store + QStringLiteral("/machines/box");
    const QStringList before = disksIn(machine);
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), newer);
    ProcessResult r
        = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("box") }, env, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(!r.standardOutput.contains("Stopping the VM"), qPrintable(r.describe()));
    qInfo("upgrade took %lld ms", r.elapsedMs);
    // The share mounted again with the password the keychain kept (none is given now).
    QVERIFY2(!r.standardOutput.contains("not mounted"), qPrintable(r.describe()));
    r = readSharedFile(QStringLiteral("from-guest.txt"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("from the guest\n"));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Running\n"));
    QFile config(machine + QStringLiteral("/config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QJsonObject driver
        = QJsonDocument::fromJson(config.readAll()).object().value(QLatin1String("Driver")).toObject();
    QCOMPARE(driver.value(QLatin1String("ImageVersion")).toString(), newVersion);
    // Hyper-V's drives hold the new disk and ISO; the old disk is gone, the data disk is the same file.
    const QString newDisk = machine + QStringLiteral("/system-") + newVersion + QStringLiteral(".vhdx");
    r = ps(QStringLiteral("Get-VMHardDiskDrive -VMName box | Select-Object Path | ConvertTo-Json -Compress"));
    QVERIFY2(r.standardOutput.contains(newDisk.toUtf8()), qPrintable(r.describe()));
    r = ps(QStringLiteral("Get-VMDvdDrive -VMName box | Select-Object Path | ConvertTo-Json -Compress"));
    // (The store's copy of the image: cache/berth-vm/VERSION.)
    QVERIFY2(r.standardOutput.contains(QStringLiteral("/berth-vm/%1/boot.iso").arg(newVersion).toUtf8()),
        qPrintable(r.describe()));
    QStringList after = disksIn(machine);
    QCOMPARE(after.size(), 2);
    QVERIFY2(after.contains(newDisk) && after.contains(machine + QStringLiteral("/data.vhdx")),
        qPrintable(after.join(QLatin1Char(' '))));
    QVERIFY(!after.contains(before.filter(QStringLiteral("/system")).value(0)));
    r = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") },
        dockerEnv(), 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // Nothing newer: nothing to do.
    r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("box") }, env, 60000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput.contains("already runs the newest image"), qPrintable(r.describe()));
}

void TestHyperVLifecycle::killAndRmLeaveNothing()
{
    ProcessResult r = berth({ QStringLiteral("kill"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Stopped\n"));
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    verifyNothingLeft(QStringLiteral("box"));
    // The share went with the machine; the home folder stays.
    r = ps(QStringLiteral("Get-SmbShare -Name berth-box"));
    QVERIFY2(r.standardError.contains("CmdletizationQuery_NotFound_Name,Get-SmbShare"), qPrintable(r.describe()));
    QVERIFY(QFile::exists(m_home + QStringLiteral("/from-guest.txt")));
}

int main(int argc, char **argv)
{
    // The image first (building it needs Debian's mirror), then a network namespace of the test's own.
    g_setupError = isolateNetwork(&g_imageDir);
    QCoreApplication app(argc, argv);
    TestHyperVLifecycle test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hypervlifecycle.moc"
