#include "vboxinfo.h"

#include "util/translate.h"

#include <QRegularExpression>

namespace berth::vbox {

namespace {

// A value as showvminfo quotes it: \" and \\ stand for themselves (VirtualBox 6.1 and later); any other
// backslash is the value's own (a Windows path from VirtualBox 5.2, which escaped nothing).
QString unescaped(const QString &quoted)
{
    QString value;
    value.reserve(quoted.size());
    for (qsizetype i = 0; i < quoted.size(); ++i) {
        const QChar c = quoted.at(i);
        if (c == QLatin1Char('\\') && i + 1 < quoted.size()
            && (quoted.at(i + 1) == QLatin1Char('"') || quoted.at(i + 1) == QLatin1Char('\\')))
            value += quoted.at(++i);
        else
            value += c;
    }
    return value;
}

QList<QByteArray> lines(const QByteArray &output)
{
    QList<QByteArray> all = output.split('\n');
    for (QByteArray &line : all) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    return all;
}

// "Key:   value" of the list commands; false for a line of another form.
bool colonLine(const QByteArray &line, QString *key, QString *value)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    *key = QString::fromUtf8(line.left(colon)).trimmed();
    *value = QString::fromUtf8(line.mid(colon + 1)).trimmed();
    return true;
}

QString normalMac(const QString &mac)
{
    return QString(mac).remove(QLatin1Char(':')).remove(QLatin1Char('-')).toLower();
}

} // namespace

VmInfo VmInfo::parse(const QByteArray &output)
{
    // key=value, "key"="value", key="value" with escapes inside the quotes.
    static const QRegularExpression line(
        QStringLiteral("\\A(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^=\"]+))=(?:\"(.*)\"|([^\"]*))\\z"));
    static const QRegularExpression forwarding(QStringLiteral("\\AForwarding\\(\\d+\\)\\z"));
    static const QRegularExpression nicKey(QStringLiteral("\\Anic(\\d+)\\z"));
    VmInfo info;
    int currentNic = 0;
    for (const QByteArray &raw : lines(output)) {
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(raw));
        if (!match.hasMatch())
            continue;
        const QString key = match.hasCaptured(1) ? unescaped(match.captured(1)) : match.captured(2);
        const QString value = match.hasCaptured(3) ? unescaped(match.captured(3)) : match.captured(4);
        // A NIC's NAT rules follow its own lines, numbered from 0 for each NIC.
        if (const QRegularExpressionMatch nic = nicKey.match(key); nic.hasMatch())
            currentNic = nic.captured(1).toInt();
        if (forwarding.match(key).hasMatch()) {
            const QStringList parts = value.split(QLatin1Char(','));
            if (parts.size() == 6) {
                info.m_forwards.append({ currentNic, parts.at(0), parts.at(1), parts.at(2), parts.at(3).toInt(),
                    parts.at(4), parts.at(5).toInt() });
            }
            continue;
        }
        info.m_values.insert(key, value);
    }
    return info;
}

int VmInfo::hostOnlyNic() const
{
    for (int nic = 1; nic <= 36; ++nic) {
        if (nicAttachment(nic) == QLatin1String("hostonly"))
            return nic;
    }
    return 0;
}

QString VmInfo::medium(const QString &controller, int port, int device) const
{
    return value(QStringLiteral("%1-%2-%3").arg(controller).arg(port).arg(device));
}

QStringList VmInfo::mediaFiles() const
{
    static const QRegularExpression slot(QStringLiteral("\\A\\d+-\\d+\\z"));
    QStringList files;
    for (int i = 0; contains(QStringLiteral("storagecontrollername%1").arg(i)); ++i) {
        const QString prefix = value(QStringLiteral("storagecontrollername%1").arg(i)) + QLatin1Char('-');
        for (auto it = m_values.constBegin(); it != m_values.constEnd(); ++it) {
            if (it.key().startsWith(prefix) && slot.match(it.key().mid(prefix.size())).hasMatch()
                && it.value() != QLatin1String("none") && it.value() != QLatin1String("emptydrive")
                && !it.value().isEmpty())
                files << it.value();
        }
    }
    return files;
}

MachineState machineState(const QString &vmState)
{
    static const QMap<QString, MachineState> states {
        { QStringLiteral("running"), MachineState::Running },
        { QStringLiteral("teleporting"), MachineState::Running },
        { QStringLiteral("livesnapshotting"), MachineState::Running },
        { QStringLiteral("onlinesnapshotting"), MachineState::Running },
        { QStringLiteral("deletingsnapshotlive"), MachineState::Running },
        { QStringLiteral("paused"), MachineState::Paused },
        { QStringLiteral("teleportingpausedvm"), MachineState::Paused },
        { QStringLiteral("deletingsnapshotlivepaused"), MachineState::Paused },
        { QStringLiteral("saved"), MachineState::Saved },
        { QStringLiteral("aborted-saved"), MachineState::Saved },
        { QStringLiteral("poweroff"), MachineState::Stopped },
        { QStringLiteral("aborted"), MachineState::Stopped },
        { QStringLiteral("teleported"), MachineState::Stopped },
        { QStringLiteral("snapshotting"), MachineState::Stopped },
        { QStringLiteral("restoringsnapshot"), MachineState::Stopped },
        { QStringLiteral("deletingsnapshot"), MachineState::Stopped },
        { QStringLiteral("settingup"), MachineState::Stopped },
        { QStringLiteral("starting"), MachineState::Starting },
        { QStringLiteral("restoring"), MachineState::Starting },
        { QStringLiteral("teleportingin"), MachineState::Starting },
        { QStringLiteral("stopping"), MachineState::Stopping },
        { QStringLiteral("saving"), MachineState::Stopping },
        { QStringLiteral("gurumeditation"), MachineState::Error },
    };
    return states.value(vmState, MachineState::None);
}

QStringList parseVmNames(const QByteArray &output)
{
    static const QRegularExpression vm(QStringLiteral("\\A\"(.*)\" \\{[0-9A-Fa-f-]+\\}\\z"));
    QStringList names;
    for (const QByteArray &raw : lines(output)) {
        const QRegularExpressionMatch match = vm.match(QString::fromUtf8(raw));
        if (match.hasMatch())
            names << match.captured(1);
    }
    return names;
}

QList<HostOnlyInterface> parseHostOnlyInterfaces(const QByteArray &output)
{
    QList<HostOnlyInterface> adapters;
    QString key, value;
    for (const QByteArray &raw : lines(output)) {
        if (!colonLine(raw, &key, &value))
            continue;
        if (key == QLatin1String("Name")) {
            adapters.append(HostOnlyInterface());
            adapters.last().name = value;
            continue;
        }
        if (adapters.isEmpty())
            continue;
        HostOnlyInterface &adapter = adapters.last();
        if (key == QLatin1String("GUID"))
            adapter.guid = value;
        else if (key == QLatin1String("DHCP"))
            adapter.dhcp = value != QLatin1String("Disabled");
        else if (key == QLatin1String("IPAddress"))
            adapter.ipAddress = value;
        else if (key == QLatin1String("NetworkMask"))
            adapter.networkMask = value;
        else if (key == QLatin1String("HardwareAddress"))
            adapter.hardwareAddress = value;
        else if (key == QLatin1String("Status"))
            adapter.status = value;
        else if (key == QLatin1String("VBoxNetworkName"))
            adapter.networkName = value;
    }
    return adapters;
}

QList<DhcpServer> parseDhcpServers(const QByteArray &output)
{
    QList<DhcpServer> servers;
    QString key, value;
    for (const QByteArray &raw : lines(output)) {
        // 6.1's indented lines describe options and groups, not the server itself.
        if (raw.startsWith(' ') || raw.startsWith('\t') || !colonLine(raw, &key, &value))
            continue;
        if (key == QLatin1String("NetworkName")) {
            servers.append(DhcpServer());
            servers.last().networkName = value;
            continue;
        }
        if (servers.isEmpty())
            continue;
        DhcpServer &server = servers.last();
        if (key == QLatin1String("IP") || key == QLatin1String("Dhcpd IP"))
            server.ipAddress = value;
        else if (key == QLatin1String("NetworkMask"))
            server.networkMask = value;
        else if (key.compare(QLatin1String("lowerIPAddress"), Qt::CaseInsensitive) == 0)
            server.lowerIp = value;
        else if (key.compare(QLatin1String("upperIPAddress"), Qt::CaseInsensitive) == 0)
            server.upperIp = value;
        else if (key == QLatin1String("Enabled"))
            server.enabled = value == QLatin1String("Yes");
    }
    return servers;
}

QString parseCreatedInterface(const QByteArray &output)
{
    static const QRegularExpression created(
        QStringLiteral("Interface '(.+)' was successfully created"), QRegularExpression::MultilineOption);
    return created.match(QString::fromUtf8(output)).captured(1);
}

bool Version::atLeast(int wantMajor, int wantMinor, int wantPatch) const
{
    if (major != wantMajor)
        return major > wantMajor;
    if (minor != wantMinor)
        return minor > wantMinor;
    return patch >= wantPatch;
}

Version Version::parse(const QByteArray &output)
{
    // The last line that starts with a version: warnings come first.
    static const QRegularExpression number(QStringLiteral("\\A(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[_r].*)?\\z"));
    Version version;
    for (const QByteArray &raw : lines(output)) {
        const QRegularExpressionMatch match = number.match(QString::fromUtf8(raw).trimmed());
        if (!match.hasMatch())
            continue;
        version.major = match.captured(1).toInt();
        version.minor = match.captured(2).toInt();
        version.patch = match.captured(3).toInt();
        version.text = QStringLiteral("%1.%2.%3").arg(version.major).arg(version.minor).arg(version.patch);
    }
    return version;
}

bool kernelModuleMissing(const QByteArray &versionOutput)
{
    return versionOutput.contains("kernel module is not loaded");
}

QString guestAddressForMac(const QByteArray &ipAddrOutput, const QString &mac)
{
    const QString wanted = normalMac(mac);
    if (wanted.isEmpty())
        return {};
    // An interface starts at an unindented "N: name:" line; its MAC and addresses follow, indented.
    bool inWanted = false;
    for (const QByteArray &raw : lines(ipAddrOutput)) {
        const QString line = QString::fromUtf8(raw);
        if (!line.isEmpty() && !line.at(0).isSpace()) {
            inWanted = false;
            continue;
        }
        const QStringList words = line.simplified().split(QLatin1Char(' '));
        if (words.size() < 2)
            continue;
        if (words.at(0).startsWith(QLatin1String("link/")))
            inWanted = normalMac(words.at(1)) == wanted;
        else if (inWanted && words.at(0) == QLatin1String("inet"))
            return words.at(1).section(QLatin1Char('/'), 0, 0);
    }
    return {};
}

StartFailure explainStartFailure(const QString &vboxManageError, const QByteArray &vboxLog)
{
    const QString text = vboxManageError + QLatin1Char('\n') + QString::fromUtf8(vboxLog);
    const auto has = [&](const char *needle) { return text.contains(QLatin1String(needle)); };
    StartFailure failure;
    failure.virtualization = true;
    if (has("VERR_VMX_IN_VMX_ROOT_MODE") || has("VERR_SVM_IN_USE")) {
        failure.reason = tr("Another hypervisor holds the CPU's virtualisation extensions (VT-x or AMD-V): on Linux "
                            "the KVM kernel module, used by QEMU and libvirt.");
        failure.remedy = tr("Stop the VMs of the other hypervisor and unload KVM (modprobe -r kvm_intel or "
                            "modprobe -r kvm_amd as root), or use Berth's QEMU driver, which runs on KVM.");
    } else if (has("VERR_NEM_")) {
        failure.reason = tr("Windows's own hypervisor (Hyper-V) runs, and VirtualBox cannot use VT-x or AMD-V "
                            "beside it.");
        failure.remedy = tr("Use the Hyper-V driver (hyperv), or turn Hyper-V off (bcdedit /set hypervisorlaunchtype "
                            "off as an administrator, then restart Windows).");
    } else if (has("VERR_VMX_MSR_ALL_VMX_DISABLED") || has("VERR_VMX_MSR_VMX_DISABLED") || has("VERR_SVM_DISABLED")
        || has("VT-x is disabled") || has("AMD-V is disabled")) {
        failure.reason = tr("VT-x or AMD-V is turned off in this computer's firmware.");
        failure.remedy = tr("Turn on Intel VT-x or AMD-V (also called SVM or Virtualization Technology) in the "
                            "firmware (BIOS or UEFI) settings.");
    } else if (has("VERR_VMX_NO_VMX") || has("VERR_SVM_NO_SVM") || has("does NOT support HW virtualization")
        || has("VERR_VMX_UNABLE_TO_START_VM")) {
        failure.reason = tr("The CPU offers no VT-x or AMD-V to VirtualBox: it lacks them, or this computer is itself "
                            "a VM that does not pass them on.");
        failure.remedy = tr("Run Berth on a computer with VT-x or AMD-V, or turn on nested virtualisation in the "
                            "hypervisor that runs this one.");
    } else if (has("VERR_VM_DRIVER_") || has("VERR_SUPDRV_")) {
        failure.virtualization = false;
        failure.reason = tr("VirtualBox's kernel driver (vboxdrv) is not loaded.");
        failure.remedy = tr("Set it up again as root with /sbin/vboxconfig (on Linux), or reinstall VirtualBox.");
    } else {
        failure = {};
    }
    return failure;
}

} // namespace berth::vbox
