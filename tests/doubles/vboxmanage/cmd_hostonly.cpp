// hostonlyif create | remove | ipconfig: each host-only interface is a Linux bridge of its name
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "getopt.h"
#include "network.h"
#include "registry.h"

#include <QFile>

namespace vboxdouble {

namespace {

int interfaceNotFound(const QString &name, const CallSite &where)
{
    ComError e;
    e.message = QStringLiteral("The host network interface named '%1' could not be found").arg(name);
    e.status = E_ObjectNotFound;
    e.component = QStringLiteral("HostWrap");
    e.interfaceName = QStringLiteral("IHost");
    e.context = QString::fromLatin1(where.call);
    e.line = where.line;
    e.file = QString::fromLatin1(where.file);
    return comError(e);
}

// The kernel driver's refusal, as VBoxNetAdpCtl reports it through the progress object.
int createRefused(const QString &reason)
{
    printErr(QStringLiteral("0%...NS_ERROR_FAILURE\n"));
    msgError(QStringLiteral("Failed to create the host-only adapter"));
    ComError e;
    e.message = reason;
    e.status = E_Fail;
    e.component = QStringLiteral("HostNetworkInterfaceWrap");
    e.interfaceName = QStringLiteral("IHostNetworkInterface");
    e.withCallee = false;
    e.context = QString::fromLatin1(site::hostOnlyCreate.call);
    e.line = site::hostOnlyCreate.line;
    e.file = QString::fromLatin1(site::hostOnlyCreate.file);
    return comError(e);
}

int handleCreate(const QStringList &args)
{
    bool machineReadable = false;
    for (const QString &arg : args) {
        if (arg == QLatin1String("--machinereadable"))
            machineReadable = true;
        else if (arg.startsWith(QLatin1Char('-')))
            return unknownOption(arg);
        else
            return invalidParameter(arg);
    }
    const QString refusal = QStringLiteral(
        "VBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl: No such file or directory");
    if (activeFault() == QLatin1String("refused"))
        return createRefused(refusal);
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    QString name;
    for (int n = 0;; ++n) {
        name = QStringLiteral("vboxnet%1").arg(n);
        if (!registry.findHostOnly(name) && !linkExists(name))
            break;
    }
    if (!createBridge(name, &error))
        return createRefused(QStringLiteral("VBoxNetAdpCtl: Error while adding new interface: ") + error);
    // VirtualBox's GUID for vboxnetN spells the name in hex: 786f6276-656e-4n74-8000-0a002700000n.
    const int n = name.mid(7).toInt();
    HostOnlyInterface hif;
    hif.name = name;
    hif.guid = QStringLiteral("786f6276-656e-4") + QString::number(n % 16, 16) + QStringLiteral("74-8000-0a00270000")
        + QStringLiteral("%1").arg(n, 2, 16, QLatin1Char('0'));
    hif.mac = bridgeMac(name);
    hif.ip = QStringLiteral("192.168.%1.1").arg(56 + n);
    hif.netmask = QStringLiteral("255.255.255.0");
    setBridgeAddress(name, hif.ip, hif.netmask, &error);
    registry.hostOnlyInterfaces.append(hif);
    if (const int code = transaction.commit(nullptr))
        return code;
    if (machineReadable) {
        printOut(name);
        return ExitSuccess;
    }
    progressDone();
    printOut(QStringLiteral("Interface '%1' was successfully created\n").arg(name));
    return ExitSuccess;
}

int handleRemove(const QStringList &args)
{
    QString name;
    for (const QString &arg : args) {
        if (arg.startsWith(QLatin1Char('-')))
            return unknownOption(arg);
        if (!name.isEmpty())
            return syntaxError(QStringLiteral("Only one interface name can be specified"));
        name = arg;
    }
    if (name.isEmpty())
        return syntaxError(QStringLiteral("No interface name was specified"));
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    if (!registry.findHostOnly(name))
        return interfaceNotFound(name, site::hostOnlyRemoveFind);
    deleteBridge(name);
    registry.hostOnlyInterfaces.removeIf([&](const HostOnlyInterface &h) { return h.name == name; });
    if (const int code = transaction.commit(nullptr))
        return code;
    progressDone();
    return ExitSuccess;
}

int handleIpConfig(const QStringList &args)
{
    enum { Dhcp = 1, Ip, Netmask, Ipv6, Netmasklengthv6 };
    OptionParser parser(args,
        { { { QStringLiteral("--dhcp"), QStringLiteral("-dhcp") }, Dhcp, ValueKind::None },
            { { QStringLiteral("--ip"), QStringLiteral("-ip") }, Ip, ValueKind::String },
            { { QStringLiteral("--netmask"), QStringLiteral("-netmask") }, Netmask, ValueKind::String },
            { { QStringLiteral("--ipv6"), QStringLiteral("-ipv6") }, Ipv6, ValueKind::String },
            { { QStringLiteral("--netmasklengthv6"), QStringLiteral("-netmasklengthv6") }, Netmasklengthv6,
                ValueKind::UInt32 } });
    QString name, ip, netmask;
    bool dhcp = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            if (!name.isEmpty())
                return syntaxError(QStringLiteral("Only one interface name can be specified"));
            name = o.value;
            continue;
        }
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        if (o.id == Dhcp)
            dhcp = true;
        else if (o.id == Ip)
            ip = o.value;
        else if (o.id == Netmask)
            netmask = o.value;
    }
    if (name.isEmpty())
        return syntaxError(QStringLiteral("No interface name was specified"));
    if (dhcp && !ip.isEmpty())
        return syntaxError(QStringLiteral("You can not use --dhcp with static ip configuration parameters: --ip, "
                                          "--netmask, --ipv6 and --netmasklengthv6."));
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    HostOnlyInterface *hif = registry.findHostOnly(name);
    if (!hif)
        return interfaceNotFound(name, site::hostOnlyFind);
    if (dhcp)
        return comErrorWithoutInfo({ "E_NOTIMPL", 0x80004001 }, QStringLiteral("Not implemented"),
            CallSite { "EnableDynamicIPConfig()", 257, "VBoxManageHostonly.cpp" });
    if (ip.isEmpty())
        return syntaxError(QStringLiteral("Neither -dhcp nor -ip nor -ipv6 was specfified"));
    if (netmask.isEmpty())
        netmask = QStringLiteral("255.255.255.0");
    quint32 parsed = 0;
    if (!parseIpv4(ip, &parsed) || !parseIpv4(netmask, &parsed))
        return comErrorWithoutInfo(E_Fail, QStringLiteral("Operation failed"), site::hostOnlyIpConfig);
    // VirtualBox 6.1.28 and later refuse addresses outside /etc/vbox/networks.conf's ranges.
    if (!addressAllowed(ip, netmask))
        return comErrorWithoutInfo(E_AccessDenied, QStringLiteral("Access denied"), site::hostOnlyIpConfig);
    if (!setBridgeAddress(name, ip, netmask, &error))
        return comErrorWithoutInfo(E_Fail, QStringLiteral("Operation failed"), site::hostOnlyIpConfig);
    hif->ip = ip;
    hif->netmask = netmask;
    return transaction.commit(nullptr);
}

} // namespace

int handleHostOnlyIf(const QStringList &args)
{
    const QString sub = args.first();
    setCurrentCommand(QStringLiteral("hostonlyif"), sub);
    if (sub == QLatin1String("create"))
        return handleCreate(args.mid(1));
    if (sub == QLatin1String("remove"))
        return handleRemove(args.mid(1));
    if (sub == QLatin1String("ipconfig"))
        return handleIpConfig(args.mid(1));
    return syntaxError(QStringLiteral("Unknown subcommand: %1").arg(sub));
}

} // namespace vboxdouble
