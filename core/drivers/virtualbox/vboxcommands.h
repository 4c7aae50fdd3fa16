#pragma once

// The VBoxManage command lines the VirtualBox driver runs, each an argv list built by a pure function (the
// driver runs them through VBoxManage::run; the tests compare them with what VirtualBox's manual says).

#include "hostonlynetwork.h"

#include <QString>
#include <QStringList>

namespace berth::vbox {

// The one storage controller of a Berth VM and its slots. docker-machine's VMs have the same controller with
// boot2docker.iso on port 0 and disk.vmdk on port 1.
inline constexpr char storageController[] = "SATA";
inline constexpr int bootIsoPort = 0;
inline constexpr int systemDiskPort = 1;
inline constexpr int dataDiskPort = 2;
inline constexpr int seedPort = 3;
// The shared folder's name, which the image's first-boot step mounts (installer/vm-image/README.md).
inline constexpr char sharedFolderName[] = "berth-home";

// The hardware of a Berth VM: set in one modifyvm at create.
struct VmHardware {
    QString name;
    int cpus = 1;
    int memoryMb = 1024;
    QString natNicType = QStringLiteral("82540EM");
    QString serialLogPath; // the guest's console (ttyS0) written to this file
};

namespace args {

QStringList version();
QStringList listVms();
QStringList listHostOnlyInterfaces();
QStringList listDhcpServers();
QStringList showVmInfo(const QString &vm);

// createvm: the VM's settings file in BASEFOLDER/NAME/NAME.vbox, as docker-machine made them.
QStringList createVm(const QString &vm, const QString &baseFolder);
// modifyvm: BIOS firmware without logo or menu (the boot ISO is hybrid; BIOS boots it quickest), processors,
// memory, ACPI and I/O APIC, UTC clock, hardware virtualisation with nested paging, the KVM paravirtual
// interface (Linux's kvm-clock), boot from DVD then disk, NIC 1 on NAT with VirtualBox's DNS proxy (as
// docker-machine), and the serial port into a file.
QStringList configureVm(const VmHardware &hardware);
QStringList addStorageController(const QString &vm);
// dvddrive or hdd.
QStringList attach(const QString &vm, int port, const QString &type, const QString &medium);
QStringList detach(const QString &vm, int port);
// A copy of the image's system disk with its own UUID (VirtualBox refuses two disks with one UUID).
QStringList cloneDisk(const QString &source, const QString &target);
QStringList createDisk(const QString &path, int sizeMb);
// Forgets a disk in VirtualBox's media registry; deleteFile removes the file too.
QStringList closeDisk(const QString &path, bool deleteFile);
QStringList closeDvd(const QString &path);
QStringList addSharedFolder(const QString &vm, const QString &hostPath);
// Lets the guest make symbolic links in the shared folder (off by default in VirtualBox).
QStringList allowSharedFolderSymlinks(const QString &vm);

QStringList createHostOnlyInterface();
QStringList configureHostOnlyInterface(const QString &adapter, const Ipv4Cidr &cidr);
// add or modify the server.
QStringList dhcpServer(bool add, const DhcpServer &server);
QStringList removeDhcpServer(const QString &networkName);
// NIC 2 on the host-only adapter.
QStringList attachHostOnlyNic(
    const QString &vm, const QString &adapter, const QString &nicType, const QString &promiscuousMode);
// A NAT rule of NIC 1 from 127.0.0.1:hostPort to the guest's port, named as docker-machine names its SSH one.
QStringList addPortForward(const QString &vm, const QString &rule, int hostPort, int guestPort);
QStringList removePortForward(const QString &vm, const QString &rule);
// The same on a running VM (controlvm natpf1): protocol "tcp" or "udp", the same port on both sides.
QStringList addRunningPortForward(
    const QString &vm, const QString &rule, const QString &protocol, const QString &hostIp, int port);
QStringList removeRunningPortForward(const QString &vm, const QString &rule);

QStringList startVm(const QString &vm, const QString &uiType);
// acpipowerbutton, poweroff, resume.
QStringList controlVm(const QString &vm, const QString &action);
// Drops a saved VM's state: it is powered off.
QStringList discardState(const QString &vm);
// Unregisters the VM and deletes its settings, logs and hard disks (the data disk with them); not the DVD images.
QStringList unregisterVm(const QString &vm);

} // namespace args
} // namespace berth::vbox
