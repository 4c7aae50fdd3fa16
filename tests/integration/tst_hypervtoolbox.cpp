// A Docker Toolbox machine on Hyper-V taken over by Berth (issue 11). The test plays docker-machine 0.16's part
// (drivers/hyperv, libmachine/provision/boot2docker.go, libmachine/cert) through the PowerShell + Hyper-V double
// (tests/doubles/powershell), each cmdlet a powershell run of its own as docker-machine runs them: the store's
// certificates and the machine's key (support/toolboxmachine), a 10 MB fixed VHD with the "boot2docker, please
// format-me" tar written over its first bytes, made dynamic (Convert-VHD) and resized (Resize-VHD), a generation 1 VM
// whose DVD drive gets boot2docker.iso (Set-VMDvdDrive -VMName), started on the Default Switch; the boot2docker
// stand-in (tests/fixtures/boot2docker) boots, formats disk.vhd, and is provisioned as docker-machine does it. Then
// `berth` alone: ls and ip with Hyper-V's address, env and a container, ssh and scp, regenerate-certs through the
// boot2docker provisioner, `upgrade --move` (a Berth machine on Hyper-V of the same size with the Toolbox machine's
// images), stop and start with the image kept, kill, config.json still docker-machine's field for field, rm leaving
// no VM, disk or process. Three boots in all. Everything runs in a network namespace of the test's
// own (main()).
#include "support/testsupport.h"
#include "support/toolboxmachine.h"
#include "testconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace berth::test;

namespace {
QString g_imageDir;
QString g_isoPath;
QString g_setupError;
} // namespace

class TestHyperVToolbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void toolboxMachineMadeByDockerMachine();
    void toolboxMachineRunsContainers();
    void upgradeMovesTheImages();
    void toolboxMachineStopsStartsAndKills();
    void toolboxMachineStaysDockerMachines();

private:
    QProcessEnvironment environment() const;
    ProcessResult berth(const QStringList &args, int timeoutMs = 900000) const;
    ProcessResult ps(const QString &command) const;
    // The docker CLI's environment for the machine, from `berth env`; false with its output when that failed.
    bool dockerEnv(const QString &machine, QProcessEnvironment *env, QString *error) const;
    void verifyNothingLeft(const QString &name);

    // The Toolbox machine "dev", docker-machine's part.
    std::unique_ptr<ToolboxMachine> m_toolbox;
    QTemporaryDir m_dir;
    QString m_store;
    QString m_hypervHome;
    QString m_home;
};

QProcessEnvironment TestHyperVToolbox::environment() const
{
    return hypervDoubleEnvironment(QProcessEnvironment::systemEnvironment(), m_hypervHome, m_home);
}

ProcessResult TestHyperVToolbox::berth(const QStringList &args, int timeoutMs) const
{
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, environment(), timeoutMs);
}

ProcessResult TestHyperVToolbox::ps(const QString &command) const
{
    return runPowerShellDouble(command, environment());
}

bool TestHyperVToolbox::dockerEnv(const QString &machine, QProcessEnvironment *env, QString *error) const
{
    const ProcessResult exports
        = berth({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), machine });
    if (exports.exitCode != 0) {
        *error = exports.describe();
        return false;
    }
    *env = QProcessEnvironment::systemEnvironment();
    env->insert(QStringLiteral("HOME"), m_home);
    applyExports(exports.standardOutput, env);
    return true;
}

void TestHyperVToolbox::verifyNothingLeft(const QString &name)
{
    // No machine folder, no VM of the name, no process of the machine's files.
    const QString dir = m_store + QStringLiteral("/machines/") + name;
    QVERIFY2(!QDir(dir).exists(), qPrintable(name));
    QCOMPARE(ps(QStringLiteral("@(Get-VM | Where-Object { $_.Name -eq '%1' }).Count").arg(name)).standardOutput,
        QByteArray("0\r\n"));
    QVERIFY2(processesMentioning(dir + QLatin1Char('/')).isEmpty(),
        qPrintable(processesMentioning(dir + QLatin1Char('/')).join(QLatin1Char('\n'))));
}

void TestHyperVToolbox::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    m_hypervHome = m_dir.filePath(QStringLiteral("hyperv"));
    m_home = m_dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_hypervHome));
    QVERIFY(QDir().mkpath(m_home));
    QVERIFY(QFile::exists(QStringLiteral(BERTH_POWERSHELL_DOUBLE_DIR "/powershell")));
}

void TestHyperVToolbox::cleanupTestCase()
{
    // Whatever a failed test left running: the double's QEMU, dnsmasq and smbd of this test's folders.
    runProcess(QStringLiteral("pkill"), { QStringLiteral("-KILL"), QStringLiteral("-f"), m_dir.path() });
}

void TestHyperVToolbox::toolboxMachineMadeByDockerMachine()
{
    // drivers/hyperv/hyperv.go Create as docker-machine 0.16 runs it for `create -d hyperv --hyperv-cpu-count 2
    // --hyperv-disk-size 5000 --hyperv-disable-dynamic-memory dev`, each cmdlet a powershell run of its own.
    m_toolbox = std::make_unique<ToolboxMachine>(
        m_dir.filePath(QStringLiteral("toolbox")), m_store, QStringLiteral("dev"), m_home);
    QString error;
    QVERIFY2(m_toolbox->makeFiles(g_isoPath, &error), qPrintable(error));
    const QString dir = m_toolbox->dir();
    const auto quoted = [](const QString &path) -> QString { return QLatin1Char('\'') + path + QLatin1Char('\''); };
    const auto run = [&](const QString &command) -> QString {
        const ProcessResult r = ps(command);
        return r.exitCode == 0 ? QString() : command + QStringLiteral(": ") + r.describe();
    };
    // generateDiskImage: a 10 MB fixed VHD, the tar written over its first bytes, made dynamic, then resized.
    QCOMPARE(run(QStringLiteral("Hyper-V\\New-VHD -Path %1 -SizeBytes 10MB -Fixed")
                     .arg(quoted(dir + QStringLiteral("/fixed.vhd")))),
        QString());
    const QByteArray tar = m_toolbox->userdataTar(&error);
    QVERIFY2(!tar.isEmpty(), qPrintable(error));
    QFile fixed(dir + QStringLiteral("/fixed.vhd"));
    QVERIFY(fixed.open(QIODevice::ReadWrite));
    QCOMPARE(fixed.write(tar), tar.size());
    fixed.close();
    for (const QString &command :
        { QStringLiteral("Hyper-V\\Convert-VHD -Path %1 -DestinationPath %2 -VHDType Dynamic -DeleteSource")
                .arg(quoted(dir + QStringLiteral("/fixed.vhd")), quoted(dir + QStringLiteral("/disk.vhd"))),
            QStringLiteral("Hyper-V\\Resize-VHD -Path %1 -SizeBytes 5000MB")
                .arg(quoted(dir + QStringLiteral("/disk.vhd"))),
            QStringLiteral("Hyper-V\\New-VM dev -Path %1 -SwitchName 'Default Switch' -MemoryStartupBytes 1024MB")
                .arg(quoted(dir)),
            QStringLiteral("Hyper-V\\Set-VMMemory -VMName dev -DynamicMemoryEnabled $false"),
            QStringLiteral("Hyper-V\\Set-VMProcessor dev -Count 2"),
            QStringLiteral("Hyper-V\\Set-VMDvdDrive -VMName dev -Path %1")
                .arg(quoted(dir + QStringLiteral("/boot2docker.iso"))),
            QStringLiteral("Hyper-V\\Add-VMHardDiskDrive -VMName dev -Path %1")
                .arg(quoted(dir + QStringLiteral("/disk.vhd"))),
            QStringLiteral("Hyper-V\\Start-VM dev") })
        QCOMPARE(run(command), QString());
    QVERIFY(!QFile::exists(dir + QStringLiteral("/fixed.vhd")));
    // GetIP: the first address Hyper-V has of the first adapter, polled.
    QElapsedTimer timer;
    timer.start();
    QString ip;
    while (ip.isEmpty() && timer.elapsed() < 300000) {
        ip = QString::fromUtf8(
            ps(QStringLiteral("((Hyper-V\\Get-VM dev).NetworkAdapters[0]).IPAddresses[0]")).standardOutput)
                 .trimmed();
        if (ip.isEmpty())
            QTest::qWait(1000);
    }
    QVERIFY2(!ip.isEmpty(), "Hyper-V never had the Toolbox VM's address");
    m_toolbox->setSshTarget(ip, 22);
    QVERIFY2(m_toolbox->waitForSsh(300000, &error), qPrintable(error));
    const QString mac
        = QString::fromUtf8(ps(QStringLiteral("(Hyper-V\\Get-VMNetworkAdapter -VMName dev).MacAddress")).standardOutput)
              .trimmed();
    QVERIFY2(m_toolbox->waitForAddress(mac, 60000, &error), qPrintable(error));
    QCOMPARE(m_toolbox->ip(), ip);
    qInfo("docker-machine's boot of boot2docker on Hyper-V (formatting its disk): SSH at %lld ms", timer.elapsed());
    QVERIFY2(m_toolbox->provision(QStringLiteral("hyperv"), &error), qPrintable(error));
    // drivers/hyperv.Driver as it writes it.
    const QString driver = QStringLiteral(R"json(        "IPAddress": "%1",
        "MachineName": "dev",
        "SSHUser": "docker",
        "SSHPort": 22,
        "SSHKeyPath": "%2/id_rsa",
        "StorePath": "%3",
        "SwarmMaster": false,
        "SwarmHost": "tcp://0.0.0.0:3376",
        "SwarmDiscovery": "",
        "Boot2DockerURL": "",
        "VSwitch": "Default Switch",
        "DiskSize": 5000,
        "MemSize": 1024,
        "CPU": 2,
        "MacAddr": "",
        "VLanID": 0,
        "DisableDynamicMemory": true)json")
                               .arg(ip, dir, m_store);
    QVERIFY2(m_toolbox->writeConfig(QStringLiteral("hyperv"), driver, &error), qPrintable(error));
    qInfo("the Toolbox machine made as docker-machine makes it in %lld ms, at %s", timer.elapsed(), qPrintable(ip));
    const ProcessResult disk = m_toolbox->ssh(QStringLiteral("sudo blkid -L boot2docker-data; mountpoint /mnt/sda1"));
    QVERIFY2(disk.standardOutput.contains("/dev/sda1") && disk.standardOutput.contains("is a mountpoint"),
        qPrintable(disk.describe()));
}

void TestHyperVToolbox::toolboxMachineRunsContainers()
{
    QVERIFY(m_toolbox);
    const QString ip = m_toolbox->ip();
    ProcessResult r = berth({ QStringLiteral("ls"), QStringLiteral("--format"),
        QStringLiteral("{{.Name}} {{.DriverName}} {{.State}} {{.URL}}") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QStringLiteral("dev hyperv Running tcp://%1:2376\n").arg(ip).toUtf8());
    QCOMPARE(berth({ QStringLiteral("ip"), QStringLiteral("dev") }).standardOutput, (ip + QLatin1Char('\n')).toUtf8());
    QProcessEnvironment env;
    QString error;
    QVERIFY2(dockerEnv(QStringLiteral("dev"), &env, &error), qPrintable(error));
    QCOMPARE(env.value(QStringLiteral("DOCKER_CERT_PATH")), m_toolbox->dir());
    r = loadTestImageAndEchoHello(env, 300000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "hello\n", qPrintable(r.describe()));
    // ssh as docker-machine's provisioner left it, and scp both ways.
    r = berth({ QStringLiteral("ssh"), QStringLiteral("dev"), QStringLiteral("grep"), QStringLiteral("^ID="),
        QStringLiteral("/etc/os-release") });
    QCOMPARE(r.standardOutput, QByteArray("ID=boot2docker\n"));
    const QString local = m_dir.filePath(QStringLiteral("to-dev.txt"));
    QFile file(local);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("to the Toolbox VM\n");
    file.close();
    r = berth({ QStringLiteral("scp"), local, QStringLiteral("dev:/home/docker/copied.txt") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString back = m_dir.filePath(QStringLiteral("from-dev.txt"));
    r = berth({ QStringLiteral("scp"), QStringLiteral("dev:/home/docker/copied.txt"), back });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QFile fetched(back);
    QVERIFY(fetched.open(QIODevice::ReadOnly));
    QCOMPARE(fetched.readAll(), QByteArray("to the Toolbox VM\n"));
    // New certificates through the boot2docker provisioner, the profile still Hyper-V's.
    r = berth({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("dev") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = berth({ QStringLiteral("ssh"), QStringLiteral("dev"), QStringLiteral("cat"),
        QStringLiteral("/var/lib/boot2docker/profile") });
    QVERIFY2(r.standardOutput.contains("--label provider=hyperv"), qPrintable(r.describe()));
    r = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") }, env,
        120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestHyperVToolbox::upgradeMovesTheImages()
{
    // dev-berth: Berth's image on the same Hyper-V, as big, with the Toolbox machine's images in its engine.
    QVERIFY(m_toolbox);
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), g_imageDir);
    ProcessResult r = runBerth(
        { QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("--move"), QStringLiteral("dev") },
        env, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("upgrade --move took %lld ms", r.elapsedMs);
    QVERIFY2(r.standardOutput.contains("Copying the images of \"dev\"")
            && r.standardOutput.contains("berth-test/busybox:latest"),
        qPrintable(r.describe()));
    r = berth({ QStringLiteral("inspect"), QStringLiteral("--format"),
        QStringLiteral("{{.DriverName}} {{.Driver.CPU}} {{.Driver.MemSize}} {{.Driver.DiskSize}}"),
        QStringLiteral("dev-berth") });
    QCOMPARE(r.standardOutput, QByteArray("hyperv 2 1024 5000\n"));
    QCOMPARE(ps(QStringLiteral("(Get-VM dev-berth).Generation")).standardOutput, QByteArray("2\r\n"));
    QProcessEnvironment movedEnv;
    QString error;
    QVERIFY2(dockerEnv(QStringLiteral("dev-berth"), &movedEnv, &error), qPrintable(error));
    r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("berth-test/busybox:latest"),
            QStringLiteral("echo"), QStringLiteral("moved") },
        movedEnv, 120000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "moved\n", qPrintable(r.describe()));
    // The Toolbox machine runs on as it was; the new one goes, so that what follows has the Toolbox machine alone.
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("dev") }).standardOutput, QByteArray("Running\n"));
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("dev-berth") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    verifyNothingLeft(QStringLiteral("dev-berth"));
}

void TestHyperVToolbox::toolboxMachineStopsStartsAndKills()
{
    QVERIFY(m_toolbox);
    ProcessResult r = berth({ QStringLiteral("stop"), QStringLiteral("dev") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(ps(QStringLiteral("(Get-VM dev).State.ToString()")).standardOutput, QByteArray("Off\r\n"));
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("dev") }).standardOutput, QByteArray("Stopped\n"));
    r = berth({ QStringLiteral("start"), QStringLiteral("dev") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("start of the Toolbox machine took %lld ms", r.elapsedMs);
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("dev") }).standardOutput, QByteArray("Running\n"));
    // The image is on boot2docker's data disk, disk.vhd: it outlives the VM's RAM root.
    QProcessEnvironment env;
    QString error;
    QVERIFY2(dockerEnv(QStringLiteral("dev"), &env, &error), qPrintable(error));
    r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("berth-test/busybox:latest"),
            QStringLiteral("echo"), QStringLiteral("again") },
        env, 120000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "again\n", qPrintable(r.describe()));
    r = berth({ QStringLiteral("kill"), QStringLiteral("dev") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(ps(QStringLiteral("(Get-VM dev).State.ToString()")).standardOutput, QByteArray("Off\r\n"));
}

void TestHyperVToolbox::toolboxMachineStaysDockerMachines()
{
    QVERIFY(m_toolbox);
    // Every field docker-machine wrote, with its type and value, but the address it sets itself at each start.
    const QStringList problems = m_toolbox->configChanges({ QStringLiteral("Driver.IPAddress") });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    for (const char *file : { "id_rsa", "id_rsa.pub", "boot2docker.iso", "disk.vhd", "ca.pem", "cert.pem", "key.pem",
             "server.pem", "server-key.pem" })
        QVERIFY2(QFile::exists(m_toolbox->dir() + QLatin1Char('/') + QLatin1String(file)), file);
    const ProcessResult r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("dev") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    verifyNothingLeft(QStringLiteral("dev"));
    // Nothing in the double's Hyper-V, no QEMU, dnsmasq or smbd of the test's folders.
    QVERIFY2(QDir(m_hypervHome + QStringLiteral("/vms")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(),
        qPrintable(QDir(m_hypervHome + QStringLiteral("/vms")).entryList().join(QLatin1Char(' '))));
    QVERIFY2(processesMentioning(m_dir.path()).isEmpty(),
        qPrintable(processesMentioning(m_dir.path()).join(QLatin1Char('\n'))));
}

int main(int argc, char **argv)
{
    // The images first (building them needs Debian's mirror), then a network namespace of the test's own.
    g_setupError = isolateNetwork(&g_imageDir);
    if (g_setupError.isEmpty())
        g_isoPath = boot2dockerIso(g_imageDir, &g_setupError);
    QCoreApplication app(argc, argv);
    TestHyperVToolbox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hypervtoolbox.moc"
