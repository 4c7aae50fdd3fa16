#include "vboxcommands.h"

namespace berth::vbox::args {

namespace {
QString on(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}
} // namespace

QStringList version()
{
    return { QStringLiteral("--version") };
}

QStringList listVms()
{
    return { QStringLiteral("list"), QStringLiteral("vms") };
}

QStringList listHostOnlyInterfaces()
{
    return { QStringLiteral("list"), QStringLiteral("hostonlyifs") };
}

QStringList listDhcpServers()
{
    return { QStringLiteral("list"), QStringLiteral("dhcpservers") };
}

QStringList showVmInfo(const QString &vm)
{
    return { QStringLiteral("showvminfo"), vm, QStringLiteral("--machinereadable") };
}

QStringList createVm(const QString &vm, const QString &baseFolder)
{
    return { QStringLiteral("createvm"), QStringLiteral("--name"), vm, QStringLiteral("--basefolder"), baseFolder,
        QStringLiteral("--ostype"), QStringLiteral("Linux26_64"), QStringLiteral("--register") };
}

QStringList configureVm(const VmHardware &hardware)
{
    QStringList command { QStringLiteral("modifyvm"), hardware.name };
    command << QStringLiteral("--firmware") << QStringLiteral("bios") << QStringLiteral("--bioslogofadein") << on(false)
            << QStringLiteral("--bioslogofadeout") << on(false) << QStringLiteral("--bioslogodisplaytime")
            << QStringLiteral("0") << QStringLiteral("--biosbootmenu") << QStringLiteral("disabled");
    command << QStringLiteral("--cpus") << QString::number(hardware.cpus) << QStringLiteral("--memory")
            << QString::number(hardware.memoryMb);
    command << QStringLiteral("--acpi") << on(true) << QStringLiteral("--ioapic") << on(true)
            << QStringLiteral("--rtcuseutc") << on(true) << QStringLiteral("--pae") << on(true)
            << QStringLiteral("--hpet") << on(true) << QStringLiteral("--hwvirtex") << on(true)
            << QStringLiteral("--nestedpaging") << on(true) << QStringLiteral("--largepages") << on(true)
            << QStringLiteral("--vtxvpid") << on(true) << QStringLiteral("--cpuhotplug") << on(false)
            << QStringLiteral("--accelerate3d") << on(false) << QStringLiteral("--paravirtprovider")
            << QStringLiteral("kvm");
    command << QStringLiteral("--boot1") << QStringLiteral("dvd") << QStringLiteral("--boot2") << QStringLiteral("disk")
            << QStringLiteral("--boot3") << QStringLiteral("none") << QStringLiteral("--boot4")
            << QStringLiteral("none");
    command << QStringLiteral("--nic1") << QStringLiteral("nat") << QStringLiteral("--nictype1") << hardware.natNicType
            << QStringLiteral("--cableconnected1") << on(true) << QStringLiteral("--natdnsproxy1") << on(true)
            << QStringLiteral("--natdnshostresolver1") << on(false);
    if (!hardware.serialLogPath.isEmpty()) {
        command << QStringLiteral("--uart1") << QStringLiteral("0x3F8") << QStringLiteral("4")
                << QStringLiteral("--uartmode1") << QStringLiteral("file") << hardware.serialLogPath;
    }
    return command;
}

QStringList addStorageController(const QString &vm)
{
    return { QStringLiteral("storagectl"), vm, QStringLiteral("--name"), QLatin1String(storageController),
        QStringLiteral("--add"), QStringLiteral("sata"), QStringLiteral("--controller"), QStringLiteral("IntelAhci"),
        QStringLiteral("--portcount"), QStringLiteral("4"), QStringLiteral("--hostiocache"), on(true),
        QStringLiteral("--bootable"), on(true) };
}

QStringList attach(const QString &vm, int port, const QString &type, const QString &medium)
{
    QStringList args { QStringLiteral("storageattach"), vm, QStringLiteral("--storagectl"),
        QLatin1String(storageController), QStringLiteral("--port"), QString::number(port), QStringLiteral("--device"),
        QStringLiteral("0"), QStringLiteral("--type"), type, QStringLiteral("--medium"), medium };
    // A disk that takes the guest's TRIM (the image mounts its disks with discard): VirtualBox then
    // shrinks the VDI by what the guest freed.
    if (type == QLatin1String("hdd"))
        args << QStringLiteral("--nonrotational") << on(true) << QStringLiteral("--discard") << on(true);
    return args;
}

QStringList detach(const QString &vm, int port)
{
    return { QStringLiteral("storageattach"), vm, QStringLiteral("--storagectl"), QLatin1String(storageController),
        QStringLiteral("--port"), QString::number(port), QStringLiteral("--device"), QStringLiteral("0"),
        QStringLiteral("--medium"), QStringLiteral("none") };
}

QStringList cloneDisk(const QString &source, const QString &target)
{
    return { QStringLiteral("clonemedium"), QStringLiteral("disk"), source, target, QStringLiteral("--format"),
        QStringLiteral("VDI") };
}

QStringList createDisk(const QString &path, int sizeMb)
{
    return { QStringLiteral("createmedium"), QStringLiteral("disk"), QStringLiteral("--filename"), path,
        QStringLiteral("--size"), QString::number(sizeMb), QStringLiteral("--format"), QStringLiteral("VDI") };
}

QStringList closeDisk(const QString &path, bool deleteFile)
{
    QStringList command { QStringLiteral("closemedium"), QStringLiteral("disk"), path };
    if (deleteFile)
        command << QStringLiteral("--delete");
    return command;
}

QStringList closeDvd(const QString &path)
{
    return { QStringLiteral("closemedium"), QStringLiteral("dvd"), path };
}

QStringList addSharedFolder(const QString &vm, const QString &hostPath)
{
    return { QStringLiteral("sharedfolder"), QStringLiteral("add"), vm, QStringLiteral("--name"),
        QLatin1String(sharedFolderName), QStringLiteral("--hostpath"), hostPath };
}

QStringList allowSharedFolderSymlinks(const QString &vm)
{
    return { QStringLiteral("setextradata"), vm,
        QStringLiteral("VBoxInternal2/SharedFoldersEnableSymlinksCreate/") + QLatin1String(sharedFolderName),
        QStringLiteral("1") };
}

QStringList createHostOnlyInterface()
{
    return { QStringLiteral("hostonlyif"), QStringLiteral("create") };
}

QStringList configureHostOnlyInterface(const QString &adapter, const Ipv4Cidr &cidr)
{
    return { QStringLiteral("hostonlyif"), QStringLiteral("ipconfig"), adapter, QStringLiteral("--ip"),
        cidr.addressText(), QStringLiteral("--netmask"), cidr.maskText() };
}

QStringList dhcpServer(bool add, const DhcpServer &server)
{
    return { QStringLiteral("dhcpserver"), add ? QStringLiteral("add") : QStringLiteral("modify"),
        QStringLiteral("--netname"), server.networkName, QStringLiteral("--ip"), server.ipAddress,
        QStringLiteral("--netmask"), server.networkMask, QStringLiteral("--lowerip"), server.lowerIp,
        QStringLiteral("--upperip"), server.upperIp,
        server.enabled ? QStringLiteral("--enable") : QStringLiteral("--disable") };
}

QStringList removeDhcpServer(const QString &networkName)
{
    return { QStringLiteral("dhcpserver"), QStringLiteral("remove"), QStringLiteral("--netname"), networkName };
}

QStringList attachHostOnlyNic(
    const QString &vm, const QString &adapter, const QString &nicType, const QString &promiscuousMode)
{
    return { QStringLiteral("modifyvm"), vm, QStringLiteral("--nic2"), QStringLiteral("hostonly"),
        QStringLiteral("--nictype2"), nicType, QStringLiteral("--nicpromisc2"), promiscuousMode,
        QStringLiteral("--hostonlyadapter2"), adapter, QStringLiteral("--cableconnected2"), on(true) };
}

QStringList addPortForward(const QString &vm, const QString &rule, int hostPort, int guestPort)
{
    return { QStringLiteral("modifyvm"), vm, QStringLiteral("--natpf1"),
        QStringLiteral("%1,tcp,127.0.0.1,%2,,%3").arg(rule).arg(hostPort).arg(guestPort) };
}

QStringList removePortForward(const QString &vm, const QString &rule)
{
    return { QStringLiteral("modifyvm"), vm, QStringLiteral("--natpf1"), QStringLiteral("delete"), rule };
}

QStringList addRunningPortForward(
    const QString &vm, const QString &rule, const QString &protocol, const QString &hostIp, int port)
{
    return { QStringLiteral("controlvm"), vm, QStringLiteral("natpf1"),
        QStringLiteral("%1,%2,%3,%4,,%4").arg(rule, protocol, hostIp).arg(port) };
}

QStringList removeRunningPortForward(const QString &vm, const QString &rule)
{
    return { QStringLiteral("controlvm"), vm, QStringLiteral("natpf1"), QStringLiteral("delete"), rule };
}

QStringList startVm(const QString &vm, const QString &uiType)
{
    return { QStringLiteral("startvm"), vm, QStringLiteral("--type"), uiType };
}

QStringList controlVm(const QString &vm, const QString &action)
{
    return { QStringLiteral("controlvm"), vm, action };
}

QStringList discardState(const QString &vm)
{
    return { QStringLiteral("discardstate"), vm };
}

QStringList unregisterVm(const QString &vm)
{
    return { QStringLiteral("unregistervm"), vm, QStringLiteral("--delete") };
}

} // namespace berth::vbox::args
