// The PowerShell + Hyper-V double (tests/doubles/powershell) driven as Berth's Hyper-V driver will drive
// it: scripts of the documented subset, values in BERTH_PS_* variables, -EncodedCommand, answers as
// ConvertTo-Json; a whole lifecycle booting the real Berth image, and the exact texts of its errors.
// Runs in a network namespace of its own: the double's switches are bridges there, with dnsmasq.
#include "integration/support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace berth::test;

namespace {

const QByteArray progress
    = "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T><T>System."
      "Object</T></TN><MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first use.</AV><AI>0</"
      "AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>";
const QByteArray clixmlStart
    = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">";

QByteArray errorLines(const QStringList &lines)
{
    QByteArray xml;
    for (const QString &line : lines)
        xml += "<S S=\"Error\">" + line.toUtf8() + "_x000D__x000A_</S>";
    return xml;
}

} // namespace

class TestHyperVDouble : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commandLineAndJson();
    void errorTexts();
    void rightsAndSwitches();
    void lifecycle();
    void windowsTemplateRefusesShim();
    void optimizeVhdDropsBlocksOfZeros();
    void cleanupTestCase();

private:
    ProcessResult ps(const QString &script, const QMap<QString, QString> &values = {}, bool encoded = true);
    void writeConfig(const QJsonObject &config);
    // A folder shared by New-SmbShare, mounted in the running VM at ip over SMB as the double's user.
    void checkSharedFolder(const QMap<QString, QString> &values, const QString &key, const QString &ip);
    // A command run in the guest at ip as the docker user, over OpenSSH with the seed's key.
    ProcessResult guestSsh(const QString &key, const QString &ip, const QString &command);
    QJsonValue json(const ProcessResult &r);
    void stopEverything();

    QTemporaryDir m_dir;
    QString m_home;
    QString m_powershell;
    QString m_image;
};

void TestHyperVDouble::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_home = m_dir.filePath(QStringLiteral("hyperv"));
    QDir().mkpath(m_home);
    m_powershell = QStringLiteral(BERTH_POWERSHELL_DOUBLE_DIR "/powershell");
    QVERIFY2(QFile::exists(m_powershell), qPrintable(m_powershell));
}

ProcessResult TestHyperVDouble::ps(const QString &script, const QMap<QString, QString> &values, bool encoded)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_HYPERV_DOUBLE_HOME"), m_home);
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        env.insert(QStringLiteral("BERTH_PS_") + it.key(), it.value());
    QStringList args { QStringLiteral("-NoProfile"), QStringLiteral("-NonInteractive"),
        QStringLiteral("-ExecutionPolicy"), QStringLiteral("Bypass") };
    if (encoded) {
        const QByteArray utf16(reinterpret_cast<const char *>(script.utf16()), script.size() * 2);
        args << QStringLiteral("-EncodedCommand") << QString::fromLatin1(utf16.toBase64());
    } else {
        args << QStringLiteral("-Command") << script;
    }
    return runProcess(m_powershell, args, env, 600000);
}

void TestHyperVDouble::writeConfig(const QJsonObject &config)
{
    QFile file(m_home + QStringLiteral("/config.json"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(config).toJson());
}

QJsonValue TestHyperVDouble::json(const ProcessResult &r)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + r.standardOutput + "]", &error);
    if (error.error != QJsonParseError::NoError)
        return {};
    return doc.array().at(0);
}

void TestHyperVDouble::optimizeVhdDropsBlocksOfZeros()
{
    writeConfig({});
    const QMap<QString, QString> disk { { QStringLiteral("DISK"), m_dir.filePath(QStringLiteral("optimize.vhdx")) } };
    ProcessResult r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                                        "New-VHD -Path $env:BERTH_PS_DISK -SizeBytes 1GB -Dynamic | Out-Null"),
        disk);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // 96 MB of zeros, then 32 MB of data, as a guest writes them.
    r = runProcess(QStringLiteral("qemu-io"),
        { QStringLiteral("-f"), QStringLiteral("vhdx"), QStringLiteral("-c"), QStringLiteral("write -P 0 0 96M"),
            QStringLiteral("-c"), QStringLiteral("write -P 0x5a 96M 32M"), disk.value(QStringLiteral("DISK")) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const qint64 written = QFileInfo(disk.value(QStringLiteral("DISK"))).size();
    QVERIFY2(written > 128 * 1024 * 1024, qPrintable(QString::number(written)));
    const QString optimize = QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                                            "Optimize-VHD -Path $env:BERTH_PS_DISK -Mode Full");
    r = ps(optimize, disk);
    QVERIFY2(r.exitCode == 0 && r.standardOutput.isEmpty(), qPrintable(r.describe()));
    const qint64 compacted = QFileInfo(disk.value(QStringLiteral("DISK"))).size();
    QVERIFY2(compacted < written - 90 * 1024 * 1024 && compacted > 32 * 1024 * 1024,
        qPrintable(QStringLiteral("%1 -> %2").arg(written).arg(compacted)));
    // The data is still there, the zeros read as zeros.
    r = runProcess(QStringLiteral("qemu-io"),
        { QStringLiteral("-f"), QStringLiteral("vhdx"), QStringLiteral("-r"), QStringLiteral("-c"),
            QStringLiteral("read -P 0x5a 96M 32M"), QStringLiteral("-c"), QStringLiteral("read -P 0 0 96M"),
            disk.value(QStringLiteral("DISK")) });
    QVERIFY2(r.exitCode == 0 && !r.standardOutput.contains("Pattern verification failed"), qPrintable(r.describe()));

    // Modes that use what a guest trimmed, which the double cannot know, are refused; so is Quick, the default.
    for (const QString &script : { QStringLiteral("Optimize-VHD -Path $env:BERTH_PS_DISK"),
             QStringLiteral("Optimize-VHD -Path $env:BERTH_PS_DISK -Mode Pretrimmed") }) {
        r = ps(script, disk);
        QVERIFY2(r.exitCode == 86 && r.standardError.contains("is not in the subset"), qPrintable(r.describe()));
    }
    QCOMPARE(QFileInfo(disk.value(QStringLiteral("DISK"))).size(), compacted);
}

void TestHyperVDouble::commandLineAndJson()
{
    writeConfig({});
    // docker-machine's checks, word for word.
    ProcessResult r = ps(QStringLiteral("@(Get-Module -ListAvailable hyper-v).Name | Get-Unique"), {}, false);
    QCOMPARE(r.standardOutput, QByteArray("Hyper-V\r\n"));
    QCOMPARE(r.exitCode, 0);
    r = ps(QStringLiteral("@([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent())."
                          "IsInRole([Security.Principal.WindowsBuiltInRole] \"Administrator\")"));
    QCOMPARE(r.standardOutput, QByteArray("True\r\n"));
    // Windows PowerShell 5.1's ConvertTo-Json: "name":  value, nested lists indented from their value.
    r = ps(QStringLiteral("$ProgressPreference = 'SilentlyContinue'\n"
                          "Get-VMSwitch | Select-Object Name,SwitchType,Id | ConvertTo-Json\n"
                          "Write-Output $env:BERTH_PS_TEXT | ConvertTo-Json\n"
                          "@(1, 'a') | ForEach-Object { $_ } | ConvertTo-Json -Compress"),
        { { QStringLiteral("TEXT"), QStringLiteral("it's <1> & C:\\x") } });
    QCOMPARE(r.standardError, QByteArray());
    QCOMPARE(r.standardOutput,
        QByteArray("{\r\n    \"Name\":  \"Default Switch\",\r\n    \"SwitchType\":  1,\r\n    \"Id\":  "
                   "\"c08cb7b8-9b3c-408e-8e30-5e16a3aeb444\"\r\n}\r\n"
                   "\"it\\u0027s \\u003c1\\u003e \\u0026 C:\\\\x\"\r\n"
                   "[1,\"a\"]\r\n"));
    r = ps(QStringLiteral("Get-VMSwitch | ForEach-Object { $_.Name } | Select-Object @{n='x'}"));
    QCOMPARE(r.exitCode, 86);
    QVERIFY2(r.standardError.contains("is not in the subset"), qPrintable(r.describe()));
}

void TestHyperVDouble::errorTexts()
{
    writeConfig({});
    const QString getVm = QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                                         "Get-VM -Name $env:BERTH_PS_NAME | Select-Object Name,State | ConvertTo-Json");
    ProcessResult r = ps(getVm, { { QStringLiteral("NAME"), QStringLiteral("ghost") } });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardOutput, QByteArray());
    QCOMPARE(r.standardError,
        clixmlStart + progress
            + errorLines({ QStringLiteral("Get-VM : Hyper-V was unable to find a virtual machine with name \"ghost\"."),
                QStringLiteral("At line:2 char:1"),
                QStringLiteral("+ Get-VM -Name $env:BERTH_PS_NAME | Select-Object Name,State | ConvertT ..."),
                QStringLiteral("+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"),
                QStringLiteral("    + CategoryInfo          : InvalidArgument: (ghost:String) [Get-VM], "
                               "VirtualizationException"),
                QStringLiteral("    + FullyQualifiedErrorId : InvalidParameter,Microsoft.HyperV.PowerShell.Commands."
                               "GetVM"),
                QStringLiteral(" ") })
            + "</Objs>");

    // Not encoded: the same record as text.
    r = ps(QStringLiteral("Hyper-V\\Get-VM -Nmae x"), {}, false);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError,
        QByteArray("Hyper-V\\Get-VM : A parameter cannot be found that matches parameter name 'Nmae'.\r\n"
                   "At line:1 char:16\r\n"
                   "+ Hyper-V\\Get-VM -Nmae x\r\n"
                   "+                ~~~~~\r\n"
                   "    + CategoryInfo          : InvalidArgument: (:) [Get-VM], ParameterBindingException\r\n"
                   "    + FullyQualifiedErrorId : NamedParameterNotFound,Microsoft.HyperV.PowerShell.Commands.GetVM\r\n"
                   " \r\n"));

    // An unknown command: the message is wrapped at the console's 120 columns, less one.
    r = ps(QStringLiteral("Get-VMM"));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError,
        clixmlStart
            + errorLines({ QStringLiteral("Get-VMM : The term 'Get-VMM' is not recognized as the name of a cmdlet, "
                                          "function, script file, or operable program. "),
                QStringLiteral("Check the spelling of the name, or if a path was included, verify that the path is "
                               "correct and try again."),
                QStringLiteral("At line:1 char:1"), QStringLiteral("+ Get-VMM"), QStringLiteral("+ ~~~~~~~"),
                QStringLiteral("    + CategoryInfo          : ObjectNotFound: (Get-VMM:String) [], "
                               "CommandNotFoundException"),
                QStringLiteral("    + FullyQualifiedErrorId : CommandNotFoundException"), QStringLiteral(" ") })
            + "</Objs>");

    // try/catch, the message of a caught error on stderr, exit codes.
    r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                          "try { Stop-VM -Name $env:BERTH_PS_NAME -TurnOff } catch { "
                          "[Console]::Error.WriteLine($_.Exception.Message); exit 3 }"),
        { { QStringLiteral("NAME"), QStringLiteral("ghost") } });
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.standardError,
        QByteArray("#< CLIXML\r\nHyper-V was unable to find a virtual machine with name \"ghost\".\r\n")
            + clixmlStart.mid(11) + progress + "</Objs>");

    // The CIM cmdlets' "not found" (SmbShare, NetTCPIP): the object class, the property and the value.
    r = ps(QStringLiteral("Get-SmbShare -Name ghost; Get-NetIPAddress -InterfaceAlias 'vEthernet (Nope)' "
                          "-AddressFamily IPv4"),
        {}, false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.startsWith("Get-SmbShare : No MSFT_SMBShare objects found with property 'Name' equal to "
                                        "'ghost'.  Verify the value of the property \r\nand retry.\r\n"),
        r.standardError.constData());
    QVERIFY2(r.standardError.contains(
                 "    + CategoryInfo          : ObjectNotFound: (ghost:String) [Get-SmbShare], CimJobException\r\n"
                 "    + FullyQualifiedErrorId : CmdletizationQuery_NotFound_Name,Get-SmbShare\r\n"),
        r.standardError.constData());
    QVERIFY2(r.standardError.contains("Get-NetIPAddress : No MSFT_NetIPAddress objects found with property "
                                      "'InterfaceAlias' equal to 'vEthernet (Nope)'."),
        r.standardError.constData());
    QVERIFY2(r.standardError.contains("    + FullyQualifiedErrorId : "
                                      "CmdletizationQuery_NotFound_InterfaceAlias,Get-NetIPAddress\r\n"),
        r.standardError.constData());
    // The host's address on an Internal switch; what the double does not model is refused.
    r = ps(QStringLiteral("(Get-NetIPAddress -InterfaceAlias 'vEthernet (Default Switch)' -AddressFamily IPv4)."
                          "IPAddress"));
    QCOMPARE(r.standardOutput, QByteArray("172.30.16.1\r\n"));
    QCOMPARE(ps(QStringLiteral("Get-SmbShare")).exitCode, 86);
    QCOMPARE(ps(QStringLiteral("Get-NetIPAddress -InterfaceAlias 'vEthernet (Default Switch)'")).exitCode, 86);

    // A syntax error: nothing runs.
    r = ps(QStringLiteral("Get-VM -Name 'x"), {}, false);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError,
        QByteArray("At line:1 char:14\r\n+ Get-VM -Name 'x\r\n+              ~~\r\nThe string is missing the "
                   "terminator: '.\r\n"
                   "    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\r\n"
                   "    + FullyQualifiedErrorId : TerminatorExpectedAtEndOfString\r\n \r\n"));
}

void TestHyperVDouble::rightsAndSwitches()
{
    writeConfig({ { QStringLiteral("administrator"), false }, { QStringLiteral("hyperVAdministrator"), false } });
    ProcessResult r = ps(QStringLiteral("@([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::"
                                        "GetCurrent()).IsInRole(\"S-1-5-32-578\")"));
    QCOMPARE(r.standardOutput, QByteArray("False\r\n"));
    r = ps(QStringLiteral("Get-VM"), {}, false);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError,
        QByteArray("Get-VM : You do not have the required permission to complete this task. Contact the administrator "
                   "of the authorization \r\npolicy for the computer 'BERTH-HOST'.\r\n"
                   "At line:1 char:1\r\n+ Get-VM\r\n+ ~~~~~~\r\n"
                   "    + CategoryInfo          : PermissionDenied: (:) [Get-VM], VirtualizationException\r\n"
                   "    + FullyQualifiedErrorId : AccessDenied,Microsoft.HyperV.PowerShell.Commands.GetVM\r\n \r\n"));
    // A Hyper-V Administrator may.
    writeConfig({ { QStringLiteral("administrator"), false }, { QStringLiteral("hyperVAdministrator"), true } });
    r = ps(QStringLiteral("@([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::"
                          "GetCurrent()).IsInRole(\"S-1-5-32-578\"); Get-VM"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.standardOutput, QByteArray("True\r\n"));

    // No switch at all: nothing to choose, and New-VM on one fails.
    writeConfig({ { QStringLiteral("switches"), QJsonArray() } });
    r = ps(QStringLiteral("$ProgressPreference = 'SilentlyContinue'; @(Get-VMSwitch -SwitchType External).Count; "
                          "(Get-VMSwitch).Name"));
    QCOMPARE(r.standardOutput, QByteArray("0\r\n"));
    r = ps(QStringLiteral("New-VM -Name x -SwitchName 'Default Switch'"), {}, false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.startsWith(
                 "New-VM : Hyper-V was unable to find a virtual switch with name \"Default Switch\".\r\n"),
        qPrintable(r.describe()));
    // An external switch only.
    writeConfig({ { QStringLiteral("switches"),
        QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("Ethernet (Berth)") },
            { QStringLiteral("type"), QStringLiteral("External") } } } } });
    r = ps(
        QStringLiteral("Get-VMSwitch -SwitchType External | Select-Object Name,SwitchType | ConvertTo-Json -Compress"));
    QCOMPARE(r.standardOutput, QByteArray("{\"Name\":\"Ethernet (Berth)\",\"SwitchType\":2}\r\n"));
    QCOMPARE(r.exitCode, 0);

    // docker-machine's VLAN (Set-VMNetworkAdapterVlan -Access) is kept with the VM; Untagged takes it off.
    r = ps(QStringLiteral(
               "$ProgressPreference = 'SilentlyContinue'; New-VM -Name tagged -SwitchName 'Ethernet (Berth)' "
               "-NoVHD | Out-Null; Set-VMNetworkAdapterVlan -VMName tagged -Access -VlanId $env:BERTH_PS_VLAN; "
               "Get-VMNetworkAdapterVlan -VMName tagged | Select-Object AccessVlanId | ConvertTo-Json -Compress"),
        { { QStringLiteral("VLAN"), QStringLiteral("42") } });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("{\"AccessVlanId\":42}\r\n"));
    r = ps(QStringLiteral(
        "Set-VMNetworkAdapterVlan -VMName tagged -Untagged; (Get-VMNetworkAdapterVlan tagged).AccessVlanId"));
    QCOMPARE(r.standardOutput, QByteArray("0\r\n"));
    // What the double does not model is refused loudly, not faked.
    r = ps(QStringLiteral("Set-VMNetworkAdapterVlan -VMName tagged -Access -VlanId 4095"), {}, false);
    QCOMPARE(r.exitCode, 86);
    r = ps(QStringLiteral("Remove-VM -Name tagged -Force"));
    QCOMPARE(r.exitCode, 0);
}

void TestHyperVDouble::lifecycle()
{
    QString error;
    m_image = vmImageDir(&error);
    QVERIFY2(!m_image.isEmpty(), qPrintable(error));
    writeConfig({ { QStringLiteral("password"), QStringLiteral("Shared-Pa55") } });
    const QString machine = m_dir.filePath(QStringLiteral("machines/box"));
    QDir().mkpath(machine);
    // The seed, as boot-check.sh makes it: the docker user's key and the host name.
    const QString key = machine + QStringLiteral("/id_rsa");
    QCOMPARE(runProcess(QStringLiteral("ssh-keygen"),
                 { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                     QString(), QStringLiteral("-f"), key })
                 .exitCode,
        0);
    QFile pub(key + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    const QString seedDir = m_dir.filePath(QStringLiteral("seed"));
    QDir().mkpath(seedDir);
    QFile meta(seedDir + QStringLiteral("/meta-data"));
    QVERIFY(meta.open(QIODevice::WriteOnly));
    meta.write("instance-id: box\nlocal-hostname: box\n");
    meta.close();
    QFile user(seedDir + QStringLiteral("/user-data"));
    QVERIFY(user.open(QIODevice::WriteOnly));
    user.write("#cloud-config\nhostname: box\nssh_authorized_keys:\n  - " + pub.readAll().trimmed() + "\n");
    user.close();
    const QString seed = machine + QStringLiteral("/seed.iso");
    QCOMPARE(runProcess(QStringLiteral("genisoimage"),
                 { QStringLiteral("-quiet"), QStringLiteral("-output"), seed, QStringLiteral("-volid"),
                     QStringLiteral("cidata"), QStringLiteral("-joliet"), QStringLiteral("-rock"),
                     seedDir + QStringLiteral("/user-data"), seedDir + QStringLiteral("/meta-data") })
                 .exitCode,
        0);

    const QMap<QString, QString> values { { QStringLiteral("NAME"), QStringLiteral("box") },
        { QStringLiteral("DIR"), machine }, { QStringLiteral("SWITCH"), QStringLiteral("Default Switch") },
        { QStringLiteral("MEMORY"), QStringLiteral("1073741824") }, { QStringLiteral("CPUS"), QStringLiteral("2") },
        { QStringLiteral("IMAGE"), m_image + QStringLiteral("/system.vhdx") },
        { QStringLiteral("SYSTEM"), machine + QStringLiteral("/system.vhdx") },
        { QStringLiteral("DATA"), machine + QStringLiteral("/data.vhdx") },
        { QStringLiteral("DATASIZE"), QStringLiteral("2147483648") },
        { QStringLiteral("BOOTISO"), m_image + QStringLiteral("/boot.iso") }, { QStringLiteral("SEED"), seed } };
    // Create, as a driver would: every value from the environment, nothing pasted into the script.
    ProcessResult r
        = ps(QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                            "New-VHD -Path $env:BERTH_PS_DATA -SizeBytes $env:BERTH_PS_DATASIZE -Dynamic | Out-Null\n"
                            "Copy-Item -Path $env:BERTH_PS_IMAGE -Destination $env:BERTH_PS_SYSTEM\n"
                            "$vm = New-VM -Name $env:BERTH_PS_NAME -Path $env:BERTH_PS_DIR -Generation 2 "
                            "-MemoryStartupBytes $env:BERTH_PS_MEMORY -SwitchName $env:BERTH_PS_SWITCH -NoVHD\n"
                            "Set-VMProcessor -VMName $env:BERTH_PS_NAME -Count $env:BERTH_PS_CPUS\n"
                            "Set-VMMemory -VMName $env:BERTH_PS_NAME -DynamicMemoryEnabled $false\n"
                            "Add-VMDvdDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_BOOTISO\n"
                            "Add-VMDvdDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_SEED\n"
                            "Add-VMHardDiskDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_SYSTEM\n"
                            "Add-VMHardDiskDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_DATA\n"
                            "Set-VMFirmware -VMName $env:BERTH_PS_NAME -EnableSecureBoot On "
                            "-SecureBootTemplate MicrosoftUEFICertificateAuthority "
                            "-FirstBootDevice (Get-VMDvdDrive -VMName $env:BERTH_PS_NAME | "
                            "Where-Object { $_.Path -eq $env:BERTH_PS_BOOTISO })\n"
                            "$vm | Select-Object Name,Id,State,Generation,ProcessorCount,MemoryStartup,"
                            "DynamicMemoryEnabled,Path | ConvertTo-Json"),
            values);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject created = json(r).toObject();
    QCOMPARE(created.value(QStringLiteral("State")).toInt(), 3);
    QCOMPARE(created.value(QStringLiteral("Generation")).toInt(), 2);
    QCOMPARE(created.value(QStringLiteral("Path")).toString(), machine + QStringLiteral("/box"));
    const QString id = created.value(QStringLiteral("Id")).toString();
    QVERIFY(!id.isEmpty());
    r = ps(QStringLiteral("Get-VM -Name $env:BERTH_PS_NAME | Select-Object ProcessorCount,DynamicMemoryEnabled | "
                          "ConvertTo-Json -Compress"),
        values);
    QCOMPARE(r.standardOutput, QByteArray("{\"ProcessorCount\":2,\"DynamicMemoryEnabled\":false}\r\n"));

    QElapsedTimer boot;
    boot.start();
    r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'; Start-VM -Name $env:BERTH_PS_NAME"), values);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString serial = m_home + QStringLiteral("/vms/") + id + QStringLiteral("/serial.log");
    QByteArray console;
    while (boot.elapsed() < 400000) {
        QFile log(serial);
        if (log.open(QIODevice::ReadOnly))
            console = log.readAll();
        if (console.contains("berth: sshd is listening"))
            break;
        QThread::msleep(500);
    }
    QVERIFY2(console.contains("berth: sshd is listening"), console.right(2000).constData());
    qInfo("sshd listening %.1f s after Start-VM", boot.elapsed() / 1000.0);

    // The guest's address as its KVP daemon would report it: IPv4 first, then the link-local IPv6.
    QString ip;
    while (boot.elapsed() < 460000 && ip.isEmpty()) {
        r = ps(QStringLiteral("Get-VMNetworkAdapter -VMName $env:BERTH_PS_NAME | "
                              "Select-Object Name,MacAddress,SwitchName,IPAddresses | ConvertTo-Json"),
            values);
        const QJsonObject adapter = json(r).toObject();
        QCOMPARE(adapter.value(QStringLiteral("SwitchName")).toString(), QStringLiteral("Default Switch"));
        QVERIFY(adapter.value(QStringLiteral("MacAddress")).toString().startsWith(QLatin1String("00155D")));
        const QJsonArray addresses = adapter.value(QStringLiteral("IPAddresses")).toArray();
        if (!addresses.isEmpty()) {
            ip = addresses.at(0).toString();
            QVERIFY2(addresses.size() == 2 && addresses.at(1).toString().startsWith(QLatin1String("fe80::")),
                r.standardOutput.constData());
        } else {
            QThread::msleep(1000);
        }
    }
    QVERIFY2(QRegularExpression(QStringLiteral("^172\\.30\\.\\d+\\.\\d+$")).match(ip).hasMatch(), qPrintable(ip));
    const ProcessResult sshResult
        = guestSsh(key, ip, QStringLiteral("hostname; test -d /sys/firmware/efi && echo uefi"));
    QCOMPARE(sshResult.standardOutput, QByteArray("box\nuefi\n"));
    checkSharedFolder(values, key, ip);
    // A guest whose KVP daemon reports no IPv4 address.
    writeConfig({ { QStringLiteral("guestReportsOnlyIPv6"), true } });
    r = ps(
        QStringLiteral("Get-VMNetworkAdapter -VMName $env:BERTH_PS_NAME | Select-Object -ExpandProperty IPAddresses"),
        values);
    QVERIFY2(r.standardOutput.startsWith("fe80::") && r.standardOutput.count('\n') == 1, r.standardOutput.constData());
    writeConfig({ { QStringLiteral("password"), QStringLiteral("Shared-Pa55") } });

    r = ps(
        QStringLiteral("(Get-VM -Name $env:BERTH_PS_NAME).State; Get-VM | Select-Object Name,State | ConvertTo-Json"),
        values);
    QCOMPARE(r.standardOutput, QByteArray("Running\r\n{\r\n    \"Name\":  \"box\",\r\n    \"State\":  2\r\n}\r\n"));
    // A running VM's disk is in use.
    r = ps(QStringLiteral("Remove-Item -Path $env:BERTH_PS_DATA"), values, false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("because it is being used by another process"), qPrintable(r.describe()));

    QElapsedTimer stop;
    stop.start();
    r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'; Stop-VM -Name $env:BERTH_PS_NAME -Force; "
                          "(Get-VM -Name $env:BERTH_PS_NAME | Select-Object State | ConvertTo-Json -Compress)"),
        values);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("{\"State\":3}\r\n"));
    qInfo("Stop-VM returned after %.1f s", stop.elapsed() / 1000.0);

    r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                          "Remove-VM -Name $env:BERTH_PS_NAME -Force\n"
                          "Remove-Item -Path $env:BERTH_PS_SYSTEM -Force\n"
                          "Remove-Item -Path $env:BERTH_PS_DATA -Force\n"
                          "@(Get-VM).Count"),
        values);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("0\r\n"));
    QVERIFY(!QFile::exists(machine + QStringLiteral("/system.vhdx")));
    QVERIFY(!QFile::exists(machine + QStringLiteral("/data.vhdx")));
    QVERIFY(!QDir(m_home + QStringLiteral("/vms/") + id).exists());
}

ProcessResult TestHyperVDouble::guestSsh(const QString &key, const QString &ip, const QString &command)
{
    return runProcess(QStringLiteral("ssh"),
        { QStringLiteral("-i"), key, QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-o"),
            QStringLiteral("StrictHostKeyChecking=no"), QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=/dev/null"), QStringLiteral("-o"), QStringLiteral("ConnectTimeout=30"),
            QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"), QStringLiteral("docker@") + ip, command },
        QProcessEnvironment::systemEnvironment(), 120000);
}

void TestHyperVDouble::checkSharedFolder(const QMap<QString, QString> &values, const QString &key, const QString &ip)
{
    const QString folder = m_dir.filePath(QStringLiteral("shared"));
    QVERIFY(QDir().mkpath(folder));
    QFile hello(folder + QStringLiteral("/hello.txt"));
    QVERIFY(hello.open(QIODevice::WriteOnly));
    hello.write("from the host\n");
    hello.close();
    QMap<QString, QString> shareValues = values;
    shareValues.insert(QStringLiteral("SHARE"), folder);
    ProcessResult r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                                        "New-SmbShare -Name berth-box -Path $env:BERTH_PS_SHARE -FullAccess "
                                        "'BERTH-HOST\\docker' | Out-Null\n"
                                        "Get-SmbShare -Name berth-box | Select-Object Name,Path | ConvertTo-Json "
                                        "-Compress\n"
                                        "(Get-NetIPAddress -InterfaceAlias 'vEthernet (Default Switch)' "
                                        "-AddressFamily IPv4).IPAddress"),
        shareValues);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, "{\"Name\":\"berth-box\",\"Path\":\"" + folder.toUtf8() + "\"}\r\n172.30.16.1\r\n");
    // Mounted by the kernel's CIFS client (the image has no mount.cifs), given the host's address.
    const QString mount = QStringLiteral(
        "sudo mkdir -p /mnt/shared && sudo mount -t cifs -o "
        "ip=172.30.16.1,username=docker,domain=BERTH-HOST,password=%1,uid=1000,gid=1000 //172.30.16.1/berth-box "
        "/mnt/shared");
    ProcessResult inGuest = guestSsh(key, ip, mount.arg(QStringLiteral("Wrong-Pa55")));
    QVERIFY2(inGuest.exitCode != 0, qPrintable(inGuest.describe()));
    inGuest = guestSsh(key, ip,
        mount.arg(QStringLiteral("Shared-Pa55"))
            + QStringLiteral(" && cat /mnt/shared/hello.txt && echo from the guest > /mnt/shared/guest.txt && "
                             "sudo umount /mnt/shared"));
    QVERIFY2(inGuest.exitCode == 0, qPrintable(inGuest.describe()));
    QCOMPARE(inGuest.standardOutput, QByteArray("from the host\n"));
    QFile written(folder + QStringLiteral("/guest.txt"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("from the guest\n"));
    // Removed: gone from Get-SmbShare and from the server.
    r = ps(QStringLiteral("Remove-SmbShare -Name berth-box -Force; Get-SmbShare -Name berth-box"), {}, false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("CmdletizationQuery_NotFound_Name,Get-SmbShare"), qPrintable(r.describe()));
    inGuest = guestSsh(key, ip, mount.arg(QStringLiteral("Shared-Pa55")));
    QVERIFY2(inGuest.exitCode != 0, qPrintable(inGuest.describe()));
}

void TestHyperVDouble::windowsTemplateRefusesShim()
{
    // Secure Boot with Hyper-V's default template trusts Windows' CA only: Debian's shim is refused,
    // the VM runs and never gets an address.
    QVERIFY(!m_image.isEmpty());
    writeConfig({});
    const QString machine = m_dir.filePath(QStringLiteral("machines/win"));
    QDir().mkpath(machine);
    const QMap<QString, QString> values { { QStringLiteral("NAME"), QStringLiteral("win") },
        { QStringLiteral("DIR"), machine }, { QStringLiteral("BOOTISO"), m_image + QStringLiteral("/boot.iso") } };
    ProcessResult r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                                        "$vm = New-VM -Name $env:BERTH_PS_NAME -Path $env:BERTH_PS_DIR -Generation 2 "
                                        "-MemoryStartupBytes 512MB -SwitchName 'Default Switch'\n"
                                        "Add-VMDvdDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_BOOTISO\n"
                                        "Start-VM -Name $env:BERTH_PS_NAME\n"
                                        "$vm.Id"),
        values);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString serial = m_home + QStringLiteral("/vms/") + QString::fromUtf8(r.standardOutput.trimmed())
        + QStringLiteral("/serial.log");
    QElapsedTimer timer;
    timer.start();
    QByteArray console;
    while (timer.elapsed() < 180000 && !console.contains("Access Denied")) {
        QThread::msleep(500);
        QFile log(serial);
        if (log.open(QIODevice::ReadOnly))
            console = log.readAll();
    }
    QVERIFY2(console.contains("Access Denied"), console.right(1500).constData());
    qInfo("the firmware refused the shim %.1f s after Start-VM", timer.elapsed() / 1000.0);
    r = ps(QStringLiteral("Get-VM -Name $env:BERTH_PS_NAME | Select-Object State | ConvertTo-Json -Compress; "
                          "@((Get-VMNetworkAdapter -VMName $env:BERTH_PS_NAME).IPAddresses).Count"),
        values);
    QCOMPARE(r.standardOutput, QByteArray("{\"State\":2}\r\n0\r\n"));
    r = ps(QStringLiteral("$ErrorActionPreference = 'Stop'; Stop-VM -Name $env:BERTH_PS_NAME -TurnOff; "
                          "Remove-VM -Name $env:BERTH_PS_NAME -Force; @(Get-VM).Count"),
        values);
    QCOMPARE(r.standardOutput, QByteArray("0\r\n"));
}

void TestHyperVDouble::stopEverything()
{
    // Whatever a failed test left running: QEMU by its pid files, dnsmasq likewise.
    for (const QString &pattern : { QStringLiteral("/vms/*/qemu.pid"), QStringLiteral("/switches/*/dnsmasq.pid") }) {
        const QString dir = m_home + pattern.section(QLatin1Char('*'), 0, 0);
        for (const QString &entry : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile pidFile(dir + entry + pattern.section(QLatin1Char('*'), 1));
            if (pidFile.open(QIODevice::ReadOnly)) {
                const pid_t pid = static_cast<pid_t>(pidFile.readAll().trimmed().toLongLong());
                if (pid > 0)
                    ::kill(pid, SIGKILL);
            }
        }
    }
}

void TestHyperVDouble::cleanupTestCase()
{
    stopEverything();
}

int main(int argc, char **argv)
{
    // A network namespace of our own, before any thread starts: the switches' bridges live there. The image
    // is found (or built, which needs Debian's mirror) before.
    QString imageDir;
    if (const QString error = isolateNetwork(&imageDir); !error.isEmpty()) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    qputenv("BERTH_VM_IMAGE", QFile::encodeName(imageDir));
    QCoreApplication app(argc, argv);
    TestHyperVDouble test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hypervdouble.moc"
