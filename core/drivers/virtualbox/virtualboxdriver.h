#pragma once

#include "drivers/imagevmdriver.h"
#include "vboxmanage.h"

#include <functional>

namespace berth {

namespace vbox {
class VmInfo;
struct Ipv4Cidr;
struct Version;
} // namespace vbox

// A Docker VM of Berth's image under VirtualBox, driven through VBoxManage: a NAT NIC with SSH (and Docker)
// forwarded from 127.0.0.1, a host-only NIC the machine's address is on (the URL's, as docker-machine had
// it), the user's home as the shared folder "berth-home", the guest's console in serial.log. It drives the
// VirtualBox machines docker-machine made too (boot2docker.iso, disk.vmdk, user docker): config.json's Driver
// section has docker-machine's field names, Berth's own additions under their own.
//
// virtualboxdriver.cpp: flags, the pre-create check, create, upgrade, config.json; virtualboxvm.cpp: the VM
// at run time; virtualboxcheck.cpp: the first-run check.
class VirtualBoxDriver final : public ImageVmDriver {
public:
    VirtualBoxDriver(const QString &machineName, const QString &storePath);

    static QList<DriverFlag> createFlags();
    // Whether VirtualBox can run Berth's VM here: VBoxManage found, its version, VT-x/AMD-V (and Hyper-V on
    // Windows), the VM image. Runs VBoxManage --version: blocking.
    static DriverCheck check(const QString &storePath);
    // The oldest VirtualBox Berth drives.
    static constexpr int minimumMajor = 5;
    static constexpr int minimumMinor = 2;
    // Whether a VBoxManage --version output is a VirtualBox Berth drives; false with what is wrong and what to do
    // otherwise.
    static bool checkVersion(
        const QByteArray &versionOutput, vbox::Version *version, QString *problem, QString *remedy);

    QString driverName() const override { return QStringLiteral("virtualbox"); }
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
    // VBoxManage asks this computer's VirtualBox only.
    bool stateIsLocal() const override { return true; }
    QString sshHostname(QString *) const override { return loopbackIPv4(); }
    QString url(QString *error) const override;
    MachineResources resources() const override;
    QString diagnose() const override;
    // NAT rules of NIC 1 named "berth-tcp-8080", added and removed while the VM runs (controlvm natpf1).
    bool forwardsPorts() const override { return true; }
    bool portForwards(QList<PortForward> *forwards, QString *error) override;
    bool addPortForward(const PortForward &forward, QString *error) override;
    bool removePortForward(const PortForward &forward, QString *error) override;
    bool vmExists() override;
    // The machine's address comes from VirtualBox's DHCP server as it boots: its certificate is made after that.
    bool imageEngineHost(EngineHost *) const override { return false; }

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

    // VirtualBox's own folder for the VM (NAME.vbox, Logs/), inside the machine's folder as docker-machine had it.
    QString vmFolder() const;
    QString vboxLogPath() const;
    QString settingsPath() const; // NAME.vbox
    QString systemDiskPath() const;
    QString dataDiskPath() const;

protected:
    QStringList imageFiles(const VmImage &image) const override;
    bool vmRunning() const override;
    QString stoppedDetails() const override;
    bool currentSystemDisk(QString *disk, QString *error) override;
    bool replaceSystemDisk(
        const QString &oldDisk, const VmImage &previous, Progress *progress, QString *error) override;

private:
    vbox::VBoxManage vboxManage() const;
    // Drops the state state() read last (virtualboxvm.cpp): an operation changes it.
    void forgetState() const;
    // VBoxManage showvminfo; false with why (machineNotFound when VirtualBox has no such VM).
    bool vmInfo(
        const vbox::VBoxManage &vbox, vbox::VmInfo *info, QString *error, bool *machineNotFound = nullptr) const;
    // Asks the VM's state every second until done() says so; false when the time is up, on a cancel or an error.
    bool waitForVmState(const vbox::VBoxManage &vbox, const std::function<bool(const QString &)> &done, int timeoutMs,
        Progress *progress, QString *error) const;
    bool registerVm(Progress *progress, QString *error);
    // The image's system disk copied into the machine's folder, with a UUID of its own.
    bool copySystemDisk(const vbox::VBoxManage &vbox, QString *error) const;
    bool setUpNetwork(const vbox::VBoxManage &vbox, const vbox::VmInfo &info, Progress *progress, QString *error);
    bool setUpHostOnlyNetwork(
        const vbox::VBoxManage &vbox, const vbox::VmInfo &info, Progress *progress, QString *error);
    bool setUpPortForwards(const vbox::VBoxManage &vbox, const vbox::VmInfo &info, QString *error);
    bool launch(const vbox::VBoxManage &vbox, QString *error);
    // After the boot: the host-only address of the guest, by the MAC of its host-only NIC.
    bool readAddress(const vbox::VBoxManage &vbox, Progress *progress, QString *error);
    bool powerOff(const vbox::VBoxManage &vbox, Progress *progress, QString *error);
    // The VM's state in *now; *off when nothing more makes it off: it was, or it was saved and its saved state is
    // dropped now (VirtualBox's discardstate).
    bool settleOff(const vbox::VBoxManage &vbox, MachineState *now, bool *off, QString *error);
    // Whether VirtualBox lets the host-only network be where it is asked (Linux, macOS: 6.1.28 and later keep
    // to /etc/vbox/networks.conf); false with what to change.
    bool checkHostOnlyRange(const vbox::Version &version, const vbox::Ipv4Cidr &cidr, QString *error) const;
    // The host-only network's CIDR (docker-machine's migration: empty is the default).
    QString hostOnlyCidr() const;

    // docker-machine's fields.
    QString m_natNicType = QStringLiteral("82540EM");
    QString m_hostOnlyCidr;
    QString m_hostOnlyNicType = QStringLiteral("82540EM");
    QString m_hostOnlyPromiscMode = QStringLiteral("deny");
    bool m_hostOnlyNoDhcp = false;
    QString m_uiType = QStringLiteral("headless");
    bool m_noShare = false;
    QString m_shareFolder; // as given: "DIR" or docker-machine's "DIR:NAME"
    bool m_noVtxCheck = false;
    // Berth's.
    int m_commandTimeoutSeconds = vbox::VBoxManage::defaultTimeoutSeconds;
    int m_stopTimeoutSeconds = 90;
    QString m_found; // the VirtualBox the pre-create check found, for create to say
};

} // namespace berth
