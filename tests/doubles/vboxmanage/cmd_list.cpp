// list vms | runningvms | hostonlyifs | dhcpservers | hdds | dvds
#include "commands.h"
#include "console.h"
#include "registry.h"
#include "runtime.h"
#include "vminfo.h"

#include <algorithm>

namespace vboxdouble {

namespace {
enum ListId { Vms = 1, RunningVms, HostOnlyIfs, DhcpServers, Hdds, Dvds, Other };

QString hostOnlyText(const Registry &registry)
{
    QString text;
    for (const HostOnlyInterface &h : registry.hostOnlyInterfaces) {
        text += QStringLiteral(
            "Name:            %1\nGUID:            %2\nDHCP:            Disabled\n"
            "IPAddress:       %3\nNetworkMask:     %4\nIPV6Address:     \n"
            "IPV6NetworkMaskPrefixLength: 0\nHardwareAddress: %5\nMediumType:      Ethernet\n"
            "Wireless:        No\nStatus:          Up\nVBoxNetworkName: HostInterfaceNetworking-%1\n\n")
                    .arg(h.name, h.guid, h.ip, h.netmask, h.mac);
    }
    return text;
}

QString dhcpText(const Registry &registry)
{
    QString text;
    for (int i = 0; i < registry.dhcpServers.size(); ++i) {
        const DhcpServer &d = registry.dhcpServers.at(i);
        if (i > 0)
            text += QLatin1Char('\n');
        text += QStringLiteral("NetworkName:    %1\nDhcpd IP:       %2\nLowerIPAddress: %3\nUpperIPAddress: %4\n"
                               "NetworkMask:    %5\nEnabled:        %6\nGlobal Configuration:\n"
                               "    minLeaseTime:     default\n    defaultLeaseTime: default\n"
                               "    maxLeaseTime:     default\n    Forced options:   None\n"
                               "    Suppressed opts.: None\n        1/legacy: %5\nGroups:               None\n"
                               "Individual Configs:   None\n")
                    .arg(d.networkName, d.ip, d.lowerIp, d.upperIp, d.netmask,
                        d.enabled ? QStringLiteral("Yes") : QStringLiteral("No"));
    }
    return text;
}

QString mediaText(const Registry &registry, const QString &deviceType, bool longFormat)
{
    QString text;
    auto &reg = const_cast<Registry &>(registry);
    for (const Medium &m : registry.media) {
        if (m.deviceType != deviceType)
            continue;
        text += QStringLiteral("UUID:           %1\n").arg(m.uuid);
        if (deviceType == QLatin1String("HardDisk"))
            text += QStringLiteral("Parent UUID:    base\n");
        text += QStringLiteral("State:          created\n");
        if (deviceType == QLatin1String("HardDisk"))
            text += QStringLiteral("Type:           normal (base)\n");
        else
            text += QStringLiteral("Type:           readonly\n");
        text += QStringLiteral("Location:       %1\nStorage format: %2\n").arg(m.location, m.format);
        if (longFormat)
            text += QStringLiteral("Format variant: dynamic default\n");
        text += QStringLiteral("Capacity:       %1 MBytes\nEncryption:     disabled\n").arg(m.logicalSize >> 20);
        if (longFormat) {
            const QStringList users = reg.machinesUsing(m.uuid);
            for (int i = 0; i < users.size(); ++i) {
                const Machine *user = reg.findMachine(users.at(i));
                text += (i == 0 ? QStringLiteral("In use by VMs:  ") : QStringLiteral("                "))
                    + QStringLiteral("%1 (UUID: %2)\n").arg(user ? user->name : QString(), users.at(i));
            }
        }
        text += QLatin1Char('\n');
    }
    return text;
}
} // namespace

int handleList(const QStringList &args)
{
    bool longFormat = false;
    bool sorted = false;
    int what = 0;
    // The list types are options without dashes to RTGetOpt: match them before the parser sees parameters.
    const QStringList types { QStringLiteral("vms"), QStringLiteral("runningvms"), QStringLiteral("hostonlyifs"),
        QStringLiteral("dhcpservers"), QStringLiteral("hdds"), QStringLiteral("dvds") };
    for (const QString &arg : args) {
        if (types.contains(arg)) {
            what = Vms + static_cast<int>(types.indexOf(arg));
            continue;
        }
        if (arg == QLatin1String("--long") || arg == QLatin1String("-l")) {
            longFormat = true;
            continue;
        }
        if (arg == QLatin1String("--sorted") || arg == QLatin1String("-s")) {
            sorted = true;
            continue;
        }
        if (!arg.startsWith(QLatin1Char('-')))
            return syntaxError(QStringLiteral("Unknown subcommand \"%1\".").arg(arg));
        return unknownOption(arg);
    }
    if (what == 0)
        return syntaxError(QStringLiteral("Missing subcommand for \"list\" command.\n"));

    Registry registry = readRegistry();
    QString text;
    switch (what) {
    case Vms:
    case RunningVms: {
        QVector<Machine> machines = registry.machines;
        if (sorted)
            std::sort(
                machines.begin(), machines.end(), [](const Machine &a, const Machine &b) { return a.name < b.name; });
        for (const Machine &m : machines) {
            const QString state = currentState(m);
            if (what == RunningVms && state != QLatin1String("running") && state != QLatin1String("paused"))
                continue;
            text += longFormat ? standardInfo(m, registry, state) : compactInfo(m);
        }
        break;
    }
    case HostOnlyIfs:
        text = hostOnlyText(registry);
        break;
    case DhcpServers:
        text = dhcpText(registry);
        break;
    case Hdds:
        text = mediaText(registry, QStringLiteral("HardDisk"), longFormat);
        break;
    case Dvds:
        text = mediaText(registry, QStringLiteral("DVD"), longFormat);
        break;
    }
    printOut(text);
    return ExitSuccess;
}

} // namespace vboxdouble
