// dhcpserver add | modify | remove: the settings; dnsmasq serves them while a VM of the network runs
#include "commands.h"
#include "console.h"
#include "getopt.h"
#include "network.h"
#include "registry.h"

namespace vboxdouble {

int handleDhcpServer(const QStringList &args)
{
    const QString sub = args.first();
    setCurrentCommand(QStringLiteral("dhcpserver"), sub);
    const bool add = sub == QLatin1String("add");
    const bool modify = sub == QLatin1String("modify");
    const bool remove = sub == QLatin1String("remove");
    if (!add && !modify && !remove && sub != QLatin1String("restart") && sub != QLatin1String("start")
        && sub != QLatin1String("stop") && sub != QLatin1String("findlease"))
        return syntaxError(QStringLiteral("Unknown subcommand: %1").arg(sub));
    enum { Network = 1, Interface, ServerIp, Netmask, LowerIp, UpperIp, Enable, Disable, Other };
    QVector<OptionDef> defs {
        { { QStringLiteral("--network"), QStringLiteral("--netname") }, Network, ValueKind::String },
        { { QStringLiteral("--interface"), QStringLiteral("--ifname") }, Interface, ValueKind::String },
    };
    if (add || modify)
        defs += QVector<OptionDef> {
            { { QStringLiteral("--server-ip"), QStringLiteral("--ip"), QStringLiteral("-ip") }, ServerIp,
                ValueKind::String },
            { { QStringLiteral("--netmask"), QStringLiteral("-netmask") }, Netmask, ValueKind::String },
            { { QStringLiteral("--lower-ip"), QStringLiteral("--lowerip"), QStringLiteral("-lowerip") }, LowerIp,
                ValueKind::String },
            { { QStringLiteral("--upper-ip"), QStringLiteral("--upperip"), QStringLiteral("-upperip") }, UpperIp,
                ValueKind::String },
            { { QStringLiteral("--enable"), QStringLiteral("-enable") }, Enable, ValueKind::None },
            { { QStringLiteral("--disable"), QStringLiteral("-disable") }, Disable, ValueKind::None },
            { { QStringLiteral("--min-lease-time"), QStringLiteral("--default-lease-time"),
                  QStringLiteral("--max-lease-time") },
                Other, ValueKind::UInt32 },
        };
    OptionParser parser(args, defs, 1);
    QString network, interfaceName, serverIp, netmask, lowerIp, upperIp;
    int enabled = -1;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        switch (o.id) {
        case Network:
            if (!interfaceName.isEmpty())
                return syntaxError(QStringLiteral("Either --network or --interface, not both"));
            network = o.value;
            break;
        case Interface:
            if (!network.isEmpty())
                return syntaxError(QStringLiteral("Either --interface or --network, not both"));
            interfaceName = o.value;
            break;
        case ServerIp:
            serverIp = o.value;
            break;
        case Netmask:
            netmask = o.value;
            break;
        case LowerIp:
            lowerIp = o.value;
            break;
        case UpperIp:
            upperIp = o.value;
            break;
        case Enable:
            enabled = 1;
            break;
        case Disable:
            enabled = 0;
            break;
        default:
            break;
        }
    }
    if (network.isEmpty() && interfaceName.isEmpty())
        return syntaxError(
            QStringLiteral("You need to specify either --network or --interface to identify the DHCP server"));
    if (add) {
        if (serverIp.isEmpty())
            return syntaxError(QStringLiteral("Missing required option: --ip"));
        if (netmask.isEmpty())
            return syntaxError(QStringLiteral("Missing required option: --netmask"));
        if (lowerIp.isEmpty())
            return syntaxError(QStringLiteral("Missing required option: --lowerip"));
        if (upperIp.isEmpty())
            return syntaxError(QStringLiteral("Missing required option: --upperip"));
    }

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    if (network.isEmpty()) {
        if (!registry.findHostOnly(interfaceName)) {
            ComError e;
            e.message = QStringLiteral("The host network interface named '%1' could not be found").arg(interfaceName);
            e.status = E_ObjectNotFound;
            e.component = QStringLiteral("HostWrap");
            e.interfaceName = QStringLiteral("IHost");
            e.file = QStringLiteral("VBoxManageDHCPServer.cpp");
            if (add || modify) {
                e.context = QStringLiteral("FindHostNetworkInterfaceByName(Bstr(pCtx->pszInterface).mutableRaw(), "
                                           "hif.asOutParam())");
                e.line = 925;
                comError(e);
                return argumentError(QStringLiteral("Could not find interface '%1'").arg(interfaceName));
            }
            e.context = QStringLiteral("FindHostNetworkInterfaceByName(bstrInterface.raw(), ptrIHostIf.asOutParam())");
            e.line = 187;
            comError(e);
            argumentError(QStringLiteral("Failed to locate host-only interface '%1'").arg(interfaceName));
            return ExitFailure;
        }
        network = QStringLiteral("HostInterfaceNetworking-") + interfaceName;
    }
    DhcpServer *server = registry.findDhcpServer(network);
    if (add) {
        if (server)
            return argumentError(QStringLiteral("DHCP server already exists"));
        registry.dhcpServers.append(DhcpServer { network, serverIp, netmask, lowerIp, upperIp, enabled == 1 });
    } else if (!server) {
        if (modify)
            return argumentError(QStringLiteral("DHCP server does not exist"));
        if (interfaceName.isEmpty())
            argumentError(QStringLiteral("Failed to find DHCP server for network '%1'").arg(network));
        else
            argumentError(QStringLiteral("Failed to find DHCP server for host-only interface '%1' (network '%2')")
                              .arg(interfaceName, network));
        return ExitFailure;
    } else if (modify) {
        if (!serverIp.isEmpty())
            server->ip = serverIp;
        if (!netmask.isEmpty())
            server->netmask = netmask;
        if (!lowerIp.isEmpty())
            server->lowerIp = lowerIp;
        if (!upperIp.isEmpty())
            server->upperIp = upperIp;
        if (enabled >= 0)
            server->enabled = enabled == 1;
        // A running server goes on with the new settings; a disabled one stops.
        const bool wasRunning = dhcpRunning(network);
        stopDhcp(network);
        const QString bridge = network.mid(network.indexOf(QLatin1Char('-')) + 1);
        if (wasRunning && server->enabled && !startDhcp(*server, bridge, &error)) {
            msgError(error);
            return ExitFailure;
        }
    } else if (remove) {
        stopDhcp(network);
        registry.dhcpServers.removeIf([&](const DhcpServer &d) { return d.networkName == network; });
    } else if (sub == QLatin1String("stop") || sub == QLatin1String("restart")) {
        stopDhcp(network);
    }
    return transaction.commit(nullptr);
}

} // namespace vboxdouble
