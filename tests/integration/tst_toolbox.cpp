// A Docker Toolbox machine taken over by Berth (issue 11). The test plays docker-machine 0.16's part, from its
// sources (drivers/virtualbox, libmachine/provision/boot2docker.go, libmachine/cert): a store with certs/ and
// machines/default (config.json, id_rsa, boot2docker.iso, disk.vmdk made by `VBoxManage convertfromraw` from
// the "boot2docker, please format-me" tar), the VM made and started with the VBoxManage commands
// docker-machine runs, through the VBoxManage double, booting the boot2docker stand-in
// (tests/fixtures/boot2docker), which formats its data disk, then provisioned as docker-machine's boot2docker
// provisioner does it. Then `berth` alone: ls with the real state, env and the docker CLI, ssh, scp,
// regenerate-certs through the boot2docker provisioner, stop/start/restart/kill, upgrade's explanation and
// `upgrade --move` (a Berth machine of the same size, booted through the double, with the Toolbox machine's
// images), config.json still docker-machine's field for field, and rm leaving nothing in the double's registry.
// Everything runs in a network namespace of the test's own (main()).
#include "support/testsupport.h"
#include "support/toolboxmachine.h"
#include "testconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace berth::test;

namespace {
QString g_imageDir;
QString g_isoPath;
QString g_setupError;

const QString machineName = QStringLiteral("default");
// docker-machine's --virtualbox-hostonly-cidr: its default 192.168.99.1/24 is outside the ranges VirtualBox
// 6.1.28 and later allow on Linux without /etc/vbox/networks.conf, so Toolbox users there chose this one.
const QString hostOnlyCidr = QStringLiteral("192.168.56.1/24");
constexpr int diskSizeMb = 5000;

} // namespace

class TestToolbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lsShowsTheRealState();
    void envRunsAContainer();
    void sshAndScp();
    void regenerateCertsThroughBoot2DockerProvisioner();
    void upgradeExplainsTheMove();
    void upgradeMovesTheImages();
    void stopStartRestartKill();
    void configIsStillDockerMachines();
    void rmLeavesNothing();

private:
    QProcessEnvironment environment() const;
    ProcessResult berth(const QStringList &args, int timeoutMs = 600000) const;
    ProcessResult vbox(const QStringList &args, const QByteArray &input = {}) const;
    bool vboxOk(const QStringList &args, QString *error) const;
    QProcessEnvironment dockerEnv() const;
    QStringList registeredVms() const;
    QString vmState() const;

    // docker-machine's part that is VirtualBox's (ToolboxMachine does the rest).
    bool makeDisk(QString *error);
    bool createVm(QString *error);
    bool startVm(QString *error);
    bool waitForSshAndAddress(QString *error);
    bool writeConfig(QString *error);

    QTemporaryDir m_dir;
    QString m_store;
    QString m_vboxHome;
    QString m_home;
    QString m_machineDir;
    int m_sshPort = 0;
    QString m_ip;
    std::unique_ptr<ToolboxMachine> m_machine;
};

QProcessEnvironment TestToolbox::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VBOX_USER_HOME"), m_vboxHome);
    env.insert(QStringLiteral("HOME"), m_home);
    env.remove(QStringLiteral("DOCKER_HOST"));
    env.remove(QStringLiteral("VBOX_MSI_INSTALL_PATH"));
    env.remove(QStringLiteral("SHELL"));
    env.insert(QStringLiteral("VBOX_INSTALL_PATH"), QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR));
    return env;
}

ProcessResult TestToolbox::berth(const QStringList &args, int timeoutMs) const
{
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, environment(), timeoutMs);
}

ProcessResult TestToolbox::vbox(const QStringList &args, const QByteArray &input) const
{
    return runProcess(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"), args, environment(), 120000, input);
}

bool TestToolbox::vboxOk(const QStringList &args, QString *error) const
{
    const ProcessResult r = vbox(args);
    if (r.exitCode != 0)
        *error = QStringLiteral("VBoxManage %1: %2").arg(args.join(QLatin1Char(' ')), r.describe());
    return r.exitCode == 0;
}

QProcessEnvironment TestToolbox::dockerEnv() const
{
    const ProcessResult env
        = berth({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), machineName });
    if (env.exitCode != 0)
        qWarning() << env.describe();
    QProcessEnvironment result = QProcessEnvironment::systemEnvironment();
    result.insert(QStringLiteral("HOME"), m_home);
    applyExports(env.standardOutput, &result);
    return result;
}

QStringList TestToolbox::registeredVms() const
{
    const ProcessResult r = vbox({ QStringLiteral("list"), QStringLiteral("vms") });
    return QString::fromUtf8(r.standardOutput).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QString TestToolbox::vmState() const
{
    const ProcessResult info = vbox({ QStringLiteral("showvminfo"), machineName, QStringLiteral("--machinereadable") });
    static const QRegularExpression state(QStringLiteral("^VMState=\"(\\w+)\"$"), QRegularExpression::MultilineOption);
    return state.match(QString::fromUtf8(info.standardOutput)).captured(1);
}

bool TestToolbox::makeDisk(QString *error)
{
    // mcnutils.MakeDiskImage's tar, then `VBoxManage convertfromraw stdin disk.vmdk BYTES --format VMDK` fed
    // that and zeros to the size.
    const QByteArray tar = m_machine->userdataTar(error);
    if (tar.isEmpty())
        return false;
    const qint64 sizeBytes = qint64(diskSizeMb) << 20;
    QProcess convert;
    convert.setProcessEnvironment(environment());
    convert.start(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"),
        { QStringLiteral("convertfromraw"), QStringLiteral("stdin"), m_machineDir + QStringLiteral("/disk.vmdk"),
            QString::number(sizeBytes), QStringLiteral("--format"), QStringLiteral("VMDK") });
    if (!convert.waitForStarted()) {
        *error = convert.errorString();
        return false;
    }
    convert.write(tar);
    // zeroFill: whatever the tar leaves of the size, in 32 KiB blocks.
    const QByteArray zeros(1 << 20, '\0');
    for (qint64 left = sizeBytes - tar.size(); left > 0;) {
        const qint64 n = qMin<qint64>(left, zeros.size());
        convert.write(zeros.constData(), n);
        left -= n;
        while (convert.bytesToWrite() > (4 << 20))
            convert.waitForBytesWritten(10000);
    }
    while (convert.bytesToWrite() > 0 && convert.waitForBytesWritten(10000)) { }
    convert.closeWriteChannel();
    if (!convert.waitForFinished(120000) || convert.exitCode() != 0) {
        *error = QStringLiteral("convertfromraw: ") + QString::fromUtf8(convert.readAllStandardError());
        return false;
    }
    const QByteArray said = convert.readAllStandardError();
    if (!said.contains("Converting from raw image file=\"stdin\"")) {
        *error = QStringLiteral("convertfromraw said: ") + QString::fromUtf8(said);
        return false;
    }
    return true;
}

bool TestToolbox::createVm(QString *error)
{
    // drivers/virtualbox/virtualbox.go CreateVM, as it runs on Linux (share: hosthome; here the test's home).
    const QStringList modify { QStringLiteral("modifyvm"), machineName, QStringLiteral("--firmware"),
        QStringLiteral("bios"), QStringLiteral("--bioslogofadein"), QStringLiteral("off"),
        QStringLiteral("--bioslogofadeout"), QStringLiteral("off"), QStringLiteral("--bioslogodisplaytime"),
        QStringLiteral("0"), QStringLiteral("--biosbootmenu"), QStringLiteral("disabled"), QStringLiteral("--ostype"),
        QStringLiteral("Linux26_64"), QStringLiteral("--cpus"), QStringLiteral("1"), QStringLiteral("--memory"),
        QStringLiteral("1024"), QStringLiteral("--acpi"), QStringLiteral("on"), QStringLiteral("--ioapic"),
        QStringLiteral("on"), QStringLiteral("--rtcuseutc"), QStringLiteral("on"),
        QStringLiteral("--natdnshostresolver1"), QStringLiteral("off"), QStringLiteral("--natdnsproxy1"),
        QStringLiteral("on"), QStringLiteral("--cpuhotplug"), QStringLiteral("off"), QStringLiteral("--pae"),
        QStringLiteral("on"), QStringLiteral("--hpet"), QStringLiteral("on"), QStringLiteral("--hwvirtex"),
        QStringLiteral("on"), QStringLiteral("--nestedpaging"), QStringLiteral("on"), QStringLiteral("--largepages"),
        QStringLiteral("on"), QStringLiteral("--vtxvpid"), QStringLiteral("on"), QStringLiteral("--accelerate3d"),
        QStringLiteral("off"), QStringLiteral("--boot1"), QStringLiteral("dvd") };
    return vboxOk({ QStringLiteral("createvm"), QStringLiteral("--basefolder"), m_machineDir, QStringLiteral("--name"),
                      machineName, QStringLiteral("--register") },
               error)
        && vboxOk(modify, error)
        && vboxOk({ QStringLiteral("modifyvm"), machineName, QStringLiteral("--nic1"), QStringLiteral("nat"),
                      QStringLiteral("--nictype1"), QStringLiteral("82540EM"), QStringLiteral("--cableconnected1"),
                      QStringLiteral("on") },
            error)
        && vboxOk({ QStringLiteral("storagectl"), machineName, QStringLiteral("--name"), QStringLiteral("SATA"),
                      QStringLiteral("--add"), QStringLiteral("sata"), QStringLiteral("--hostiocache"),
                      QStringLiteral("on") },
            error)
        && vboxOk({ QStringLiteral("storageattach"), machineName, QStringLiteral("--storagectl"),
                      QStringLiteral("SATA"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--device"),
                      QStringLiteral("0"), QStringLiteral("--type"), QStringLiteral("dvddrive"),
                      QStringLiteral("--medium"), m_machineDir + QStringLiteral("/boot2docker.iso") },
            error)
        && vboxOk({ QStringLiteral("storageattach"), machineName, QStringLiteral("--storagectl"),
                      QStringLiteral("SATA"), QStringLiteral("--port"), QStringLiteral("1"), QStringLiteral("--device"),
                      QStringLiteral("0"), QStringLiteral("--type"), QStringLiteral("hdd"), QStringLiteral("--medium"),
                      m_machineDir + QStringLiteral("/disk.vmdk") },
            error)
        && vboxOk({ QStringLiteral("guestproperty"), QStringLiteral("set"), machineName,
                      QStringLiteral("/VirtualBox/GuestAdd/SharedFolders/MountPrefix"), QStringLiteral("/") },
            error)
        && vboxOk({ QStringLiteral("guestproperty"), QStringLiteral("set"), machineName,
                      QStringLiteral("/VirtualBox/GuestAdd/SharedFolders/MountDir"), QStringLiteral("/") },
            error)
        && vboxOk({ QStringLiteral("sharedfolder"), QStringLiteral("add"), machineName, QStringLiteral("--name"),
                      QStringLiteral("hosthome"), QStringLiteral("--hostpath"), m_home, QStringLiteral("--automount") },
            error)
        && vboxOk({ QStringLiteral("setextradata"), machineName,
                      QStringLiteral("VBoxInternal2/SharedFoldersEnableSymlinksCreate/hosthome"), QStringLiteral("1") },
            error);
}

bool TestToolbox::startVm(QString *error)
{
    // Driver.Start from power-off: setupHostOnlyNetwork (a new adapter, its address, a DHCP server on .19 handing
    // out .100-.254), NIC 2 on it, the SSH NAT rule on a free port, startvm.
    const ProcessResult created = vbox({ QStringLiteral("hostonlyif"), QStringLiteral("create") });
    static const QRegularExpression name(QStringLiteral("Interface '(.+?)' was successfully created"));
    const QString adapter = name.match(QString::fromUtf8(created.standardOutput)).captured(1);
    if (adapter.isEmpty()) {
        *error = QStringLiteral("hostonlyif create: ") + created.describe();
        return false;
    }
    m_sshPort = 0;
    {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost))
            m_sshPort = probe.serverPort();
    }
    return vboxOk({ QStringLiteral("hostonlyif"), QStringLiteral("ipconfig"), adapter, QStringLiteral("--ip"),
                      QStringLiteral("192.168.56.1"), QStringLiteral("--netmask"), QStringLiteral("255.255.255.0") },
               error)
        && vboxOk({ QStringLiteral("list"), QStringLiteral("dhcpservers") }, error)
        && vboxOk({ QStringLiteral("dhcpserver"), QStringLiteral("add"), QStringLiteral("--netname"),
                      QStringLiteral("HostInterfaceNetworking-") + adapter, QStringLiteral("--ip"),
                      QStringLiteral("192.168.56.19"), QStringLiteral("--netmask"), QStringLiteral("255.255.255.0"),
                      QStringLiteral("--lowerip"), QStringLiteral("192.168.56.100"), QStringLiteral("--upperip"),
                      QStringLiteral("192.168.56.254"), QStringLiteral("--enable") },
            error)
        && vboxOk({ QStringLiteral("modifyvm"), machineName, QStringLiteral("--nic2"), QStringLiteral("hostonly"),
                      QStringLiteral("--nictype2"), QStringLiteral("82540EM"), QStringLiteral("--nicpromisc2"),
                      QStringLiteral("deny"), QStringLiteral("--hostonlyadapter2"), adapter,
                      QStringLiteral("--cableconnected2"), QStringLiteral("on") },
            error)
        && (vbox({ QStringLiteral("modifyvm"), machineName, QStringLiteral("--natpf1"), QStringLiteral("delete"),
                QStringLiteral("ssh") }),
            true)
        && vboxOk({ QStringLiteral("modifyvm"), machineName, QStringLiteral("--natpf1"),
                      QStringLiteral("ssh,tcp,127.0.0.1,%1,,22").arg(m_sshPort) },
            error)
        && vboxOk(
            { QStringLiteral("startvm"), machineName, QStringLiteral("--type"), QStringLiteral("headless") }, error);
}

bool TestToolbox::waitForSshAndAddress(QString *error)
{
    // WaitForSSH, then the host-only NIC's address from `ip addr show` by its MAC.
    m_machine->setSshTarget(QStringLiteral("127.0.0.1"), m_sshPort);
    if (!m_machine->waitForSsh(300000, error))
        return false;
    const ProcessResult info = vbox({ QStringLiteral("showvminfo"), machineName, QStringLiteral("--machinereadable") });
    static const QRegularExpression macLine(
        QStringLiteral("^macaddress2=\"([0-9A-Fa-f]{12})\"$"), QRegularExpression::MultilineOption);
    if (!m_machine->waitForAddress(macLine.match(QString::fromUtf8(info.standardOutput)).captured(1), 120000, error))
        return false;
    m_ip = m_machine->ip();
    return true;
}

bool TestToolbox::writeConfig(QString *error)
{
    // drivers/virtualbox.Driver as docker-machine 0.16 writes it after
    // `create --virtualbox-hostonly-cidr 192.168.56.1/24 --virtualbox-disk-size 5000`.
    const QString driver = QStringLiteral(R"json(        "IPAddress": "%1",
        "MachineName": "default",
        "SSHUser": "docker",
        "SSHPort": %2,
        "SSHKeyPath": "%3/id_rsa",
        "StorePath": "%4",
        "SwarmMaster": false,
        "SwarmHost": "tcp://0.0.0.0:3376",
        "SwarmDiscovery": "",
        "VBoxManager": {},
        "HostInterfaces": {},
        "CPU": 1,
        "Memory": 1024,
        "DiskSize": %5,
        "NatNicType": "82540EM",
        "Boot2DockerURL": "",
        "Boot2DockerImportVM": "",
        "HostDNSResolver": false,
        "HostOnlyCIDR": "192.168.56.1/24",
        "HostOnlyNicType": "82540EM",
        "HostOnlyPromiscMode": "deny",
        "UIType": "headless",
        "HostOnlyNoDHCP": false,
        "NoShare": false,
        "DNSProxy": true,
        "NoVTXCheck": false,
        "ShareFolder": "")json")
                               .arg(m_ip)
                               .arg(m_sshPort)
                               .arg(m_machineDir, m_store)
                               .arg(diskSizeMb);
    return m_machine->writeConfig(QStringLiteral("virtualbox"), driver, error);
}

void TestToolbox::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    m_vboxHome = m_dir.filePath(QStringLiteral("vbox"));
    m_home = m_dir.filePath(QStringLiteral("home"));
    m_machineDir = m_store + QStringLiteral("/machines/") + machineName;
    QVERIFY(QDir().mkpath(m_vboxHome));
    QVERIFY(QDir().mkpath(m_home));
    QElapsedTimer timer;
    timer.start();
    QString error;
    m_machine = std::make_unique<ToolboxMachine>(m_dir.filePath(QStringLiteral("work")), m_store, machineName, m_home);
    QVERIFY2(m_machine->makeFiles(g_isoPath, &error), qPrintable(error));
    QVERIFY2(makeDisk(&error), qPrintable(error));
    QVERIFY2(createVm(&error), qPrintable(error));
    QVERIFY2(startVm(&error), qPrintable(error));
    QVERIFY2(waitForSshAndAddress(&error), qPrintable(error));
    qInfo("docker-machine's boot of boot2docker (formatting its disk): SSH at %lld ms", timer.elapsed());
    QVERIFY2(m_machine->provision(QStringLiteral("virtualbox"), &error), qPrintable(error));
    QVERIFY2(writeConfig(&error), qPrintable(error));
    qInfo("the Toolbox machine made as docker-machine makes it in %lld ms, at %s", timer.elapsed(), qPrintable(m_ip));
    // boot2docker formatted the disk docker-machine asked it to.
    const ProcessResult disk = m_machine->ssh(QStringLiteral("sudo blkid -L boot2docker-data; mountpoint /mnt/sda1"));
    QVERIFY2(disk.standardOutput.contains("/dev/sda1") && disk.standardOutput.contains("is a mountpoint"),
        qPrintable(disk.describe()));
}

void TestToolbox::cleanupTestCase()
{
    // Whatever a failed test left running: the double's QEMU and dnsmasq of this test's folders.
    runProcess(QStringLiteral("pkill"), { QStringLiteral("-KILL"), QStringLiteral("-f"), m_dir.path() });
}

void TestToolbox::lsShowsTheRealState()
{
    const ProcessResult ls = berth({ QStringLiteral("ls") });
    QVERIFY2(ls.exitCode == 0, qPrintable(ls.describe()));
    const QString out = QString::fromUtf8(ls.standardOutput);
    static const QRegularExpression row(
        QStringLiteral("^default\\s+-\\s+virtualbox\\s+Running\\s+tcp://(\\S+):2376\\s"),
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = row.match(out);
    QVERIFY2(m.hasMatch(), qPrintable(out));
    QCOMPARE(m.captured(1), m_ip);
    QCOMPARE(berth({ QStringLiteral("status"), machineName }).standardOutput, QByteArray("Running\n"));
    QCOMPARE(berth({ QStringLiteral("ip"), machineName }).standardOutput, (m_ip + QLatin1Char('\n')).toUtf8());
}

void TestToolbox::envRunsAContainer()
{
    const QProcessEnvironment env = dockerEnv();
    QCOMPARE(env.value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://%1:2376").arg(m_ip));
    QCOMPARE(env.value(QStringLiteral("DOCKER_CERT_PATH")), m_machineDir);
    const ProcessResult r = loadTestImageAndEchoHello(env, 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("hello\n"));
}

void TestToolbox::sshAndScp()
{
    ProcessResult r = berth({ QStringLiteral("ssh"), machineName, QStringLiteral("uname"), QStringLiteral("-a") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // docker-machine's provisioner named the host.
    QVERIFY2(r.standardOutput.startsWith("Linux default "), qPrintable(r.describe()));
    r = berth({ QStringLiteral("ssh"), machineName, QStringLiteral("grep"), QStringLiteral("^ID="),
        QStringLiteral("/etc/os-release") });
    QCOMPARE(r.standardOutput, QByteArray("ID=boot2docker\n"));

    const QString local = m_dir.filePath(QStringLiteral("to-guest.txt"));
    QFile file(local);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("from the host\n");
    file.close();
    r = berth({ QStringLiteral("scp"), local, machineName + QStringLiteral(":/home/docker/copied.txt") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = berth({ QStringLiteral("ssh"), machineName, QStringLiteral("cat"), QStringLiteral("/home/docker/copied.txt") });
    QCOMPARE(r.standardOutput, QByteArray("from the host\n"));
    const QString back = m_dir.filePath(QStringLiteral("from-guest.txt"));
    r = berth({ QStringLiteral("scp"), machineName + QStringLiteral(":/etc/hostname"), back });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QFile fetched(back);
    QVERIFY(fetched.open(QIODevice::ReadOnly));
    QCOMPARE(fetched.readAll(), QByteArray("default\n"));
}

void TestToolbox::regenerateCertsThroughBoot2DockerProvisioner()
{
    QFile before(m_machineDir + QStringLiteral("/server.pem"));
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray oldCert = before.readAll();
    before.close();
    const ProcessResult r = berth({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), machineName });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("regenerate-certs took %lld ms", r.elapsedMs);
    QFile after(m_machineDir + QStringLiteral("/server.pem"));
    QVERIFY(after.open(QIODevice::ReadOnly));
    const QByteArray newCert = after.readAll();
    QVERIFY(newCert != oldCert);
    // Where boot2docker's init script reads them, and the profile's format.
    ProcessResult guest = berth({ QStringLiteral("ssh"), machineName, QStringLiteral("sudo"), QStringLiteral("cat"),
        QStringLiteral("/var/lib/boot2docker/server.pem") });
    QCOMPARE(guest.standardOutput, newCert);
    guest = berth(
        { QStringLiteral("ssh"), machineName, QStringLiteral("cat"), QStringLiteral("/var/lib/boot2docker/profile") });
    QVERIFY2(guest.standardOutput.contains("DOCKER_HOST='-H tcp://0.0.0.0:2376'")
            && guest.standardOutput.contains("SERVERCERT=/var/lib/boot2docker/server.pem")
            && guest.standardOutput.contains("--label provider=virtualbox"),
        guest.standardOutput.constData());
    const ProcessResult ps = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") },
        dockerEnv(), 120000);
    QVERIFY2(ps.exitCode == 0, qPrintable(ps.describe()));
}

void TestToolbox::upgradeExplainsTheMove()
{
    const ProcessResult r = berth({ QStringLiteral("upgrade"), machineName });
    QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("boot2docker"), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("berth upgrade --move default"), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("berth create -d virtualbox"), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("docker save"), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("docker load"), qPrintable(r.describe()));
    // Nothing of the machine changed.
    QCOMPARE(vmState(), QStringLiteral("running"));
    const ProcessResult info = vbox({ QStringLiteral("showvminfo"), machineName, QStringLiteral("--machinereadable") });
    QVERIFY2(info.standardOutput.contains("boot2docker.iso"), info.standardOutput.constData());
}

void TestToolbox::upgradeMovesTheImages()
{
    // default-berth: Berth's image on the same VirtualBox, as big, with the Toolbox machine's images in its engine.
    const QString moved = machineName + QStringLiteral("-berth");
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), g_imageDir);
    // This computer has no VT-x (its VirtualBox is the double), as a user's whose Toolbox VM runs has.
    env.insert(QStringLiteral("VIRTUALBOX_NO_VTX_CHECK"), QStringLiteral("true"));
    ProcessResult r
        = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("--move"), machineName },
            env, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("upgrade --move took %lld ms", r.elapsedMs);
    QVERIFY2(r.standardOutput.contains("Copying the images of \"default\"")
            && r.standardOutput.contains("berth-test/busybox:latest"),
        qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("remove \"default\" with berth rm default"), qPrintable(r.describe()));
    r = berth({ QStringLiteral("inspect"), QStringLiteral("--format"),
        QStringLiteral("{{.DriverName}} {{.Driver.CPU}} {{.Driver.Memory}} {{.Driver.DiskSize}}"), moved });
    QCOMPARE(r.standardOutput, QStringLiteral("virtualbox 1 1024 %1\n").arg(diskSizeMb).toUtf8());
    r = berth(
        { QStringLiteral("inspect"), QStringLiteral("--format"), QStringLiteral("{{.Driver.ImageVersion}}"), moved });
    QVERIFY2(!r.standardOutput.trimmed().isEmpty(), qPrintable(r.describe()));
    // The image runs there.
    const ProcessResult exports
        = berth({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), moved });
    QVERIFY2(exports.exitCode == 0, qPrintable(exports.describe()));
    QProcessEnvironment movedEnv = QProcessEnvironment::systemEnvironment();
    movedEnv.insert(QStringLiteral("HOME"), m_home);
    applyExports(exports.standardOutput, &movedEnv);
    r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("berth-test/busybox:latest"),
            QStringLiteral("echo"), QStringLiteral("moved") },
        movedEnv, 120000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "moved\n", qPrintable(r.describe()));
    // The Toolbox machine as it was; a second move finds the first.
    QCOMPARE(vmState(), QStringLiteral("running"));
    r = berth({ QStringLiteral("upgrade"), QStringLiteral("--move"), machineName });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("A machine \"default-berth\" exists already"), qPrintable(r.describe()));
    // Gone again, so that what follows has the Toolbox machine alone.
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), moved });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestToolbox::stopStartRestartKill()
{
    ProcessResult r = berth({ QStringLiteral("stop"), machineName });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("stop took %lld ms", r.elapsedMs);
    QCOMPARE(vmState(), QStringLiteral("poweroff"));
    QCOMPARE(berth({ QStringLiteral("status"), machineName }).standardOutput, QByteArray("Stopped\n"));
    r = berth({ QStringLiteral("ls") });
    QVERIFY2(QRegularExpression(
                 QStringLiteral("^default\\s+-\\s+virtualbox\\s+Stopped\\s"), QRegularExpression::MultilineOption)
                 .match(QString::fromUtf8(r.standardOutput))
                 .hasMatch(),
        qPrintable(r.describe()));
    QVERIFY(processesMentioning(m_machineDir + QLatin1Char('/')).isEmpty());

    // Two boots in all (docker-machine's first, this one): restart of a stopped machine starts it, as
    // docker-machine's does; the driver's own restart is its stop and then its start, both run here.
    r = berth({ QStringLiteral("restart"), machineName });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("restart of the stopped machine took %lld ms", r.elapsedMs);
    QCOMPARE(vmState(), QStringLiteral("running"));
    QCOMPARE(berth({ QStringLiteral("status"), machineName }).standardOutput, QByteArray("Running\n"));
    // The image is on boot2docker's data disk: it outlives the VM's RAM root.
    r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("berth-test/busybox:latest"),
            QStringLiteral("echo"), QStringLiteral("again") },
        dockerEnv(), 120000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "again\n", qPrintable(r.describe()));

    r = berth({ QStringLiteral("kill"), machineName });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(vmState(), QStringLiteral("poweroff"));
    QCOMPARE(berth({ QStringLiteral("status"), machineName }).standardOutput, QByteArray("Stopped\n"));
}

void TestToolbox::configIsStillDockerMachines()
{
    // After everything Berth did: every field docker-machine wrote is there with its type and value, but the
    // ones docker-machine itself changes as it starts a VM (Driver.IPAddress; Driver.SSHPort when the port was
    // taken). Berth's own fields come in addition, under names docker-machine does not have.
    const QStringList problems
        = m_machine->configChanges({ QStringLiteral("Driver.IPAddress"), QStringLiteral("Driver.SSHPort") });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    const QJsonObject now = m_machine->readConfig();
    QCOMPARE(now.value(QLatin1String("Driver")).toObject().value(QLatin1String("SSHPort")).type(), QJsonValue::Double);
    QVERIFY(now.value(QLatin1String("Driver")).toObject().value(QLatin1String("IPAddress")).isString());
    // The files docker-machine reads are where it put them.
    for (const char *file : { "id_rsa", "id_rsa.pub", "boot2docker.iso", "disk.vmdk", "ca.pem", "cert.pem", "key.pem",
             "server.pem", "server-key.pem" })
        QVERIFY2(QFile::exists(m_machineDir + QLatin1Char('/') + QLatin1String(file)), file);
}

void TestToolbox::rmLeavesNothing()
{
    const ProcessResult r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), machineName });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QDir(m_machineDir).exists());
    QVERIFY2(registeredVms().isEmpty(), qPrintable(registeredVms().join(QLatin1Char('\n'))));
    const ProcessResult hdds = vbox({ QStringLiteral("list"), QStringLiteral("hdds") });
    QVERIFY2(!hdds.standardOutput.contains(m_store.toUtf8()), hdds.standardOutput.constData());
    const ProcessResult dvds = vbox({ QStringLiteral("list"), QStringLiteral("dvds") });
    QVERIFY2(!dvds.standardOutput.contains(m_machineDir.toUtf8()), dvds.standardOutput.constData());
    QVERIFY2(
        processesMentioning(m_vboxHome).isEmpty(), qPrintable(processesMentioning(m_vboxHome).join(QLatin1Char('\n'))));
    QVERIFY2(processesMentioning(m_store).isEmpty(), qPrintable(processesMentioning(m_store).join(QLatin1Char('\n'))));
}

int main(int argc, char **argv)
{
    // The images first (building them needs Debian's mirror), then a network namespace of the test's own.
    g_setupError = isolateNetwork(&g_imageDir);
    if (g_setupError.isEmpty())
        g_isoPath = boot2dockerIso(g_imageDir, &g_setupError);
    QCoreApplication app(argc, argv);
    TestToolbox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_toolbox.moc"
