#pragma once

#include "registry.h"

#include <QString>

// Host-only networking on Linux: a host-only interface is a bridge of the same name (vboxnet0), a VM's
// host-only NIC a tap device on it, and an enabled DHCP server dnsmasq on the bridge.
namespace vboxdouble {

// Runs a program (ip, dnsmasq) with an argv list; false and its stderr when it fails.
bool runTool(const QString &program, const QStringList &args, QString *error);

// Whether a network device of this name exists in this network namespace (sysfs may show another one's).
bool linkExists(const QString &name);
bool createBridge(const QString &name, QString *error);
void deleteBridge(const QString &name);
bool setBridgeAddress(const QString &name, const QString &ip, const QString &netmask, QString *error);
// The bridge's MAC address, as list hostonlyifs shows it (0a:00:27:00:00:00 form).
QString bridgeMac(const QString &name);

QString tapName(const QString &machineUuid, int nic);
bool createTap(const QString &tap, const QString &bridge, QString *error);
void deleteTap(const QString &tap);

// Dotted-quad IPv4 addresses (Qt Core has no QHostAddress).
bool parseIpv4(const QString &text, quint32 *address);
int prefixLength(const QString &netmask);
// VirtualBox 6.1.28+ lets host-only networks use only the ranges /etc/vbox/networks.conf allows (by default
// 192.168.56.0/21).
bool addressAllowed(const QString &ip, const QString &netmask);

// A line in $VBOX_USER_HOME/double-events.log: what the double did behind VirtualBox's back (its dnsmasq,
// a VM's end), with the time and the process, for a test that finds something left running.
void doubleEvent(const QString &what);

// dnsmasq for a DHCP server, started when a VM on its network starts, stopped with the network's last VM.
bool startDhcp(const DhcpServer &server, const QString &bridge, QString *error);
void stopDhcp(const QString &networkName);
bool dhcpRunning(const QString &networkName);
QString dhcpLeaseFile(const QString &networkName);

} // namespace vboxdouble
