#pragma once

#include "interpreter.h"
#include "value.h"

#include <QList>
#include <QString>

namespace berth::psdouble {

// A virtual switch of the test configuration. Each is a Linux bridge in the double's network namespace
// with dnsmasq as its DHCP server, made when a VM on it starts.
struct SwitchConfig {
    QString name;
    int type = 1; // VMSwitchType: 0 Private, 1 Internal, 2 External
    QString id;
    QString subnet; // IPv4 CIDR
    QString bridge; // the Linux bridge's name
};

// $BERTH_HYPERV_DOUBLE_HOME/config.json, written by tests.
struct HostConfig {
    bool administrator = true; // BUILTIN\Administrators (S-1-5-32-544)
    bool hyperVAdministrator = false; // BUILTIN\Hyper-V Administrators (S-1-5-32-578)
    bool moduleAvailable = true; // the Hyper-V PowerShell module is installed
    bool guestReportsOnlyIPv6 = false; // the guest's KVP daemon reports no IPv4 address
    int consoleWidth = 120;
    int stopTimeoutSeconds = 120;
    QString computerName = QStringLiteral("BERTH-HOST");
    QString userName = QStringLiteral("BERTH-HOST\\docker");
    // The user's Windows password, which SMB clients log on with; empty: none, and Windows refuses network
    // logons to an account without one.
    QString password;
    QList<SwitchConfig> switches;
};

struct Drive {
    QString id;
    bool dvd = false;
    QString path;
    int controllerNumber = 0;
    int controllerLocation = 0;
};

struct VmRecord {
    QString id;
    QString name;
    QString path; // the VM's folder: -Path\Name
    int generation = 1;
    qint64 processorCount = 1;
    qint64 memoryStartup = 512 * Q_INT64_C(1048576);
    qint64 memoryMinimum = 512 * Q_INT64_C(1048576);
    qint64 memoryMaximum = Q_INT64_C(1099511627776);
    bool dynamicMemory = false;
    bool secureBoot = true;
    QString secureBootTemplate = QStringLiteral("MicrosoftWindows");
    QString firstBootDevice; // a drive's id, or empty
    QList<Drive> drives;
    QString adapterId;
    QString switchName; // empty: not connected
    QString mac = QStringLiteral("000000000000");
    bool dynamicMac = true; // false once Set-VMNetworkAdapter -StaticMacAddress gave one
    int accessVlanId = 0; // Set-VMNetworkAdapterVlan -Access -VlanId; 0: untagged (recorded, not on the wire)
    QString state = QStringLiteral("Off"); // Off, Starting, Running, Stopping
    qint64 startedAt = 0; // seconds since the epoch
};

class HyperV {
public:
    static HyperV &instance();
    void load();

    const HostConfig &config() const { return m_config; }
    QString home() const { return m_home; }
    QString vmFolder(const QString &id) const;
    bool isInRole(const Value &role) const;

    // The VMs, with the state of their QEMU processes looked at.
    QList<VmRecord> vms();
    void save(const VmRecord &vm);
    void erase(const VmRecord &vm);

    // The Hyper-V module's cmdlets.
    static QList<CmdletSpec> cmdlets();

    // An exclusive lock on the double's state, held while read-modify-write steps run.
    class Lock {
    public:
        Lock();
        ~Lock();
        Lock(const Lock &) = delete;
        Lock &operator=(const Lock &) = delete;

    private:
        int m_fd = -1;
    };

private:
    QString m_home;
    HostConfig m_config;
};

} // namespace berth::psdouble
