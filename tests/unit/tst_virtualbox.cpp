// The VirtualBox driver without VirtualBox: its readers of VBoxManage's real outputs, the choice of the
// host-only network, the command lines it runs, its flags and config.json, finding VBoxManage (environment,
// folders, on Windows the registry) and running it (retries, hangs, errors). A copy of this program named
// VBoxManage stands in for VirtualBox where a sequence of commands is checked: it answers from the fixtures in
// tests/data/virtualbox and records every command line it was given.
#include "drivers/driverregistry.h"
#include "drivers/imagevmdriver.h"
#include "drivers/virtualbox/hostonlynetwork.h"
#include "drivers/virtualbox/vboxcommands.h"
#include "drivers/virtualbox/vboxhost.h"
#include "drivers/virtualbox/vboxinfo.h"
#include "drivers/virtualbox/vboxmanage.h"
#include "drivers/virtualbox/virtualboxdriver.h"
#include "support/scopedenvironment.h"
#include "testconfig.h"
#include "util/hostinfo.h"
#include "util/optionname.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace berth;
using namespace berth::vbox;

namespace {

QString dataDir()
{
    return QStringLiteral(BERTH_TEST_DATA_DIR "/virtualbox");
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray fixture(const char *name)
{
    return readFile(dataDir() + QLatin1Char('/') + QLatin1String(name));
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(data);
}

QString exe(const QString &name)
{
#ifdef Q_OS_WIN
    return name + QStringLiteral(".exe");
#else
    return name;
#endif
}

class NoProgress final : public Progress {
public:
    void step(const QString &message) override { steps << message; }
    QStringList steps;
};

// --- The stand-in VBoxManage: this program under that name, its state in $BERTH_FAKE_VBOX. ---

const QByteArray notReadyError = "VBoxManage: error: The object is not ready\n"
                                 "VBoxManage: error: Details: code E_ACCESSDENIED (0x80070005), component "
                                 "SessionMachine, interface IMachine, callee nsISupports\n"
                                 "VBoxManage: error: Context: \"LockMachine(a->session, LockType_Write)\" at line 527 "
                                 "of file VBoxManageModifyVM.cpp\n";

int fakeVBoxManage(const QStringList &args)
{
    const QString dir = qEnvironmentVariable("BERTH_FAKE_VBOX");
    const auto path = [&](const char *name) -> QString { return dir + QLatin1Char('/') + QLatin1String(name); };
    // As VBoxManage writes to a pipe: in the locale's charset (UTF-8) here, in the ANSI code page on Windows.
    const auto out = [](const QByteArray &utf8) {
        const QByteArray text = QString::fromUtf8(utf8).toLocal8Bit();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
    };
    const auto err = [](const QByteArray &utf8) {
        const QByteArray text = QString::fromUtf8(utf8).toLocal8Bit();
        std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
        std::fflush(stderr);
    };
    QFile log(path("calls.log"));
    if (log.open(QIODevice::Append))
        log.write(args.join(QLatin1Char('|')).toUtf8() + '\n');
    log.close();
    if (QFile::exists(path("hang")))
        std::this_thread::sleep_for(std::chrono::seconds(600));
    if (const QByteArray count = readFile(path("notready")).trimmed(); count.toInt() > 0) {
        writeFile(path("notready"), QByteArray::number(count.toInt() - 1));
        err(notReadyError);
        return 1;
    }
    if (QFile::exists(path("error-exit-zero"))) {
        err("VBoxManage: error: Failed to create the host-only adapter\n"
            "VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component HostNetworkInterfaceWrap\n");
        return 0;
    }
    const QString command = args.value(0);
    if (command == QLatin1String("--version")) {
        const QByteArray version = readFile(path("version"));
        out(version.isEmpty() ? QByteArray("7.0.14r161095\n") : version);
        return 0;
    }
    QByteArray state = readFile(path("state")).trimmed();
    if (state.isEmpty())
        state = "poweroff";
    const auto setState = [&](const QByteArray &now) { writeFile(path("state"), now); };
    if (command == QLatin1String("showvminfo")) {
        if (state == "gone") {
            err("VBoxManage: error: Could not find a registered machine named '" + args.value(1).toUtf8()
                + "'\nVBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component "
                  "VirtualBoxWrap, interface IVirtualBox, callee nsISupports\nVBoxManage: error: Context: "
                  "\"FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())\" at line 2621 of file "
                  "VBoxManageInfo.cpp\n");
            return 1;
        }
        const auto replaced = [](const QByteArray &text, const QByteArray &key, const QByteArray &value) {
            const qsizetype at = text.indexOf(QByteArray('\n' + key + "=\"")) + 1;
            const qsizetype end = text.indexOf('"', at + key.size() + 2);
            return at <= 0 ? text : text.left(at + key.size() + 2) + value + text.mid(end);
        };
        QByteArray info = replaced(readFile(path("showvminfo")), "VMState", state);
        // Where the test's VM keeps its settings, escaped as VirtualBox 6.1 and later write it.
        if (const QByteArray folder = readFile(path("vmfolder")); !folder.isEmpty())
            info = replaced(info, "CfgFile", QByteArray(folder).replace("\\", "\\\\") + "/box.vbox");
        out(info);
        return 0;
    }
    if (command == QLatin1String("list")) {
        out(readFile(dir + QLatin1Char('/') + args.value(1)));
        return 0;
    }
    if (command == QLatin1String("hostonlyif") && args.value(1) == QLatin1String("create")) {
        out("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"
            "Interface 'vboxnet2' was successfully created\n");
        return 0;
    }
    if (command == QLatin1String("controlvm")) {
        const QString action = args.value(2);
        // ignore-acpi: the guest does not hear its power button; holding a number, only that many presses.
        bool unheard = false;
        if (action == QLatin1String("acpipowerbutton") && QFile::exists(path("ignore-acpi"))) {
            const QByteArray presses = readFile(path("ignore-acpi"));
            unheard = presses.isEmpty() || presses.toInt() > 0;
            if (!presses.isEmpty())
                writeFile(path("ignore-acpi"), QByteArray::number(qMax(0, presses.toInt() - 1)));
        }
        if (action == QLatin1String("poweroff") || (action == QLatin1String("acpipowerbutton") && !unheard))
            setState("poweroff");
        else if (action == QLatin1String("resume"))
            setState("running");
        return 0;
    }
    if (command == QLatin1String("startvm")) {
        if (const QByteArray failure = readFile(path("startvm.err")); !failure.isEmpty()) {
            err(failure);
            return 1;
        }
        setState("running");
        out("Waiting for VM \"" + args.value(1).toUtf8() + "\" to power on...\nVM \"" + args.value(1).toUtf8()
            + "\" has been successfully started.\n");
        return 0;
    }
    if (command == QLatin1String("unregistervm"))
        setState("gone");
    if (command == QLatin1String("discardstate"))
        setState("poweroff");
    return 0;
}

bool runAsFakeVBoxManage(int argc, char **argv)
{
    const QString program = QFileInfo(QString::fromLocal8Bit(argv[0])).completeBaseName().toLower();
    if (program != QLatin1String("vboxmanage"))
        return false;
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    std::exit(fakeVBoxManage(args));
}

// docker-machine's config.json of a Toolbox machine on Windows; elsewhere its local paths are this system's
// (a Windows path is no absolute path on Linux, and config.json's are checked).
QJsonObject toolboxJson()
{
    QJsonObject json = QJsonDocument::fromJson(fixture("toolbox-windows-config.json")).object();
#ifndef Q_OS_WIN
    json.insert(QLatin1String("SSHKeyPath"), QStringLiteral("/home/alice/.docker/machine/machines/dev/id_rsa"));
    json.insert(QLatin1String("StorePath"), QStringLiteral("/home/alice/.docker/machine"));
#endif
    return json;
}

} // namespace

class TestVirtualBox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // Readers of VBoxManage's outputs.
    void vmInfoOfBerthVm();
    void vmInfoOfToolboxVmOnWindows();
    void vmStates_data();
    void vmStates();
    void vmNames();
    void hostOnlyInterfaces();
    void dhcpServers();
    void createdInterface();
    void versions_data();
    void versions();
    void versionCheckSaysWhatToDo();
    void guestAddressByMac();
    void startFailures_data();
    void startFailures();

    // The host-only network.
    void cidrs_data();
    void cidrs();
    void adapterReusedCreatedOrRepaired();
    void adapterCollisions();
    void dhcpServerWanted_data();
    void dhcpServerWanted();
    void dhcpPlan();
    void allowedRanges();

    // Command lines.
    void commandLines();

    // Flags and config.json.
    void flagsAsDockerMachine();
    void flagValues_data();
    void flagValues();
    void refusedFlags_data();
    void refusedFlags();
    void guestPaths_data();
    void guestPaths();
    void jsonRoundTrip();
    void jsonOfToolboxMachine();
    void jsonRefusesBadFields_data();
    void jsonRefusesBadFields();

    // VBoxManage found and run.
    void locatedFromEnvironment();
    void installFoldersOfThisSystem();
#ifdef Q_OS_WIN
    void locatedFromRegistry();
#endif
    void notReadyIsTriedAgain();
    void hangIsKilled();
    void errorWithExitCodeZero();
    void errorText();

    // The driver's sequences against the stand-in.
    void preCreateCheck();
    void createRegistersThenExplainsFailedStart();
    void stopPressesPowerButton();
    void stopPowersOffAfterTimeout();
    void stopPressesAgainUntilTheGuestHears();
    void publishedPortRulesListenWhereTheMachineSays();
    void killPowersOff();
    void removeUnregisters();
    void stateFromVmState();
    void stateReadAgainWhenVirtualBoxWrote();
    void namesBeyondAsciiAreRead();
    void upgradeReplacesSystemDisk();
    void checkWithoutVirtualBox();

private:
    std::unique_ptr<VirtualBoxDriver> driver(const FlagValues &flags = {}, const QString &name = QStringLiteral("box"));
    QStringList calls() const;
    void useStandIn(const char *showvminfo = "showvminfo-berth-7.0.txt");
    QString writeImage(const QString &version);

    QTemporaryDir m_dir;
    QString m_bin; // the stand-in VBoxManage's folder
    QString m_fake; // its state
    QString m_store;
    std::unique_ptr<test::ScopedEnvironment> m_env;
};

void TestVirtualBox::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_bin = m_dir.filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(m_bin));
    QVERIFY(QFile::copy(
        QCoreApplication::applicationFilePath(), m_bin + QLatin1Char('/') + exe(QStringLiteral("VBoxManage"))));
}

void TestVirtualBox::init()
{
    m_env = std::make_unique<test::ScopedEnvironment>();
    for (const char *name : { "VBOX_INSTALL_PATH", "VBOX_MSI_INSTALL_PATH", "BERTH_VM_IMAGE", "VIRTUALBOX_IMAGE",
             "VIRTUALBOX_CPU_COUNT", "VIRTUALBOX_MEMORY_SIZE", "VIRTUALBOX_BOOT2DOCKER_URL",
             "VIRTUALBOX_HOSTONLY_NIC_PROMISC", "VIRTUALBOX_HOSTONLY_CIDR", "VIRTUALBOX_NO_VTX_CHECK" })
        m_env->unset(name);
    m_fake = m_dir.filePath(QStringLiteral("fake-") + QString::fromLatin1(QTest::currentTestFunction()));
    QDir(m_fake).removeRecursively();
    QVERIFY(QDir().mkpath(m_fake));
    m_store = m_dir.filePath(QStringLiteral("store-") + QString::fromLatin1(QTest::currentTestFunction()));
    QVERIFY(QDir().mkpath(m_store + QStringLiteral("/machines/box")));
    m_env->set("BERTH_FAKE_VBOX", QDir::toNativeSeparators(m_fake).toUtf8());
    // Images a test builds go here, or are named by a flag.
    m_env->set("BERTH_CACHE", QDir::toNativeSeparators(m_fake + QStringLiteral("/cache")).toUtf8());
}

void TestVirtualBox::cleanup()
{
    m_env.reset();
}

std::unique_ptr<VirtualBoxDriver> TestVirtualBox::driver(const FlagValues &flags, const QString &name)
{
    auto made = std::make_unique<VirtualBoxDriver>(name, m_store);
    QString error;
    if (!made->setConfigFromFlags(flags, &error))
        qWarning("%s", qPrintable(error));
    return made;
}

QStringList TestVirtualBox::calls() const
{
    QStringList all;
    for (const QByteArray &line : readFile(m_fake + QStringLiteral("/calls.log")).split('\n')) {
        if (!line.isEmpty())
            all << QString::fromUtf8(line);
    }
    return all;
}

void TestVirtualBox::useStandIn(const char *showvminfo)
{
    m_env->set("VBOX_INSTALL_PATH", QDir::toNativeSeparators(m_bin).toUtf8());
    writeFile(m_fake + QStringLiteral("/showvminfo"), fixture(showvminfo));
}

QString TestVirtualBox::writeImage(const QString &version)
{
    const QString dir = m_dir.filePath(QStringLiteral("image-") + version);
    QDir().mkpath(dir);
    QJsonObject files;
    for (const auto &[name, data] : { std::pair { QStringLiteral("system.vdi"), QByteArray(8192, 'v') },
             std::pair { QStringLiteral("boot.iso"), QByteArray(4096, 'i') } }) {
        writeFile(dir + QLatin1Char('/') + name, data);
        files.insert(name,
            QJsonObject { { QStringLiteral("sha256"),
                              QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()) },
                { QStringLiteral("size"), data.size() } });
    }
    writeFile(dir + QStringLiteral("/manifest.json"),
        QJsonDocument(QJsonObject { { QStringLiteral("version"), version }, { QStringLiteral("files"), files } })
            .toJson());
    return dir;
}

// --- Readers ---

void TestVirtualBox::vmInfoOfBerthVm()
{
    const VmInfo info = VmInfo::parse(fixture("showvminfo-berth-7.0.txt"));
    QCOMPARE(info.name(), QStringLiteral("default"));
    QCOMPARE(info.state(), QStringLiteral("running"));
    QCOMPARE(info.cpus(), 2);
    QCOMPARE(info.memoryMb(), 2048);
    QCOMPARE(info.nicAttachment(1), QStringLiteral("nat"));
    QCOMPARE(info.hostOnlyNic(), 2);
    QCOMPARE(info.hostOnlyAdapter(2), QStringLiteral("vboxnet1"));
    QCOMPARE(info.macAddress(2), QStringLiteral("0800274BBBB0"));
    QCOMPARE(info.nicType(2), QStringLiteral("82540EM"));
    QCOMPARE(info.medium(QStringLiteral("SATA"), 1, 0),
        QStringLiteral("/home/alice/.docker/machine/machines/default/system-0.1.0-03394fd08a8ed090.vdi"));
    QCOMPARE(info.medium(QStringLiteral("SATA"), 3, 0),
        QStringLiteral("/home/alice/.docker/machine/machines/default/seed.iso"));
    QCOMPARE(info.logFolder(), QStringLiteral("/home/alice/.docker/machine/machines/default/default/Logs"));
    // 6.1 and later escape quotes and backslashes; a key may hold blanks.
    QCOMPARE(info.value(QStringLiteral("description")), QStringLiteral("made by \"berth create\" in C:\\Temp"));
    QCOMPARE(info.value(QStringLiteral("BIOS NVRAM File")),
        QStringLiteral("/home/alice/.docker/machine/machines/default/default/default.nvram"));
    QCOMPARE(info.value(QStringLiteral("uartmode1")),
        QStringLiteral("file,/home/alice/.docker/machine/machines/default/serial.log"));
    // 7.0.0's stray "Encryption:     disabled" and other lines of no key=value form are no keys.
    QVERIFY(!info.contains(QStringLiteral("Encryption:     disabled")));
    const QList<vbox::NatRule> forwards = info.forwards();
    QCOMPARE(forwards.size(), 2);
    QCOMPARE(forwards.at(0).nic, 1);
    QCOMPARE(forwards.at(0).name, QStringLiteral("docker"));
    QCOMPARE(forwards.at(0).guestPort, 2376);
    QCOMPARE(forwards.at(1).name, QStringLiteral("ssh"));
    QCOMPARE(forwards.at(1).protocol, QStringLiteral("tcp"));
    QCOMPARE(forwards.at(1).hostIp, QStringLiteral("127.0.0.1"));
    QCOMPARE(forwards.at(1).hostPort, 40122);
    QCOMPARE(forwards.at(1).guestIp, QString());
    QCOMPARE(forwards.at(1).guestPort, 22);
}

void TestVirtualBox::vmInfoOfToolboxVmOnWindows()
{
    // VirtualBox 5.2 on Windows: CRLF, backslashes not escaped, docker-machine's layout.
    const VmInfo info = VmInfo::parse(fixture("showvminfo-toolbox-5.2-windows.txt"));
    QCOMPARE(info.state(), QStringLiteral("poweroff"));
    QCOMPARE(info.value(QStringLiteral("CfgFile")),
        QStringLiteral("C:\\Users\\alice\\.docker\\machine\\machines\\default\\default\\default.vbox"));
    QCOMPARE(info.medium(QStringLiteral("SATA"), 0, 0),
        QStringLiteral("C:\\Users\\alice\\.docker\\machine\\machines\\default\\boot2docker.iso"));
    QCOMPARE(info.medium(QStringLiteral("SATA"), 2, 0), QStringLiteral("none"));
    QCOMPARE(info.hostOnlyNic(), 2);
    QCOMPARE(info.hostOnlyAdapter(2), QStringLiteral("VirtualBox Host-Only Ethernet Adapter #2"));
    QCOMPARE(info.macAddress(2), QStringLiteral("080027D31C8E"));
    QCOMPARE(info.forwards().size(), 1);
    QCOMPARE(info.forwards().first().name, QStringLiteral("ssh"));
    QCOMPARE(info.forwards().first().hostPort, 41853);
    QCOMPARE(info.value(QStringLiteral("SharedFolderNameMachineMapping1")), QStringLiteral("c/Users"));
}

void TestVirtualBox::vmStates_data()
{
    QTest::addColumn<QString>("vmState");
    QTest::addColumn<MachineState>("state");
    QTest::newRow("running") << QStringLiteral("running") << MachineState::Running;
    QTest::newRow("live snapshot") << QStringLiteral("onlinesnapshotting") << MachineState::Running;
    QTest::newRow("paused") << QStringLiteral("paused") << MachineState::Paused;
    QTest::newRow("saved") << QStringLiteral("saved") << MachineState::Saved;
    QTest::newRow("aborted-saved") << QStringLiteral("aborted-saved") << MachineState::Saved;
    QTest::newRow("poweroff") << QStringLiteral("poweroff") << MachineState::Stopped;
    QTest::newRow("aborted") << QStringLiteral("aborted") << MachineState::Stopped;
    QTest::newRow("offline snapshot") << QStringLiteral("snapshotting") << MachineState::Stopped;
    QTest::newRow("starting") << QStringLiteral("starting") << MachineState::Starting;
    QTest::newRow("restoring") << QStringLiteral("restoring") << MachineState::Starting;
    QTest::newRow("stopping") << QStringLiteral("stopping") << MachineState::Stopping;
    QTest::newRow("saving") << QStringLiteral("saving") << MachineState::Stopping;
    QTest::newRow("guru meditation") << QStringLiteral("gurumeditation") << MachineState::Error;
    QTest::newRow("unknown") << QStringLiteral("warping") << MachineState::None;
}

void TestVirtualBox::vmStates()
{
    QFETCH(QString, vmState);
    QFETCH(MachineState, state);
    QCOMPARE(machineState(vmState), state);
}

void TestVirtualBox::vmNames()
{
    const QByteArray output = "\"default\" {3f2a7c1e-5b9d-4f0e-9a61-2c8d7e4b1f60}\r\n"
                              "\"Windows 10 \"dev\"\" {b2c4d6e8-0a1b-4c3d-8e5f-7a9b1c3d5e7f}\r\n"
                              "\"<inaccessible>\" {0a9e3c77-6d21-4b55-9f8e-2c4a6b8d0e13}\r\n";
    QCOMPARE(parseVmNames(output),
        (QStringList {
            QStringLiteral("default"), QStringLiteral("Windows 10 \"dev\""), QStringLiteral("<inaccessible>") }));
    QVERIFY(parseVmNames(QByteArray()).isEmpty());
}

void TestVirtualBox::hostOnlyInterfaces()
{
    const QList<HostOnlyInterface> linux = parseHostOnlyInterfaces(fixture("hostonlyifs-linux-7.0.txt"));
    QCOMPARE(linux.size(), 2);
    QCOMPARE(linux.at(0).name, QStringLiteral("vboxnet0"));
    QCOMPARE(linux.at(0).ipAddress, QStringLiteral("192.168.56.1"));
    QCOMPARE(linux.at(0).networkMask, QStringLiteral("255.255.255.0"));
    QCOMPARE(linux.at(0).networkName, QStringLiteral("HostInterfaceNetworking-vboxnet0"));
    QCOMPARE(linux.at(0).status, QStringLiteral("Up"));
    QVERIFY(!linux.at(0).dhcp);
    QCOMPARE(linux.at(1).hardwareAddress, QStringLiteral("0a:00:27:00:00:01"));

    const QList<HostOnlyInterface> windows = parseHostOnlyInterfaces(fixture("hostonlyifs-windows-5.2.txt"));
    QCOMPARE(windows.size(), 3);
    QCOMPARE(windows.at(1).name, QStringLiteral("VirtualBox Host-Only Ethernet Adapter #2"));
    QCOMPARE(windows.at(1).ipAddress, QStringLiteral("169.254.37.187"));
    QCOMPARE(
        windows.at(1).networkName, QStringLiteral("HostInterfaceNetworking-VirtualBox Host-Only Ethernet Adapter #2"));
    QCOMPARE(windows.at(2).networkMask, QStringLiteral("15.0.0.0"));
}

void TestVirtualBox::dhcpServers()
{
    const QList<DhcpServer> old = parseDhcpServers(fixture("dhcpservers-5.2.txt"));
    QCOMPARE(old.size(), 3);
    QCOMPARE(old.at(1).networkName, QStringLiteral("HostInterfaceNetworking-vboxnet3"));
    QCOMPARE(old.at(1).ipAddress, QStringLiteral("192.168.99.6"));
    QCOMPARE(old.at(1).lowerIp, QStringLiteral("192.168.99.100"));
    QCOMPARE(old.at(1).upperIp, QStringLiteral("192.168.99.254"));
    QCOMPARE(old.at(1).networkMask, QStringLiteral("255.255.255.0"));
    QVERIFY(old.at(1).enabled);

    // 6.1 and later: other names, and indented configuration that is not the server's own.
    const QList<DhcpServer> current = parseDhcpServers(fixture("dhcpservers-7.0.txt"));
    QCOMPARE(current.size(), 2);
    QCOMPARE(current.at(0).ipAddress, QStringLiteral("192.168.56.100"));
    QCOMPARE(current.at(0).lowerIp, QStringLiteral("192.168.56.101"));
    QCOMPARE(current.at(0).upperIp, QStringLiteral("192.168.56.254"));
    QCOMPARE(current.at(0).networkMask, QStringLiteral("255.255.255.0"));
    QVERIFY(current.at(0).enabled);
    QCOMPARE(current.at(1).networkName, QStringLiteral("HostInterfaceNetworking-vboxnet1"));
    QVERIFY(!current.at(1).enabled);
}

void TestVirtualBox::createdInterface()
{
    QCOMPARE(parseCreatedInterface("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"
                                   "Interface 'vboxnet2' was successfully created\n"),
        QStringLiteral("vboxnet2"));
    QCOMPARE(parseCreatedInterface("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\r\n"
                                   "Interface 'VirtualBox Host-Only Ethernet Adapter #4' was successfully created\r\n"),
        QStringLiteral("VirtualBox Host-Only Ethernet Adapter #4"));
    QCOMPARE(parseCreatedInterface("0%...\nProgress state: E_FAIL\n"), QString());
}

void TestVirtualBox::versions_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("supported");
    QTest::newRow("7.0") << QByteArray("7.0.14r161095\n") << QStringLiteral("7.0.14") << true;
    QTest::newRow("7.1") << QByteArray("7.1.4r165100\n") << QStringLiteral("7.1.4") << true;
    QTest::newRow("Ubuntu's 6.1") << QByteArray("6.1.38_Ubuntur153438\n") << QStringLiteral("6.1.38") << true;
    QTest::newRow("Windows") << QByteArray("6.0.24r139119\r\n") << QStringLiteral("6.0.24") << true;
    QTest::newRow("5.2") << QByteArray("5.2.44r139111\n") << QStringLiteral("5.2.44") << true;
    QTest::newRow("5.1") << QByteArray("5.1.38r122592\n") << QStringLiteral("5.1.38") << false;
    QTest::newRow("4.3") << QByteArray("4.3.40r117086\n") << QStringLiteral("4.3.40") << false;
    QTest::newRow("not a version") << QByteArray("bash: VBoxManage: command not found\n") << QString() << false;
}

void TestVirtualBox::versions()
{
    QFETCH(QByteArray, output);
    QFETCH(QString, version);
    QFETCH(bool, supported);
    Version parsed;
    QString problem, remedy;
    QCOMPARE(VirtualBoxDriver::checkVersion(output, &parsed, &problem, &remedy), supported);
    QCOMPARE(parsed.text, version);
    QCOMPARE(problem.isEmpty(), supported);
}

void TestVirtualBox::versionCheckSaysWhatToDo()
{
    Version version;
    QString problem, remedy;
    QVERIFY(!VirtualBoxDriver::checkVersion("5.1.38r122592\n", &version, &problem, &remedy));
    QCOMPARE(problem, QStringLiteral("VirtualBox 5.1.38 is too old: Berth needs 5.2 or later."));
    QVERIFY2(remedy.contains(QLatin1String("https://www.virtualbox.org")), qPrintable(remedy));
    // Linux: the module's warning comes before the version, and no VM can start.
    const QByteArray withWarning = "WARNING: The vboxdrv kernel module is not loaded. Either there is no module\n"
                                   "         available for the current kernel (6.1.0-18-amd64) or it failed to\n"
                                   "         load. Please recompile the kernel module and install it by\n\n"
                                   "           sudo /sbin/vboxconfig\n\n"
                                   "         You will not be able to start VMs until this problem is fixed.\n"
                                   "7.0.14r161095\n";
    QVERIFY(!VirtualBoxDriver::checkVersion(withWarning, &version, &problem, &remedy));
    QCOMPARE(version.text, QStringLiteral("7.0.14"));
    QVERIFY2(problem.contains(QLatin1String("vboxdrv")), qPrintable(problem));
    QVERIFY2(remedy.contains(QLatin1String("/sbin/vboxconfig")), qPrintable(remedy));
    QVERIFY(!VirtualBoxDriver::checkVersion("", &version, &problem, &remedy));
    QVERIFY2(problem.contains(QLatin1String("no version")), qPrintable(problem));
    QVERIFY(Version::parse("6.1.28r147628\n").atLeast(6, 1, 28));
    QVERIFY(!Version::parse("6.1.26r145957\n").atLeast(6, 1, 28));
    QVERIFY(Version::parse("7.0.0r153978\n").atLeast(6, 1, 28));
}

void TestVirtualBox::guestAddressByMac()
{
    const QByteArray berth = fixture("ip-addr-berth.txt");
    QCOMPARE(guestAddressForMac(berth, QStringLiteral("0800274BBBB0")), QStringLiteral("192.168.59.101"));
    QCOMPARE(guestAddressForMac(berth, QStringLiteral("08:00:27:b9:3d:36")), QStringLiteral("10.0.2.15"));
    QCOMPARE(guestAddressForMac(berth, QStringLiteral("080027000000")), QString());
    QCOMPARE(guestAddressForMac(berth, QString()), QString());
    const QByteArray boot2docker = fixture("ip-addr-boot2docker.txt");
    QCOMPARE(guestAddressForMac(boot2docker, QStringLiteral("080027D31C8E")), QStringLiteral("192.168.99.100"));
    // The adapter is there, its DHCP lease not yet.
    const QByteArray noLease = "3: enp0s8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP\n"
                               "    link/ether 08:00:27:4b:bb:b0 brd ff:ff:ff:ff:ff:ff\n"
                               "    inet6 fe80::a00:27ff:fe4b:bbb0/64 scope link \n"
                               "4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue\n"
                               "    link/ether 02:42:9c:11:5e:7a brd ff:ff:ff:ff:ff:ff\n"
                               "    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n";
    QCOMPARE(guestAddressForMac(noLease, QStringLiteral("0800274BBBB0")), QString());
}

void TestVirtualBox::startFailures_data()
{
    QTest::addColumn<QString>("vboxManageError");
    QTest::addColumn<QByteArray>("log");
    QTest::addColumn<QString>("reasonPart");
    QTest::addColumn<QString>("remedyPart");
    QTest::newRow("no VT-x (VBoxManage)")
        << QStringLiteral("VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\nVBoxManage: error: Details: "
                          "code E_FAIL (0x80004005), component ConsoleWrap, interface IConsole\n")
        << QByteArray() << QStringLiteral("offers no VT-x") << QStringLiteral("nested virtualisation");
    QTest::newRow("no VT-x (VBox.log)") << QString() << fixture("vbox-log-no-vtx.txt")
                                        << QStringLiteral("offers no VT-x") << QStringLiteral("nested virtualisation");
    QTest::newRow("turned off in the firmware")
        << QStringLiteral("VBoxManage: error: VT-x is disabled in the BIOS for all CPU modes "
                          "(VERR_VMX_MSR_ALL_VMX_DISABLED)\n")
        << QByteArray() << QStringLiteral("firmware") << QStringLiteral("BIOS or UEFI");
    QTest::newRow("AMD-V off") << QStringLiteral("VBoxManage: error: AMD-V is disabled in the BIOS (or by the host OS) "
                                                 "(VERR_SVM_DISABLED)\n")
                               << QByteArray() << QStringLiteral("firmware") << QStringLiteral("SVM");
    QTest::newRow("KVM holds VT-x") << QStringLiteral(
        "VBoxManage: error: VirtualBox can't operate in VMX root mode. Please disable the KVM kernel "
        "extension, recompile your kernel and reboot (VERR_VMX_IN_VMX_ROOT_MODE)\n")
                                    << QByteArray() << QStringLiteral("KVM") << QStringLiteral("modprobe -r kvm_intel");
    QTest::newRow("Hyper-V") << QStringLiteral("VBoxManage: error: Call to WHvSetupPartition failed: "
                                               "ERROR_SUCCESS (Last=0xc000000d/87) (VERR_NEM_VM_CREATE_FAILED)\n")
                             << QByteArray() << QStringLiteral("Hyper-V") << QStringLiteral("hyperv");
    QTest::newRow("no kernel driver")
        << QStringLiteral("VBoxManage: error: The virtual machine 'box' has terminated unexpectedly during startup "
                          "with exit code 1 (0x1)\nVBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005)\n")
        << QByteArray("00:00:00.012345 SUP: SUPR3InitEx failed: VERR_VM_DRIVER_NOT_INSTALLED (-1908)\n")
        << QStringLiteral("vboxdrv") << QStringLiteral("/sbin/vboxconfig");
    QTest::newRow("something else") << QStringLiteral("VBoxManage: error: Could not open the medium\n") << QByteArray()
                                    << QString() << QString();
}

void TestVirtualBox::startFailures()
{
    QFETCH(QString, vboxManageError);
    QFETCH(QByteArray, log);
    QFETCH(QString, reasonPart);
    QFETCH(QString, remedyPart);
    const StartFailure failure = explainStartFailure(vboxManageError, log);
    if (reasonPart.isEmpty()) {
        QVERIFY2(failure.reason.isEmpty() && failure.remedy.isEmpty(), qPrintable(failure.reason));
        return;
    }
    QVERIFY2(failure.reason.contains(reasonPart), qPrintable(failure.reason));
    QVERIFY2(failure.remedy.contains(remedyPart), qPrintable(failure.remedy));
}

// --- Host-only network ---

void TestVirtualBox::cidrs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("parsed");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("Berth's default") << QStringLiteral("192.168.59.1/24") << QStringLiteral("192.168.59.1/24")
                                     << QString();
    QTest::newRow("docker-machine's default")
        << QStringLiteral("192.168.99.1/24") << QStringLiteral("192.168.99.1/24") << QString();
    QTest::newRow("a /21") << QStringLiteral("192.168.56.1/21") << QStringLiteral("192.168.56.1/21") << QString();
    QTest::newRow("no prefix") << QStringLiteral("192.168.59.1") << QString()
                               << QStringLiteral("prefix length, such as");
    QTest::newRow("IPv6") << QStringLiteral("fd00::1/64") << QString() << QStringLiteral("prefix length, such as");
    QTest::newRow("garbage") << QStringLiteral("192.168.59.1/24; rm -rf /") << QString()
                             << QStringLiteral("prefix length, such as");
    QTest::newRow("network address") << QStringLiteral("192.168.59.0/24") << QString()
                                     << QStringLiteral("give one such as 192.168.59.1/24");
    QTest::newRow("broadcast address") << QStringLiteral("192.168.59.255/24") << QString()
                                       << QStringLiteral("names the network");
    QTest::newRow("too small") << QStringLiteral("192.168.59.1/30") << QString() << QStringLiteral("from 8 to 29");
    QTest::newRow("too large") << QStringLiteral("10.0.0.1/7") << QString() << QStringLiteral("from 8 to 29");
}

void TestVirtualBox::cidrs()
{
    QFETCH(QString, text);
    QFETCH(QString, parsed);
    QFETCH(QString, errorPart);
    Ipv4Cidr cidr;
    QString error;
    QCOMPARE(parseHostOnlyCidr(text, QStringLiteral("--virtualbox-hostonly-cidr"), &cidr, &error), errorPart.isEmpty());
    if (errorPart.isEmpty()) {
        QCOMPARE(cidr.toString(), parsed);
        return;
    }
    QVERIFY2(error.contains(errorPart) && error.startsWith(QLatin1String("--virtualbox-hostonly-cidr \"")),
        qPrintable(error));
}

namespace {
Ipv4Cidr cidrOf(const char *text)
{
    Ipv4Cidr cidr;
    QString error;
    parseHostOnlyCidr(QLatin1String(text), QString(), &cidr, &error);
    return cidr;
}

HostOnlyInterface adapter(const char *name, const char *address, const char *mask = "255.255.255.0")
{
    HostOnlyInterface a;
    a.name = QLatin1String(name);
    a.ipAddress = QLatin1String(address);
    a.networkMask = QLatin1String(mask);
    a.networkName = hostOnlyNetworkName(a.name);
    return a;
}

HostInterface hostInterface(const char *name, const char *cidr, bool up = true, bool loopback = false)
{
    return { QLatin1String(name), up, loopback, { cidrOf(cidr) } };
}
} // namespace

void TestVirtualBox::adapterReusedCreatedOrRepaired()
{
    const Ipv4Cidr cidr = cidrOf("192.168.59.1/24");
    const QList<HostInterface> host { hostInterface("lo", "127.0.0.1/8", true, true),
        hostInterface("eth0", "10.1.2.3/16"), hostInterface("vboxnet1", "192.168.59.1/24") };
    AdapterChoice choice;
    QString error;

    // The adapter with this address and mask, whatever the VM had.
    QVERIFY2(chooseAdapter(
                 cidr, QString(), parseHostOnlyInterfaces(fixture("hostonlyifs-linux-7.0.txt")), host, &choice, &error),
        qPrintable(error));
    QCOMPARE(choice.action, AdapterChoice::Action::Reuse);
    QCOMPARE(choice.name, QStringLiteral("vboxnet1"));
    QCOMPARE(choice.networkName, QStringLiteral("HostInterfaceNetworking-vboxnet1"));

    // Windows: the one it reports with 15.0.0.0 just after making it; another that lost its address is left.
    const QList<HostOnlyInterface> windows = parseHostOnlyInterfaces(fixture("hostonlyifs-windows-5.2.txt"));
    QVERIFY2(chooseAdapter(cidr, QString(), windows, {}, &choice, &error), qPrintable(error));
    QCOMPARE(choice.action, AdapterChoice::Action::Reuse);
    QCOMPARE(choice.name, QStringLiteral("VirtualBox Host-Only Ethernet Adapter #3"));

    // The VM's own adapter lost its address (169.254.x.x): given it again.
    const QList<HostOnlyInterface> lost { windows.at(0), windows.at(1) };
    QVERIFY2(chooseAdapter(cidrOf("192.168.99.1/24"), QStringLiteral("VirtualBox Host-Only Ethernet Adapter #2"), lost,
                 {}, &choice, &error),
        qPrintable(error));
    QCOMPARE(choice.action, AdapterChoice::Action::Repair);
    QCOMPARE(choice.name, QStringLiteral("VirtualBox Host-Only Ethernet Adapter #2"));
    // Not another VM's.
    QVERIFY(chooseAdapter(
        cidrOf("192.168.99.1/24"), QStringLiteral("VirtualBox Host-Only Ethernet Adapter"), lost, {}, &choice, &error));
    QCOMPARE(choice.action, AdapterChoice::Action::Create);
    for (const char *address : { "", "0.0.0.0" }) {
        QVERIFY(chooseAdapter(cidr, QStringLiteral("vboxnet4"), { adapter("vboxnet4", address) }, {}, &choice, &error));
        QCOMPARE(choice.action, AdapterChoice::Action::Repair);
    }

    // None: a new one.
    QVERIFY2(chooseAdapter(cidr, QString(), {}, host.mid(0, 2), &choice, &error), qPrintable(error));
    QCOMPARE(choice.action, AdapterChoice::Action::Create);
    QVERIFY(choice.name.isEmpty());
}

void TestVirtualBox::adapterCollisions()
{
    const Ipv4Cidr cidr = cidrOf("192.168.59.1/24");
    AdapterChoice choice;
    QString error;
    // A network of this computer's own there.
    QVERIFY(!chooseAdapter(cidr, QString(), {}, { hostInterface("wlan0", "192.168.59.23/24") }, &choice, &error));
    QVERIFY2(error.contains(QLatin1String("\"wlan0\" (192.168.59.23/24)")), qPrintable(error));
    QVERIFY2(error.contains(optionName(QStringLiteral("virtualbox-hostonly-cidr"))), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("192.168.60.1/24")), qPrintable(error));
    // A larger one that holds it (a VPN's 192.168.0.0/16).
    QVERIFY(!chooseAdapter(cidr, QString(), {}, { hostInterface("tun0", "192.168.7.1/16") }, &choice, &error));
    // One that is down, the loopback, and the adapters themselves do not count.
    QVERIFY2(chooseAdapter(cidr, QString(), { adapter("vboxnet1", "192.168.59.1") },
                 { hostInterface("eth1", "192.168.59.9/24", false), hostInterface("lo", "127.0.0.1/8", true, true),
                     hostInterface("vboxnet1", "192.168.59.1/24") },
                 &choice, &error),
        qPrintable(error));
    // Another host-only adapter in the same network.
    QVERIFY(!chooseAdapter(cidr, QString(), { adapter("vboxnet3", "192.168.59.7") }, {}, &choice, &error));
    QVERIFY2(error.contains(QLatin1String("\"vboxnet3\" already has 192.168.59.7/24")), qPrintable(error));
    // Another network next to it is no collision.
    QVERIFY(chooseAdapter(cidr, QString(), { adapter("vboxnet0", "192.168.56.1") },
        { hostInterface("eth0", "192.168.60.5/24") }, &choice, &error));
}

void TestVirtualBox::dhcpServerWanted_data()
{
    QTest::addColumn<QString>("cidr");
    QTest::addColumn<QStringList>("server"); // ip, mask, lower, upper
    QTest::newRow("/24 as VirtualBox's own")
        << QStringLiteral("192.168.59.1/24")
        << QStringList { QStringLiteral("192.168.59.100"), QStringLiteral("255.255.255.0"),
               QStringLiteral("192.168.59.101"), QStringLiteral("192.168.59.254") };
    QTest::newRow("/21") << QStringLiteral("192.168.59.1/21")
                         << QStringList { QStringLiteral("192.168.56.100"), QStringLiteral("255.255.248.0"),
                                QStringLiteral("192.168.56.101"), QStringLiteral("192.168.56.254") };
    QTest::newRow("/24, host in the leases")
        << QStringLiteral("192.168.59.150/24")
        << QStringList { QStringLiteral("192.168.59.1"), QStringLiteral("255.255.255.0"),
               QStringLiteral("192.168.59.2"), QStringLiteral("192.168.59.149") };
    QTest::newRow("/28, host first") << QStringLiteral("10.9.8.1/28")
                                     << QStringList { QStringLiteral("10.9.8.2"), QStringLiteral("255.255.255.240"),
                                            QStringLiteral("10.9.8.3"), QStringLiteral("10.9.8.14") };
    QTest::newRow("/28, host last") << QStringLiteral("10.9.8.14/28")
                                    << QStringList { QStringLiteral("10.9.8.1"), QStringLiteral("255.255.255.240"),
                                           QStringLiteral("10.9.8.2"), QStringLiteral("10.9.8.13") };
    QTest::newRow("/29, host in the middle")
        << QStringLiteral("10.9.8.3/29")
        << QStringList { QStringLiteral("10.9.8.1"), QStringLiteral("255.255.255.248"), QStringLiteral("10.9.8.4"),
               QStringLiteral("10.9.8.6") };
}

void TestVirtualBox::dhcpServerWanted()
{
    QFETCH(QString, cidr);
    QFETCH(QStringList, server);
    Ipv4Cidr parsed;
    QString error;
    QVERIFY2(parseHostOnlyCidr(cidr, QString(), &parsed, &error), qPrintable(error));
    const DhcpServer wanted = wantedDhcpServer(parsed, QStringLiteral("HostInterfaceNetworking-vboxnet1"), true);
    QCOMPARE((QStringList { wanted.ipAddress, wanted.networkMask, wanted.lowerIp, wanted.upperIp }), server);
    QCOMPARE(wanted.networkName, QStringLiteral("HostInterfaceNetworking-vboxnet1"));
    QVERIFY(wanted.enabled);
}

void TestVirtualBox::dhcpPlan()
{
    const QList<HostOnlyInterface> adapters = parseHostOnlyInterfaces(fixture("hostonlyifs-linux-7.0.txt"));
    const DhcpServer wanted
        = wantedDhcpServer(cidrOf("192.168.59.1/24"), QStringLiteral("HostInterfaceNetworking-vboxnet1"), true);
    // 7.0's list has vboxnet1's server, disabled: changed. vboxnet0's has its adapter: kept.
    DhcpPlan plan = planDhcp(wanted, parseDhcpServers(fixture("dhcpservers-7.0.txt")), adapters);
    QCOMPARE(plan.action, DhcpPlan::Action::Modify);
    QVERIFY(plan.orphans.isEmpty());
    QCOMPARE(plan.server, wanted);
    // As wanted: nothing to do.
    QList<DhcpServer> servers = parseDhcpServers(fixture("dhcpservers-7.0.txt"));
    servers[1] = wanted;
    QCOMPARE(planDhcp(wanted, servers, adapters).action, DhcpPlan::Action::None);
    // 5.2's list: vboxnet3's server outlived its adapter (docker-machine left them); a NAT network's is not a
    // host-only one.
    plan = planDhcp(wanted, parseDhcpServers(fixture("dhcpservers-5.2.txt")), adapters);
    QCOMPARE(plan.action, DhcpPlan::Action::Add);
    QCOMPARE(plan.orphans, QStringList { QStringLiteral("HostInterfaceNetworking-vboxnet3") });
    // Without adapters every host-only server is an orphan but the wanted one.
    plan = planDhcp(wanted, parseDhcpServers(fixture("dhcpservers-7.0.txt")), {});
    QCOMPARE(plan.orphans, QStringList { QStringLiteral("HostInterfaceNetworking-vboxnet0") });
}

void TestVirtualBox::allowedRanges()
{
    const QList<Ipv4Cidr> standard = allowedHostOnlyRanges(QByteArray(), false);
    QCOMPARE(standard.size(), 1);
    const Ipv4Cidr range { standard.first().network(), standard.first().prefix };
    QCOMPARE(range.toString(), QStringLiteral("192.168.56.0/21"));
    QVERIFY(rangeAllowed(cidrOf("192.168.59.1/24"), standard));
    QVERIFY(rangeAllowed(cidrOf("192.168.63.1/24"), standard));
    QVERIFY(!rangeAllowed(cidrOf("192.168.99.1/24"), standard));
    QVERIFY(!rangeAllowed(cidrOf("192.168.56.1/20"), standard));

    const QList<Ipv4Cidr> configured = allowedHostOnlyRanges(
        "# /etc/vbox/networks.conf\n* 10.0.0.0/8 192.168.0.0/16\n* 2001::/64 # IPv6 is not Berth's\n\n", true);
    QCOMPARE(configured.size(), 2);
    QVERIFY(rangeAllowed(cidrOf("192.168.99.1/24"), configured));
    QVERIFY(rangeAllowed(cidrOf("10.20.30.1/24"), configured));
    QVERIFY(!rangeAllowed(cidrOf("172.16.0.1/24"), configured));
    // A file without ranges allows none.
    QVERIFY(allowedHostOnlyRanges("# nothing\n", true).isEmpty());
}

// --- Command lines ---

void TestVirtualBox::commandLines()
{
    const auto line = [](const QStringList &args) { return args.join(QLatin1Char(' ')); };
    QCOMPARE(line(args::createVm(QStringLiteral("box"), QStringLiteral("/s/machines/box"))),
        QStringLiteral("createvm --name box --basefolder /s/machines/box --ostype Linux26_64 --register"));
    VmHardware hardware;
    hardware.name = QStringLiteral("box");
    hardware.cpus = 2;
    hardware.memoryMb = 2048;
    hardware.natNicType = QStringLiteral("virtio");
    hardware.serialLogPath = QStringLiteral("/s/machines/box/serial.log");
    QCOMPARE(line(args::configureVm(hardware)),
        QStringLiteral(
            "modifyvm box --firmware bios --bioslogofadein off --bioslogofadeout off --bioslogodisplaytime 0 "
            "--biosbootmenu disabled --cpus 2 --memory 2048 --acpi on --ioapic on --rtcuseutc on --pae on "
            "--hpet on --hwvirtex on --nestedpaging on --largepages on --vtxvpid on --cpuhotplug off "
            "--accelerate3d off --paravirtprovider kvm --boot1 dvd --boot2 disk --boot3 none --boot4 none "
            "--nic1 nat --nictype1 virtio --cableconnected1 on --natdnsproxy1 on --natdnshostresolver1 off "
            "--uart1 0x3F8 4 --uartmode1 file /s/machines/box/serial.log"));
    QCOMPARE(line(args::addStorageController(QStringLiteral("box"))),
        QStringLiteral("storagectl box --name SATA --add sata --controller IntelAhci --portcount 4 --hostiocache on "
                       "--bootable on"));
    QCOMPARE(line(args::attach(
                 QStringLiteral("box"), bootIsoPort, QStringLiteral("dvddrive"), QStringLiteral("/c/boot.iso"))),
        QStringLiteral("storageattach box --storagectl SATA --port 0 --device 0 --type dvddrive --medium /c/boot.iso"));
    QCOMPARE(line(args::detach(QStringLiteral("box"), systemDiskPort)),
        QStringLiteral("storageattach box --storagectl SATA --port 1 --device 0 --medium none"));
    QCOMPARE(line(args::cloneDisk(QStringLiteral("/c/system.vdi"), QStringLiteral("/m/system-1.vdi"))),
        QStringLiteral("clonemedium disk /c/system.vdi /m/system-1.vdi --format VDI"));
    QCOMPARE(line(args::createDisk(QStringLiteral("/m/data.vdi"), 20000)),
        QStringLiteral("createmedium disk --filename /m/data.vdi --size 20000 --format VDI"));
    QCOMPARE(line(args::closeDisk(QStringLiteral("/m/system-0.vdi"), true)),
        QStringLiteral("closemedium disk /m/system-0.vdi --delete"));
    QCOMPARE(line(args::addSharedFolder(QStringLiteral("box"), QStringLiteral("/home/alice"))),
        QStringLiteral("sharedfolder add box --name berth-home --hostpath /home/alice"));
    QCOMPARE(line(args::allowSharedFolderSymlinks(QStringLiteral("box"))),
        QStringLiteral("setextradata box VBoxInternal2/SharedFoldersEnableSymlinksCreate/berth-home 1"));
    QCOMPARE(line(args::createHostOnlyInterface()), QStringLiteral("hostonlyif create"));
    QCOMPARE(line(args::configureHostOnlyInterface(QStringLiteral("vboxnet1"), cidrOf("192.168.59.1/24"))),
        QStringLiteral("hostonlyif ipconfig vboxnet1 --ip 192.168.59.1 --netmask 255.255.255.0"));
    const DhcpServer server
        = wantedDhcpServer(cidrOf("192.168.59.1/24"), QStringLiteral("HostInterfaceNetworking-vboxnet1"), true);
    QCOMPARE(line(args::dhcpServer(true, server)),
        QStringLiteral("dhcpserver add --netname HostInterfaceNetworking-vboxnet1 --ip 192.168.59.100 --netmask "
                       "255.255.255.0 --lowerip 192.168.59.101 --upperip 192.168.59.254 --enable"));
    QCOMPARE(args::dhcpServer(false, server).at(1), QStringLiteral("modify"));
    QCOMPARE(line(args::removeDhcpServer(QStringLiteral("HostInterfaceNetworking-vboxnet3"))),
        QStringLiteral("dhcpserver remove --netname HostInterfaceNetworking-vboxnet3"));
    // Every call is an argv list: an adapter's name with blanks is one argument.
    const QStringList nic = args::attachHostOnlyNic(QStringLiteral("box"),
        QStringLiteral("VirtualBox Host-Only Ethernet Adapter #2"), QStringLiteral("82540EM"), QStringLiteral("deny"));
    QCOMPARE(nic,
        (QStringList { QStringLiteral("modifyvm"), QStringLiteral("box"), QStringLiteral("--nic2"),
            QStringLiteral("hostonly"), QStringLiteral("--nictype2"), QStringLiteral("82540EM"),
            QStringLiteral("--nicpromisc2"), QStringLiteral("deny"), QStringLiteral("--hostonlyadapter2"),
            QStringLiteral("VirtualBox Host-Only Ethernet Adapter #2"), QStringLiteral("--cableconnected2"),
            QStringLiteral("on") }));
    QCOMPARE(line(args::addPortForward(QStringLiteral("box"), QStringLiteral("ssh"), 41853, 22)),
        QStringLiteral("modifyvm box --natpf1 ssh,tcp,127.0.0.1,41853,,22"));
    QCOMPARE(line(args::removePortForward(QStringLiteral("box"), QStringLiteral("ssh"))),
        QStringLiteral("modifyvm box --natpf1 delete ssh"));
    QCOMPARE(line(args::startVm(QStringLiteral("box"), QStringLiteral("headless"))),
        QStringLiteral("startvm box --type headless"));
    QCOMPARE(line(args::controlVm(QStringLiteral("box"), QStringLiteral("acpipowerbutton"))),
        QStringLiteral("controlvm box acpipowerbutton"));
    QCOMPARE(line(args::discardState(QStringLiteral("box"))), QStringLiteral("discardstate box"));
    QCOMPARE(line(args::unregisterVm(QStringLiteral("box"))), QStringLiteral("unregistervm box --delete"));
    QCOMPARE(line(args::showVmInfo(QStringLiteral("box"))), QStringLiteral("showvminfo box --machinereadable"));
    QCOMPARE(line(args::listHostOnlyInterfaces()), QStringLiteral("list hostonlyifs"));
    QCOMPARE(line(args::listDhcpServers()), QStringLiteral("list dhcpservers"));
    QCOMPARE(line(args::listVms()), QStringLiteral("list vms"));
    QCOMPARE(line(args::version()), QStringLiteral("--version"));
}

// --- Flags and config.json ---

void TestVirtualBox::flagsAsDockerMachine()
{
    const DriverInfo *info = DriverRegistry::find(QStringLiteral("virtualbox"));
    QVERIFY(info);
    QMap<QString, DriverFlag> flags;
    for (const DriverFlag &flag : info->flags)
        flags.insert(flag.name, flag);
    // docker-machine 0.16's flags and variables, every one of them.
    const QList<QPair<const char *, const char *>> dockerMachine {
        { "virtualbox-memory", "VIRTUALBOX_MEMORY_SIZE" },
        { "virtualbox-cpu-count", "VIRTUALBOX_CPU_COUNT" },
        { "virtualbox-disk-size", "VIRTUALBOX_DISK_SIZE" },
        { "virtualbox-boot2docker-url", "VIRTUALBOX_BOOT2DOCKER_URL" },
        { "virtualbox-import-boot2docker-vm", "VIRTUALBOX_BOOT2DOCKER_IMPORT_VM" },
        { "virtualbox-host-dns-resolver", "VIRTUALBOX_HOST_DNS_RESOLVER" },
        { "virtualbox-nat-nictype", "VIRTUALBOX_NAT_NICTYPE" },
        { "virtualbox-hostonly-cidr", "VIRTUALBOX_HOSTONLY_CIDR" },
        { "virtualbox-hostonly-nictype", "VIRTUALBOX_HOSTONLY_NIC_TYPE" },
        { "virtualbox-hostonly-nicpromisc", "VIRTUALBOX_HOSTONLY_NIC_PROMISC" },
        { "virtualbox-ui-type", "VIRTUALBOX_UI_TYPE" },
        { "virtualbox-hostonly-no-dhcp", "VIRTUALBOX_HOSTONLY_NO_DHCP" },
        { "virtualbox-no-share", "VIRTUALBOX_NO_SHARE" },
        { "virtualbox-no-dns-proxy", "VIRTUALBOX_NO_DNS_PROXY" },
        { "virtualbox-no-vtx-check", "VIRTUALBOX_NO_VTX_CHECK" },
        { "virtualbox-share-folder", "VIRTUALBOX_SHARE_FOLDER" },
    };
    for (const auto &[name, variable] : dockerMachine) {
        QVERIFY2(flags.contains(QLatin1String(name)), name);
        QCOMPARE(flags.value(QLatin1String(name)).envVar, QLatin1String(variable));
    }
    QCOMPARE(flags.value(QStringLiteral("virtualbox-memory")).defaultValue, QStringLiteral("1024"));
    QCOMPARE(flags.value(QStringLiteral("virtualbox-disk-size")).defaultValue, QStringLiteral("20000"));
    QCOMPARE(flags.value(QStringLiteral("virtualbox-ui-type")).defaultValue, QStringLiteral("headless"));
    QCOMPARE(flags.value(QStringLiteral("virtualbox-hostonly-nictype")).defaultValue, QStringLiteral("82540EM"));
    // In the range VirtualBox 6.1.28 allows on Linux and macOS, not docker-machine's 192.168.99.1/24.
    QCOMPARE(flags.value(QStringLiteral("virtualbox-hostonly-cidr")).defaultValue, QStringLiteral("192.168.59.1/24"));
    // The wizard's limits are the QEMU driver's: the same image.
    const DriverFlag cpus = flags.value(QStringLiteral("virtualbox-cpu-count"));
    QCOMPARE(cpus.minimum, 1);
    QCOMPARE(cpus.maximum, HostInfo::logicalCpuCount());
    QCOMPARE(cpus.extraValues, QList<int> { -1 });
    QCOMPARE(flags.value(QStringLiteral("virtualbox-memory")).minimum, 512);
    for (const char *berth :
        { "virtualbox-image", "virtualbox-boot-timeout", "virtualbox-command-timeout", "virtualbox-stop-timeout" })
        QVERIFY2(flags.contains(QLatin1String(berth)), berth);
}

void TestVirtualBox::flagValues_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("errorPart"); // empty: taken
    QTest::newRow("cpus -1: all") << QStringLiteral("virtualbox-cpu-count") << QStringLiteral("-1") << QString();
    QTest::newRow("cpus 0") << QStringLiteral("virtualbox-cpu-count") << QStringLiteral("0")
                            << QStringLiteral("from 1 to");
    QTest::newRow("nic type virtio") << QStringLiteral("virtualbox-nat-nictype") << QStringLiteral("virtio")
                                     << QString();
    QTest::newRow("nic type unknown") << QStringLiteral("virtualbox-hostonly-nictype") << QStringLiteral("e1000")
                                      << QStringLiteral("is none of 82540EM");
    QTest::newRow("ui gui") << QStringLiteral("virtualbox-ui-type") << QStringLiteral("gui") << QString();
    QTest::newRow("ui unknown") << QStringLiteral("virtualbox-ui-type") << QStringLiteral("vnc")
                                << QStringLiteral("headless, gui, sdl, separate");
    QTest::newRow("cidr") << QStringLiteral("virtualbox-hostonly-cidr") << QStringLiteral("192.168.57.1/24")
                          << QString();
    QTest::newRow("cidr of a network") << QStringLiteral("virtualbox-hostonly-cidr")
                                       << QStringLiteral("192.168.57.0/24") << QStringLiteral("names the network");
    QTest::newRow("command timeout 2") << QStringLiteral("virtualbox-command-timeout") << QStringLiteral("2")
                                       << QStringLiteral("from 5 to 3600");
    QTest::newRow("share DIR:NAME") << QStringLiteral("virtualbox-share-folder") << QStringLiteral("/srv:src")
                                    << QString();
    QTest::newRow("share with a bad NAME") << QStringLiteral("virtualbox-share-folder") << QStringLiteral("/srv:s r c")
                                           << QStringLiteral("after the colon");
    QTest::newRow("share with a line break") << QStringLiteral("virtualbox-share-folder") << QStringLiteral("/srv/a\nb")
                                             << QStringLiteral("control character");
}

void TestVirtualBox::flagValues()
{
    QFETCH(QString, flag);
    QFETCH(QString, value);
    QFETCH(QString, errorPart);
    VirtualBoxDriver made(QStringLiteral("box"), m_store);
    QString error;
    QCOMPARE(made.setConfigFromFlags({ { flag, { value } } }, &error), errorPart.isEmpty());
    if (!errorPart.isEmpty()) {
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        QVERIFY2(error.contains(optionName(flag)), qPrintable(error));
        return;
    }
    const QJsonObject json = made.toJson({});
    if (flag == QLatin1String("virtualbox-cpu-count"))
        QCOMPARE(json.value(QLatin1String("CPU")).toInt(), HostInfo::logicalCpuCount());
    if (flag == QLatin1String("virtualbox-hostonly-cidr"))
        QCOMPARE(json.value(QLatin1String("HostOnlyCIDR")).toString(), value);
    if (flag == QLatin1String("virtualbox-share-folder"))
        QCOMPARE(json.value(QLatin1String("ShareFolder")).toString(), value);
}

void TestVirtualBox::refusedFlags_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("taken");
    QTest::newRow("boot2docker URL") << QStringLiteral("virtualbox-boot2docker-url")
                                     << QStringLiteral("https://example.com/b2d.iso") << false;
    QTest::newRow("import a boot2docker VM")
        << QStringLiteral("virtualbox-import-boot2docker-vm") << QStringLiteral("boot2docker-vm") << false;
    QTest::newRow("host DNS resolver") << QStringLiteral("virtualbox-host-dns-resolver") << QStringLiteral("true")
                                       << false;
    QTest::newRow("host DNS resolver false")
        << QStringLiteral("virtualbox-host-dns-resolver") << QStringLiteral("false") << true;
    QTest::newRow("promiscuous allow-all")
        << QStringLiteral("virtualbox-hostonly-nicpromisc") << QStringLiteral("allow-all") << false;
    QTest::newRow("promiscuous deny") << QStringLiteral("virtualbox-hostonly-nicpromisc") << QStringLiteral("deny")
                                      << true;
    QTest::newRow("no DHCP") << QStringLiteral("virtualbox-hostonly-no-dhcp") << QStringLiteral("true") << false;
    QTest::newRow("no DNS proxy") << QStringLiteral("virtualbox-no-dns-proxy") << QStringLiteral("true") << false;
    QTest::newRow("no DNS proxy 0") << QStringLiteral("virtualbox-no-dns-proxy") << QStringLiteral("0") << true;
}

void TestVirtualBox::refusedFlags()
{
    QFETCH(QString, flag);
    QFETCH(QString, value);
    QFETCH(bool, taken);
    VirtualBoxDriver made(QStringLiteral("box"), m_store);
    QString error;
    QCOMPARE(made.setConfigFromFlags({ { flag, { value } } }, &error), taken);
    if (!taken) {
        QVERIFY2(error.startsWith(optionName(flag) + QStringLiteral(" is docker-machine's: ")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Leave it out")), qPrintable(error));
    }
    // The same from docker-machine's environment variable.
    const DriverInfo *info = DriverRegistry::find(QStringLiteral("virtualbox"));
    for (const DriverFlag &declared : info->flags) {
        if (declared.name != flag)
            continue;
        m_env->set(declared.envVar.toLatin1().constData(), value.toUtf8());
        VirtualBoxDriver fromEnvironment(QStringLiteral("box"), m_store);
        QCOMPARE(fromEnvironment.setConfigFromFlags({}, &error), taken);
    }
}

void TestVirtualBox::guestPaths_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("guest");
    QTest::newRow("Linux home") << QStringLiteral("/home/alice") << QStringLiteral("/home/alice");
    QTest::newRow("macOS home") << QStringLiteral("/Users/alice") << QStringLiteral("/Users/alice");
    QTest::newRow("Windows home") << QStringLiteral("C:/Users/alice") << QStringLiteral("/c/Users/alice");
    QTest::newRow("Windows, backslashes") << QStringLiteral("C:\\Users\\alice\\") << QStringLiteral("/c/Users/alice");
    QTest::newRow("Windows drive") << QStringLiteral("D:\\") << QStringLiteral("/d");
}

void TestVirtualBox::guestPaths()
{
    QFETCH(QString, host);
    QFETCH(QString, guest);
    QCOMPARE(SharedFolder::guestPathFor(host), guest);
}

void TestVirtualBox::jsonRoundTrip()
{
    auto made = driver({ { QStringLiteral("virtualbox-memory"), { QStringLiteral("2048") } },
        { QStringLiteral("virtualbox-hostonly-cidr"), { QStringLiteral("192.168.58.1/24") } },
        { QStringLiteral("virtualbox-ui-type"), { QStringLiteral("gui") } },
        { QStringLiteral("virtualbox-no-share"), { QStringLiteral("true") } },
        { QStringLiteral("virtualbox-command-timeout"), { QStringLiteral("30") } } });
    const QJsonObject base { { QStringLiteral("SomePluginField"), QJsonArray { 1, 2 } },
        { QStringLiteral("Boot2DockerURL"), QStringLiteral("kept as it was") } };
    const QJsonObject json = made->toJson(base);
    QCOMPARE(json.value(QLatin1String("SomePluginField")), QJsonValue(QJsonArray { 1, 2 }));
    QCOMPARE(json.value(QLatin1String("Boot2DockerURL")).toString(), QStringLiteral("kept as it was"));
    QCOMPARE(json.value(QLatin1String("Memory")).toInt(), 2048);
    QCOMPARE(json.value(QLatin1String("HostOnlyCIDR")).toString(), QStringLiteral("192.168.58.1/24"));
    QCOMPARE(json.value(QLatin1String("UIType")).toString(), QStringLiteral("gui"));
    QCOMPARE(json.value(QLatin1String("NoShare")).toBool(), true);
    QCOMPARE(json.value(QLatin1String("CommandTimeout")).toInt(), 30);
    QCOMPARE(json.value(QLatin1String("SSHUser")).toString(), QStringLiteral("docker"));
    // docker-machine's whole field set is there for docker-machine to read.
    for (const char *key : { "VBoxManager", "HostInterfaces", "CPU", "Memory", "DiskSize", "NatNicType",
             "Boot2DockerURL", "Boot2DockerImportVM", "HostDNSResolver", "HostOnlyCIDR", "HostOnlyNicType",
             "HostOnlyPromiscMode", "UIType", "HostOnlyNoDHCP", "NoShare", "DNSProxy", "NoVTXCheck", "ShareFolder" })
        QVERIFY2(json.contains(QLatin1String(key)), key);
    QCOMPARE(json.value(QLatin1String("DNSProxy")).toBool(), true);
    VirtualBoxDriver read(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY2(read.fromJson(json, &error), qPrintable(error));
    QCOMPARE(read.toJson(json), json);
    QCOMPARE(read.resources().memoryMb, 2048);
}

void TestVirtualBox::jsonOfToolboxMachine()
{
    // A Docker Toolbox machine on Windows: all processors (-1), a promiscuous host-only NIC, a share at /src.
    const QJsonObject json = toolboxJson();
    QVERIFY(!json.isEmpty());
    VirtualBoxDriver toolbox(QStringLiteral("dev"), m_store);
    QString error;
    QVERIFY2(toolbox.fromJson(json, &error), qPrintable(error));
    QVERIFY(toolbox.isToolboxMachine());
    QCOMPARE(toolbox.resources().cpus, 0);
    QCOMPARE(toolbox.resources().memoryMb, 4096);
    QCOMPARE(toolbox.ip(&error), QStringLiteral("192.168.99.101"));
    QCOMPARE(toolbox.url(&error), QStringLiteral("tcp://192.168.99.101:2376"));
    QCOMPARE(toolbox.sshPort(), 52104);
    const QJsonObject written = toolbox.toJson(json);
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QJsonValue expected = it.key() == QLatin1String("SSHKeyPath") || it.key() == QLatin1String("StorePath")
            ? QJsonValue(QDir::toNativeSeparators(QDir::fromNativeSeparators(it.value().toString())))
            : it.value();
        QVERIFY2(written.value(it.key()) == expected, qPrintable(it.key()));
    }
    QCOMPARE(written.value(QLatin1String("ImageVersion")).toString(), QString());
    // Berth does not upgrade boot2docker.
    bool upToDate = true;
    NoProgress progress;
    QVERIFY(!toolbox.upgrade(&progress, &upToDate, &error));
    QVERIFY2(error.contains(QLatin1String("boot2docker")), qPrintable(error));
    // It says how to move to a Berth VM without losing images.
    QVERIFY2(error.contains(QLatin1String("docker save")) && error.contains(QLatin1String("docker load")),
        qPrintable(error));
}

void TestVirtualBox::jsonRefusesBadFields_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("NatNicType") << QStringLiteral("NatNicType") << QJsonValue(QStringLiteral("82540EM --nic3 bridged"));
    QTest::newRow("HostOnlyNicType") << QStringLiteral("HostOnlyNicType") << QJsonValue(QStringLiteral("e1000"));
    QTest::newRow("HostOnlyCIDR") << QStringLiteral("HostOnlyCIDR") << QJsonValue(QStringLiteral("192.168.99.0/24"));
    QTest::newRow("HostOnlyPromiscMode") << QStringLiteral("HostOnlyPromiscMode") << QJsonValue(QStringLiteral("all"));
    QTest::newRow("UIType") << QStringLiteral("UIType") << QJsonValue(QStringLiteral("headless\n"));
    QTest::newRow("NoShare") << QStringLiteral("NoShare") << QJsonValue(QStringLiteral("yes"));
    QTest::newRow("CPU") << QStringLiteral("CPU") << QJsonValue(-2);
    QTest::newRow("CommandTimeout") << QStringLiteral("CommandTimeout") << QJsonValue(0);
    QTest::newRow("ImageVersion") << QStringLiteral("ImageVersion") << QJsonValue(QStringLiteral("../x"));
    QTest::newRow("ImageDir") << QStringLiteral("ImageDir") << QJsonValue(QStringLiteral("relative/dir"));
}

void TestVirtualBox::jsonRefusesBadFields()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QJsonObject json = toolboxJson();
    json.insert(QLatin1String("MachineName"), QStringLiteral("box"));
    json.insert(key, value);
    VirtualBoxDriver read(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(!read.fromJson(json, &error));
    QVERIFY2(error.contains(QStringLiteral("Driver.") + key), qPrintable(error));
}

// --- VBoxManage found and run ---

void TestVirtualBox::locatedFromEnvironment()
{
    const QString fake = QDir(m_bin).filePath(exe(QStringLiteral("VBoxManage")));
    const QString empty = m_dir.filePath(QStringLiteral("empty"));
    QDir().mkpath(empty);
    m_env->set("PATH", QDir::toNativeSeparators(empty).toUtf8());
    if (!VBoxManage::locate().isEmpty())
        QSKIP("VirtualBox is installed here: its own folders come before the PATH");
    QVERIFY(!VBoxManage(VBoxManage::locate()).found());
    QVERIFY2(VBoxManage::notFoundMessage().contains(QLatin1String("VBOX_INSTALL_PATH")),
        qPrintable(VBoxManage::notFoundMessage()));

    // The installer's variable; a list of folders, the first without VBoxManage.
    m_env->set("VBOX_INSTALL_PATH",
        (QDir::toNativeSeparators(empty) + QDir::listSeparator() + QDir::toNativeSeparators(m_bin)).toUtf8());
    QCOMPARE(QFileInfo(VBoxManage::locate()).canonicalFilePath(), QFileInfo(fake).canonicalFilePath());
    // The MSI's comes first.
    const QString other = m_dir.filePath(QStringLiteral("msi"));
    QDir().mkpath(other);
    QVERIFY(QFile::copy(fake, other + QLatin1Char('/') + exe(QStringLiteral("VBoxManage"))));
    m_env->set("VBOX_MSI_INSTALL_PATH", QDir::toNativeSeparators(other).toUtf8());
    QCOMPARE(QFileInfo(VBoxManage::locate()).absolutePath(), QFileInfo(other).absoluteFilePath());
    // Then the PATH.
    m_env->unset("VBOX_MSI_INSTALL_PATH");
    m_env->unset("VBOX_INSTALL_PATH");
    m_env->set("PATH", QDir::toNativeSeparators(m_bin).toUtf8());
    QCOMPARE(QFileInfo(VBoxManage::locate()).canonicalFilePath(), QFileInfo(fake).canonicalFilePath());
}

void TestVirtualBox::installFoldersOfThisSystem()
{
    const QStringList folders = installFolders();
#if defined(Q_OS_WIN)
    QVERIFY2(folders.contains(QStringLiteral("C:/Program Files/Oracle/VirtualBox")), qPrintable(folders.join(u';')));
    QVERIFY(!hostOnlyRangesLimited());
    // Wine has no Hyper-V.
    QVERIFY(!hyperVRunning());
#elif defined(Q_OS_MACOS)
    QVERIFY(folders.contains(QStringLiteral("/Applications/VirtualBox.app/Contents/MacOS")));
    QVERIFY(hostOnlyRangesLimited());
#else
    QVERIFY(folders.contains(QStringLiteral("/usr/lib/virtualbox")));
    QVERIFY(folders.contains(QStringLiteral("/usr/bin")));
    QVERIFY(hostOnlyRangesLimited());
    QVERIFY(!hyperVRunning());
    QVERIFY(registryInstallDir().isEmpty());
#endif
}

#ifdef Q_OS_WIN
void TestVirtualBox::locatedFromRegistry()
{
    // What VirtualBox's installer writes: HKLM\SOFTWARE\Oracle\VirtualBox, InstallDir, with a trailing backslash.
    const QString installed = m_dir.filePath(QStringLiteral("Oracle VirtualBox"));
    QDir().mkpath(installed);
    QVERIFY(QFile::copy(QDir(m_bin).filePath(exe(QStringLiteral("VBoxManage"))),
        installed + QLatin1Char('/') + exe(QStringLiteral("VBoxManage"))));
    QSettings key(QStringLiteral("HKEY_LOCAL_MACHINE\\SOFTWARE\\Oracle\\VirtualBox"), QSettings::Registry64Format);
    key.setValue(QStringLiteral("InstallDir"), QString(QDir::toNativeSeparators(installed) + QLatin1Char('\\')));
    key.sync();
    const auto removeKey = qScopeGuard([&] {
        key.remove(QStringLiteral("InstallDir"));
        key.sync();
    });
    QCOMPARE(QSettings::NoError, key.status());
    QCOMPARE(QDir::cleanPath(registryInstallDir()), QDir::cleanPath(installed));
    QCOMPARE(installFolders().first(), registryInstallDir());
    const QString empty = m_dir.filePath(QStringLiteral("empty"));
    QDir().mkpath(empty);
    m_env->set("PATH", QDir::toNativeSeparators(empty).toUtf8());
    QCOMPARE(QFileInfo(VBoxManage::locate()).absolutePath(), QFileInfo(installed).absoluteFilePath());
}
#endif

void TestVirtualBox::notReadyIsTriedAgain()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/notready"), "2");
    const VBoxManage vbox;
    const Result ok = vbox.run(args::showVmInfo(QStringLiteral("box")));
    QVERIFY2(ok.ok, qPrintable(ok.error));
    QCOMPARE(calls().size(), 3);
    QVERIFY(VmInfo::parse(ok.standardOutput).contains(QStringLiteral("VMState")));
    // Not for ever.
    writeFile(m_fake + QStringLiteral("/notready"), "50");
    const Result failed = vbox.run(args::showVmInfo(QStringLiteral("box")));
    QVERIFY(!failed.ok);
    QCOMPARE(calls().size(), 3 + 5);
    QCOMPARE(failed.error, QStringLiteral("VBoxManage showvminfo failed: The object is not ready"));
}

void TestVirtualBox::hangIsKilled()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/hang"), "");
    const VBoxManage vbox(VBoxManage::locate(), 1);
    QElapsedTimer timer;
    timer.start();
    const Result result = vbox.run(args::listHostOnlyInterfaces());
    QVERIFY(!result.ok);
    QVERIFY(result.timedOut);
    QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(result.error.startsWith(QLatin1String("VBoxManage list hostonlyifs did not finish within 1 s")),
        qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("VBoxSVC")), qPrintable(result.error));
}

void TestVirtualBox::errorWithExitCodeZero()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/error-exit-zero"), "");
    QString error;
    QVERIFY(!VBoxManage().run(args::createHostOnlyInterface(), nullptr, &error));
    QCOMPARE(error, QStringLiteral("VBoxManage hostonlyif create failed: Failed to create the host-only adapter"));
}

void TestVirtualBox::errorText()
{
    const QByteArray notFound = "VBoxManage.exe: error: Could not find a registered machine named 'box'\r\n"
                                "VBoxManage.exe: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), "
                                "component VirtualBoxWrap, interface IVirtualBox, callee IUnknown\r\n"
                                "VBoxManage.exe: error: Context: \"FindMachine(Bstr(VMNameOrUuid).raw(), "
                                "machine.asOutParam())\" at line 2621 of file VBoxManageInfo.cpp\r\n";
    QCOMPARE(VBoxManage::errorText(args::showVmInfo(QStringLiteral("box")), notFound, {}),
        QStringLiteral("VBoxManage showvminfo failed: Could not find a registered machine named 'box'"));
    QCOMPARE(VBoxManage::errorText(args::createDisk(QStringLiteral("/m/data.vdi"), 100), "oops\nlast words\n", {}),
        QStringLiteral("VBoxManage createmedium disk failed: last words"));
    QCOMPARE(VBoxManage::errorText(args::version(), {}, "only on stdout\n"),
        QStringLiteral("VBoxManage failed: only on stdout"));
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "gone");
    const Result result = VBoxManage().run(args::showVmInfo(QStringLiteral("box")));
    QVERIFY(!result.ok);
    QVERIFY(result.machineNotFound);
}

// --- The driver's sequences ---

void TestVirtualBox::preCreateCheck()
{
    const QString image = writeImage(QStringLiteral("test-1"));
    const FlagValues flags { { QStringLiteral("virtualbox-image"), { image } },
        { QStringLiteral("virtualbox-no-vtx-check"), { QStringLiteral("true") } },
        { QStringLiteral("virtualbox-no-share"), { QStringLiteral("true") } } };
    QString error;
    {
        // Without VirtualBox. (The PATH comes back: under Wine the stand-in finds its DLLs there.)
        test::ScopedEnvironment noPath;
        noPath.set("PATH", QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("nothing"))).toUtf8());
        if (VBoxManage::locate().isEmpty()) {
            QVERIFY(!driver(flags)->preCreateCheck(&error));
            QCOMPARE(error, VBoxManage::notFoundMessage());
        }
    }
    useStandIn();
    writeFile(m_fake + QStringLiteral("/hostonlyifs"), fixture("hostonlyifs-linux-7.0.txt"));
    QVERIFY2(driver(flags)->preCreateCheck(&error), qPrintable(error));
    QCOMPARE(calls(),
        (QStringList { QStringLiteral("--version"), QStringLiteral("list|vms"), QStringLiteral("list|hostonlyifs") }));
    // Too old.
    writeFile(m_fake + QStringLiteral("/version"), "5.1.38r122592\n");
    QVERIFY(!driver(flags)->preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("too old")), qPrintable(error));
    writeFile(m_fake + QStringLiteral("/version"), "7.0.14r161095\n");
    // A VirtualBox VM of that name.
    writeFile(m_fake + QStringLiteral("/vms"), "\"box\" {3f2a7c1e-5b9d-4f0e-9a61-2c8d7e4b1f60}\n");
    QVERIFY(!driver(flags)->preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("VirtualBox already has a VM named \"box\"")), qPrintable(error));
    writeFile(m_fake + QStringLiteral("/vms"), "");
    // A host-only network outside what VirtualBox allows on Linux and macOS.
    FlagValues outside = flags;
    outside.insert(QStringLiteral("virtualbox-hostonly-cidr"), { QStringLiteral("192.168.99.1/24") });
    const bool limited = hostOnlyRangesLimited() && !QFile::exists(QStringLiteral("/etc/vbox/networks.conf"));
    QCOMPARE(driver(outside)->preCreateCheck(&error), !limited);
    if (limited)
        QVERIFY2(error.contains(QLatin1String("* 192.168.99.0/24")), qPrintable(error));
    // The image without a VirtualBox disk.
    QFile::remove(image + QStringLiteral("/system.vdi"));
    QVERIFY(!driver(flags)->preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("system.vdi")), qPrintable(error));
    // VT-x, where this computer has none (this CI machine's VM does not pass it on).
    FlagValues checked = flags;
    checked.remove(QStringLiteral("virtualbox-no-vtx-check"));
    if (!HostInfo::virtualization().extensions) {
        QVERIFY(!driver(checked)->preCreateCheck(&error));
        QVERIFY2(error.contains(QLatin1String("VT-x or AMD-V")), qPrintable(error));
        QVERIFY2(error.contains(optionName(QStringLiteral("virtualbox-no-vtx-check"))), qPrintable(error));
    }
}

void TestVirtualBox::createRegistersThenExplainsFailedStart()
{
    useStandIn();
    const QString image = writeImage(QStringLiteral("test-1"));
    const QString share = m_dir.filePath(QStringLiteral("share"));
    QDir().mkpath(share);
    auto made = driver(
        { { QStringLiteral("virtualbox-image"), { image } }, { QStringLiteral("virtualbox-share-folder"), { share } },
            { QStringLiteral("virtualbox-no-vtx-check"), { QStringLiteral("true") } } });
    NoProgress progress;
    QString error;
    QVERIFY2(made->preCreateCheck(&error), qPrintable(error));
    QFile::remove(m_fake + QStringLiteral("/calls.log"));
    QVERIFY2(made->create(&progress, &error), qPrintable(error));
    // create says which VirtualBox it found.
    QCOMPARE(progress.steps.first(),
        QStringLiteral("(box) Using VirtualBox 7.0.14 (%1).")
            .arg(QDir::toNativeSeparators(
                QFileInfo(m_bin + QLatin1Char('/') + exe(QStringLiteral("VBoxManage"))).absoluteFilePath())));
    const QString machine = m_store + QStringLiteral("/machines/box");
    QVERIFY(QFile::exists(machine + QStringLiteral("/id_rsa")));
    QVERIFY(QFile::exists(machine + QStringLiteral("/seed.iso")));
    QVERIFY2(calls().isEmpty(), qPrintable(calls().join(u'\n'))); // VirtualBox is told of the VM only now,
    // by the machine as the store has it (MachineApi::create reads it back before the boot).
    const QJsonObject stored = made->toJson({});
    made = std::make_unique<VirtualBoxDriver>(QStringLiteral("box"), m_store);
    QVERIFY2(made->fromJson(stored, &error), qPrintable(error));
    writeFile(m_fake + QStringLiteral("/dhcpservers"), fixture("dhcpservers-7.0.txt"));
    writeFile(m_fake + QStringLiteral("/startvm.err"),
        "VBoxManage: error: The virtual machine 'box' has terminated unexpectedly during startup with exit code 1 "
        "(0x1).  More details may be available in '"
            + made->vboxLogPath().toUtf8()
            + "'\n"
              "VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component MachineWrap, interface "
              "IMachine\n");
    writeFile(made->vboxLogPath(), fixture("vbox-log-no-vtx.txt"));
    QVERIFY(!made->bootAfterCreate(&progress, &error));
    QVERIFY2(error.startsWith(QLatin1String("VirtualBox could not start the VM: VBoxManage startvm failed: The "
                                            "virtual machine 'box' has terminated unexpectedly")),
        qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("The CPU offers no VT-x or AMD-V")), qPrintable(error));

    const QJsonObject json = made->toJson({});
    const QString ssh = QString::number(json.value(QLatin1String("SSHPort")).toInt());
    const QString docker = QString::number(json.value(QLatin1String("DockerPort")).toInt());
    const QString cache = QDir::toNativeSeparators(m_store + QStringLiteral("/cache/berth-vm/test-1"));
    const QString dir = QDir::toNativeSeparators(machine);
    const QString sep = QDir::toNativeSeparators(QStringLiteral("/"));
    QStringList expected {
        QStringLiteral("createvm|--name|box|--basefolder|%1|--ostype|Linux26_64|--register").arg(dir),
        QStringLiteral(
            "modifyvm|box|--firmware|bios|--bioslogofadein|off|--bioslogofadeout|off|--bioslogodisplaytime|0|"
            "--biosbootmenu|disabled|--cpus|1|--memory|1024|--acpi|on|--ioapic|on|--rtcuseutc|on|--pae|on|"
            "--hpet|on|--hwvirtex|on|--nestedpaging|on|--largepages|on|--vtxvpid|on|--cpuhotplug|off|"
            "--accelerate3d|off|--paravirtprovider|kvm|--boot1|dvd|--boot2|disk|--boot3|none|--boot4|none|"
            "--nic1|nat|--nictype1|82540EM|--cableconnected1|on|--natdnsproxy1|on|--natdnshostresolver1|off|"
            "--uart1|0x3F8|4|--uartmode1|file|%1%2serial.log")
            .arg(dir, sep),
        QStringLiteral("storagectl|box|--name|SATA|--add|sata|--controller|IntelAhci|--portcount|4|--hostiocache|on|"
                       "--bootable|on"),
        QStringLiteral("clonemedium|disk|%1%2system.vdi|%3%2system-test-1.vdi|--format|VDI").arg(cache, sep, dir),
        QStringLiteral("closemedium|disk|%1%2system.vdi").arg(cache, sep),
        QStringLiteral("createmedium|disk|--filename|%1%2data.vdi|--size|20000|--format|VDI").arg(dir, sep),
        QStringLiteral("storageattach|box|--storagectl|SATA|--port|0|--device|0|--type|dvddrive|--medium|%1%2boot.iso")
            .arg(cache, sep),
        QStringLiteral(
            "storageattach|box|--storagectl|SATA|--port|1|--device|0|--type|hdd|--medium|%1%2system-test-1.vdi"
            "|--nonrotational|on|--discard|on")
            .arg(dir, sep),
        QStringLiteral("storageattach|box|--storagectl|SATA|--port|2|--device|0|--type|hdd|--medium|%1%2data.vdi"
                       "|--nonrotational|on|--discard|on")
            .arg(dir, sep),
        QStringLiteral("storageattach|box|--storagectl|SATA|--port|3|--device|0|--type|dvddrive|--medium|%1%2seed.iso")
            .arg(dir, sep),
        QStringLiteral("sharedfolder|add|box|--name|berth-home|--hostpath|%1").arg(QDir::toNativeSeparators(share)),
        QStringLiteral("setextradata|box|VBoxInternal2/SharedFoldersEnableSymlinksCreate/berth-home|1"),
        // start: the network, each time the VM starts from power-off.
        QStringLiteral("showvminfo|box|--machinereadable"),
        QStringLiteral("list|hostonlyifs"),
    };
    if (hostOnlyRangesLimited())
        expected << QStringLiteral("--version");
    expected << QStringLiteral("hostonlyif|create")
             << QStringLiteral("hostonlyif|ipconfig|vboxnet2|--ip|192.168.59.1|--netmask|255.255.255.0")
             << QStringLiteral("list|dhcpservers")
             // The fixture's servers belong to adapters VirtualBox no longer lists.
             << QStringLiteral("dhcpserver|remove|--netname|HostInterfaceNetworking-vboxnet0")
             << QStringLiteral("dhcpserver|remove|--netname|HostInterfaceNetworking-vboxnet1")
             << QStringLiteral("dhcpserver|add|--netname|HostInterfaceNetworking-vboxnet2|--ip|192.168.59.100|"
                               "--netmask|255.255.255.0|--lowerip|192.168.59.101|--upperip|192.168.59.254|--enable")
             << QStringLiteral("modifyvm|box|--nic2|hostonly|--nictype2|82540EM|--nicpromisc2|deny|"
                               "--hostonlyadapter2|vboxnet2|--cableconnected2|on")
             << QStringLiteral("modifyvm|box|--natpf1|delete|ssh")
             << QStringLiteral("modifyvm|box|--natpf1|ssh,tcp,127.0.0.1,%1,,22").arg(ssh)
             << QStringLiteral("modifyvm|box|--natpf1|delete|docker")
             << QStringLiteral("modifyvm|box|--natpf1|docker,tcp,127.0.0.1,%1,,2376").arg(docker)
             << QStringLiteral("startvm|box|--type|headless");
    QCOMPARE(calls(), expected);
    QVERIFY(progress.steps.contains(QStringLiteral("(box) Creating VirtualBox VM...")));
}

void TestVirtualBox::stopPressesPowerButton()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    auto made = driver();
    NoProgress progress;
    QString error;
    QVERIFY2(made->stop(&progress, &error), qPrintable(error));
    QCOMPARE(calls(),
        (QStringList { QStringLiteral("showvminfo|box|--machinereadable"),
            QStringLiteral("controlvm|box|acpipowerbutton"), QStringLiteral("showvminfo|box|--machinereadable") }));
    // A paused VM is resumed first; a saved one loses its saved state.
    writeFile(m_fake + QStringLiteral("/state"), "paused");
    QVERIFY2(made->stop(&progress, &error), qPrintable(error));
    QCOMPARE(calls().mid(3, 2),
        (QStringList { QStringLiteral("showvminfo|box|--machinereadable"), QStringLiteral("controlvm|box|resume") }));
    writeFile(m_fake + QStringLiteral("/state"), "saved");
    QVERIFY2(made->stop(&progress, &error), qPrintable(error));
    QCOMPARE(calls().constLast(), QStringLiteral("discardstate|box"));
}

void TestVirtualBox::stopPowersOffAfterTimeout()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    writeFile(m_fake + QStringLiteral("/ignore-acpi"), "");
    auto made = driver({ { QStringLiteral("virtualbox-stop-timeout"), { QStringLiteral("1") } } });
    NoProgress progress;
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(made->stop(&progress, &error), qPrintable(error));
    QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
    QStringList actions = calls().filter(QStringLiteral("controlvm"));
    QCOMPARE(actions,
        (QStringList { QStringLiteral("controlvm|box|acpipowerbutton"), QStringLiteral("controlvm|box|poweroff") }));
    QVERIFY2(progress.steps.last().contains(QLatin1String("did not power down within 1 s")),
        qPrintable(progress.steps.join(u'\n')));
}

void TestVirtualBox::stopPressesAgainUntilTheGuestHears()
{
    // A guest still booting does not hear its first press: the button is pressed again 5 s later, and the VM is
    // not powered off.
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    writeFile(m_fake + QStringLiteral("/ignore-acpi"), "1");
    auto made = driver();
    NoProgress progress;
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(made->stop(&progress, &error), qPrintable(error));
    QVERIFY2(timer.elapsed() >= 4500 && timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(calls().filter(QStringLiteral("controlvm")),
        (QStringList {
            QStringLiteral("controlvm|box|acpipowerbutton"), QStringLiteral("controlvm|box|acpipowerbutton") }));
    QCOMPARE(made->state(&error), MachineState::Stopped);
}

void TestVirtualBox::publishedPortRulesListenWhereTheMachineSays()
{
    // The agent's NAT rules: on the loopback, or without a host address (every interface, VirtualBox's manual says)
    // for a machine made with --virtualbox-publish-all-interfaces.
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const int port = probe.serverPort();
    probe.close();
    for (const bool everyInterface : { false, true }) {
        FlagValues flags;
        if (everyInterface)
            flags.insert(QStringLiteral("virtualbox-publish-all-interfaces"), { QStringLiteral("true") });
        auto made = driver(flags);
        QCOMPARE(made->forwardAddress(), everyInterface ? QStringLiteral("0.0.0.0") : QStringLiteral("127.0.0.1"));
        QString error;
        QVERIFY2(made->addPortForward({ QStringLiteral("udp"), port }, &error), qPrintable(error));
        QCOMPARE(calls().constLast(),
            QStringLiteral("controlvm|box|natpf1|berth-udp-%1,udp,%2,%1,,%1")
                .arg(port)
                .arg(everyInterface ? QString() : QStringLiteral("127.0.0.1")));
        QVERIFY2(made->removePortForward({ QStringLiteral("udp"), port }, &error), qPrintable(error));
        QCOMPARE(calls().constLast(), QStringLiteral("controlvm|box|natpf1|delete|berth-udp-%1").arg(port));
    }
}

void TestVirtualBox::killPowersOff()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    auto made = driver();
    QString error;
    QVERIFY2(made->kill(&error), qPrintable(error));
    QCOMPARE(calls(),
        (QStringList { QStringLiteral("showvminfo|box|--machinereadable"), QStringLiteral("controlvm|box|poweroff"),
            QStringLiteral("showvminfo|box|--machinereadable") }));
    QCOMPARE(made->state(&error), MachineState::Stopped);
}

void TestVirtualBox::removeUnregisters()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    auto made = driver();
    QString error;
    // A VM of the machine's name whose settings are not in the machine's folder is someone else's.
    QVERIFY(!made->remove(&error));
    QVERIFY2(error.contains(QLatin1String("is not this machine's")), qPrintable(error));
    QCOMPARE(calls(), QStringList { QStringLiteral("showvminfo|box|--machinereadable") });
    QFile::remove(m_fake + QStringLiteral("/calls.log"));
    writeFile(m_fake + QStringLiteral("/vmfolder"), QDir::toNativeSeparators(made->vmFolder()).toUtf8());
    QVERIFY2(made->remove(&error), qPrintable(error));
    QCOMPARE(calls(),
        (QStringList { QStringLiteral("showvminfo|box|--machinereadable"), QStringLiteral("controlvm|box|poweroff"),
            QStringLiteral("showvminfo|box|--machinereadable"), QStringLiteral("unregistervm|box|--delete") }));
    // Nothing left in VirtualBox: nothing to do (a create that failed before createvm, a VM removed by hand).
    QVERIFY2(made->remove(&error), qPrintable(error));
    QCOMPARE(calls().size(), 5);
}

void TestVirtualBox::stateFromVmState()
{
    useStandIn();
    auto made = driver();
    QString error;
    for (const auto &[vmState, state] : { std::pair { "running", MachineState::Running },
             std::pair { "poweroff", MachineState::Stopped }, std::pair { "paused", MachineState::Paused },
             std::pair { "saved", MachineState::Saved }, std::pair { "aborted", MachineState::Stopped } }) {
        writeFile(m_fake + QStringLiteral("/state"), vmState);
        QCOMPARE(made->state(&error), state);
    }
    writeFile(m_fake + QStringLiteral("/state"), "gurumeditation");
    QCOMPARE(made->state(&error), MachineState::Error);
    QVERIFY2(error.contains(QLatin1String("guru meditation")), qPrintable(error));
    NoProgress progress;
    QVERIFY(!made->start(&progress, &error));
    QVERIFY2(error.contains(QLatin1String("kill it")), qPrintable(error));
    writeFile(m_fake + QStringLiteral("/state"), "gone");
    QCOMPARE(made->state(&error), MachineState::Error);
    QVERIFY2(error.contains(QLatin1String("VirtualBox has no VM named \"box\"")), qPrintable(error));
}

void TestVirtualBox::namesBeyondAsciiAreRead()
{
    // A settings folder and an error naming a VM beyond ASCII: on Windows VBoxManage writes them in the ANSI code
    // page (cp1252 on a Western Windows, Shift_JIS on a Japanese one), which Berth reads as such.
    useStandIn();
    const QString folder = m_dir.filePath(QStringLiteral("Müller/box"));
    writeFile(m_fake + QStringLiteral("/vmfolder"), QDir::toNativeSeparators(folder).toUtf8());
    const VBoxManage vbox(VBoxManage::locate());
    const Result info
        = vbox.run({ QStringLiteral("showvminfo"), QStringLiteral("box"), QStringLiteral("--machinereadable") });
    QVERIFY2(info.ok, qPrintable(info.error));
    const QString settings = VmInfo::parse(info.standardOutput).value(QStringLiteral("CfgFile"));
    QVERIFY2(settings.startsWith(QDir::toNativeSeparators(folder)), qPrintable(settings));
    writeFile(m_fake + QStringLiteral("/state"), "gone");
    const Result gone
        = vbox.run({ QStringLiteral("showvminfo"), QStringLiteral("Müller"), QStringLiteral("--machinereadable") });
    QVERIFY(!gone.ok && gone.machineNotFound);
    QVERIFY2(gone.error.contains(QStringLiteral("named 'Müller'")), qPrintable(gone.error));
#ifdef Q_OS_WIN
    // Only a code page of one byte a letter tells the two apart (Wine's comes from the locale: 1252 for the
    // tests' C.UTF-8).
    QCOMPARE(QStringLiteral("ü").toLocal8Bit().size(), 1);
#endif
}

void TestVirtualBox::stateReadAgainWhenVirtualBoxWrote()
{
    useStandIn();
    writeFile(m_fake + QStringLiteral("/state"), "running");
    auto made = driver();
    writeFile(made->settingsPath(), "<VirtualBox/>\n");
    writeFile(made->vboxLogPath(), "00:00:00.000001 VirtualBox VM 7.0.14 r161095 linux.amd64 release log\n");
    QString error;
    // The desktop app asks every second: VBoxManage runs once while VirtualBox writes nothing.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(made->state(&error), MachineState::Running);
    QCOMPARE(calls().size(), 1);
    // The VM's process logs its power-off.
    writeFile(m_fake + QStringLiteral("/state"), "poweroff");
    QFile log(made->vboxLogPath());
    QVERIFY(log.open(QIODevice::Append));
    log.write("00:01:02.345678 Changing the VM state from 'POWERING_OFF' to 'OFF'\n");
    log.close();
    QCOMPARE(made->state(&error), MachineState::Stopped);
    QCOMPARE(calls().size(), 2);
    // An operation of this process forgets what it read.
    writeFile(m_fake + QStringLiteral("/state"), "running");
    QVERIFY2(made->kill(&error), qPrintable(error));
    QCOMPARE(made->state(&error), MachineState::Stopped);
    QCOMPARE(calls().constLast(), QStringLiteral("showvminfo|box|--machinereadable"));
    QCOMPARE(calls().size(), 6);
}

void TestVirtualBox::upgradeReplacesSystemDisk()
{
    useStandIn();
    auto made = driver({ { QStringLiteral("virtualbox-image"), { writeImage(QStringLiteral("test-1")) } },
        { QStringLiteral("virtualbox-no-share"), { QStringLiteral("true") } } });
    NoProgress progress;
    QString error;
    QVERIFY2(made->create(&progress, &error), qPrintable(error));
    // The same image: nothing to do.
    bool upToDate = false;
    QVERIFY2(made->upgrade(&progress, &upToDate, &error), qPrintable(error));
    QVERIFY(upToDate);
    QVERIFY(calls().isEmpty());
    // A newer build; the stand-in's startvm then fails, after the disks are swapped.
    QVERIFY(QDir().mkpath(m_fake + QStringLiteral("/cache")));
    const QString newer = m_fake + QStringLiteral("/cache/vm-image-test-2");
    QVERIFY(QDir().rename(writeImage(QStringLiteral("test-2")), newer));
    QFile manifest(newer + QStringLiteral("/manifest.json"));
    QVERIFY(manifest.open(QIODevice::ReadWrite));
    QVERIFY(manifest.setFileTime(QDateTime::currentDateTime().addSecs(3600), QFileDevice::FileModificationTime));
    manifest.close();
    writeFile(m_fake + QStringLiteral("/startvm.err"), "VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\n");
    writeFile(m_fake + QStringLiteral("/hostonlyifs"), fixture("hostonlyifs-linux-7.0.txt"));
    QVERIFY(!made->upgrade(&progress, &upToDate, &error));
    QVERIFY2(error.contains(QLatin1String("VT-x")), qPrintable(error));
    QVERIFY(!upToDate);
    const QString dir = QDir::toNativeSeparators(m_store + QStringLiteral("/machines/box"));
    const QString cache = QDir::toNativeSeparators(m_store + QStringLiteral("/cache/berth-vm/test-2"));
    const QString sep = QDir::toNativeSeparators(QStringLiteral("/"));
    const QStringList swap = calls().mid(0, 8);
    QCOMPARE(swap,
        (QStringList { // Its system disk, then its state (stopped: nothing to stop).
            QStringLiteral("showvminfo|box|--machinereadable"), QStringLiteral("showvminfo|box|--machinereadable"),
            QStringLiteral("clonemedium|disk|%1%2system.vdi|%3%2system-test-2.vdi|--format|VDI").arg(cache, sep, dir),
            QStringLiteral("closemedium|disk|%1%2system.vdi").arg(cache, sep),
            QStringLiteral("storageattach|box|--storagectl|SATA|--port|1|--device|0|--medium|none"),
            QStringLiteral(
                "storageattach|box|--storagectl|SATA|--port|1|--device|0|--type|hdd|--medium|%1%2system-test-2.vdi"
                "|--nonrotational|on|--discard|on")
                .arg(dir, sep),
            QStringLiteral(
                "storageattach|box|--storagectl|SATA|--port|0|--device|0|--type|dvddrive|--medium|%1%2boot.iso")
                .arg(cache, sep),
            // The old one, as VirtualBox names it (the fixture's).
            QStringLiteral("closemedium|disk|/home/alice/.docker/machine/machines/default/"
                           "system-0.1.0-03394fd08a8ed090.vdi|--delete") }));
    QVERIFY(calls().contains(QStringLiteral("startvm|box|--type|headless")));
    QCOMPARE(made->resources().imageVersion, QStringLiteral("test-2"));
}

void TestVirtualBox::checkWithoutVirtualBox()
{
    DriverCheck c;
    {
        test::ScopedEnvironment noPath;
        noPath.set("PATH", QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("nothing"))).toUtf8());
        if (!VBoxManage::locate().isEmpty())
            QSKIP("VirtualBox is installed here");
        c = VirtualBoxDriver::check(m_store);
    }
    QCOMPARE(c.driverName, QStringLiteral("virtualbox"));
    QVERIFY(!c.usable);
    QCOMPARE(c.preference, 0);
    QVERIFY(c.version.isEmpty());
    QVERIFY2(c.problem.contains(QLatin1String("VBoxManage")), qPrintable(c.problem));
    QVERIFY2(c.remedy.contains(QLatin1String("https://www.virtualbox.org")), qPrintable(c.remedy));
    // The stand-in: its version, and what this computer lacks.
    useStandIn();
    m_env->set("VIRTUALBOX_IMAGE", QDir::toNativeSeparators(writeImage(QStringLiteral("test-1"))).toUtf8());
    c = VirtualBoxDriver::check(m_store);
    QCOMPARE(c.version, QStringLiteral("7.0.14"));
    QCOMPARE(c.usable, HostInfo::virtualization().extensions && !hyperVRunning());
    QCOMPARE(c.problem.count(QLatin1Char('\n')), c.remedy.count(QLatin1Char('\n')));
    if (c.usable)
        QVERIFY(c.preference > 0);
    writeFile(m_fake + QStringLiteral("/version"), "5.0.40r115130\n");
    c = VirtualBoxDriver::check(m_store);
    QVERIFY(!c.usable);
    QVERIFY2(c.problem.contains(QLatin1String("too old")), qPrintable(c.problem));
}

int main(int argc, char **argv)
{
    runAsFakeVBoxManage(argc, argv);
    QCoreApplication app(argc, argv);
    TestVirtualBox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_virtualbox.moc"
