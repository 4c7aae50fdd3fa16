#pragma once

// The host-only network a VirtualBox machine is reached on, chosen from what VirtualBox and this computer
// have (pure, so every case is tested): the adapter to reuse, create or repair, whether it collides with a
// network of this computer, whether VirtualBox allows its range, and the DHCP servers to add, change or remove.

#include "vboxinfo.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace berth::vbox {

// An IPv4 address with a prefix length: "192.168.59.1/24".
struct Ipv4Cidr {
    quint32 address = 0;
    int prefix = 0;

    quint32 mask() const { return prefix == 0 ? 0 : ~quint32(0) << (32 - prefix); }
    quint32 network() const { return address & mask(); }
    quint32 broadcast() const { return network() | ~mask(); }
    bool contains(quint32 other) const { return (other & mask()) == network(); }
    // Whether the two networks share an address.
    bool overlaps(const Ipv4Cidr &other) const;
    QString addressText() const { return text(address); }
    QString maskText() const { return text(mask()); }
    // "192.168.59.1/24"
    QString toString() const;
    static QString text(quint32 address);
    // "192.168.59.1" and "255.255.255.0" (or a prefix); false when either is no IPv4 address or mask.
    static bool fromAddressAndMask(const QString &address, const QString &mask, Ipv4Cidr *cidr);
};

// --virtualbox-hostonly-cidr: the host's address on the network and its prefix, from 8 to 29 (a smaller
// network leaves the DHCP server no range). False with why for anything else, the network's own address
// included (docker-machine refused it too); the message names the value as `what` ("--virtualbox-hostonly-cidr",
// "Driver.HostOnlyCIDR").
bool parseHostOnlyCidr(const QString &text, const QString &what, Ipv4Cidr *cidr, QString *error);

// An interface of this computer, as QNetworkInterface tells it.
struct HostInterface {
    QString name; // "eth0"; on Windows the adapter's name ("Ethernet", "VirtualBox Host-Only Network")
    bool up = false;
    bool loopback = false;
    QList<Ipv4Cidr> addresses;
};
QList<HostInterface> hostInterfaces();

// What start does with the host-only adapter.
struct AdapterChoice {
    enum class Action { Reuse, Create, Repair };
    Action action = Action::Create;
    QString name; // the adapter to reuse or repair
    QString networkName; // its VBoxNetworkName
};

// The adapter for cidr: one whose address and mask are cidr's (Windows sometimes reports a just-made adapter's
// mask as 15.0.0.0: that one too); else the VM's own adapter (currentAdapter) when Windows lost its address
// (none, 0.0.0.0 or link-local), to be given it again; else a new one. False with why when the network
// collides with an interface of this computer or with another host-only adapter.
bool chooseAdapter(const Ipv4Cidr &cidr, const QString &currentAdapter, const QList<HostOnlyInterface> &adapters,
    const QList<HostInterface> &host, AdapterChoice *choice, QString *error);

// The DHCP server Berth wants on the network: for a /24 or larger one as VirtualBox's own (.100, leases .101 to
// .254); for a smaller one the address after the host's and the rest up to the broadcast address.
DhcpServer wantedDhcpServer(const Ipv4Cidr &cidr, const QString &networkName, bool enabled);

// What to do with VirtualBox's DHCP servers: remove those of host-only adapters that are gone (docker-machine
// left them behind), and add or change the adapter's own.
struct DhcpPlan {
    QStringList orphans; // network names to remove
    enum class Action { None, Add, Modify };
    Action action = Action::None;
    DhcpServer server;
};
DhcpPlan planDhcp(const DhcpServer &wanted, const QList<DhcpServer> &servers, const QList<HostOnlyInterface> &adapters);

// The name VirtualBox gives the internal network of a host-only adapter (its DHCP server's name).
QString hostOnlyNetworkName(const QString &adapter);

// The ranges VirtualBox 6.1.28 and later allow host-only adapters in, on Linux and macOS: the lines
// "* 10.0.0.0/8 192.168.0.0/16" of /etc/vbox/networks.conf, or 192.168.56.0/21 without the file.
QList<Ipv4Cidr> allowedHostOnlyRanges(const QByteArray &networksConf, bool fileExists);
bool rangeAllowed(const Ipv4Cidr &cidr, const QList<Ipv4Cidr> &ranges);

} // namespace berth::vbox
