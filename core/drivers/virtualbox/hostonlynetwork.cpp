#include "hostonlynetwork.h"

#include "util/optionname.h"
#include "util/translate.h"

#include <QHostAddress>
#include <QNetworkInterface>

namespace berth::vbox {

namespace {

const char cidrFlag[] = "virtualbox-hostonly-cidr";

bool parseAddress(const QString &text, quint32 *address)
{
    QHostAddress parsed;
    if (text.count(QLatin1Char('.')) != 3 || !parsed.setAddress(text)
        || parsed.protocol() != QAbstractSocket::IPv4Protocol)
        return false;
    *address = parsed.toIPv4Address();
    return true;
}

// A mask's prefix length; -1 when the mask's ones are not contiguous.
int prefixOf(quint32 mask)
{
    int prefix = 0;
    while (prefix < 32 && (mask & (quint32(1) << (31 - prefix))))
        ++prefix;
    return (prefix == 32 || (mask << prefix) == 0) ? prefix : -1;
}

// Windows loses a host-only adapter's address now and then (after a restart, a driver update): it shows
// none, 0.0.0.0 or an address it made up itself (169.254.0.0/16).
bool addressLost(const QString &text)
{
    quint32 address = 0;
    return !parseAddress(text, &address) || address == 0 || (address >> 16) == ((169u << 8) | 254u);
}

} // namespace

bool Ipv4Cidr::overlaps(const Ipv4Cidr &other) const
{
    return network() <= other.broadcast() && other.network() <= broadcast();
}

QString Ipv4Cidr::text(quint32 address)
{
    return QHostAddress(address).toString();
}

QString Ipv4Cidr::toString() const
{
    return addressText() + QLatin1Char('/') + QString::number(prefix);
}

bool Ipv4Cidr::fromAddressAndMask(const QString &address, const QString &mask, Ipv4Cidr *cidr)
{
    quint32 ip = 0, bits = 0;
    if (!parseAddress(address, &ip))
        return false;
    bool number = false;
    int prefix = mask.toInt(&number);
    if (!number) {
        if (!parseAddress(mask, &bits))
            return false;
        prefix = prefixOf(bits);
    }
    if (prefix < 0 || prefix > 32)
        return false;
    *cidr = { ip, prefix };
    return true;
}

bool parseHostOnlyCidr(const QString &text, const QString &what, Ipv4Cidr *cidr, QString *error)
{
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    Ipv4Cidr parsed;
    bool number = false;
    const int prefix = slash < 0 ? -1 : text.mid(slash + 1).toInt(&number);
    if (slash < 0 || !number || !Ipv4Cidr::fromAddressAndMask(text.left(slash), QString::number(prefix), &parsed)) {
        *error = tr("%1 \"%2\" is not an IPv4 address with a prefix length, such as 192.168.59.1/24.").arg(what, text);
        return false;
    }
    if (prefix < 8 || prefix > 29) {
        *error = tr("%1 \"%2\": the prefix length must be from 8 to 29.").arg(what, text);
        return false;
    }
    if (parsed.address == parsed.network() || parsed.address == parsed.broadcast()) {
        *error = tr("%1 \"%2\" names the network, not this computer's address on it: give one such as %3.")
                     .arg(what, text, Ipv4Cidr { parsed.network() + 1, prefix }.toString());
        return false;
    }
    *cidr = parsed;
    return true;
}

QList<HostInterface> hostInterfaces()
{
    QList<HostInterface> found;
    const QList<QNetworkInterface> all = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &each : all) {
        HostInterface host;
        host.name = each.humanReadableName();
        host.up = each.flags().testFlag(QNetworkInterface::IsUp);
        host.loopback = each.flags().testFlag(QNetworkInterface::IsLoopBack);
        for (const QNetworkAddressEntry &entry : each.addressEntries()) {
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol && entry.prefixLength() >= 0)
                host.addresses.append({ entry.ip().toIPv4Address(), entry.prefixLength() });
        }
        found.append(host);
    }
    return found;
}

bool chooseAdapter(const Ipv4Cidr &cidr, const QString &currentAdapter, const QList<HostOnlyInterface> &adapters,
    const QList<HostInterface> &host, AdapterChoice *choice, QString *error)
{
    *choice = {};
    QList<Ipv4Cidr> adapterNetworks;
    for (const HostOnlyInterface &adapter : adapters) {
        Ipv4Cidr network;
        const bool valid = !addressLost(adapter.ipAddress)
            && Ipv4Cidr::fromAddressAndMask(adapter.ipAddress, adapter.networkMask, &network);
        if (valid)
            adapterNetworks.append(network);
        quint32 address = 0;
        parseAddress(adapter.ipAddress, &address);
        const bool sameAddress = !addressLost(adapter.ipAddress) && address == cidr.address;
        // A mask Windows reports for an adapter it has just made, before it settles.
        if (sameAddress
            && ((valid && network.prefix == cidr.prefix) || adapter.networkMask == QLatin1String("15.0.0.0"))
            && choice->name.isEmpty()) {
            *choice = { AdapterChoice::Action::Reuse, adapter.name, adapter.networkName };
        }
    }
    if (choice->name.isEmpty()) {
        for (const HostOnlyInterface &adapter : adapters) {
            if (adapter.name == currentAdapter && addressLost(adapter.ipAddress))
                *choice = { AdapterChoice::Action::Repair, adapter.name, adapter.networkName };
        }
    }

    // Another host-only adapter in the same network would take the VM's traffic, or the VM its.
    for (const HostOnlyInterface &adapter : adapters) {
        Ipv4Cidr network;
        if (addressLost(adapter.ipAddress)
            || !Ipv4Cidr::fromAddressAndMask(adapter.ipAddress, adapter.networkMask, &network))
            continue;
        if (adapter.name == choice->name || !network.overlaps(cidr))
            continue;
        *error = tr("VirtualBox's host-only adapter \"%1\" already has %2, in the network of %3. Choose another "
                    "network with %4, or remove that adapter in VirtualBox's Network Manager if nothing uses it.")
                     .arg(adapter.name, network.toString(), cidr.toString(), optionName(QLatin1String(cidrFlag)));
        return false;
    }
    // A network of this computer's own (a LAN, a VPN, Docker's bridge) there would be unreachable.
    for (const HostInterface &hostInterface : host) {
        if (!hostInterface.up || hostInterface.loopback)
            continue;
        for (const Ipv4Cidr &address : hostInterface.addresses) {
            // The host-only adapters are interfaces of this computer too.
            bool isAdapter = false;
            for (const Ipv4Cidr &network : adapterNetworks)
                isAdapter = isAdapter || (network.address == address.address && network.prefix == address.prefix);
            if (isAdapter || !address.overlaps(cidr))
                continue;
            *error
                = tr("The host-only network %1 collides with the network of this computer's interface \"%2\" "
                     "(%3). Choose another network with %4, for example %5.")
                      .arg(cidr.toString(), hostInterface.name, address.toString(), optionName(QLatin1String(cidrFlag)),
                          cidr.address == 0xC0A83B01u ? QStringLiteral("192.168.60.1/24")
                                                      : QStringLiteral("192.168.59.1/24"));
            return false;
        }
    }
    return true;
}

QString hostOnlyNetworkName(const QString &adapter)
{
    return QStringLiteral("HostInterfaceNetworking-") + adapter;
}

DhcpServer wantedDhcpServer(const Ipv4Cidr &cidr, const QString &networkName, bool enabled)
{
    DhcpServer server;
    server.networkName = networkName;
    server.networkMask = cidr.maskText();
    server.enabled = enabled;
    const quint32 network = cidr.network();
    const quint32 last = cidr.broadcast() - 1;
    quint32 ip = 0, lower = 0, upper = 0;
    if (cidr.prefix <= 24 && (cidr.address < network + 100 || cidr.address > network + 254)) {
        ip = network + 100;
        lower = network + 101;
        upper = network + 254;
    } else {
        ip = cidr.address == network + 1 ? network + 2 : network + 1;
        const bool hostHigh = cidr.address > network + (last - network) / 2;
        lower = hostHigh ? ip + 1 : qMax(ip, cidr.address) + 1;
        upper = hostHigh ? cidr.address - 1 : last;
    }
    server.ipAddress = Ipv4Cidr::text(ip);
    server.lowerIp = Ipv4Cidr::text(lower);
    server.upperIp = Ipv4Cidr::text(upper);
    return server;
}

DhcpPlan planDhcp(const DhcpServer &wanted, const QList<DhcpServer> &servers, const QList<HostOnlyInterface> &adapters)
{
    DhcpPlan plan;
    plan.server = wanted;
    plan.action = DhcpPlan::Action::Add;
    for (const DhcpServer &server : servers) {
        if (server.networkName == wanted.networkName) {
            plan.action = server == wanted ? DhcpPlan::Action::None : DhcpPlan::Action::Modify;
            continue;
        }
        if (!server.networkName.startsWith(hostOnlyNetworkName(QString())))
            continue;
        bool adapterExists = false;
        for (const HostOnlyInterface &adapter : adapters)
            adapterExists = adapterExists || adapter.networkName == server.networkName;
        if (!adapterExists)
            plan.orphans << server.networkName;
    }
    return plan;
}

QList<Ipv4Cidr> allowedHostOnlyRanges(const QByteArray &networksConf, bool fileExists)
{
    if (!fileExists)
        return { { 0xC0A83800u, 21 } }; // 192.168.56.0/21
    QList<Ipv4Cidr> ranges;
    for (QByteArray line : networksConf.split('\n')) {
        if (const qsizetype hash = line.indexOf('#'); hash >= 0)
            line.truncate(hash);
        const QList<QByteArray> words = line.simplified().split(' ');
        if (words.value(0) != "*")
            continue;
        for (qsizetype i = 1; i < words.size(); ++i) {
            const QString word = QString::fromLatin1(words.at(i));
            Ipv4Cidr range;
            if (word.contains(QLatin1Char('/'))
                && Ipv4Cidr::fromAddressAndMask(
                    word.section(QLatin1Char('/'), 0, 0), word.section(QLatin1Char('/'), 1), &range))
                ranges.append(range);
        }
    }
    return ranges;
}

bool rangeAllowed(const Ipv4Cidr &cidr, const QList<Ipv4Cidr> &ranges)
{
    for (const Ipv4Cidr &range : ranges) {
        if (range.contains(cidr.network()) && range.contains(cidr.broadcast()))
            return true;
    }
    return false;
}

} // namespace berth::vbox
