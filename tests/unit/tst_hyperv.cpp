// The Hyper-V driver's parts that need no Hyper-V: the PowerShell command lines it builds (constant scripts,
// values in the environment only), CLIXML and JSON answers, the switch it chooses, its flags, config.json of
// Berth's and of docker-machine's machines, and its steps run against a stand-in powershell (this program
// under that name) that answers what a test put in $BERTH_FAKE_PS.
#include "drivers/driverregistry.h"
#include "drivers/hyperv/hypervdriver.h"
#include "drivers/hyperv/powershell.h"
#include "support/scopedenvironment.h"
#include "testconfig.h"
#include "util/optionname.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace berth;
using namespace berth::hyperv;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(data);
}

class NoProgress final : public Progress {
public:
    void step(const QString &message) override { steps << message; }
    QStringList steps;
};

// The scripts the driver may run, by a name the stand-in's answer files use.
QMap<QString, QString> knownScripts()
{
    return { { QStringLiteral("hostCheck"), scripts::hostCheck() },
        { QStringLiteral("vmCountAndSwitches"), scripts::vmCountAndSwitches() },
        { QStringLiteral("createVmDynamic"), scripts::createVm(true, false, false) },
        { QStringLiteral("createVmStatic"), scripts::createVm(false, false, false) },
        { QStringLiteral("createVmDynamicMac"), scripts::createVm(true, true, false) },
        { QStringLiteral("createVmStaticMac"), scripts::createVm(false, true, false) },
        { QStringLiteral("createVmStaticMacVlan"), scripts::createVm(false, true, true) },
        { QStringLiteral("vm"), scripts::vm() }, { QStringLiteral("vmAndAdapters"), scripts::vmAndAdapters() },
        { QStringLiteral("startVm"), scripts::startVm() }, { QStringLiteral("stopVm"), scripts::stopVm() },
        { QStringLiteral("turnOffVm"), scripts::turnOffVm() }, { QStringLiteral("removeVm"), scripts::removeVm() },
        { QStringLiteral("compactDisk"), scripts::compactDisk() },
        { QStringLiteral("hardDisks"), scripts::hardDisks() },
        { QStringLiteral("replaceSystemDisk"), scripts::replaceSystemDisk() },
        { QStringLiteral("smbShare"), scripts::smbShare() }, { QStringLiteral("newSmbShare"), scripts::newSmbShare() },
        { QStringLiteral("removeSmbShare"), scripts::removeSmbShare() },
        { QStringLiteral("hostAddress"), scripts::hostAddress() } };
}

// --- The stand-in powershell: logs each call (argv, BERTH_PS_* values, which script) as a line of JSON to
// calls.log and answers NAME.out / NAME.err / NAME.exit of the script's name (NAME.N.* instead, when there is
// NAME.N.exit, for the script's call N, from 0); "hang" makes it hang. ---
int fakePowerShell(const QStringList &args)
{
    const QString dir = qEnvironmentVariable("BERTH_FAKE_PS");
    const QString script = PowerShell::decodeScript(args.value(args.indexOf(QStringLiteral("-EncodedCommand")) + 1));
    const QString name = knownScripts().key(script, QStringLiteral("unknown"));
    const QByteArray logged = readFile(dir + QStringLiteral("/calls.log"));
    const QString nth
        = QStringLiteral("%1.%2").arg(name).arg(logged.count(QByteArray("\"script\":\"" + name.toUtf8() + '"')));
    const QString answer = QFile::exists(dir + QLatin1Char('/') + nth + QStringLiteral(".exit")) ? nth : name;
    QJsonObject values;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("BERTH_PS_")))
            values.insert(key, env.value(key));
    }
    QFile log(dir + QStringLiteral("/calls.log"));
    if (log.open(QIODevice::Append)) {
        log.write(QJsonDocument(QJsonObject { { QStringLiteral("args"), QJsonArray::fromStringList(args) },
                                    { QStringLiteral("values"), values }, { QStringLiteral("script"), name } })
                      .toJson(QJsonDocument::Compact)
            + '\n');
        log.close();
    }
    if (QFile::exists(dir + QStringLiteral("/hang")))
        std::this_thread::sleep_for(std::chrono::seconds(600));
    if (name == QLatin1String("unknown")) {
        std::fputs("powershell (stand-in): unknown script\n", stderr);
        return 86;
    }
    const QByteArray out = readFile(dir + QLatin1Char('/') + answer + QStringLiteral(".out"));
    const QByteArray err = readFile(dir + QLatin1Char('/') + answer + QStringLiteral(".err"));
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fwrite(err.constData(), 1, size_t(err.size()), stderr);
    return readFile(dir + QLatin1Char('/') + answer + QStringLiteral(".exit")).trimmed().toInt();
}

void runAsFakePowerShell(int argc, char **argv)
{
    const QString program = QFileInfo(QString::fromLocal8Bit(argv[0])).completeBaseName().toLower();
    if (program != QLatin1String("powershell"))
        return;
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    std::exit(fakePowerShell(args));
}

// Windows PowerShell 5.1's CLIXML stderr, as the double writes it (tests/doubles/powershell/README.md).
const QByteArray clixmlStart
    = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">";
const QByteArray progressRecord
    = "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T><T>System."
      "Object</T></TN><MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first use.</AV><AI>0</"
      "AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>";

QByteArray clixml(const QStringList &lines)
{
    QByteArray xml = clixmlStart + progressRecord;
    for (const QString &line : lines)
        xml += "<S S=\"Error\">" + line.toUtf8() + "_x000D__x000A_</S>";
    return xml + "</Objs>";
}

const QByteArray accessDenied = clixml({ QStringLiteral("Get-VM : You do not have the required permission to complete "
                                                        "this task. Contact the administrator of the authorization "),
    QStringLiteral("policy for the computer 'BERTH-HOST'."), QStringLiteral("At line:4 char:1"),
    QStringLiteral("+ Get-VM | Where-Object { $_.Name -eq $env:BERTH_PS_NAME } | Select-Obje ..."),
    QStringLiteral("+ ~~~~~~"),
    QStringLiteral("    + CategoryInfo          : PermissionDenied: (:) [Get-VM], VirtualizationException"),
    QStringLiteral("    + FullyQualifiedErrorId : AccessDenied,Microsoft.HyperV.PowerShell.Commands.GetVM"),
    QStringLiteral(" ") });

// docker-machine 0.16's config.json of a Hyper-V machine on Windows (drivers/hyperv/hyperv.go's fields and
// libmachine's BaseDriver, and a field of a plugin's that Berth must keep): its Driver section. Elsewhere its local
// paths are this system's (a Windows path is no absolute path on Linux, and config.json's are checked).
QJsonObject toolboxJson(const QString &store)
{
    const QJsonObject config
        = QJsonDocument::fromJson(readFile(QStringLiteral(BERTH_TEST_DATA_DIR "/hyperv/toolbox-windows-config.json")))
              .object();
    QJsonObject json = config.value(QLatin1String("Driver")).toObject();
#if defined(Q_OS_WIN)
    Q_UNUSED(store)
#else
    json.insert(QLatin1String("SSHKeyPath"), QString(store + QStringLiteral("/machines/dev/id_rsa")));
    json.insert(QLatin1String("StorePath"), store);
#endif
    return json;
}

} // namespace

class TestHyperV : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // PowerShell's command line and answers
    void commandLine();
    void environmentHoldsTheValues();
    void scriptsAreConstants();
    void clixmlErrors();
    void clixmlWithOwnText();
    void plainTextErrors();
    void clixmlStrings();
    void jsonAnswers();

    // What answers mean
    void switchChoice();
    void vmStates();
    void guestAddresses();

    // Flags and config.json
    void flagsAsDockerMachine();
    void refusedFlags_data();
    void refusedFlags();
    void flagValues();
    void sharedFolderFlags();
    void sharedFolderMount();
    void jsonRoundTrip();
    void jsonOfToolboxMachine();
    void jsonRefusesBadFields();

    // Against the stand-in powershell
    void preCreateCheckPasses();
    void preCreateCheckWithoutModule();
    void preCreateCheckWithoutRights();
    void preCreateCheckWithoutSwitch();
    void preCreateCheckFindsTakenName();
    void preCreateCheckForSharedFolder();
    void createPassesValuesInTheEnvironment();
    void stateAndAccessDenied();
    void removeTurnsOffRemovesAndDeletesDisks();
    void stopCompactsTheDataDisk();
    void upgradeRefusedByHyperVChangesNothing();
    void upgradeRefusesAnAddedDisk();
    void hungPowerShellIsStopped();
    void registryHasHyperV();

private:
    QStringList scriptsCalled() const;
    QList<QJsonObject> calls() const;
    // The machine as create left it: its VM's Id and the image's version in its configuration.
    static bool madeByCreate(HyperVDriver *made);
    void answer(const QString &script, const QByteArray &out, const QByteArray &err = {}, int exitCode = 0);
    QString writeImage();
    void passingHost();

    QTemporaryDir m_dir;
    QString m_bin;
    QString m_fake;
    QString m_store;
    std::unique_ptr<test::ScopedEnvironment> m_env;
};

void TestHyperV::initTestCase()
{
    QVERIFY(m_dir.isValid());
#if defined(Q_OS_WIN)
    // Where Windows has it: %SystemRoot%\System32\WindowsPowerShell\v1.0.
    m_bin = m_dir.filePath(QStringLiteral("Windows/System32/WindowsPowerShell/v1.0"));
    const QString program = QStringLiteral("powershell.exe");
#else
    m_bin = m_dir.filePath(QStringLiteral("bin"));
    const QString program = QStringLiteral("powershell");
#endif
    QVERIFY(QDir().mkpath(m_bin));
    QVERIFY(QFile::copy(QCoreApplication::applicationFilePath(), m_bin + QLatin1Char('/') + program));
}

void TestHyperV::init()
{
    m_env = std::make_unique<test::ScopedEnvironment>();
    for (const char *name : { "BERTH_VM_IMAGE", "HYPERV_IMAGE", "HYPERV_VIRTUAL_SWITCH", "HYPERV_MEMORY",
             "HYPERV_CPU_COUNT", "HYPERV_DISK_SIZE", "HYPERV_BOOT2DOCKER_URL", "HYPERV_STATIC_MACADDRESS",
             "HYPERV_VLAN_ID", "HYPERV_DISABLE_DYNAMIC_MEMORY", "HYPERV_SHARE_USER", "HYPERV_SHARE_FOLDER",
             "HYPERV_SHARE_PASSWORD", "BERTH_PS_STALE" })
        m_env->unset(name);
    m_fake = m_dir.filePath(QStringLiteral("fake-") + QString::fromLatin1(QTest::currentTestFunction()));
    QDir(m_fake).removeRecursively();
    QVERIFY(QDir().mkpath(m_fake));
    m_store = m_dir.filePath(QStringLiteral("store-") + QString::fromLatin1(QTest::currentTestFunction()));
    QVERIFY(QDir().mkpath(m_store + QStringLiteral("/machines/box")));
    m_env->set("BERTH_FAKE_PS", QDir::toNativeSeparators(m_fake).toUtf8());
    m_env->set("BERTH_CACHE", QDir::toNativeSeparators(m_fake + QStringLiteral("/cache")).toUtf8());
#if defined(Q_OS_WIN)
    m_env->set("SystemRoot", QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("Windows"))).toUtf8());
#else
    m_env->set("PATH", QFile::encodeName(m_bin) + ':' + qgetenv("PATH"));
#endif
}

void TestHyperV::cleanup()
{
    m_env.reset();
}

QList<QJsonObject> TestHyperV::calls() const
{
    QList<QJsonObject> all;
    for (const QByteArray &line : readFile(m_fake + QStringLiteral("/calls.log")).split('\n')) {
        if (!line.isEmpty())
            all << QJsonDocument::fromJson(line).object();
    }
    return all;
}

QStringList TestHyperV::scriptsCalled() const
{
    QStringList names;
    for (const QJsonObject &call : calls())
        names << call.value(QLatin1String("script")).toString();
    return names;
}

void TestHyperV::answer(const QString &script, const QByteArray &out, const QByteArray &err, int exitCode)
{
    writeFile(m_fake + QLatin1Char('/') + script + QStringLiteral(".out"), out);
    writeFile(m_fake + QLatin1Char('/') + script + QStringLiteral(".err"), err);
    writeFile(m_fake + QLatin1Char('/') + script + QStringLiteral(".exit"), QByteArray::number(exitCode));
}

QString TestHyperV::writeImage()
{
    const QString dir = m_dir.filePath(QStringLiteral("image"));
    QDir().mkpath(dir);
    QJsonObject files;
    for (const auto &[name, data] : { std::pair { QStringLiteral("system.vhdx"), QByteArray(8192, 'v') },
             std::pair { QStringLiteral("boot.iso"), QByteArray(4096, 'i') } }) {
        writeFile(dir + QLatin1Char('/') + name, data);
        files.insert(name,
            QJsonObject { { QStringLiteral("sha256"),
                              QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()) },
                { QStringLiteral("size"), data.size() } });
    }
    writeFile(dir + QStringLiteral("/manifest.json"),
        QJsonDocument(QJsonObject { { QStringLiteral("version"), QStringLiteral("0.1.0-test") },
                          { QStringLiteral("files"), files } })
            .toJson());
    return dir;
}

void TestHyperV::passingHost()
{
    // UTF-8 output of .NET Framework's console may start with a byte order mark.
    answer(QStringLiteral("hostCheck"),
        "\xEF\xBB\xBF"
        "2\r\nTrue\r\nFalse\r\n");
    answer(QStringLiteral("vmCountAndSwitches"),
        "0\r\n[{\"Name\":\"Default Switch\",\"SwitchType\":1,\"Id\":\"c08cb7b8-9b3c-408e-8e30-5e16a3aeb444\"}]\r\n");
    m_env->set("BERTH_VM_IMAGE", QFile::encodeName(writeImage()));
}

// --- PowerShell's command line and answers ---

void TestHyperV::commandLine()
{
    const QString script = QStringLiteral("Get-VM -Name $env:BERTH_PS_NAME | ConvertTo-Json\n# ünïcode €");
    const QStringList args = PowerShell::arguments(script);
    QCOMPARE(args.mid(0, 5),
        (QStringList { QStringLiteral("-NoProfile"), QStringLiteral("-NonInteractive"),
            QStringLiteral("-ExecutionPolicy"), QStringLiteral("Bypass"), QStringLiteral("-EncodedCommand") }));
    QCOMPARE(args.size(), 6);
    // base64 of UTF-16LE, as powershell.exe -EncodedCommand takes it.
    const QByteArray utf16 = QByteArray::fromBase64(args.at(5).toLatin1());
    QCOMPARE(utf16.size(), script.size() * 2);
    QCOMPARE(utf16.left(4), QByteArray("G\0e\0", 4));
    QCOMPARE(PowerShell::decodeScript(args.at(5)), script);
}

void TestHyperV::environmentHoldsTheValues()
{
    QProcessEnvironment base;
    base.insert(QStringLiteral("PATH"), QStringLiteral("/bin"));
    base.insert(QStringLiteral("BERTH_PS_STALE"), QStringLiteral("from before"));
    base.insert(QStringLiteral("berth_ps_name"), QStringLiteral("another spelling"));
    const QString awkward = QStringLiteral("it's \"$(Remove-Item C:\\)\"; `n & <x>");
    const QProcessEnvironment env = PowerShell::environment({ { QStringLiteral("NAME"), awkward } }, base);
    QCOMPARE(env.value(QStringLiteral("PATH")), QStringLiteral("/bin"));
    QCOMPARE(env.value(QStringLiteral("BERTH_PS_NAME")), awkward);
    QVERIFY(!env.contains(QStringLiteral("BERTH_PS_STALE")));
    // One variable of the name, whatever its spelling was (Windows's environment ignores case).
    QStringList named;
    for (const QString &key : env.keys()) {
        if (key.compare(QLatin1String("BERTH_PS_NAME"), Qt::CaseInsensitive) == 0)
            named << key;
    }
    QCOMPARE(named, QStringList { QStringLiteral("BERTH_PS_NAME") });
}

void TestHyperV::scriptsAreConstants()
{
    const QMap<QString, QString> all = knownScripts();
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        const QString &script = it.value();
        // Every script stops at the first error and reads values from the environment only.
        QVERIFY2(script.startsWith(QLatin1String("$ErrorActionPreference = 'Stop'\n")), qPrintable(it.key()));
        QVERIFY2(!script.contains(QLatin1String("%1")), qPrintable(it.key()));
        QVERIFY2(script.contains(QLatin1String("ConvertTo-Json")) || !script.contains(QLatin1String("Select-Object")),
            qPrintable(it.key()));
    }
    // Values never reach the script's text: a machine named like a command is data.
    QVERIFY(scripts::vm().contains(QLatin1String("$_.Name -eq $env:BERTH_PS_NAME")));
    QVERIFY(scripts::createVm(true, false, false)
                .contains(QLatin1String("-SecureBootTemplate MicrosoftUEFICertificateAuthority")));
    QVERIFY(scripts::createVm(true, false, false).contains(QLatin1String("-Generation 2")));
    QVERIFY(scripts::createVm(true, false, false).contains(QLatin1String("-DynamicMemoryEnabled $true")));
    QVERIFY(scripts::createVm(false, false, false).contains(QLatin1String("-DynamicMemoryEnabled $false")));
    QVERIFY(!scripts::createVm(false, false, false).contains(QLatin1String("MinimumBytes")));
    QVERIFY(!scripts::createVm(true, false, false).contains(QLatin1String("StaticMacAddress")));
    QVERIFY(scripts::createVm(true, true, false).contains(QLatin1String("-StaticMacAddress $env:BERTH_PS_MAC\n")));
    // docker-machine's VLAN: the adapter in access mode, only when one is asked for.
    QVERIFY(!scripts::createVm(true, false, false).contains(QLatin1String("Vlan")));
    QVERIFY(scripts::createVm(true, false, true)
                .contains(QLatin1String("Set-VMNetworkAdapterVlan -VMName $env:BERTH_PS_NAME -Access -VlanId "
                                        "$env:BERTH_PS_VLAN\n")));
    // The shared folder: the share, the folder and the account as values; a missing share is no failure.
    QVERIFY(scripts::smbShare().contains(QLatin1String(
        "Get-SmbShare -Name $env:BERTH_PS_SHARE -ErrorAction SilentlyContinue | Select-Object Name,Path")));
    QVERIFY(scripts::smbShare().endsWith(QLatin1String("exit 0\n")));
    QVERIFY(scripts::newSmbShare().contains(QLatin1String(
        "New-SmbShare -Name $env:BERTH_PS_SHARE -Path $env:BERTH_PS_FOLDER -FullAccess $env:BERTH_PS_USER")));
    QVERIFY(scripts::removeSmbShare().contains(QLatin1String("Remove-SmbShare -Name $env:BERTH_PS_SHARE -Force\n")));
    QVERIFY(scripts::hostAddress().contains(
        QLatin1String("-InterfaceAlias ('vEthernet (' + $env:BERTH_PS_SWITCH + ')') -AddressFamily IPv4")));
    // docker-machine's expressions for the two groups.
    QVERIFY(scripts::hostCheck().contains(QLatin1String(".IsInRole(\"S-1-5-32-578\")")));
    QVERIFY(scripts::hostCheck().contains(
        QLatin1String(".IsInRole([Security.Principal.WindowsBuiltInRole] \"Administrator\")")));
}

void TestHyperV::clixmlErrors()
{
    const QList<ErrorRecord> records = PowerShell::decodeErrors(accessDenied);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().command, QStringLiteral("Get-VM"));
    QCOMPARE(records.first().message,
        QStringLiteral("You do not have the required permission to complete this task. Contact the administrator of "
                       "the authorization policy for the computer 'BERTH-HOST'."));
    QCOMPARE(records.first().category, QStringLiteral("PermissionDenied: (:) [Get-VM], VirtualizationException"));
    QCOMPARE(records.first().errorId, QStringLiteral("AccessDenied,Microsoft.HyperV.PowerShell.Commands.GetVM"));

    // An unknown command (no Hyper-V module): its message wrapped at the console's width.
    const QList<ErrorRecord> unknown = PowerShell::decodeErrors(
        clixml({ QStringLiteral("Get-VMSwitch : The term 'Get-VMSwitch' is not recognized as the name of a cmdlet, "
                                "function, script file, or operable program. "),
            QStringLiteral("Check the spelling of the name, or if a path was included, verify that the path is correct "
                           "and try again."),
            QStringLiteral("At line:5 char:1"),
            QStringLiteral("+ Get-VMSwitch | Select-Object Name,SwitchType,Id | "
                           "ConvertTo-Json -Compress"),
            QStringLiteral("+ ~~~~~~~~~~~~"),
            QStringLiteral("    + CategoryInfo          : ObjectNotFound: (Get-VMSwitch:String) [], "
                           "CommandNotFoundException"),
            QStringLiteral("    + FullyQualifiedErrorId : CommandNotFoundException"), QStringLiteral(" ") }));
    QCOMPARE(unknown.size(), 1);
    QVERIFY(unknown.first().message.endsWith(QLatin1String("operable program. Check the spelling of the name, or if "
                                                           "a path was included, verify that the path is correct and "
                                                           "try again.")));
    QCOMPARE(unknown.first().errorId, QStringLiteral("CommandNotFoundException"));

    // Progress only (a success): no error.
    QVERIFY(PowerShell::decodeErrors(clixmlStart + progressRecord + "</Objs>").isEmpty());
    QVERIFY(PowerShell::decodeErrors(QByteArray()).isEmpty());
}

void TestHyperV::clixmlWithOwnText()
{
    // [Console]::Error.WriteLine text comes raw after the marker, before the document.
    const QByteArray err = "#< CLIXML\r\nHyper-V was unable to find a virtual machine with name \"ghost\".\r\n"
        + clixmlStart.mid(11) + progressRecord + "</Objs>";
    const QList<ErrorRecord> records = PowerShell::decodeErrors(err);
    QCOMPARE(records.size(), 1);
    QCOMPARE(
        records.first().message, QStringLiteral("Hyper-V was unable to find a virtual machine with name \"ghost\"."));
    QVERIFY(records.first().command.isEmpty());
}

void TestHyperV::plainTextErrors()
{
    // With -Command or a console the same view comes as text.
    const QList<ErrorRecord> records = PowerShell::decodeErrors(
        "New-VM : Hyper-V was unable to find a virtual switch with name \"Default Switch\".\r\n"
        "At line:1 char:1\r\n+ New-VM -Name x -SwitchName 'Default Switch'\r\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\r\n"
        "    + CategoryInfo          : InvalidArgument: (Default Switch:String) [New-VM], VirtualizationException\r\n"
        "    + FullyQualifiedErrorId : InvalidParameter,Microsoft.HyperV.PowerShell.Commands.NewVM\r\n \r\n");
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().command, QStringLiteral("New-VM"));
    QCOMPARE(records.first().message,
        QStringLiteral("Hyper-V was unable to find a virtual switch with name \"Default Switch\"."));
    // A parse error: its position first, its message after the caret.
    const QList<ErrorRecord> parse = PowerShell::decodeErrors(
        "At line:1 char:14\r\n+ Get-VM -Name 'x\r\n+              ~~\r\nThe string is missing the terminator: '.\r\n"
        "    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\r\n"
        "    + FullyQualifiedErrorId : TerminatorExpectedAtEndOfString\r\n \r\n");
    QCOMPARE(parse.size(), 1);
    QCOMPARE(parse.first().message, QStringLiteral("The string is missing the terminator: '."));
    QCOMPARE(parse.first().errorId, QStringLiteral("TerminatorExpectedAtEndOfString"));
}

void TestHyperV::clixmlStrings()
{
    QCOMPARE(PowerShell::decodeClixmlString(QStringLiteral("a &lt;b&gt; &amp;amp; c_x000D__x000A_")),
        QStringLiteral("a <b> &amp; c\r\n"));
    QCOMPARE(PowerShell::decodeClixmlString(QStringLiteral("_x005F_x0041_ &#233;")), QStringLiteral("_x0041_ é"));
}

void TestHyperV::jsonAnswers()
{
    QJsonArray items;
    QString error;
    // Windows PowerShell 5.1: one object is not wrapped in an array; CRLF; two spaces after the colon.
    QVERIFY(PowerShell::parseJson("{\r\n    \"Name\":  \"box\",\r\n    \"State\":  3\r\n}\r\n", &items, &error));
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).toObject().value(QLatin1String("State")).toInt(), 3);
    QVERIFY(PowerShell::parseJson("[{\"Name\":\"a\"},{\"Name\":\"b\"}]\r\n", &items, &error));
    QCOMPARE(items.size(), 2);
    QVERIFY(PowerShell::parseJson("\r\n", &items, &error));
    QCOMPARE(items.size(), 0);
    QVERIFY(PowerShell::parseJson("\"text\"\r\n", &items, &error));
    QCOMPARE(items.at(0).toString(), QStringLiteral("text"));
    QVERIFY(!PowerShell::parseJson("Name : box\r\n", &items, &error));
    QVERIFY2(error.contains(QLatin1String("not JSON")), qPrintable(error));

    VmRecord vm;
    QVERIFY(PowerShell::parseJson("{\"Name\":\"box\",\"Id\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"State\":2,"
                                  "\"Path\":\"C:\\\\Users\\\\alice\\\\.docker\\\\machine\\\\machines\\\\box\\\\box\"}",
        &items, &error));
    QVERIFY(parseVm(items, &vm));
    QCOMPARE(vm.id, QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    QCOMPARE(vm.state, 2);
    QCOMPARE(vm.path, QStringLiteral("C:\\Users\\alice\\.docker\\machine\\machines\\box\\box"));
    QVERIFY(!parseVm(QJsonArray(), &vm));
}

// --- What answers mean ---

void TestHyperV::switchChoice()
{
    const Switch defaultSwitch { QStringLiteral("Default Switch"), 1, QString::fromLatin1(defaultSwitchId) };
    // A German Windows names it otherwise: its Id is the same.
    const Switch standardSwitch { QStringLiteral("Standardswitch"), 1, QString::fromLatin1(defaultSwitchId) };
    const Switch external { QStringLiteral("Ethernet (extern)"), 2, QStringLiteral("1") };
    const Switch internal { QStringLiteral("Intern"), 1, QStringLiteral("2") };
    const QString flag = QStringLiteral("hyperv-virtual-switch");
    QString chosen, error;
    QVERIFY(chooseSwitch(QString(), { internal, external, defaultSwitch }, flag, &chosen, &error));
    QCOMPARE(chosen, QStringLiteral("Default Switch"));
    QVERIFY(chooseSwitch(QString(), { standardSwitch, external }, flag, &chosen, &error));
    QCOMPARE(chosen, QStringLiteral("Standardswitch"));
    QVERIFY(chooseSwitch(QString(), { internal, external }, flag, &chosen, &error));
    QCOMPARE(chosen, QStringLiteral("Ethernet (extern)"));
    // Named: as Hyper-V compares names, ignoring case.
    QVERIFY(chooseSwitch(QStringLiteral("intern"), { defaultSwitch, internal }, flag, &chosen, &error));
    QCOMPARE(chosen, QStringLiteral("Intern"));
    QVERIFY(!chooseSwitch(QStringLiteral("LAN"), { defaultSwitch, internal }, flag, &chosen, &error));
    QVERIFY2(error.contains(QLatin1String("\"Default Switch\", \"Intern\"")), qPrintable(error));
    QVERIFY2(error.contains(optionName(flag)), qPrintable(error));
    // Only an internal switch (no DHCP) or none: say how to make an External one.
    QVERIFY(!chooseSwitch(QString(), { internal }, flag, &chosen, &error));
    QVERIFY2(error.contains(QLatin1String("New-VMSwitch")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Virtual Switch Manager")), qPrintable(error));
    QVERIFY(!chooseSwitch(QString(), {}, flag, &chosen, &error));

    QJsonArray items;
    QVERIFY(PowerShell::parseJson("[{\"Name\":\"Default Switch\",\"SwitchType\":1,\"Id\":\"C08CB7B8-9B3C-408E-8E30-"
                                  "5E16A3AEB444\"},{\"Name\":\"LAN\",\"SwitchType\":\"External\",\"Id\":\"x\"}]",
        &items, &error));
    const QList<Switch> parsed = parseSwitches(items);
    QCOMPARE(parsed.size(), 2);
    QCOMPARE(parsed.at(0).id, QString::fromLatin1(defaultSwitchId));
    QCOMPARE(parsed.at(1).type, 2);
}

void TestHyperV::vmStates()
{
    QCOMPARE(machineState(2), MachineState::Running);
    QCOMPARE(machineState(3), MachineState::Stopped);
    QCOMPARE(machineState(4), MachineState::Stopping);
    QCOMPARE(machineState(6), MachineState::Saved);
    QCOMPARE(machineState(9), MachineState::Paused);
    QCOMPARE(machineState(10), MachineState::Starting);
    QCOMPARE(machineState(32770), MachineState::Running);
    QCOMPARE(machineState(1), MachineState::Error);
    VmRecord vm;
    QVERIFY(parseVm(QJsonArray { QJsonObject { { QStringLiteral("Name"), QStringLiteral("box") },
                        { QStringLiteral("State"), QStringLiteral("Off") } } },
        &vm));
    QCOMPARE(vm.state, 3);
}

void TestHyperV::guestAddresses()
{
    bool ipv6Only = true;
    QString reported;
    const auto adapters = [](const QJsonValue &addresses) {
        return QJsonArray { QJsonObject { { QStringLiteral("Name"), QStringLiteral("Network Adapter") },
            { QStringLiteral("IPAddresses"), addresses } } };
    };
    QCOMPARE(
        guestIpv4(adapters(QJsonArray { QStringLiteral("fe80::215:5dff:fe3a:91c4"), QStringLiteral("172.30.16.57") }),
            &ipv6Only, &reported),
        QStringLiteral("172.30.16.57"));
    QVERIFY(!ipv6Only);
    QCOMPARE(reported, QStringLiteral("fe80::215:5dff:fe3a:91c4, 172.30.16.57"));
    QCOMPARE(guestIpv4(adapters(QJsonArray()), &ipv6Only), QString());
    QVERIFY(!ipv6Only);
    QCOMPARE(guestIpv4(adapters(QJsonArray { QStringLiteral("fe80::215:5dff:fe3a:91c4") }), &ipv6Only), QString());
    QVERIFY(ipv6Only);
    // An address the guest gave itself when no DHCP server answered is no way in.
    QCOMPARE(guestIpv4(adapters(QJsonArray { QStringLiteral("169.254.3.4"), QStringLiteral("fe80::1") }), &ipv6Only),
        QString());
    QVERIFY(ipv6Only);
    QCOMPARE(guestIpv4(adapters(QStringLiteral("10.0.0.5")), &ipv6Only), QStringLiteral("10.0.0.5"));
}

// --- Flags and config.json ---

void TestHyperV::flagsAsDockerMachine()
{
    QMap<QString, QString> flags;
    for (const DriverFlag &flag : HyperVDriver::createFlags())
        flags.insert(flag.name, flag.envVar);
    // docker-machine's drivers/hyperv flags and their variables, all of them.
    const QMap<QString, QString> docker { { QStringLiteral("hyperv-boot2docker-url"),
                                              QStringLiteral("HYPERV_BOOT2DOCKER_URL") },
        { QStringLiteral("hyperv-virtual-switch"), QStringLiteral("HYPERV_VIRTUAL_SWITCH") },
        { QStringLiteral("hyperv-disk-size"), QStringLiteral("HYPERV_DISK_SIZE") },
        { QStringLiteral("hyperv-memory"), QStringLiteral("HYPERV_MEMORY") },
        { QStringLiteral("hyperv-cpu-count"), QStringLiteral("HYPERV_CPU_COUNT") },
        { QStringLiteral("hyperv-static-macaddress"), QStringLiteral("HYPERV_STATIC_MACADDRESS") },
        { QStringLiteral("hyperv-vlan-id"), QStringLiteral("HYPERV_VLAN_ID") },
        { QStringLiteral("hyperv-disable-dynamic-memory"), QStringLiteral("HYPERV_DISABLE_DYNAMIC_MEMORY") } };
    for (auto it = docker.cbegin(); it != docker.cend(); ++it)
        QCOMPARE(flags.value(it.key()), it.value());
    for (const DriverFlag &flag : HyperVDriver::createFlags()) {
        if (flag.name == QLatin1String("hyperv-disk-size"))
            QCOMPARE(flag.defaultValue, QStringLiteral("20000"));
        if (flag.name == QLatin1String("hyperv-memory"))
            QCOMPARE(flag.defaultValue, QStringLiteral("1024"));
        if (flag.name == QLatin1String("hyperv-cpu-count"))
            QCOMPARE(flag.defaultValue, QStringLiteral("1"));
    }
}

void TestHyperV::refusedFlags_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("taken");
    QTest::newRow("boot2docker-url") << QStringLiteral("hyperv-boot2docker-url")
                                     << QStringLiteral("https://example.com/b2d.iso") << false;
}

void TestHyperV::refusedFlags()
{
    QFETCH(QString, flag);
    QFETCH(QString, value);
    QFETCH(bool, taken);
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QCOMPARE(made.setConfigFromFlags({ { flag, { value } } }, &error), taken);
    if (!taken) {
        QVERIFY2(error.startsWith(optionName(flag) + QStringLiteral(" is docker-machine's")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Leave it out")), qPrintable(error));
    }
    // The same from docker-machine's environment variable.
    for (const DriverFlag &declared : DriverRegistry::find(QStringLiteral("hyperv"))->flags) {
        if (declared.name != flag)
            continue;
        m_env->set(declared.envVar.toLatin1().constData(), value.toUtf8());
        HyperVDriver fromEnvironment(QStringLiteral("box"), m_store);
        QCOMPARE(fromEnvironment.setConfigFromFlags({}, &error), taken);
    }
}

void TestHyperV::flagValues()
{
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY2(
        made.setConfigFromFlags({ { QStringLiteral("hyperv-cpu-count"), { QStringLiteral("1") } },
                                    { QStringLiteral("hyperv-memory"), { QStringLiteral("2048") } },
                                    { QStringLiteral("hyperv-disk-size"), { QStringLiteral("8000") } },
                                    { QStringLiteral("hyperv-virtual-switch"), { QStringLiteral("LAN") } },
                                    { QStringLiteral("hyperv-disable-dynamic-memory"), { QStringLiteral("true") } } },
            &error),
        qPrintable(error));
    QCOMPARE(made.resources().memoryMb, 2048);
    QCOMPARE(made.resources().diskMb, 8000);
    QCOMPARE(made.switchName(), QStringLiteral("LAN"));
    const QJsonObject json = made.toJson({});
    QCOMPARE(json.value(QLatin1String("DisableDynamicMemory")).toBool(), true);
    QCOMPARE(json.value(QLatin1String("MemSize")).toInt(), 2048);
    QVERIFY(!json.contains(QLatin1String("Memory")));
    // A VLAN is 1 to 4094 (0: none), as Hyper-V takes it.
    HyperVDriver vlan(QStringLiteral("box"), m_store);
    QVERIFY(!vlan.setConfigFromFlags({ { QStringLiteral("hyperv-vlan-id"), { QStringLiteral("4095") } } }, &error));
    QVERIFY2(error.contains(QLatin1String("--hyperv-vlan-id")), qPrintable(error));
    QVERIFY(vlan.setConfigFromFlags({ { QStringLiteral("hyperv-vlan-id"), { QStringLiteral("4094") } } }, &error));
    QCOMPARE(vlan.toJson({}).value(QLatin1String("VLanID")).toInt(), 4094);
    // Hyper-V gives memory in steps of 2 MB.
    HyperVDriver odd(QStringLiteral("box"), m_store);
    QVERIFY(odd.setConfigFromFlags({ { QStringLiteral("hyperv-memory"), { QStringLiteral("1025") } } }, &error));
    QCOMPARE(odd.resources().memoryMb, 1024);
    // A static MAC address as the user writes it, as Hyper-V takes it; none that an adapter may not have.
    QCOMPARE(staticMacAddress(QStringLiteral("00:15:5d:0a:0b:0c")), QStringLiteral("00155D0A0B0C"));
    QCOMPARE(staticMacAddress(QStringLiteral("00-15-5D-0A-0B-0C")), QStringLiteral("00155D0A0B0C"));
    QCOMPARE(staticMacAddress(QStringLiteral("00155D0A0B0C")), QStringLiteral("00155D0A0B0C"));
    QCOMPARE(staticMacAddress(QStringLiteral("01005E000001")), QString()); // multicast
    QCOMPARE(staticMacAddress(QStringLiteral("000000000000")), QString());
    QCOMPARE(staticMacAddress(QStringLiteral("00155D0A0B0")), QString());
    QCOMPARE(staticMacAddress(QStringLiteral("00155D0A0B0G")), QString());
    HyperVDriver mac(QStringLiteral("box"), m_store);
    QVERIFY(!mac.setConfigFromFlags(
        { { QStringLiteral("hyperv-static-macaddress"), { QStringLiteral("01:00:5e:00:00:01") } } }, &error));
    QVERIFY2(error.contains(QLatin1String("multicast")), qPrintable(error));
    QVERIFY(mac.setConfigFromFlags(
        { { QStringLiteral("hyperv-static-macaddress"), { QStringLiteral("00:15:5d:0a:0b:0c") } } }, &error));
    QCOMPARE(mac.toJson({}).value(QLatin1String("MacAddr")).toString(), QStringLiteral("00155D0A0B0C"));
    HyperVDriver small(QStringLiteral("box"), m_store);
    QVERIFY(!small.setConfigFromFlags({ { QStringLiteral("hyperv-memory"), { QStringLiteral("256") } } }, &error));
    HyperVDriver control(QStringLiteral("box"), m_store);
    QVERIFY(!control.setConfigFromFlags(
        { { QStringLiteral("hyperv-virtual-switch"), { QStringLiteral("LAN\nx") } } }, &error));
}

void TestHyperV::sharedFolderFlags()
{
    QString error;
    // A folder needs the account it is mounted as.
    HyperVDriver folderOnly(QStringLiteral("box"), m_store);
    QVERIFY(!folderOnly.setConfigFromFlags({ { QStringLiteral("hyperv-share-folder"), { m_dir.path() } } }, &error));
    QVERIFY2(error.contains(QLatin1String("--hyperv-share-folder needs --hyperv-share-user")), qPrintable(error));
    HyperVDriver comma(QStringLiteral("box"), m_store);
    QVERIFY(!comma.setConfigFromFlags({ { QStringLiteral("hyperv-share-user"), { QStringLiteral("a,b") } } }, &error));
    QVERIFY2(error.contains(QLatin1String("no Windows account's name")), qPrintable(error));
    // The home folder by default; config.json names the account and the folder, never the password.
    m_env->set("HYPERV_SHARE_PASSWORD", "s3cret,pw");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QVERIFY2(
        made.setConfigFromFlags({ { QStringLiteral("hyperv-share-user"), { QStringLiteral("PC\\alice") } } }, &error),
        qPrintable(error));
    const QJsonObject json = made.toJson({});
    QCOMPARE(json.value(QLatin1String("ShareUser")).toString(), QStringLiteral("PC\\alice"));
    QCOMPARE(json.value(QLatin1String("SharedFolder")).toString(), QDir::toNativeSeparators(QDir::homePath()));
    QCOMPARE(json.value(QLatin1String("ShareName")).toString(), QString()); // made by create
    QVERIFY(!QJsonDocument(json).toJson().contains("s3cret"));
    HyperVDriver read(QStringLiteral("box"), m_store);
    QVERIFY2(read.fromJson(json, &error), qPrintable(error));
    QCOMPARE(read.toJson({}), json);
    // Without the account nothing is shared.
    HyperVDriver none(QStringLiteral("box"), m_store);
    QVERIFY(none.setConfigFromFlags({}, &error));
    QCOMPARE(none.toJson({}).value(QLatin1String("SharedFolder")).toString(), QString());
}

void TestHyperV::sharedFolderMount()
{
    QCOMPARE(splitAccount(QStringLiteral("PC\\alice")).domain, QStringLiteral("PC"));
    QCOMPARE(splitAccount(QStringLiteral("PC\\alice")).user, QStringLiteral("alice"));
    QCOMPARE(splitAccount(QStringLiteral("alice@outlook.com")).domain, QString());
    QCOMPARE(splitAccount(QStringLiteral("alice@outlook.com")).user, QStringLiteral("alice@outlook.com"));
    QCOMPARE(shareNameFor(QStringLiteral("default")), QStringLiteral("berth-default"));
    // The kernel reads a doubled comma in a password as one.
    QCOMPARE(cifsPasswordInput(QStringLiteral("a,b c,")), QByteArray("a,,b c,,\n"));
    // Every value a single-quoted word of its own, a quote in a path too; no password on the command line.
    const QString command = guestMountCommand(QStringLiteral("/c/Users/o'neil"), QStringLiteral("172.30.16.1"),
        QStringLiteral("berth-box"), QStringLiteral("PC\\o'neil"));
    QVERIFY2(command.startsWith(QLatin1String("sudo -n sh -c 'set -e\n")), qPrintable(command));
    QVERIFY2(command.endsWith(QLatin1String("' sh '/c/Users/o'\\''neil' '172.30.16.1' 'berth-box' 'o'\\''neil' 'PC'")),
        qPrintable(command));
    QVERIFY(command.contains(QLatin1String("IFS= read -r password")));
    QVERIFY(command.contains(QLatin1String("syscall(165, $source, $target, $type, 0, $options)")));
}

void TestHyperV::jsonRoundTrip()
{
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags({ { QStringLiteral("hyperv-cpu-count"), { QStringLiteral("1") } } }, &error));
    QJsonObject json = made.toJson({});
    json.insert(QLatin1String("VMId"), QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    json.insert(QLatin1String("ImageVersion"), QStringLiteral("0.1.0-test"));
    json.insert(QLatin1String("IPAddress"), QStringLiteral("172.30.16.57"));
    json.insert(QLatin1String("SomethingNew"), QStringLiteral("kept"));
    HyperVDriver read(QStringLiteral("box"), m_store);
    QVERIFY2(read.fromJson(json, &error), qPrintable(error));
    QVERIFY(!read.isToolboxMachine());
    QCOMPARE(read.url(&error), QStringLiteral("tcp://172.30.16.57:2376"));
    QCOMPARE(read.toJson(json), json);
}

void TestHyperV::jsonOfToolboxMachine()
{
    const QJsonObject json = toolboxJson(m_store);
    HyperVDriver toolbox(QStringLiteral("dev"), m_store);
    QString error;
    QVERIFY2(toolbox.fromJson(json, &error), qPrintable(error));
    QVERIFY(toolbox.isToolboxMachine());
    QCOMPARE(toolbox.resources().cpus, 2);
    QCOMPARE(toolbox.resources().memoryMb, 2048);
    QCOMPARE(toolbox.resources().diskMb, 40000);
    QCOMPARE(toolbox.switchName(), QStringLiteral("External Ethernet"));
    QCOMPARE(toolbox.sshUsername(), QStringLiteral("docker"));
    QCOMPARE(toolbox.ip(&error), QStringLiteral("172.30.16.57"));
    // Every field docker-machine wrote (and the one Berth does not know) is written back as it was.
    const QJsonObject written = toolbox.toJson(json);
    for (auto it = json.begin(); it != json.end(); ++it)
        QVERIFY2(written.value(it.key()) == it.value(), qPrintable(it.key()));
    bool upToDate = false;
    NoProgress progress;
    QVERIFY(!toolbox.upgrade(&progress, &upToDate, &error));
    QVERIFY2(error.contains(QLatin1String("boot2docker")), qPrintable(error));
}

void TestHyperV::jsonRefusesBadFields()
{
    for (const auto &[key, value] : { std::pair { QStringLiteral("VMId"), QJsonValue(QStringLiteral("x; Remove-VM")) },
             std::pair { QStringLiteral("MemSize"), QJsonValue(QStringLiteral("big")) },
             std::pair { QStringLiteral("VLanID"), QJsonValue(5000) },
             std::pair { QStringLiteral("VSwitch"), QJsonValue(QStringLiteral("LAN\n")) },
             std::pair { QStringLiteral("DisableDynamicMemory"), QJsonValue(QStringLiteral("yes")) } }) {
        QJsonObject json = toolboxJson(m_store);
        json.insert(key, value);
        HyperVDriver read(QStringLiteral("dev"), m_store);
        QString error;
        QVERIFY2(!read.fromJson(json, &error), qPrintable(key));
        QVERIFY2(error.contains(QStringLiteral("Driver.") + key), qPrintable(error));
    }
}

// --- Against the stand-in powershell ---

void TestHyperV::preCreateCheckPasses()
{
    passingHost();
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY2(made.setConfigFromFlags({}, &error), qPrintable(error));
    QVERIFY2(made.preCreateCheck(&error), qPrintable(error));
    QCOMPARE(made.switchName(), QStringLiteral("Default Switch"));
    QCOMPARE(scriptsCalled(), (QStringList { QStringLiteral("hostCheck"), QStringLiteral("vmCountAndSwitches") }));
    // The name went as a value, never as a word of the command line.
    const QJsonObject second = calls().at(1);
    QCOMPARE(second.value(QLatin1String("values")).toObject().value(QLatin1String("BERTH_PS_NAME")).toString(),
        QStringLiteral("box"));
    for (const QJsonValue &arg : second.value(QLatin1String("args")).toArray())
        QVERIFY(!arg.toString().contains(QLatin1String("box")));
}

void TestHyperV::preCreateCheckForSharedFolder()
{
    passingHost();
    answer(QStringLiteral("hostCheck"), "2\r\nFalse\r\nTrue\r\n"); // an administrator
    const QString folder = m_dir.filePath(QStringLiteral("shared"));
    QVERIFY(QDir().mkpath(folder));
    m_env->set("HYPERV_SHARE_PASSWORD", "pass,word");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY2(made.setConfigFromFlags({ { QStringLiteral("hyperv-share-user"), { QStringLiteral("PC\\alice") } },
                                         { QStringLiteral("hyperv-share-folder"), { folder } } },
                 &error),
        qPrintable(error));
    // No such share yet.
    answer(QStringLiteral("smbShare"), QByteArray());
    QVERIFY2(made.preCreateCheck(&error), qPrintable(error));
    QCOMPARE(scriptsCalled(),
        (QStringList {
            QStringLiteral("hostCheck"), QStringLiteral("smbShare"), QStringLiteral("vmCountAndSwitches") }));
    QCOMPARE(calls().at(1).value(QLatin1String("values")).toObject().value(QLatin1String("BERTH_PS_SHARE")).toString(),
        QStringLiteral("berth-box"));
    // The password goes to no PowerShell.
    for (const QJsonObject &call : calls())
        QVERIFY(!QJsonDocument(call).toJson().contains("pass,word"));
    // A share of that name for this folder is taken over; for another folder, refused.
    answer(QStringLiteral("smbShare"),
        QStringLiteral("{\"Name\":\"berth-box\",\"Path\":\"%1\"}\r\n")
            .arg(QDir::toNativeSeparators(folder).replace(QLatin1Char('\\'), QStringLiteral("\\\\")))
            .toUtf8());
    QVERIFY2(made.preCreateCheck(&error), qPrintable(error));
    answer(QStringLiteral("smbShare"), "{\"Name\":\"berth-box\",\"Path\":\"D:\\\\Other\"}\r\n");
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("Windows already shares D:\\Other as \"berth-box\"")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Remove-SmbShare -Name berth-box")), qPrintable(error));
    // Only an administrator shares a folder (a Hyper-V Administrator may still create without one).
    answer(QStringLiteral("smbShare"), QByteArray());
    answer(QStringLiteral("hostCheck"), "2\r\nTrue\r\nFalse\r\n");
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("Only an administrator may share a folder")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("--hyperv-share-user")), qPrintable(error));
    // A folder that is not there.
    answer(QStringLiteral("hostCheck"), "2\r\nFalse\r\nTrue\r\n");
    QVERIFY(QDir(folder).removeRecursively());
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("does not exist")), qPrintable(error));
}

void TestHyperV::preCreateCheckWithoutModule()
{
    passingHost();
    answer(QStringLiteral("hostCheck"), "0\r\nTrue\r\nTrue\r\n");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags({}, &error));
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("Hyper-V PowerShell module is not installed")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Enable-WindowsOptionalFeature")), qPrintable(error));
    // A powershell.exe that runs no script (Wine's) answers nothing.
    answer(QStringLiteral("hostCheck"), QByteArray());
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("said nothing: it is not a working Windows PowerShell")), qPrintable(error));
}

void TestHyperV::preCreateCheckWithoutRights()
{
    passingHost();
    answer(QStringLiteral("hostCheck"), "2\r\nFalse\r\nFalse\r\n");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags({}, &error));
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("Add-LocalGroupMember -Group \"Hyper-V Administrators\" -Member "
                                          "$env:USERNAME")),
        qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("sign out and in")), qPrintable(error));
    // A Hyper-V Administrator who is no administrator may.
    answer(QStringLiteral("hostCheck"), "2\r\nTrue\r\nFalse\r\n");
    QVERIFY2(made.preCreateCheck(&error), qPrintable(error));
}

void TestHyperV::preCreateCheckWithoutSwitch()
{
    passingHost();
    answer(QStringLiteral("vmCountAndSwitches"), "0\r\n");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags({}, &error));
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("New-VMSwitch")), qPrintable(error));
}

void TestHyperV::preCreateCheckFindsTakenName()
{
    passingHost();
    answer(QStringLiteral("vmCountAndSwitches"),
        "1\r\n{\"Name\":\"Default Switch\",\"SwitchType\":1,\"Id\":\"c08cb7b8-9b3c-408e-8e30-5e16a3aeb444\"}\r\n");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags({}, &error));
    QVERIFY(!made.preCreateCheck(&error));
    QVERIFY2(error.contains(QLatin1String("already has a VM named \"box\"")), qPrintable(error));
}

void TestHyperV::createPassesValuesInTheEnvironment()
{
    passingHost();
    const QString id = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
    answer(QStringLiteral("createVmStaticMacVlan"),
        "{\"Name\":\"box\",\"Id\":\"" + id.toLatin1() + "\",\"State\":3,\"Path\":\"x\"}\r\n");
    answer(QStringLiteral("vm"), "{\"Name\":\"box\",\"Id\":\"" + id.toLatin1() + "\",\"State\":3,\"Path\":\"x\"}\r\n");
    // The VM is off again at once: start gives up with what Hyper-V said.
    answer(QStringLiteral("vmAndAdapters"),
        "{\"Name\":\"box\",\"Id\":\"" + id.toLatin1()
            + "\",\"State\":3,\"Path\":\"x\"}\r\n{\"Name\":\"Network Adapter\",\"IPAddresses\":[]}\r\n");
    answer(QStringLiteral("startVm"), QByteArray(), clixmlStart + progressRecord + "</Objs>");
    const QString dir = m_store + QStringLiteral("/machines/box");
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags(
        { { QStringLiteral("hyperv-memory"), { QStringLiteral("2048") } },
            { QStringLiteral("hyperv-cpu-count"), { QStringLiteral("1") } },
            { QStringLiteral("hyperv-disk-size"), { QStringLiteral("8000") } },
            { QStringLiteral("hyperv-disable-dynamic-memory"), { QStringLiteral("true") } },
            { QStringLiteral("hyperv-static-macaddress"), { QStringLiteral("00-15-5d-0a-0b-0c") } },
            { QStringLiteral("hyperv-vlan-id"), { QStringLiteral("42") } } },
        &error));
    QVERIFY2(made.preCreateCheck(&error), qPrintable(error));
    NoProgress progress;
    QVERIFY2(made.create(&progress, &error), qPrintable(error));
    QCOMPARE(readFile(made.systemDiskPath()), QByteArray(8192, 'v'));
    QVERIFY(QFile::exists(made.seedPath()));
    QVERIFY(!made.bootAfterCreate(&progress, &error));
    QVERIFY2(error.contains(QLatin1String("stopped while booting")), qPrintable(error));
    QCOMPARE(scriptsCalled().mid(2),
        (QStringList { QStringLiteral("createVmStaticMacVlan"), QStringLiteral("vm"), QStringLiteral("startVm"),
            QStringLiteral("vmAndAdapters") }));
    const QJsonObject values = calls().at(2).value(QLatin1String("values")).toObject();
    const auto value = [&](const char *name) { return values.value(QLatin1String(name)).toString(); };
    QCOMPARE(value("BERTH_PS_NAME"), QStringLiteral("box"));
    QCOMPARE(value("BERTH_PS_DIR"), QDir::toNativeSeparators(dir));
    QCOMPARE(value("BERTH_PS_SWITCH"), QStringLiteral("Default Switch"));
    QCOMPARE(value("BERTH_PS_MEMORY"), QStringLiteral("2147483648"));
    QCOMPARE(value("BERTH_PS_CPUS"), QStringLiteral("1"));
    QCOMPARE(value("BERTH_PS_MAC"), QStringLiteral("00155D0A0B0C"));
    QCOMPARE(value("BERTH_PS_VLAN"), QStringLiteral("42"));
    QCOMPARE(value("BERTH_PS_DATASIZE"), QString::number(8000LL * 1024 * 1024));
    QCOMPARE(value("BERTH_PS_SYSTEM"), QDir::toNativeSeparators(dir + QStringLiteral("/system-0.1.0-test.vhdx")));
    QCOMPARE(value("BERTH_PS_DATA"), QDir::toNativeSeparators(dir + QStringLiteral("/data.vhdx")));
    QCOMPARE(value("BERTH_PS_SEED"), QDir::toNativeSeparators(dir + QStringLiteral("/seed.iso")));
    QVERIFY(value("BERTH_PS_BOOTISO").endsWith(QLatin1String("boot.iso")));
    // No value on the command line: the arguments are the switches and the constant script.
    for (const QJsonObject &call : calls()) {
        const QJsonArray args = call.value(QLatin1String("args")).toArray();
        QCOMPARE(args.size(), 6);
        QVERIFY(!PowerShell::decodeScript(args.at(5).toString()).contains(dir));
    }
    const QJsonObject json = made.toJson({});
    QCOMPARE(json.value(QLatin1String("VMId")).toString(), id);
    QCOMPARE(json.value(QLatin1String("VSwitch")).toString(), QStringLiteral("Default Switch"));
    QCOMPARE(json.value(QLatin1String("VLanID")).toInt(), 42);
}

void TestHyperV::stateAndAccessDenied()
{
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QJsonObject json = made.toJson({});
    json.insert(QLatin1String("ImageVersion"), QStringLiteral("0.1.0-test"));
    QVERIFY2(made.fromJson(json, &error), qPrintable(error));
    answer(QStringLiteral("vm"),
        "{\"Name\":\"box\",\"Id\":\"x\",\"State\":2,\"Path\":\"" + m_store.toUtf8() + "/machines/box/box\"}\r\n",
        clixmlStart + progressRecord + "</Objs>");
    QCOMPARE(made.state(&error), MachineState::Running);
    // What was read holds a few seconds, unless something is done to the VM.
    answer(QStringLiteral("vm"), QByteArray());
    QCOMPARE(made.state(&error), MachineState::Running);
    made.forgetState();
    QCOMPARE(made.state(&error), MachineState::Error);
    QVERIFY2(error.contains(QLatin1String("no VM named \"box\"")), qPrintable(error));
    answer(QStringLiteral("vm"), QByteArray(), accessDenied, 1);
    made.forgetState();
    QCOMPARE(made.state(&error), MachineState::Error);
    QVERIFY2(error.contains(QLatin1String("Get-VM: You do not have the required permission")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Add-LocalGroupMember")), qPrintable(error));
    // Another VM of the machine's name, elsewhere: not this machine's.
    answer(QStringLiteral("vm"), "{\"Name\":\"box\",\"Id\":\"y\",\"State\":3,\"Path\":\"/elsewhere/box\"}\r\n");
    made.forgetState();
    QCOMPARE(made.state(&error), MachineState::Error);
    QVERIFY2(error.contains(QLatin1String("is not this machine's")), qPrintable(error));
}

bool TestHyperV::madeByCreate(HyperVDriver *made)
{
    QJsonObject json = made->toJson({});
    json.insert(QLatin1String("VMId"), QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    json.insert(QLatin1String("ImageVersion"), QStringLiteral("0.1.0-test"));
    QString error;
    return made->fromJson(json, &error);
}

void TestHyperV::removeTurnsOffRemovesAndDeletesDisks()
{
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(madeByCreate(&made));
    writeFile(made.systemDiskPath(), "s");
    writeFile(made.dataDiskPath(), "d");
    writeFile(made.vmFolder() + QStringLiteral("/Virtual Machines/x.vmcx"), "c");
    answer(QStringLiteral("vm"), "{\"Name\":\"box\",\"Id\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"State\":3}\r\n");
    QFile::remove(m_fake + QStringLiteral("/calls.log"));
    QVERIFY2(made.remove(&error), qPrintable(error));
    QCOMPARE(scriptsCalled(), (QStringList { QStringLiteral("vm"), QStringLiteral("removeVm") }));
    QVERIFY(!QFile::exists(made.systemDiskPath()));
    QVERIFY(!QFile::exists(made.dataDiskPath()));
    QVERIFY(!QFileInfo::exists(made.vmFolder()));
    // No VM (a create that failed before making it): nothing to do.
    answer(QStringLiteral("vm"), QByteArray());
    QVERIFY2(made.remove(&error), qPrintable(error));
}

void TestHyperV::stopCompactsTheDataDisk()
{
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(madeByCreate(&made));
    writeFile(made.dataDiskPath(), QByteArray(3 * 1024 * 1024, 'd'));
    const QByteArray running = "{\"Name\":\"box\",\"Id\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"State\":2}\r\n";
    const QByteArray off = "{\"Name\":\"box\",\"Id\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"State\":3}\r\n";
    // Running when stop looks, off after Stop-VM.
    const auto runningThenOff = [&] {
        QFile::remove(m_fake + QStringLiteral("/calls.log"));
        answer(QStringLiteral("vm.0"), running);
        answer(QStringLiteral("vm"), off);
    };
    answer(QStringLiteral("stopVm"), QByteArray());
    answer(QStringLiteral("compactDisk"), QByteArray());
    runningThenOff();
    NoProgress progress;
    QVERIFY2(made.stop(&progress, &error), qPrintable(error));
    QCOMPARE(scriptsCalled(),
        (QStringList {
            QStringLiteral("vm"), QStringLiteral("stopVm"), QStringLiteral("vm"), QStringLiteral("compactDisk") }));
    QCOMPARE(calls().last().value(QLatin1String("values")).toObject().value(QLatin1String("BERTH_PS_DISK")).toString(),
        QDir::toNativeSeparators(made.dataDiskPath()));
    QVERIFY2(progress.steps.filter(QStringLiteral("data disk's file is 3 MB (3 MB before)")).size() == 1,
        qPrintable(progress.steps.join(QLatin1Char('\n'))));

    // Hyper-V refuses: the machine is stopped all the same, and the user is told.
    answer(QStringLiteral("compactDisk"), QByteArray(),
        clixml({ QStringLiteral("Optimize-VHD : You do not have the required permission to complete this task. "
                                "Contact the administrator of the "),
            QStringLiteral("authorization policy for the computer 'BERTH-HOST'."), QStringLiteral("At line:4 char:1"),
            QStringLiteral("+ Optimize-VHD -Path $env:BERTH_PS_DISK -Mode Full"), QStringLiteral("+ ~~~~~~~~~~~~"),
            QStringLiteral(
                "    + CategoryInfo          : PermissionDenied: (:) [Optimize-VHD], VirtualizationException"),
            QStringLiteral("    + FullyQualifiedErrorId : AccessDenied,Microsoft.Vhd.PowerShell.Cmdlets.OptimizeVhd"),
            QStringLiteral(" ") }),
        1);
    runningThenOff();
    progress.steps.clear();
    QVERIFY2(made.stop(&progress, &error), qPrintable(error));
    QVERIFY2(progress.steps.filter(QStringLiteral("The data disk was not compacted")).size() == 1
            && progress.steps.filter(QStringLiteral("You do not have the required permission")).size() == 1,
        qPrintable(progress.steps.join(QLatin1Char('\n'))));

    // A VM that is off already, and a kill: no compacting.
    QFile::remove(m_fake + QStringLiteral("/calls.log"));
    QFile::remove(m_fake + QStringLiteral("/vm.0.exit"));
    QVERIFY2(made.stop(&progress, &error), qPrintable(error));
    QCOMPARE(scriptsCalled(), QStringList { QStringLiteral("vm") });
    runningThenOff();
    answer(QStringLiteral("turnOffVm"), QByteArray());
    QVERIFY2(made.kill(&error), qPrintable(error));
    QVERIFY(!scriptsCalled().contains(QStringLiteral("compactDisk")));
}

namespace {
// Get-VMHardDiskDrive | Select-Object Path | ConvertTo-Json -Compress, of these files.
QByteArray hardDiskAnswer(const QStringList &paths)
{
    QJsonArray items;
    for (const QString &path : paths)
        items.append(QJsonObject { { QStringLiteral("Path"), QDir::toNativeSeparators(path) } });
    return QJsonDocument(items).toJson(QJsonDocument::Compact) + "\r\n";
}
} // namespace

void TestHyperV::upgradeRefusedByHyperVChangesNothing()
{
    // A machine of an older image, off; Hyper-V refuses the new disk: the VM is given its old disk and ISO back,
    // the copy goes, and the machine keeps its image (config.json is written only after a whole upgrade).
    passingHost();
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QJsonObject json = made.toJson({});
    json.insert(QLatin1String("VMId"), QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    json.insert(QLatin1String("ImageVersion"), QStringLiteral("0.0.9-old"));
    QVERIFY2(made.fromJson(json, &error), qPrintable(error));
    const QString oldDisk = made.systemDiskPath();
    writeFile(oldDisk, "s");
    writeFile(made.dataDiskPath(), "d");
    answer(QStringLiteral("hardDisks"), hardDiskAnswer({ oldDisk, made.dataDiskPath() }));
    answer(QStringLiteral("vm"), "{\"Name\":\"box\",\"Id\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"State\":3}\r\n");
    answer(QStringLiteral("replaceSystemDisk"), {},
        "Set-VMHardDiskDrive : Failed to modify device 'Virtual Hard Disk'.\r\n", 1);
    QFile::remove(m_fake + QStringLiteral("/calls.log"));
    NoProgress progress;
    bool upToDate = true;
    QVERIFY(!made.upgrade(&progress, &upToDate, &error));
    QVERIFY2(error.contains(QLatin1String("Failed to modify device 'Virtual Hard Disk'")), qPrintable(error));
    QCOMPARE(scriptsCalled(),
        (QStringList { QStringLiteral("hardDisks"), QStringLiteral("vm"), QStringLiteral("replaceSystemDisk"),
            QStringLiteral("replaceSystemDisk") }));
    // The first replacement asked for the new disk in the old one's place, the second for the old one back.
    const QList<QJsonObject> all = calls();
    const QJsonObject first = all.at(2).value(QLatin1String("values")).toObject();
    const QJsonObject second = all.at(3).value(QLatin1String("values")).toObject();
    QCOMPARE(first.value(QLatin1String("BERTH_PS_OLDSYSTEM")).toString(), QDir::toNativeSeparators(oldDisk));
    QVERIFY(first.value(QLatin1String("BERTH_PS_SYSTEM")).toString().endsWith(QLatin1String("system-0.1.0-test.vhdx")));
    QCOMPARE(second.value(QLatin1String("BERTH_PS_SYSTEM")).toString(), QDir::toNativeSeparators(oldDisk));
    QCOMPARE(first.value(QLatin1String("BERTH_PS_SEED")).toString(),
        second.value(QLatin1String("BERTH_PS_SEED")).toString());
    QVERIFY(QFile::exists(oldDisk));
    QVERIFY(!QFile::exists(m_store + QStringLiteral("/machines/box/system-0.1.0-test.vhdx")));
    QCOMPARE(made.toJson({}).value(QLatin1String("ImageVersion")).toString(), QStringLiteral("0.0.9-old"));
    QCOMPARE(made.systemDiskPath(), oldDisk);
}

void TestHyperV::upgradeRefusesAnAddedDisk()
{
    // A disk the user added in Hyper-V Manager: which one is the system disk is not guessed.
    passingHost();
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QJsonObject json = made.toJson({});
    json.insert(QLatin1String("ImageVersion"), QStringLiteral("0.0.9-old"));
    QVERIFY2(made.fromJson(json, &error), qPrintable(error));
    const QString added = m_dir.filePath(QStringLiteral("scratch.vhdx"));
    answer(QStringLiteral("hardDisks"), hardDiskAnswer({ made.systemDiskPath(), made.dataDiskPath(), added }));
    QFile::remove(m_fake + QStringLiteral("/calls.log"));
    NoProgress progress;
    bool upToDate = true;
    QVERIFY(!made.upgrade(&progress, &upToDate, &error));
    QVERIFY2(error.contains(QLatin1String("has 2 hard disks besides its data disk")), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(added)), qPrintable(error));
    QCOMPARE(scriptsCalled(), QStringList { QStringLiteral("hardDisks") });
    QVERIFY(QDir(m_store + QStringLiteral("/machines/box")).entryList({ QStringLiteral("*.vhdx") }).isEmpty());
}

void TestHyperV::hungPowerShellIsStopped()
{
    HyperVDriver made(QStringLiteral("box"), m_store);
    QString error;
    QVERIFY(made.setConfigFromFlags({ { QStringLiteral("hyperv-command-timeout"), { QStringLiteral("5") } } }, &error));
    writeFile(m_fake + QStringLiteral("/hang"), "1");
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(made.state(&error), MachineState::Error);
    QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(error.contains(QLatin1String("within 5 s and was stopped")), qPrintable(error));
    QFile::remove(m_fake + QStringLiteral("/hang"));
}

void TestHyperV::registryHasHyperV()
{
    const DriverInfo *info = DriverRegistry::find(QStringLiteral("hyperv"));
    QVERIFY(info);
    QVERIFY(info->check);
    const std::unique_ptr<Driver> driver = info->factory(QStringLiteral("box"), m_store);
    QCOMPARE(driver->driverName(), QStringLiteral("hyperv"));
    // The first-run check asks it too: here the stand-in says Hyper-V is off.
    answer(QStringLiteral("hostCheck"), "0\r\nTrue\r\nTrue\r\n");
    const DriverCheck check = HyperVDriver::check(m_store);
    QCOMPARE(check.driverName, QStringLiteral("hyperv"));
    QVERIFY(!check.usable);
    QVERIFY2(check.problem.contains(QLatin1String("Hyper-V")), qPrintable(check.problem));
}

int main(int argc, char **argv)
{
    runAsFakePowerShell(argc, argv);
    QCoreApplication app(argc, argv);
    TestHyperV test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hyperv.moc"
