#pragma once

#include "drivers/imagevmdriver.h"
#include "powershell.h"

#include <QJsonArray>

namespace berth {

namespace hyperv {

// The constant scripts the driver runs (hypervscripts.cpp): every value they use is a $env:BERTH_PS_<NAME>.
namespace scripts {
QString hostCheck(); // three lines: Hyper-V modules, Hyper-V Administrators, Administrators
QString vmCountAndSwitches(); // NAME: a line with how many VMs have the name, then the switches as JSON
// The VM, its disks, DVDs, firmware; its Id as JSON. staticMac: the adapter gets the address MAC; vlan: it is
// put on the VLAN VLAN (access mode).
QString createVm(bool dynamicMemory, bool staticMac, bool vlan);
QString vm(); // NAME: the VM as JSON (Name, Id, State, Path); nothing when there is none
QString vmAndAdapters(); // NAME: the VM's line of JSON, then its network adapters' (IPAddresses)
QString startVm();
QString stopVm(); // the guest's shutdown, as Stop-VM -Force asks for it
QString turnOffVm();
QString removeVm();
// DISK: a dynamic virtual disk no VM holds compacted (Optimize-VHD -Mode Full; on a VHDX not mounted read-only,
// Hyper-V compacts as Prezeroed: the blocks the guest trimmed and the blocks of zeros go)
QString compactDisk();
QString hardDisks(); // NAME: the paths of the VM's hard disks as JSON (Path)
// NAME, OLDSYSTEM, SYSTEM, SEED, BOOTISO: the system disk and the boot ISO replaced (the VM off); then the hard
// disks' paths as JSON, as hardDisks() gives them
QString replaceSystemDisk();
// The folder the host shares with the VM over SMB (SmbShare, NetTCPIP; Administrators only for New and Remove).
QString smbShare(); // SHARE: the share as JSON (Name, Path); nothing when there is none
QString newSmbShare(); // SHARE, FOLDER, USER: FOLDER shared as SHARE, USER given full access
QString removeSmbShare(); // SHARE
QString hostAddress(); // SWITCH: the host's IPv4 addresses on the switch (its vEthernet adapter) as JSON (IPAddress)
} // namespace scripts

// A Hyper-V virtual switch as Get-VMSwitch tells it.
struct Switch {
    QString name;
    int type = -1; // Private 0, Internal 1, External 2
    QString id;
};
// Windows's Default Switch (NAT, with DHCP) has this Id whatever its name in the system's language.
inline constexpr char defaultSwitchId[] = "c08cb7b8-9b3c-408e-8e30-5e16a3aeb444";

QList<Switch> parseSwitches(const QJsonArray &items);
// The switch a machine uses: wanted (by name, as Hyper-V compares names: ignoring case) when given, else
// the Default Switch, else the first External switch; false with what to do when there is none.
bool chooseSwitch(
    const QString &wanted, const QList<Switch> &switches, const QString &switchFlag, QString *chosen, QString *error);

// A VM as the driver reads it from Get-VM.
struct VmRecord {
    QString name;
    QString id;
    int state = -1; // VMState
    QString path;
};
bool parseVm(const QJsonArray &items, VmRecord *vm);
// The Path of each item (Get-VMHardDiskDrive | Select-Object Path).
QStringList parsePaths(const QJsonArray &items);
// Whether two paths name one file as Windows compares them (ignoring case there), whatever their separators.
bool samePath(const QString &a, const QString &b);
// Hyper-V's VMState (Running 2, Off 3, Stopping 4, Saved 6, Paused 9, Starting 10, and the critical and
// transient ones) as a machine's state.
MachineState machineState(int vmState);
// The guest's IPv4 address among what its adapters report (IPAddresses), link-local ones left out; empty
// when none, and then *ipv6Only when the guest reported IPv6 addresses only.
QString guestIpv4(const QJsonArray &adapters, bool *ipv6Only, QString *reported = nullptr);
// A MAC address as the user writes it (00:15:5D:0A:0B:0C, 00-15-5d-0a-0b-0c, 00155D0A0B0C) as Hyper-V takes it:
// 12 capital hexadecimal digits; empty when it is none, or not one a network adapter may have (multicast, zero).
QString staticMacAddress(const QString &text);

// Where the password of --hyperv-share-user is given (never a flag: a command line is seen by every process).
inline constexpr char sharePasswordVariable[] = "HYPERV_SHARE_PASSWORD";

// A Windows account as an SMB client logs on with it: "COMPUTER\\user" or "DOMAIN\\user" split in two; a bare
// name or a Microsoft account's e-mail address has no domain.
struct SmbAccount {
    QString domain;
    QString user;
};
SmbAccount splitAccount(const QString &account);
// The share a machine's folder is given: "berth-NAME".
QString shareNameFor(const QString &machineName);
// The guest's command (run as the docker user, over SSH) that mounts the share at the folder's guest path with the
// kernel's CIFS client, as the docker user's files; a folder already mounted is left alone. The password comes on
// standard input: cifsPasswordInput's line.
QString guestMountCommand(
    const QString &guestPath, const QString &hostAddress, const QString &share, const QString &account);
// The password as one line for guestMountCommand: a comma, which separates mount options, doubled.
QByteArray cifsPasswordInput(const QString &password);

} // namespace hyperv

// A Docker VM of Berth's image under Hyper-V, driven through Windows PowerShell (powershell.h): a generation 2
// VM with Secure Boot for the Microsoft UEFI CA (the image's boot ISO carries Debian's signed shim), booting
// the boot ISO, its own copy of the image's system.vhdx, a data VHDX, the seed as a second DVD, one network
// adapter on a virtual switch; the machine's address is the IPv4 address the guest reports on that switch,
// as docker-machine had it. It drives the Hyper-V machines docker-machine made (boot2docker.iso, disk.vhd):
// config.json's Driver section has docker-machine's field names, Berth's own additions under their own.
//
// hypervdriver.cpp: flags, the pre-create check, create, config.json; hypervvm.cpp: the VM at run time;
// hypervcheck.cpp: the first-run check; hypervscripts.cpp: the scripts and what their answers mean.
class HyperVDriver final : public ImageVmDriver {
public:
    HyperVDriver(const QString &machineName, const QString &storePath);

    static QList<DriverFlag> createFlags();
    // Whether Hyper-V can run Berth's VM here: PowerShell, the Hyper-V module, the user's rights, a switch,
    // the VM image. Runs PowerShell: blocking.
    static DriverCheck check(const QString &storePath);

    QString driverName() const override { return QStringLiteral("hyperv"); }
    bool setConfigFromFlags(const FlagValues &flags, QString *error) override;
    bool preCreateCheck(QString *error) override;
    bool create(Progress *progress, QString *error) override;
    bool bootAfterCreate(Progress *progress, QString *error) override;
    bool remove(QString *error) override;
    bool start(Progress *progress, QString *error) override;
    bool stop(Progress *progress, QString *error) override;
    bool restart(Progress *progress, QString *error) override;
    bool kill(QString *error) override;
    MachineState state(QString *error) override;
    // PowerShell asks this computer's Hyper-V only.
    bool stateIsLocal() const override { return true; }
    QString url(QString *error) const override;
    QString diagnose() const override;
    // The machine's address comes from the switch's DHCP server as it boots: its certificate is made after that.
    bool imageEngineHost(EngineHost *) const override { return false; }

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

    QString systemDiskPath() const; // system-VERSION.vhdx
    QString dataDiskPath() const; // data.vhdx
    // Where Hyper-V keeps the VM's own files: the machine's folder, in a folder of the VM's name.
    QString vmFolder() const;
    QString switchName() const { return m_switch; }
    // state() keeps what it read for a few seconds (the desktop app asks each second); this drops it, as every
    // operation on the VM does.
    void forgetState() const;

protected:
    QStringList imageFiles(const VmImage &image) const override;
    bool vmRunning() const override;
    bool currentSystemDisk(QString *disk, QString *error) override;
    bool replaceSystemDisk(
        const QString &oldDisk, const VmImage &previous, Progress *progress, QString *error) override;

private:
    hyperv::PowerShell powerShell() const;
    // The values every VM script reads: NAME.
    QMap<QString, QString> vmValues() const;
    // The machine's VM in *vm; *exists false when Hyper-V has none of the name. A VM of that name that is not
    // this machine's (another Id, or its files outside the machine's folder) is an error.
    bool findVm(const hyperv::PowerShell &ps, hyperv::VmRecord *vm, bool *exists, QString *error) const;
    // The image's system disk copied to systemDiskPath().
    bool copySystemDisk(Progress *progress, QString *error);
    // Runs a script that ends with the VM's hard disks as JSON (scripts::hardDisks) and reads their paths.
    bool readHardDisks(const hyperv::PowerShell &ps, const QString &script, const QMap<QString, QString> &values,
        QStringList *disks, QString *error) const;
    // A failed run's message, with what to do for the failures the driver knows.
    QString explain(const hyperv::Result &result) const;
    bool createVm(const hyperv::PowerShell &ps, Progress *progress, QString *error);
    // Waits until the guest reports its IPv4 address (m_ipAddress).
    bool waitForAddress(const hyperv::PowerShell &ps, Progress *progress, QString *error);
    // Waits until Hyper-V says the VM is off.
    bool waitForOff(const hyperv::PowerShell &ps, int timeoutMs, Progress *progress, QString *error) const;
    bool turnOff(const hyperv::PowerShell &ps, QString *error);
    bool stateBeforeStop(const hyperv::PowerShell &ps, MachineState *now, bool *off, QString *error);
    // Off: a running guest asked to shut down first when shutDownFirst (stop; progress is then needed), else
    // turned off at once (kill). *switchedOff (when given): whether the VM ran and this turned it off.
    bool switchOff(bool shutDownFirst, Progress *progress, QString *error, bool *switchedOff = nullptr);
    // The data disk, the VM off, given back what the guest freed (Hyper-V keeps a dynamic VHDX's blocks the guest
    // trimmed until it is compacted). A failure is said (progress) and does not fail the stop.
    void compactDataDisk(const hyperv::PowerShell &ps, Progress *progress);
    // The shared folder (--hyperv-share-user): checked before create (rights, password, the share's name), made
    // after the VM, mounted in the guest at each start, removed with the machine.
    bool checkShare(const hyperv::PowerShell &ps, bool administrator, QString *error);
    bool createShare(const hyperv::PowerShell &ps, Progress *progress, QString *error);
    // A folder that cannot be mounted is said (progress) and the machine runs without it.
    void mountShare(Progress *progress);
    // The password for the share's account: given now (HYPERV_SHARE_PASSWORD), else the keychain's; *given says
    // which (a given one goes to the keychain once it has worked).
    bool sharePassword(QString *password, bool *given, QString *error) const;
    // Removes the share create made, if it is still there.
    bool removeShare(const hyperv::PowerShell &ps, QString *error);

    // docker-machine's fields.
    QString m_boot2DockerUrl;
    QString m_switch; // as the user gave it (VSwitch); the one chosen at create when none was
    QString m_macAddress;
    int m_vlanId = 0;
    bool m_disableDynamicMemory = false;
    // Berth's.
    QString m_shareUser; // the Windows account the guest mounts the shared folder as; empty: nothing shared
    QString m_shareFolder; // --hyperv-share-folder as given
    SharedFolder m_smbFolder; // what is shared (not the seed's: the guest does not mount it at boot)
    QString m_shareName; // the SMB share, once create made it
    bool m_shareFound = false; // the pre-create check found the share, for the same folder
    QString m_sharePassword; // HYPERV_SHARE_PASSWORD at create; kept in the keychain, never in a file
    QString m_vmId;
    int m_commandTimeoutSeconds = hyperv::PowerShell::defaultTimeoutSeconds;
    int m_stopTimeoutSeconds = 90;
    int m_compactTimeoutSeconds = 600;
    QString m_found; // what the pre-create check found, for create to say
};

} // namespace berth
