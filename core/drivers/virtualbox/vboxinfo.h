#pragma once

// Pure readers of what VBoxManage prints, so they are tested on real outputs: showvminfo --machinereadable,
// list vms, list hostonlyifs, list dhcpservers, hostonlyif create, --version; and of what a guest and a VM's
// log say (ip addr show, VBox.log).

#include "util/machinestate.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace berth::vbox {

// A NAT rule of a NIC: "ssh,tcp,127.0.0.1,41853,,22" in showvminfo's Forwarding(N) lines.
struct NatRule {
    int nic = 0; // 1-based
    QString name;
    QString protocol; // tcp or udp
    QString hostIp;
    int hostPort = 0;
    QString guestIp;
    int guestPort = 0;
};

// `showvminfo NAME --machinereadable`: one key="value" a line (numbers unquoted; a name with '=' or a storage
// slot quoted, "SATA-1-0"="..."; VirtualBox 6.1 and later escape '"' and '\' in values). Lines of another form
// (VirtualBox 7.0.0 printed "Encryption:     disabled") are skipped.
class VmInfo {
public:
    static VmInfo parse(const QByteArray &output);

    QString value(const QString &key) const { return m_values.value(key); }
    bool contains(const QString &key) const { return m_values.contains(key); }
    QString name() const { return value(QStringLiteral("name")); }
    // VMState: poweroff, running, paused, saved, aborted, gurumeditation, starting, stopping, saving, ...
    QString state() const { return value(QStringLiteral("VMState")); }
    int cpus() const { return value(QStringLiteral("cpus")).toInt(); }
    int memoryMb() const { return value(QStringLiteral("memory")).toInt(); }
    // nicN: "nat", "hostonly", "bridged", "none", ...
    QString nicAttachment(int nic) const { return value(QStringLiteral("nic%1").arg(nic)); }
    QString nicType(int nic) const { return value(QStringLiteral("nictype%1").arg(nic)); }
    // The first NIC attached to a host-only adapter (1-based), 0 when none.
    int hostOnlyNic() const;
    QString hostOnlyAdapter(int nic) const { return value(QStringLiteral("hostonlyadapter%1").arg(nic)); }
    // "0800274BBBB0", as VirtualBox prints it.
    QString macAddress(int nic) const { return value(QStringLiteral("macaddress%1").arg(nic)); }
    QList<NatRule> forwards() const { return m_forwards; }
    // The medium in a storage slot ("SATA", 1, 0): a path, "none" or "emptydrive"; empty when the controller
    // has no such slot.
    QString medium(const QString &controller, int port, int device) const;
    // The files in every storage slot of every controller (neither "none" nor "emptydrive").
    QStringList mediaFiles() const;
    QString logFolder() const { return value(QStringLiteral("LogFldr")); }

private:
    QMap<QString, QString> m_values;
    QList<NatRule> m_forwards;
};

// What a VMState of showvminfo is to a user: running (also while a snapshot is taken), paused, saved, stopped
// (poweroff, aborted, and the offline snapshot work), starting, stopping; Error for a guru meditation; None for
// a state Berth does not know.
MachineState machineState(const QString &vmState);

// `list vms`: the names of the registered VMs ("default" {uuid} lines).
QStringList parseVmNames(const QByteArray &output);

// One adapter of `list hostonlyifs`.
struct HostOnlyInterface {
    QString name; // "vboxnet0"; on Windows "VirtualBox Host-Only Ethernet Adapter #2"
    QString guid;
    bool dhcp = false;
    QString ipAddress; // may be empty, 0.0.0.0 or link-local when Windows lost the address
    QString networkMask;
    QString hardwareAddress;
    QString status; // Up, Down
    QString networkName; // VBoxNetworkName: "HostInterfaceNetworking-vboxnet0", what a DHCP server is named by
};
QList<HostOnlyInterface> parseHostOnlyInterfaces(const QByteArray &output);

// One server of `list dhcpservers`, in VirtualBox 5.2/6.0's form (IP, lowerIPAddress) or 6.1's and later
// (Dhcpd IP, LowerIPAddress, then indented configuration lines).
struct DhcpServer {
    QString networkName;
    QString ipAddress;
    QString networkMask;
    QString lowerIp;
    QString upperIp;
    bool enabled = false;

    bool operator==(const DhcpServer &other) const
    {
        return networkName == other.networkName && ipAddress == other.ipAddress && networkMask == other.networkMask
            && lowerIp == other.lowerIp && upperIp == other.upperIp && enabled == other.enabled;
    }
};
QList<DhcpServer> parseDhcpServers(const QByteArray &output);

// The adapter `hostonlyif create` made ("Interface 'vboxnet1' was successfully created"); empty when none.
QString parseCreatedInterface(const QByteArray &output);

// VBoxManage's --version: "7.0.14r161095", "6.1.38_Ubuntur153438", after any warnings it prints first.
struct Version {
    int major = 0;
    int minor = 0;
    int patch = 0;
    QString text; // "7.0.14", for messages

    bool isValid() const { return !text.isEmpty(); }
    bool atLeast(int wantMajor, int wantMinor, int wantPatch = 0) const;
    static Version parse(const QByteArray &output);
};

// Linux: VBoxManage says so before its version when its kernel module is not loaded (no VM can start).
bool kernelModuleMissing(const QByteArray &versionOutput);

// The IPv4 address of the guest's interface with this MAC ("0800274BBBB0" or "08:00:27:4b:bb:b0"), from
// `ip addr show` in the guest (iproute2 or busybox); empty when no interface has it or it has no address yet.
QString guestAddressForMac(const QByteArray &ipAddrOutput, const QString &mac);

// Why a VM did not start and what to do, from VBoxManage's error and the end of the VM's VBox.log: VT-x or
// AMD-V missing, turned off or taken by another hypervisor, Hyper-V, VirtualBox's kernel driver. Empty when
// neither says a cause Berth knows.
struct StartFailure {
    QString reason;
    QString remedy;
    bool virtualization = false; // VT-x/AMD-V is the cause
};
StartFailure explainStartFailure(const QString &vboxManageError, const QByteArray &vboxLog);

} // namespace berth::vbox
