// The Hyper-V driver's PowerShell scripts and what their answers mean. Each script is a constant: a value
// (a name, a path, a size) is only ever read from $env:BERTH_PS_<NAME>, never written into the text.

#include "hypervdriver.h"
#include "ssh/sshsession.h"
#include "util/optionname.h"
#include "util/translate.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonObject>
#include <QRegularExpression>

namespace berth::hyperv {

namespace scripts {

namespace {

// A cmdlet's error ends the script (exit 1, the error on stderr); no progress records; answers in UTF-8
// (a switch's name may be in any language), said before anything is written.
const QString prelude = QStringLiteral("$ErrorActionPreference = 'Stop'\n"
                                       "$ProgressPreference = 'SilentlyContinue'\n"
                                       "[Console]::OutputEncoding = [Text.Encoding]::UTF8\n");

// docker-machine's expressions for the two groups that may drive Hyper-V.
const QString principal
    = QStringLiteral("@([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent())");

const QString theHardDisks = QStringLiteral(
    "Get-VMHardDiskDrive -VMName $env:BERTH_PS_NAME | Select-Object Path | ConvertTo-Json -Compress\n");

const QString theVm = QStringLiteral("Get-VM | Where-Object { $_.Name -eq $env:BERTH_PS_NAME } | "
                                     "Select-Object Name,Id,State,Path | ConvertTo-Json -Compress\n");

} // namespace

QString hostCheck()
{
    return prelude + QStringLiteral("@(Get-Module -ListAvailable -Name Hyper-V).Count\n") + principal
        + QStringLiteral(".IsInRole(\"S-1-5-32-578\")\n") + principal
        + QStringLiteral(".IsInRole([Security.Principal.WindowsBuiltInRole] \"Administrator\")\n");
}

QString vmCountAndSwitches()
{
    return prelude
        + QStringLiteral("@(Get-VM | Where-Object { $_.Name -eq $env:BERTH_PS_NAME }).Count\n"
                         "Get-VMSwitch | Select-Object Name,SwitchType,Id | ConvertTo-Json -Compress\n");
}

QString createVm(bool dynamicMemory, bool staticMac, bool vlan)
{
    // Static memory is set as it is; dynamic memory between the image's least (MEMORYMIN) and the memory asked.
    const QString memory = dynamicMemory
        ? QStringLiteral("Set-VMMemory -VMName $env:BERTH_PS_NAME -DynamicMemoryEnabled $true "
                         "-MinimumBytes $env:BERTH_PS_MEMORYMIN -MaximumBytes $env:BERTH_PS_MEMORY\n")
        : QStringLiteral("Set-VMMemory -VMName $env:BERTH_PS_NAME -DynamicMemoryEnabled $false\n");
    // Generation 2 boots UEFI only; the system disk is a bare filesystem, so the boot ISO (Debian's shim,
    // signed by the Microsoft UEFI CA, then GRUB) comes first, its root found by label.
    return prelude
        + QStringLiteral("New-VHD -Path $env:BERTH_PS_DATA -SizeBytes $env:BERTH_PS_DATASIZE -Dynamic | Out-Null\n"
                         "$vm = New-VM -Name $env:BERTH_PS_NAME -Path $env:BERTH_PS_DIR -Generation 2 "
                         "-MemoryStartupBytes $env:BERTH_PS_MEMORY -SwitchName $env:BERTH_PS_SWITCH -NoVHD\n"
                         "Set-VMProcessor -VMName $env:BERTH_PS_NAME -Count $env:BERTH_PS_CPUS\n")
        + memory
        + (staticMac ? QStringLiteral(
               "Set-VMNetworkAdapter -VMName $env:BERTH_PS_NAME -StaticMacAddress $env:BERTH_PS_MAC\n")
                     : QString())
        + (vlan ? QStringLiteral(
               "Set-VMNetworkAdapterVlan -VMName $env:BERTH_PS_NAME -Access -VlanId $env:BERTH_PS_VLAN\n")
                : QString())
        + QStringLiteral("Add-VMDvdDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_BOOTISO\n"
                         "Add-VMDvdDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_SEED\n"
                         "Add-VMHardDiskDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_SYSTEM\n"
                         "Add-VMHardDiskDrive -VMName $env:BERTH_PS_NAME -Path $env:BERTH_PS_DATA\n"
                         "Set-VMFirmware -VMName $env:BERTH_PS_NAME -EnableSecureBoot On "
                         "-SecureBootTemplate MicrosoftUEFICertificateAuthority "
                         "-FirstBootDevice (Get-VMDvdDrive -VMName $env:BERTH_PS_NAME | "
                         "Where-Object { $_.Path -eq $env:BERTH_PS_BOOTISO })\n"
                         "$vm | Select-Object Name,Id,State,Path | ConvertTo-Json -Compress\n");
}

QString vm()
{
    return prelude + theVm;
}

QString vmAndAdapters()
{
    return prelude + theVm
        + QStringLiteral("Get-VMNetworkAdapter -VMName $env:BERTH_PS_NAME | "
                         "Select-Object Name,MacAddress,SwitchName,IPAddresses | ConvertTo-Json -Compress\n");
}

QString startVm()
{
    return prelude + QStringLiteral("Start-VM -Name $env:BERTH_PS_NAME\n");
}

QString stopVm()
{
    return prelude + QStringLiteral("Stop-VM -Name $env:BERTH_PS_NAME -Force\n");
}

QString turnOffVm()
{
    return prelude + QStringLiteral("Stop-VM -Name $env:BERTH_PS_NAME -TurnOff -Force\n");
}

QString removeVm()
{
    return prelude + QStringLiteral("Remove-VM -Name $env:BERTH_PS_NAME -Force\n");
}

QString compactDisk()
{
    return prelude + QStringLiteral("Optimize-VHD -Path $env:BERTH_PS_DISK -Mode Full\n");
}

QString hardDisks()
{
    return prelude + theHardDisks;
}

QString replaceSystemDisk()
{
    // Set-VMHardDiskDrive, not a file put in the old one's place: Hyper-V gives the VM access to the disks it is
    // given (the file's ACL), and a file copied in later would be refused at the start.
    return prelude
        + QStringLiteral("Get-VMHardDiskDrive -VMName $env:BERTH_PS_NAME | Where-Object { $_.Path -eq "
                         "$env:BERTH_PS_OLDSYSTEM } | Set-VMHardDiskDrive -Path $env:BERTH_PS_SYSTEM\n"
                         "Get-VMDvdDrive -VMName $env:BERTH_PS_NAME | Where-Object { $_.Path -ne $env:BERTH_PS_SEED } "
                         "| Set-VMDvdDrive -Path $env:BERTH_PS_BOOTISO\n")
        + theHardDisks;
}

QString smbShare()
{
    // No such share is no error here: nothing is written, and the script ends well.
    return prelude
        + QStringLiteral("Get-SmbShare -Name $env:BERTH_PS_SHARE -ErrorAction SilentlyContinue | "
                         "Select-Object Name,Path | ConvertTo-Json -Compress\n"
                         "exit 0\n");
}

QString newSmbShare()
{
    return prelude
        + QStringLiteral("New-SmbShare -Name $env:BERTH_PS_SHARE -Path $env:BERTH_PS_FOLDER "
                         "-FullAccess $env:BERTH_PS_USER -Description 'Shared with a Docker VM by Berth' | Out-Null\n");
}

QString removeSmbShare()
{
    return prelude + QStringLiteral("Remove-SmbShare -Name $env:BERTH_PS_SHARE -Force\n");
}

QString hostAddress()
{
    // The management OS's adapter on a switch is named after it, in every language of Windows.
    return prelude
        + QStringLiteral("Get-NetIPAddress -InterfaceAlias ('vEthernet (' + $env:BERTH_PS_SWITCH + ')') "
                         "-AddressFamily IPv4 | Select-Object IPAddress | ConvertTo-Json -Compress\n");
}

} // namespace scripts

QList<Switch> parseSwitches(const QJsonArray &items)
{
    QList<Switch> switches;
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        Switch s;
        s.name = o.value(QLatin1String("Name")).toString();
        const QJsonValue type = o.value(QLatin1String("SwitchType"));
        if (type.isDouble()) {
            s.type = type.toInt();
        } else {
            static const QStringList names { QStringLiteral("Private"), QStringLiteral("Internal"),
                QStringLiteral("External") };
            s.type = static_cast<int>(names.indexOf(type.toString()));
        }
        s.id = o.value(QLatin1String("Id")).toString().toLower();
        if (!s.name.isEmpty())
            switches << s;
    }
    return switches;
}

bool chooseSwitch(
    const QString &wanted, const QList<Switch> &switches, const QString &switchFlag, QString *chosen, QString *error)
{
    if (!wanted.isEmpty()) {
        for (const Switch &s : switches) {
            if (s.name.compare(wanted, Qt::CaseInsensitive) == 0) {
                *chosen = s.name;
                return true;
            }
        }
        QStringList names;
        for (const Switch &s : switches)
            names << QStringLiteral("\"%1\"").arg(s.name);
        *error = names.isEmpty()
            ? tr("Hyper-V has no virtual switch named \"%1\", nor any other. Make one in Hyper-V Manager (Virtual "
                 "Switch Manager), or leave %2 out to use the Default Switch.")
                  .arg(wanted, optionName(switchFlag))
            : tr("Hyper-V has no virtual switch named \"%1\". It has %2: name one of them with %3.")
                  .arg(wanted, names.join(QStringLiteral(", ")), optionName(switchFlag));
        return false;
    }
    for (const Switch &s : switches) {
        if (s.id == QLatin1String(defaultSwitchId) || s.name == QLatin1String("Default Switch")) {
            *chosen = s.name;
            return true;
        }
    }
    for (const Switch &s : switches) {
        if (s.type == 2) {
            *chosen = s.name;
            return true;
        }
    }
    *error = tr("Hyper-V has neither its Default Switch nor an External virtual switch, so the VM would have no "
                "network. Make an External switch in Hyper-V Manager (Virtual Switch Manager, External, on your "
                "network adapter), or as an administrator in PowerShell: New-VMSwitch -Name \"Berth\" "
                "-NetAdapterName \"Ethernet\" -AllowManagementOS $true (Get-NetAdapter lists the adapters' names). "
                "Then name it with %1, or run create again.")
                 .arg(optionName(switchFlag));
    return false;
}

QStringList parsePaths(const QJsonArray &items)
{
    QStringList paths;
    for (const QJsonValue &item : items)
        paths << item.toObject().value(QLatin1String("Path")).toString();
    return paths;
}

bool samePath(const QString &a, const QString &b)
{
#if defined(Q_OS_WIN)
    const Qt::CaseSensitivity paths = Qt::CaseInsensitive;
#else
    const Qt::CaseSensitivity paths = Qt::CaseSensitive;
#endif
    const auto clean = [](const QString &path) {
        const QString cleaned = QDir::cleanPath(QDir::fromNativeSeparators(path));
        const QString resolved = QFileInfo(cleaned).canonicalFilePath();
        return resolved.isEmpty() ? cleaned : resolved;
    };
    return QDir::cleanPath(QDir::fromNativeSeparators(a)).compare(QDir::cleanPath(QDir::fromNativeSeparators(b)), paths)
        == 0
        || clean(a).compare(clean(b), paths) == 0;
}

bool parseVm(const QJsonArray &items, VmRecord *vm)
{
    if (items.isEmpty())
        return false;
    const QJsonObject o = items.first().toObject();
    vm->name = o.value(QLatin1String("Name")).toString();
    vm->id = o.value(QLatin1String("Id")).toString().toLower();
    vm->path = o.value(QLatin1String("Path")).toString();
    const QJsonValue state = o.value(QLatin1String("State"));
    if (state.isDouble()) {
        vm->state = state.toInt();
    } else {
        static const QMap<QString, int> names { { QStringLiteral("Other"), 1 }, { QStringLiteral("Running"), 2 },
            { QStringLiteral("Off"), 3 }, { QStringLiteral("Stopping"), 4 }, { QStringLiteral("Saved"), 6 },
            { QStringLiteral("Paused"), 9 }, { QStringLiteral("Starting"), 10 }, { QStringLiteral("Reset"), 11 } };
        vm->state = names.value(state.toString(), -1);
    }
    return !vm->name.isEmpty();
}

MachineState machineState(int vmState)
{
    switch (vmState) {
    case 2: // Running
    case 32770: // RunningCritical
        return MachineState::Running;
    case 3: // Off
    case 32771: // OffCritical
        return MachineState::Stopped;
    case 4: // Stopping
    case 32772: // StoppingCritical
    case 32773: // Saving
    case 32776: // Pausing
    case 32780: // FastSaving
    case 32781: // ForceShutdown
        return MachineState::Stopping;
    case 6: // Saved
    case 32774: // SavedCritical
    case 32779: // FastSaved
    case 32783: // Hibernated
        return MachineState::Saved;
    case 9: // Paused
    case 32775: // PausedCritical
        return MachineState::Paused;
    case 10: // Starting
    case 11: // Reset
    case 32777: // Resuming
    case 32782: // ForceReboot
        return MachineState::Starting;
    default:
        return MachineState::Error;
    }
}

QString guestIpv4(const QJsonArray &adapters, bool *ipv6Only, QString *reported)
{
    *ipv6Only = false;
    QStringList all;
    for (const QJsonValue &adapter : adapters) {
        const QJsonValue addresses = adapter.toObject().value(QLatin1String("IPAddresses"));
        // One address may come as a string: PowerShell's JSON of a one-element collection property.
        const QJsonArray list = addresses.isArray() ? addresses.toArray() : QJsonArray { addresses };
        for (const QJsonValue &value : list) {
            const QString text = value.toString().trimmed();
            if (!text.isEmpty())
                all << text;
        }
    }
    if (reported)
        *reported = all.join(QStringLiteral(", "));
    bool anyIpv6 = false;
    for (const QString &text : std::as_const(all)) {
        const QHostAddress address(text);
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            // 169.254/16: the guest gave itself an address because no DHCP server answered.
            if (!address.isLinkLocal())
                return address.toString();
        } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
            anyIpv6 = true;
        }
    }
    *ipv6Only = anyIpv6;
    return {};
}

QString staticMacAddress(const QString &text)
{
    QString hex = text.trimmed().toUpper();
    hex.remove(QLatin1Char(':')).remove(QLatin1Char('-'));
    static const QRegularExpression twelve(QStringLiteral("\\A[0-9A-F]{12}\\z"));
    if (!twelve.match(hex).hasMatch() || hex == QLatin1String("000000000000"))
        return {};
    // The first octet's lowest bit marks a group (multicast) address, which no adapter has.
    if (hex.mid(0, 2).toInt(nullptr, 16) & 1)
        return {};
    return hex;
}

SmbAccount splitAccount(const QString &account)
{
    const qsizetype slash = account.indexOf(QLatin1Char('\\'));
    if (slash < 0)
        return { QString(), account };
    return { account.left(slash), account.mid(slash + 1) };
}

QString shareNameFor(const QString &machineName)
{
    return QStringLiteral("berth-") + machineName;
}

QString guestMountCommand(
    const QString &guestPath, const QString &hostAddress, const QString &share, const QString &account)
{
    // The image has no mount.cifs, and mount(8) alone cannot carry a comma in a password (libmount splits its
    // options at commas and drops the empty ones the kernel reads as an escaped comma): perl-base, in every Debian
    // system, makes the mount(2) call itself (165 on x86-64), its options from the environment, where the
    // password never shows on a command line. The kernel is given the host's address: it resolves no names.
    static const QString script = QStringLiteral(
        "set -e\n"
        "IFS= read -r password\n"
        "mountpoint -q \"$1\" && exit 0\n"
        "mkdir -p \"$1\"\n"
        "options=\"ip=$2,username=$4,uid=1000,gid=1000,file_mode=0755,dir_mode=0755\"\n"
        "[ -z \"$5\" ] || options=\"$options,domain=$5\"\n"
        "BERTH_CIFS_OPTIONS=\"$options,password=$password\" exec perl -e '\n"
        "my ($source, $target, $type, $options) = (\"//$ARGV[1]/$ARGV[2]\", $ARGV[0], \"cifs\", "
        "$ENV{BERTH_CIFS_OPTIONS});\n"
        "syscall(165, $source, $target, $type, 0, $options) == 0 or die \"mount $source on $target: $!\\n\";\n"
        "' \"$1\" \"$2\" \"$3\"\n");
    const SmbAccount split = splitAccount(account);
    QStringList words { QStringLiteral("sudo"), QStringLiteral("-n"), QStringLiteral("sh"), QStringLiteral("-c"),
        ssh::shellQuote(script), QStringLiteral("sh") };
    for (const QString &arg : { guestPath, hostAddress, share, split.user, split.domain })
        words << ssh::shellQuote(arg);
    return words.join(QLatin1Char(' '));
}

QByteArray cifsPasswordInput(const QString &password)
{
    return QString(password).replace(QLatin1Char(','), QStringLiteral(",,")).toUtf8() + '\n';
}

} // namespace berth::hyperv
