// The VBoxManage double (tests/doubles/vboxmanage) through a VM's whole life, booting the real Berth image
// under QEMU: a host-only network with a DHCP server, createvm, modifyvm as docker-machine 0.16 does it, disks
// cloned and made, startvm, SSH through the NAT forward, the DHCP lease on the host-only NIC, the ACPI power
// button, poweroff, unregistervm --delete; and the texts VBoxManage prints for an unknown VM, an unknown
// option and the faults a test arms. Everything runs in a network namespace of its own (made in main()), so
// vboxnet0, 192.168.56.0/24, dnsmasq and QEMU's forwarded ports exist only for this test.
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace berth::test;

namespace {

// Found before the namespace is made: building the image (once) needs Debian's mirror.
QString g_imageDir;
QString g_setupError;

} // namespace

class TestVBoxDouble : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void versionAndInvalidCommand();
    void unknownVmIsReported();
    void hostOnlyNetworkWithDhcp();
    void createAndConfigureAsDockerMachine();
    void unknownOptionIsRefused();
    void objectNotReadyFaultThenSuccess();
    void concurrentInvocationsKeepEveryChange();
    void hangFaultSleepsUntilKilled();
    void startvmBootsTheImage();
    void acpiPowerButtonPowersOff();
    void startAgainAndPowerOff();
    void vtxFaultIsReportedAndLogged();
    void unregisterDeleteLeavesNothing();

private:
    ProcessResult vbox(const QStringList &args, int timeoutMs = 120000);
    QString showVmInfo(const QString &key);
    QString vmFolder() const { return m_dir.filePath(QStringLiteral("vms/berth-vm")); }
    void armFaults(const QJsonArray &faults);
    ProcessResult guestSsh(const QString &command);

    QTemporaryDir m_dir;
    QString m_home;
    QString m_seed;
    QString m_key;
    QString m_serial;
    QString m_share;
    QString m_clone;
    QString m_data;
    int m_sshPort = 0;
};

ProcessResult TestVBoxDouble::vbox(const QStringList &args, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VBOX_USER_HOME"), m_home);
    env.insert(QStringLiteral("HOME"), m_dir.path());
    return runProcess(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"), args, env, timeoutMs);
}

QString TestVBoxDouble::showVmInfo(const QString &key)
{
    const ProcessResult r
        = vbox({ QStringLiteral("showvminfo"), QStringLiteral("berth-vm"), QStringLiteral("--machinereadable") });
    for (const QByteArray &line : r.standardOutput.split('\n')) {
        const QString text = QString::fromUtf8(line);
        const QStringList forms { key + QLatin1Char('='), QLatin1Char('"') + key + QStringLiteral("\"=") };
        for (const QString &form : forms) {
            if (!text.startsWith(form))
                continue;
            QString value = text.mid(form.size());
            if (value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

void TestVBoxDouble::armFaults(const QJsonArray &faults)
{
    QFile file(m_home + QStringLiteral("/double-faults.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(faults).toJson());
}

ProcessResult TestVBoxDouble::guestSsh(const QString &command)
{
    return runProcess(QStringLiteral("ssh"),
        { QStringLiteral("-i"), m_key, QStringLiteral("-p"), QString::number(m_sshPort), QStringLiteral("-o"),
            QStringLiteral("BatchMode=yes"), QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=no"),
            QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=/dev/null"), QStringLiteral("-o"),
            QStringLiteral("ConnectTimeout=20"), QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"),
            QStringLiteral("docker@127.0.0.1"), command },
        QProcessEnvironment::systemEnvironment(), 60000);
}

void TestVBoxDouble::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    m_home = m_dir.filePath(QStringLiteral("VirtualBox"));
    m_serial = m_dir.filePath(QStringLiteral("serial.log"));
    m_share = m_dir.filePath(QStringLiteral("share"));
    m_key = m_dir.filePath(QStringLiteral("id_ed25519"));
    m_seed = m_dir.filePath(QStringLiteral("seed.iso"));
    QVERIFY(QDir().mkpath(m_share));
    QFile shared(m_share + QStringLiteral("/from-host.txt"));
    QVERIFY(shared.open(QIODevice::WriteOnly));
    shared.write("shared through 9p\n");
    shared.close();

    const ProcessResult keygen = runProcess(QStringLiteral("ssh-keygen"),
        { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
            QStringLiteral("-f"), m_key });
    QVERIFY2(keygen.exitCode == 0, qPrintable(keygen.describe()));
    QFile publicKey(m_key + QStringLiteral(".pub"));
    QVERIFY(publicKey.open(QIODevice::ReadOnly));
    // The image's NoCloud seed (installer/vm-image/README.md), as boot-check.sh writes it.
    const QString seedDir = m_dir.filePath(QStringLiteral("seed"));
    QVERIFY(QDir().mkpath(seedDir));
    QFile meta(seedDir + QStringLiteral("/meta-data"));
    QVERIFY(meta.open(QIODevice::WriteOnly));
    meta.write("instance-id: berth-vm\nlocal-hostname: berth-vm\n");
    meta.close();
    QFile user(seedDir + QStringLiteral("/user-data"));
    QVERIFY(user.open(QIODevice::WriteOnly));
    user.write("#cloud-config\nhostname: berth-vm\nssh_authorized_keys:\n  - " + publicKey.readAll().trimmed()
        + "\nberth_shared_folder: /hosthome\n");
    user.close();
    const ProcessResult iso = runProcess(QStringLiteral("genisoimage"),
        { QStringLiteral("-quiet"), QStringLiteral("-output"), m_seed, QStringLiteral("-volid"),
            QStringLiteral("cidata"), QStringLiteral("-joliet"), QStringLiteral("-rock"),
            seedDir + QStringLiteral("/user-data"), seedDir + QStringLiteral("/meta-data") });
    QVERIFY2(iso.exitCode == 0, qPrintable(iso.describe()));

    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_sshPort = probe.serverPort();
}

void TestVBoxDouble::cleanupTestCase()
{
    // Whatever a failed test left running: the namespace goes with this process, its processes do not.
    for (const QString &process : processesMentioning(m_dir.path()))
        ::kill(static_cast<pid_t>(process.section(QLatin1Char(' '), 0, 0).toLongLong()), SIGKILL);
}

void TestVBoxDouble::versionAndInvalidCommand()
{
    QCOMPARE(vbox({ QStringLiteral("--version") }).standardOutput, QByteArray("7.0.14r161095\n"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VBOX_DOUBLE_VERSION"), QStringLiteral("5.2.44r139111"));
    const ProcessResult old
        = runProcess(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"), { QStringLiteral("--version") }, env);
    QCOMPARE(old.standardOutput, QByteArray("5.2.44r139111\n"));

    const ProcessResult invalid = vbox({ QStringLiteral("frobnicate") });
    QCOMPARE(invalid.exitCode, 2);
    QVERIFY2(invalid.standardError.startsWith("Oracle VM VirtualBox Command Line Management Interface Version 7.0.14\n"
                                              "Copyright (C) 2005-2024 Oracle and/or its affiliates\n\n"
                                              "VBoxManage: error: Invalid command 'frobnicate'\n"),
        qPrintable(invalid.describe()));
}

void TestVBoxDouble::unknownVmIsReported()
{
    const ProcessResult r
        = vbox({ QStringLiteral("showvminfo"), QStringLiteral("no-such-vm"), QStringLiteral("--machinereadable") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardOutput, QByteArray());
    QCOMPARE(r.standardError,
        QByteArray("VBoxManage: error: Could not find a registered machine named 'no-such-vm'\n"
                   "VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, "
                   "interface IVirtualBox, callee nsISupports\n"
                   "VBoxManage: error: Context: \"FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())\" at "
                   "line 3138 of file VBoxManageInfo.cpp\n"));
}

void TestVBoxDouble::hostOnlyNetworkWithDhcp()
{
    const ProcessResult created = vbox({ QStringLiteral("hostonlyif"), QStringLiteral("create") });
    QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
    QCOMPARE(created.standardOutput, QByteArray("Interface 'vboxnet0' was successfully created\n"));
    QCOMPARE(created.standardError, QByteArray("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"));
    // A Linux bridge of the interface's name, in this namespace.
    const ProcessResult bridge = runProcess(QStringLiteral("ip"),
        { QStringLiteral("-d"), QStringLiteral("link"), QStringLiteral("show"), QStringLiteral("vboxnet0") });
    QVERIFY2(bridge.exitCode == 0 && bridge.standardOutput.contains("bridge"), qPrintable(bridge.describe()));

    // VirtualBox 6.1.28+ refuses addresses outside 192.168.56.0/21 (no /etc/vbox/networks.conf here).
    if (!QFile::exists(QStringLiteral("/etc/vbox/networks.conf"))) {
        const ProcessResult refused = vbox({ QStringLiteral("hostonlyif"), QStringLiteral("ipconfig"),
            QStringLiteral("vboxnet0"), QStringLiteral("--ip"), QStringLiteral("10.20.30.1"),
            QStringLiteral("--netmask"), QStringLiteral("255.255.255.0") });
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.standardError,
            QByteArray("VBoxManage: error: Code E_ACCESSDENIED (0x80070005) - Access denied (extended info not "
                       "available)\nVBoxManage: error: Context: \"EnableStaticIPConfig(Bstr(pszIp).raw(), "
                       "Bstr(pszNetmask).raw())\" at line 252 of file VBoxManageHostonly.cpp\n"));
    }
    const ProcessResult ip = vbox(
        { QStringLiteral("hostonlyif"), QStringLiteral("ipconfig"), QStringLiteral("vboxnet0"), QStringLiteral("--ip"),
            QStringLiteral("192.168.56.1"), QStringLiteral("--netmask"), QStringLiteral("255.255.255.0") });
    QVERIFY2(ip.exitCode == 0, qPrintable(ip.describe()));
    // docker-machine 0.16's spelling of dhcpserver add.
    const ProcessResult dhcp = vbox({ QStringLiteral("dhcpserver"), QStringLiteral("add"), QStringLiteral("--netname"),
        QStringLiteral("HostInterfaceNetworking-vboxnet0"), QStringLiteral("--ip"), QStringLiteral("192.168.56.100"),
        QStringLiteral("--netmask"), QStringLiteral("255.255.255.0"), QStringLiteral("--lowerip"),
        QStringLiteral("192.168.56.101"), QStringLiteral("--upperip"), QStringLiteral("192.168.56.254"),
        QStringLiteral("--enable") });
    QVERIFY2(dhcp.exitCode == 0, qPrintable(dhcp.describe()));

    const ProcessResult ifs = vbox({ QStringLiteral("list"), QStringLiteral("hostonlyifs") });
    QVERIFY2(ifs.standardOutput.startsWith("Name:            vboxnet0\n"
                                           "GUID:            786f6276-656e-4074-8000-0a0027000000\n"
                                           "DHCP:            Disabled\n"
                                           "IPAddress:       192.168.56.1\n"
                                           "NetworkMask:     255.255.255.0\n"),
        qPrintable(ifs.describe()));
    QVERIFY(ifs.standardOutput.endsWith("VBoxNetworkName: HostInterfaceNetworking-vboxnet0\n\n"));
    const ProcessResult servers = vbox({ QStringLiteral("list"), QStringLiteral("dhcpservers") });
    QVERIFY2(servers.standardOutput.startsWith("NetworkName:    HostInterfaceNetworking-vboxnet0\n"
                                               "Dhcpd IP:       192.168.56.100\n"
                                               "LowerIPAddress: 192.168.56.101\n"
                                               "UpperIPAddress: 192.168.56.254\n"
                                               "NetworkMask:    255.255.255.0\n"
                                               "Enabled:        Yes\n"),
        qPrintable(servers.describe()));
}

void TestVBoxDouble::createAndConfigureAsDockerMachine()
{
    const QString base = m_dir.filePath(QStringLiteral("vms"));
    const ProcessResult created = vbox({ QStringLiteral("createvm"), QStringLiteral("--basefolder"), base,
        QStringLiteral("--name"), QStringLiteral("berth-vm"), QStringLiteral("--register") });
    QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
    static const QRegularExpression createdText(QStringLiteral(
        "^Virtual machine 'berth-vm' is created and registered\\.\\nUUID: [0-9a-f-]{36}\\nSettings file: '(.*)'\\n$"));
    const QRegularExpressionMatch match = createdText.match(QString::fromUtf8(created.standardOutput));
    QVERIFY2(match.hasMatch(), qPrintable(created.describe()));
    QCOMPARE(match.captured(1), vmFolder() + QStringLiteral("/berth-vm.vbox"));
    QVERIFY(QFile::exists(match.captured(1)));

    // docker-machine 0.16's modifyvm, then a modern driver's additions.
    const QList<QStringList> steps {
        { QStringLiteral("--firmware"), QStringLiteral("bios"), QStringLiteral("--bioslogofadein"),
            QStringLiteral("off"), QStringLiteral("--bioslogofadeout"), QStringLiteral("off"),
            QStringLiteral("--bioslogodisplaytime"), QStringLiteral("0"), QStringLiteral("--biosbootmenu"),
            QStringLiteral("disabled"), QStringLiteral("--ostype"), QStringLiteral("Linux26_64"),
            QStringLiteral("--cpus"), QStringLiteral("2"), QStringLiteral("--memory"), QStringLiteral("1024"),
            QStringLiteral("--acpi"), QStringLiteral("on"), QStringLiteral("--ioapic"), QStringLiteral("on"),
            QStringLiteral("--rtcuseutc"), QStringLiteral("on"), QStringLiteral("--natdnshostresolver1"),
            QStringLiteral("off"), QStringLiteral("--natdnsproxy1"), QStringLiteral("on"),
            QStringLiteral("--cpuhotplug"), QStringLiteral("off"), QStringLiteral("--pae"), QStringLiteral("on"),
            QStringLiteral("--hpet"), QStringLiteral("on"), QStringLiteral("--hwvirtex"), QStringLiteral("on"),
            QStringLiteral("--nestedpaging"), QStringLiteral("on"), QStringLiteral("--largepages"),
            QStringLiteral("on"), QStringLiteral("--vtxvpid"), QStringLiteral("on"), QStringLiteral("--accelerate3d"),
            QStringLiteral("off"), QStringLiteral("--boot1"), QStringLiteral("dvd"), QStringLiteral("--longmode"),
            QStringLiteral("on") },
        { QStringLiteral("--nic1"), QStringLiteral("nat"), QStringLiteral("--nictype1"), QStringLiteral("82540EM"),
            QStringLiteral("--cableconnected1"), QStringLiteral("on") },
        { QStringLiteral("--nic2"), QStringLiteral("hostonly"), QStringLiteral("--nictype2"), QStringLiteral("82540EM"),
            QStringLiteral("--nicpromisc2"), QStringLiteral("deny"), QStringLiteral("--hostonlyadapter2"),
            QStringLiteral("vboxnet0"), QStringLiteral("--cableconnected2"), QStringLiteral("on") },
        { QStringLiteral("--natpf1"), QStringLiteral("ssh,tcp,127.0.0.1,%1,,22").arg(m_sshPort) },
        { QStringLiteral("--paravirtprovider"), QStringLiteral("kvm"), QStringLiteral("--graphicscontroller"),
            QStringLiteral("vmsvga"), QStringLiteral("--vram"), QStringLiteral("16"), QStringLiteral("--uart1"),
            QStringLiteral("0x3F8"), QStringLiteral("4"), QStringLiteral("--uartmode1"), QStringLiteral("file"),
            m_serial, QStringLiteral("--usb"), QStringLiteral("off"), QStringLiteral("--audio-driver"),
            QStringLiteral("none") },
    };
    for (const QStringList &step : steps) {
        const ProcessResult r = vbox(QStringList { QStringLiteral("modifyvm"), QStringLiteral("berth-vm") } + step);
        QVERIFY2(r.exitCode == 0 && r.standardError.isEmpty(), qPrintable(r.describe()));
    }
    // docker-machine deletes the rule before it adds it: a rule that is not there is an error it ignores.
    const ProcessResult missingRule = vbox({ QStringLiteral("modifyvm"), QStringLiteral("berth-vm"),
        QStringLiteral("--natpf1"), QStringLiteral("delete"), QStringLiteral("no-such-rule") });
    QCOMPARE(missingRule.exitCode, 1);
    QVERIFY2(missingRule.standardError.startsWith("VBoxManage: error: Code E_INVALIDARG (0x80070057)"),
        qPrintable(missingRule.describe()));

    const ProcessResult ctl = vbox(
        { QStringLiteral("storagectl"), QStringLiteral("berth-vm"), QStringLiteral("--name"), QStringLiteral("SATA"),
            QStringLiteral("--add"), QStringLiteral("sata"), QStringLiteral("--hostiocache"), QStringLiteral("on") });
    QVERIFY2(ctl.exitCode == 0, qPrintable(ctl.describe()));

    // Each machine's system disk is a clone of system.vdi with a UUID of its own.
    m_clone = vmFolder() + QStringLiteral("/system.vdi");
    const ProcessResult clone = vbox({ QStringLiteral("clonemedium"), QStringLiteral("disk"),
        g_imageDir + QStringLiteral("/system.vdi"), m_clone, QStringLiteral("--format"), QStringLiteral("VDI") });
    QVERIFY2(clone.exitCode == 0, qPrintable(clone.describe()));
    static const QRegularExpression cloneText(
        QStringLiteral("^Clone medium created in format 'VDI'\\. UUID: ([0-9a-f-]{36})\\n$"));
    const QRegularExpressionMatch cloneMatch = cloneText.match(QString::fromUtf8(clone.standardOutput));
    QVERIFY2(cloneMatch.hasMatch(), qPrintable(clone.describe()));
    const ProcessResult hdds = vbox({ QStringLiteral("list"), QStringLiteral("hdds") });
    QVERIFY2(hdds.standardOutput.contains(
                 (QStringLiteral("Location:       ") + g_imageDir + QStringLiteral("/system.vdi\n")).toUtf8()),
        qPrintable(hdds.describe()));
    QCOMPARE(hdds.standardOutput.count(
                 (QStringLiteral("UUID:           ") + cloneMatch.captured(1) + QLatin1Char('\n')).toUtf8()),
        1);

    m_data = vmFolder() + QStringLiteral("/data.vdi");
    const ProcessResult data
        = vbox({ QStringLiteral("createmedium"), QStringLiteral("disk"), QStringLiteral("--filename"), m_data,
            QStringLiteral("--size"), QStringLiteral("4000"), QStringLiteral("--format"), QStringLiteral("VDI") });
    QVERIFY2(
        data.exitCode == 0 && data.standardOutput.startsWith("Medium created. UUID: "), qPrintable(data.describe()));

    const QList<QPair<QString, QString>> attachments { { QStringLiteral("dvddrive"),
                                                           g_imageDir + QStringLiteral("/boot.iso") },
        { QStringLiteral("hdd"), m_clone }, { QStringLiteral("hdd"), m_data }, { QStringLiteral("dvddrive"), m_seed } };
    for (int port = 0; port < attachments.size(); ++port) {
        const ProcessResult r = vbox({ QStringLiteral("storageattach"), QStringLiteral("berth-vm"),
            QStringLiteral("--storagectl"), QStringLiteral("SATA"), QStringLiteral("--port"), QString::number(port),
            QStringLiteral("--device"), QStringLiteral("0"), QStringLiteral("--type"), attachments.at(port).first,
            QStringLiteral("--medium"), attachments.at(port).second });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    }
    const ProcessResult share = vbox(
        { QStringLiteral("sharedfolder"), QStringLiteral("add"), QStringLiteral("berth-vm"), QStringLiteral("--name"),
            QStringLiteral("berth-home"), QStringLiteral("--hostpath"), m_share, QStringLiteral("--automount") });
    QVERIFY2(share.exitCode == 0, qPrintable(share.describe()));

    QCOMPARE(showVmInfo(QStringLiteral("VMState")), QStringLiteral("poweroff"));
    QCOMPARE(showVmInfo(QStringLiteral("ostype")), QStringLiteral("Linux 2.6 / 3.x / 4.x / 5.x (64-bit)"));
    QCOMPARE(showVmInfo(QStringLiteral("memory")), QStringLiteral("1024"));
    QCOMPARE(showVmInfo(QStringLiteral("cpus")), QStringLiteral("2"));
    QCOMPARE(showVmInfo(QStringLiteral("firmware")), QStringLiteral("BIOS"));
    QCOMPARE(showVmInfo(QStringLiteral("SATA-1-0")), m_clone);
    QCOMPARE(showVmInfo(QStringLiteral("SATA-ImageUUID-1-0")), cloneMatch.captured(1));
    QCOMPARE(showVmInfo(QStringLiteral("SATA-3-0")), m_seed);
    QCOMPARE(showVmInfo(QStringLiteral("SATA-4-0")), QStringLiteral("none"));
    QCOMPARE(showVmInfo(QStringLiteral("nic1")), QStringLiteral("nat"));
    QCOMPARE(showVmInfo(QStringLiteral("Forwarding(0)")), QStringLiteral("ssh,tcp,127.0.0.1,%1,,22").arg(m_sshPort));
    QCOMPARE(showVmInfo(QStringLiteral("nic2")), QStringLiteral("hostonly"));
    QCOMPARE(showVmInfo(QStringLiteral("hostonlyadapter2")), QStringLiteral("vboxnet0"));
    QVERIFY(QRegularExpression(QStringLiteral("^080027[0-9A-F]{6}$"))
                .match(showVmInfo(QStringLiteral("macaddress2")))
                .hasMatch());
    QCOMPARE(showVmInfo(QStringLiteral("uart1")), QStringLiteral("0x03f8,4"));
    QCOMPARE(showVmInfo(QStringLiteral("uartmode1")), QStringLiteral("file,") + m_serial);
    QCOMPARE(showVmInfo(QStringLiteral("SharedFolderNameMachineMapping1")), QStringLiteral("berth-home"));
    QCOMPARE(showVmInfo(QStringLiteral("SharedFolderPathMachineMapping1")), m_share);
}

void TestVBoxDouble::unknownOptionIsRefused()
{
    const ProcessResult r = vbox({ QStringLiteral("modifyvm"), QStringLiteral("berth-vm"),
        QStringLiteral("--no-such-option"), QStringLiteral("on") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(
        r.standardError.contains("\nVBoxManage: error: Unknown option: --no-such-option\n"), qPrintable(r.describe()));
    // Nothing of a refused modifyvm is kept.
    QCOMPARE(showVmInfo(QStringLiteral("memory")), QStringLiteral("1024"));
    // VirtualBox 7.0's --audio-driver is unknown to the 6.1 the double plays when told to.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VBOX_DOUBLE_VERSION"), QStringLiteral("6.1.50r161033"));
    env.insert(QStringLiteral("VBOX_USER_HOME"), m_home);
    const ProcessResult audio = runProcess(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"),
        { QStringLiteral("modifyvm"), QStringLiteral("berth-vm"), QStringLiteral("--audio-driver"),
            QStringLiteral("none") },
        env);
    QCOMPARE(audio.exitCode, 2);
    QVERIFY2(audio.standardError.contains("Version 6.1.50\n")
            && audio.standardError.contains("\nVBoxManage: error: Unknown option: --audio-driver\n"),
        qPrintable(audio.describe()));
}

void TestVBoxDouble::objectNotReadyFaultThenSuccess()
{
    armFaults({ QJsonObject { { QStringLiteral("command"), QStringLiteral("modifyvm") },
        { QStringLiteral("fault"), QStringLiteral("not-ready") }, { QStringLiteral("count"), 1 } } });
    const QStringList args { QStringLiteral("modifyvm"), QStringLiteral("berth-vm"), QStringLiteral("--memory"),
        QStringLiteral("1024") };
    const ProcessResult failed = vbox(args);
    QCOMPARE(failed.exitCode, 1);
    QCOMPARE(failed.standardError,
        QByteArray("VBoxManage: error: The object is not ready\n"
                   "VBoxManage: error: Details: code E_ACCESSDENIED (0x80070005), component SessionMachine, interface "
                   "IMachine, callee nsISupports\n"
                   "VBoxManage: error: Context: \"LockMachine(a->session, LockType_Write)\" at line 640 of file "
                   "VBoxManageModifyVM.cpp\n"));
    const ProcessResult retried = vbox(args);
    QVERIFY2(retried.exitCode == 0, qPrintable(retried.describe()));
}

void TestVBoxDouble::concurrentInvocationsKeepEveryChange()
{
    // Sixteen VBoxManage processes change one machine at once: the registry lock keeps every change.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VBOX_USER_HOME"), m_home);
    QList<QProcess *> processes;
    for (int i = 0; i < 16; ++i) {
        auto *process = new QProcess(this);
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(BERTH_VBOXMANAGE_DOUBLE_DIR "/VBoxManage"),
            { QStringLiteral("guestproperty"), QStringLiteral("set"), QStringLiteral("berth-vm"),
                QStringLiteral("/Berth/Test/%1").arg(i, 2, 10, QLatin1Char('0')), QString::number(i) });
        processes << process;
    }
    for (QProcess *process : std::as_const(processes)) {
        QVERIFY(process->waitForFinished(60000));
        QCOMPARE(process->exitCode(), 0);
        delete process;
    }
    const ProcessResult listed
        = vbox({ QStringLiteral("guestproperty"), QStringLiteral("enumerate"), QStringLiteral("berth-vm") });
    for (int i = 0; i < 16; ++i)
        QVERIFY2(listed.standardOutput.contains(
                     QStringLiteral("/Berth/Test/%1 = '%2'\n").arg(i, 2, 10, QLatin1Char('0')).arg(i).toUtf8()),
            qPrintable(listed.describe()));
}

void TestVBoxDouble::hangFaultSleepsUntilKilled()
{
    armFaults({ QJsonObject { { QStringLiteral("command"), QStringLiteral("list") },
        { QStringLiteral("fault"), QStringLiteral("hang") }, { QStringLiteral("count"), 1 } } });
    const ProcessResult hung = vbox({ QStringLiteral("list"), QStringLiteral("vms") }, 2000);
    QVERIFY2(hung.standardError.startsWith("timed out"), qPrintable(hung.describe()));
    const ProcessResult listed = vbox({ QStringLiteral("list"), QStringLiteral("vms") });
    QVERIFY2(listed.exitCode == 0 && listed.standardOutput.startsWith("\"berth-vm\" {"), qPrintable(listed.describe()));
}

void TestVBoxDouble::startvmBootsTheImage()
{
    QElapsedTimer boot;
    boot.start();
    const ProcessResult started = vbox({ QStringLiteral("startvm"), QStringLiteral("berth-vm"),
        QStringLiteral("--type"), QStringLiteral("headless") });
    QVERIFY2(started.exitCode == 0, qPrintable(started.describe()));
    QCOMPARE(started.standardOutput,
        QByteArray("Waiting for VM \"berth-vm\" to power on...\nVM \"berth-vm\" has been successfully started.\n"));
    QCOMPARE(showVmInfo(QStringLiteral("VMState")), QStringLiteral("running"));
    QVERIFY(vbox({ QStringLiteral("list"), QStringLiteral("runningvms") }).standardOutput.startsWith("\"berth-vm\" {"));
    const ProcessResult again = vbox({ QStringLiteral("startvm"), QStringLiteral("berth-vm") });
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.standardError.startsWith("VBoxManage: error: The machine 'berth-vm' is already locked by a session"),
        qPrintable(again.describe()));

    // The guest's console reaches sshd on the serial port's file.
    QByteArray console;
    while (boot.elapsed() < 300000) {
        QFile serial(m_serial);
        if (serial.open(QIODevice::ReadOnly))
            console = serial.readAll();
        if (console.contains("berth: sshd is listening"))
            break;
        QVERIFY2(showVmInfo(QStringLiteral("VMState")) == QLatin1String("running"), console.right(2000).constData());
        QThread::msleep(250);
    }
    QVERIFY2(console.contains("berth: sshd is listening"), console.right(2000).constData());
    qInfo("boot.iso under SeaBIOS to sshd: %lld ms", boot.elapsed());

    // SSH through the NAT forward; the host-only NIC (macaddress2) gets a lease from the network's DHCP server.
    QString mac = showVmInfo(QStringLiteral("macaddress2")).toLower();
    for (int i = 10; i > 0; i -= 2)
        mac.insert(i, QLatin1Char(':'));
    QString leased;
    QElapsedTimer lease;
    lease.start();
    ProcessResult facts;
    while (leased.isEmpty() && lease.elapsed() < 60000) {
        facts = guestSsh(QStringLiteral("for i in /sys/class/net/*; do echo \"link ${i##*/} $(cat $i/address)\"; done; "
                                        "ip -4 -o addr show"));
        QString nicName;
        for (const QByteArray &raw : facts.standardOutput.split('\n')) {
            const QStringList words = QString::fromUtf8(raw).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (words.size() == 3 && words.at(0) == QLatin1String("link") && words.at(2) == mac)
                nicName = words.at(1);
            if (words.size() >= 4 && words.at(1) == nicName && words.at(2) == QLatin1String("inet"))
                leased = words.at(3).section(QLatin1Char('/'), 0, 0);
        }
        if (leased.isEmpty())
            QThread::msleep(1000);
    }
    QVERIFY2(leased.startsWith(QStringLiteral("192.168.56.")), qPrintable(facts.describe()));
    qInfo("the host-only NIC %s got %s", qPrintable(mac), qPrintable(leased));
    QFile leases(m_home + QStringLiteral("/dhcp/HostInterfaceNetworking-vboxnet0.leases"));
    QVERIFY(leases.open(QIODevice::ReadOnly));
    QVERIFY(leases.readAll().contains((mac + QLatin1Char(' ') + leased).toUtf8()));
    // The guest answers at that address from this namespace.
    QTcpSocket socket;
    socket.connectToHost(leased, 22);
    QVERIFY2(socket.waitForConnected(10000), qPrintable(socket.errorString()));
    QVERIFY(socket.waitForReadyRead(10000));
    QVERIFY(socket.readAll().startsWith("SSH-2.0-"));
    // The shared folder reaches the guest as 9p tagged berth-home.
    const ProcessResult shared = guestSsh(QStringLiteral("cat /hosthome/from-host.txt"));
    QCOMPARE(shared.standardOutput, QByteArray("shared through 9p\n"));
    // No Guest Additions: guest properties the additions would set stay unset.
    const ProcessResult property = vbox({ QStringLiteral("guestproperty"), QStringLiteral("get"),
        QStringLiteral("berth-vm"), QStringLiteral("/VirtualBox/GuestInfo/Net/1/V4/IP") });
    QCOMPARE(property.standardOutput, QByteArray("No value set!\n"));
}

void TestVBoxDouble::acpiPowerButtonPowersOff()
{
    // A guest hears its power button once logind watches it, which a busy host's emulated boot may reach some
    // seconds after sshd (Berth's drivers press again until the guest is off; this presses once).
    QElapsedTimer listening;
    listening.start();
    ProcessResult watching;
    while (listening.elapsed() < 60000) {
        watching = guestSsh(QStringLiteral("sudo journalctl -b -u systemd-logind --no-pager | "
                                           "grep 'Watching system buttons'"));
        if (watching.standardOutput.contains("(Power Button)"))
            break;
        QThread::msleep(500);
    }
    QVERIFY2(watching.standardOutput.contains("(Power Button)"), qPrintable(watching.describe()));
    qInfo("logind watched the power button %lld ms after the previous step", listening.elapsed());
    const ProcessResult pressed
        = vbox({ QStringLiteral("controlvm"), QStringLiteral("berth-vm"), QStringLiteral("acpipowerbutton") });
    QVERIFY2(pressed.exitCode == 0 && pressed.standardError.isEmpty(), qPrintable(pressed.describe()));
    QElapsedTimer timer;
    timer.start();
    while (showVmInfo(QStringLiteral("VMState")) != QLatin1String("poweroff") && timer.elapsed() < 30000)
        QThread::msleep(250);
    if (showVmInfo(QStringLiteral("VMState")) != QLatin1String("poweroff")) {
        const ProcessResult journal = guestSsh(QStringLiteral("sudo journalctl -b -o short-monotonic --no-pager | "
                                                              "grep -i -e button -e 'power key' -e logind"));
        QFAIL(qPrintable(QStringLiteral("The guest did not power off within 30 s of its power button. Its journal:\n")
            + QString::fromUtf8(journal.standardOutput + journal.standardError)));
    }
    qInfo("ACPI power button to poweroff: %lld ms", timer.elapsed());
    QVERIFY2(
        processesMentioning(vmFolder()).isEmpty(), qPrintable(processesMentioning(vmFolder()).join(QLatin1Char('\n'))));
    QVERIFY(processesMentioning(QStringLiteral("--dhcp-leasefile=") + m_home).isEmpty());
    const ProcessResult notRunning
        = vbox({ QStringLiteral("controlvm"), QStringLiteral("berth-vm"), QStringLiteral("acpipowerbutton") });
    QCOMPARE(notRunning.exitCode, 1);
    QCOMPARE(notRunning.standardError, QByteArray("VBoxManage: error: Machine 'berth-vm' is not currently running.\n"));
}

void TestVBoxDouble::startAgainAndPowerOff()
{
    const ProcessResult started = vbox({ QStringLiteral("startvm"), QStringLiteral("berth-vm"),
        QStringLiteral("--type"), QStringLiteral("headless") });
    QVERIFY2(started.exitCode == 0, qPrintable(started.describe()));
    QVERIFY(!processesMentioning(QStringLiteral("--dhcp-leasefile=") + m_home).isEmpty());
    const ProcessResult off
        = vbox({ QStringLiteral("controlvm"), QStringLiteral("berth-vm"), QStringLiteral("poweroff") });
    QVERIFY2(off.exitCode == 0, qPrintable(off.describe()));
    QCOMPARE(off.standardError, QByteArray("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"));
    QCOMPARE(showVmInfo(QStringLiteral("VMState")), QStringLiteral("poweroff"));
    QVERIFY(processesMentioning(vmFolder()).isEmpty());
    QVERIFY(processesMentioning(QStringLiteral("--dhcp-leasefile=") + m_home).isEmpty());
}

void TestVBoxDouble::vtxFaultIsReportedAndLogged()
{
    armFaults({ QJsonObject { { QStringLiteral("command"), QStringLiteral("startvm") },
        { QStringLiteral("fault"), QStringLiteral("no-vtx") }, { QStringLiteral("count"), 1 } } });
    const ProcessResult r = vbox({ QStringLiteral("startvm"), QStringLiteral("berth-vm"), QStringLiteral("--type"),
        QStringLiteral("headless") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardOutput, QByteArray("Waiting for VM \"berth-vm\" to power on...\n"));
    QCOMPARE(r.standardError,
        QByteArray("VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\n"
                   "VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component ConsoleWrap, interface "
                   "IConsole\n"));
    QFile log(vmFolder() + QStringLiteral("/Logs/VBox.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("VT-x is not available (VERR_VMX_NO_VMX)"));
    QCOMPARE(showVmInfo(QStringLiteral("VMState")), QStringLiteral("poweroff"));
    QVERIFY(processesMentioning(vmFolder()).isEmpty());
}

void TestVBoxDouble::unregisterDeleteLeavesNothing()
{
    const ProcessResult r
        = vbox({ QStringLiteral("unregistervm"), QStringLiteral("berth-vm"), QStringLiteral("--delete") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QFile::exists(m_clone));
    QVERIFY(!QFile::exists(m_data));
    QVERIFY2(!QFileInfo::exists(vmFolder()),
        qPrintable(QDir(vmFolder()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).join(QLatin1Char(' '))));
    // DVD images are never deleted: the shared boot.iso and the seed stay, as does the image's own disk.
    QVERIFY(QFile::exists(g_imageDir + QStringLiteral("/boot.iso")));
    QVERIFY(QFile::exists(g_imageDir + QStringLiteral("/system.vdi")));
    QVERIFY(QFile::exists(m_seed));
    QCOMPARE(vbox({ QStringLiteral("list"), QStringLiteral("vms") }).standardOutput, QByteArray());
    QVERIFY(!vbox({ QStringLiteral("list"), QStringLiteral("hdds") }).standardOutput.contains("data.vdi"));
    QVERIFY(processesMentioning(m_dir.path()).isEmpty());
    QVERIFY(processesMentioning(QStringLiteral("--dhcp-leasefile=") + m_home).isEmpty());
    const ProcessResult gone = vbox({ QStringLiteral("showvminfo"), QStringLiteral("berth-vm") });
    QCOMPARE(gone.exitCode, 1);
    QVERIFY(gone.standardError.startsWith("VBoxManage: error: Could not find a registered machine named 'berth-vm'\n"));
}

int main(int argc, char **argv)
{
    // The image first (building it needs the network), then a network namespace of this process's own, made
    // before Qt starts any thread: vboxnet0, dnsmasq, QEMU and its forwarded ports live only in there.
    g_setupError = isolateNetwork(&g_imageDir);
    QCoreApplication app(argc, argv);
    TestVBoxDouble test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_vboxdouble.moc"
