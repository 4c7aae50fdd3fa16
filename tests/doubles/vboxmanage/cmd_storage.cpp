// storagectl and storageattach
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "getopt.h"
#include "medium.h"
#include "registry.h"
#include "runtime.h"

#include <QFileInfo>

namespace vboxdouble {

namespace {

struct Bus {
    const char *name;
    const char *defaultType;
    int ports;
    int maxPorts;
    int devicesPerPort;
};
const Bus kBuses[] = {
    { "ide", "PIIX4", 2, 2, 2 },
    { "sata", "IntelAhci", 30, 30, 1 },
    { "scsi", "LsiLogic", 16, 16, 1 },
    { "floppy", "I82078", 1, 1, 2 },
    { "sas", "LsiLogicSas", 8, 254, 1 },
    { "usb", "USB", 8, 8, 1 },
    { "pcie", "NVMe", 1, 255, 1 },
    { "virtio", "VirtioSCSI", 1, 256, 1 },
};

QString controllerTypeName(const QString &given)
{
    for (const char *t : { "LsiLogic", "LsiLogicSas", "BusLogic", "IntelAhci", "PIIX3", "PIIX4", "ICH6", "I82078",
             "USB", "NVMe", "VirtioSCSI" })
        if (given.compare(QLatin1String(t), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(t);
    if (given.compare(QLatin1String("virtio-scsi"), Qt::CaseInsensitive) == 0
        || given.compare(QLatin1String("virtio"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("VirtioSCSI");
    return {};
}

} // namespace

int handleStorageCtl(const QStringList &args)
{
    enum { Name = 1, Add, Controller, PortCount, HostIoCache, Bootable, Rename, Remove };
    if (args.size() < 4)
        return syntaxError(QStringLiteral("Too few parameters"));
    OptionParser parser(args,
        { { { QStringLiteral("--name"), QStringLiteral("-name") }, Name, ValueKind::String },
            { { QStringLiteral("--add"), QStringLiteral("-add") }, Add, ValueKind::String },
            { { QStringLiteral("--controller"), QStringLiteral("-controller") }, Controller, ValueKind::String },
            { { QStringLiteral("--portcount"), QStringLiteral("--sataportcount"), QStringLiteral("-portcount"),
                  QStringLiteral("-sataportcount") },
                PortCount, ValueKind::UInt32 },
            { { QStringLiteral("--hostiocache"), QStringLiteral("-hostiocache") }, HostIoCache, ValueKind::String },
            { { QStringLiteral("--bootable"), QStringLiteral("-bootable") }, Bootable, ValueKind::String },
            { { QStringLiteral("--rename") }, Rename, ValueKind::String },
            { { QStringLiteral("--remove"), QStringLiteral("-remove") }, Remove, ValueKind::None } },
        1);
    QString name, add, type, hostIoCache, bootable, rename;
    int portCount = -1;
    bool remove = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        switch (o.id) {
        case Name:
            name = o.value;
            break;
        case Add:
            add = o.value;
            break;
        case Controller:
            type = o.value;
            break;
        case PortCount:
            portCount = static_cast<int>(o.uintValue);
            break;
        case HostIoCache:
            hostIoCache = o.value;
            break;
        case Bootable:
            bootable = o.value;
            break;
        case Rename:
            rename = o.value;
            break;
        case Remove:
            remove = true;
            break;
        }
    }
    if (name.isEmpty())
        return syntaxError(QStringLiteral("Storage controller name not specified\n"));

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(args.at(0));
    if (!machine)
        return machineNotFound(args.at(0), site::storageCtlFind);
    if (remove) {
        if (!machine->controller(name))
            return argumentError(QStringLiteral("Couldn't find the controller with the name: '%1'\n").arg(name));
        machine->controllers.removeIf([&](const StorageController &c) { return c.name == name; });
    } else if (!add.isEmpty()) {
        const Bus *bus = nullptr;
        for (const Bus &b : kBuses)
            if (add.compare(QLatin1String(b.name), Qt::CaseInsensitive) == 0)
                bus = &b;
        if (!bus)
            return argumentError(QStringLiteral("Invalid --add argument '%1'").arg(add));
        if (machine->controller(name)) {
            const QByteArray call
                = QStringLiteral("AddStorageController(Bstr(pszCtl).raw(), StorageBus_%1, ctl.asOutParam())")
                      .arg(add.toLower() == QLatin1String("sata") ? QStringLiteral("SATA") : add.toUpper())
                      .toLatin1();
            return comErrorAt(CallSite { call.constData(), 1087, "VBoxManageStorageController.cpp" },
                QStringLiteral("Storage controller named '%1' already exists").arg(name), E_ObjectInUse,
                QStringLiteral("SessionMachine"), QStringLiteral("IMachine"));
        }
        StorageController c;
        c.name = name;
        c.bus = add.toLower();
        c.type = QString::fromLatin1(bus->defaultType);
        c.portCount = bus->ports;
        c.maxPortCount = bus->maxPorts;
        c.maxDevicesPerPort = bus->devicesPerPort;
        machine->controllers.append(c);
    }
    StorageController *c = machine->controller(name);
    if (!c && !remove)
        return argumentError(QStringLiteral("Couldn't find the controller with the name: '%1'\n").arg(name));
    if (c && !type.isEmpty()) {
        const QString t = controllerTypeName(type);
        if (t.isEmpty())
            return argumentError(QStringLiteral("Invalid --type argument '%1'").arg(type));
        c->type = t;
    }
    if (c && portCount >= 0)
        c->portCount = qBound(1, portCount, c->maxPortCount);
    if (c && !hostIoCache.isEmpty()) {
        if (hostIoCache != QLatin1String("on") && hostIoCache != QLatin1String("off"))
            return argumentError(QStringLiteral("Invalid --hostiocache argument '%1'").arg(hostIoCache));
        c->hostIoCache = hostIoCache == QLatin1String("on");
    }
    if (c && !bootable.isEmpty()) {
        if (bootable != QLatin1String("on") && bootable != QLatin1String("off"))
            return argumentError(QStringLiteral("Invalid --bootable argument '%1'").arg(bootable));
        c->bootable = bootable == QLatin1String("on");
    }
    if (c && !rename.isEmpty())
        c->name = rename;
    return transaction.commit(machine);
}

int handleStorageAttach(const QStringList &args)
{
    enum {
        Ctl = 1,
        Port,
        Device,
        Type,
        Medium_,
        MType,
        Comment,
        NonRotational,
        Discard,
        HotPluggable,
        TempEject,
        Passthrough,
        Other
    };
    if (args.size() < 3)
        return syntaxError(QStringLiteral("Too few parameters"));
    OptionParser parser(args,
        { { { QStringLiteral("--storagectl") }, Ctl, ValueKind::String },
            { { QStringLiteral("--port") }, Port, ValueKind::UInt32 },
            { { QStringLiteral("--device") }, Device, ValueKind::UInt32 },
            { { QStringLiteral("--type") }, Type, ValueKind::String },
            { { QStringLiteral("--medium") }, Medium_, ValueKind::String },
            { { QStringLiteral("--mtype") }, MType, ValueKind::String },
            { { QStringLiteral("--comment") }, Comment, ValueKind::String },
            { { QStringLiteral("--nonrotational") }, NonRotational, ValueKind::String },
            { { QStringLiteral("--discard") }, Discard, ValueKind::String },
            { { QStringLiteral("--hotpluggable") }, HotPluggable, ValueKind::String },
            { { QStringLiteral("--tempeject") }, TempEject, ValueKind::String },
            { { QStringLiteral("--passthrough") }, Passthrough, ValueKind::String },
            { { QStringLiteral("--setuuid"), QStringLiteral("--setparentuuid"), QStringLiteral("--bandwidthgroup"),
                  QStringLiteral("--forceunmount"), QStringLiteral("--server"), QStringLiteral("--target"),
                  QStringLiteral("--tport"), QStringLiteral("--lun"), QStringLiteral("--encodedlun"),
                  QStringLiteral("--username"), QStringLiteral("--password"), QStringLiteral("--passwordfile"),
                  QStringLiteral("--initiator"), QStringLiteral("--intnet") },
                Other, ValueKind::String } },
        1);
    QString ctl, type, medium, nonRotational, discard, hotPluggable;
    int port = -1;
    int device = -1;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        switch (o.id) {
        case Ctl:
            ctl = o.value;
            break;
        case Port:
            port = static_cast<int>(o.uintValue);
            break;
        case Device:
            device = static_cast<int>(o.uintValue);
            break;
        case Type:
            if (o.value != QLatin1String("dvddrive") && o.value != QLatin1String("hdd")
                && o.value != QLatin1String("fdd"))
                return argumentError(QStringLiteral("Invalid --type argument '%1'").arg(o.value));
            type = o.value;
            break;
        case Medium_:
            medium = o.value;
            break;
        case NonRotational:
            nonRotational = o.value;
            break;
        case Discard:
            discard = o.value;
            break;
        case HotPluggable:
            hotPluggable = o.value;
            break;
        default:
            break;
        }
    }
    if (ctl.isEmpty())
        return syntaxError(QStringLiteral("Storage controller name not specified"));

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(args.at(0));
    if (!machine)
        return machineNotFound(args.at(0), site::storageAttachFind);
    StorageController *c = machine->controller(ctl);
    if (!c)
        return argumentError(QStringLiteral("Could not find a controller named '%1'\n").arg(ctl));
    if (port < 0 && c->portCount > 1)
        return syntaxError(QStringLiteral("Port not specified"));
    if (device < 0 && c->maxDevicesPerPort > 1)
        return syntaxError(QStringLiteral("Device not specified"));
    port = qMax(port, 0);
    device = qMax(device, 0);
    const QString state = currentState(*machine);
    if (state == QLatin1String("running") || state == QLatin1String("paused")) {
        return machineLocked(machine->name, site::storageAttachLock);
    }
    auto existing = [&]() -> MediumAttachment * {
        for (MediumAttachment &a : c->attachments)
            if (a.port == port && a.device == device)
                return &a;
        return nullptr;
    };
    if (port >= c->portCount || device >= c->maxDevicesPerPort) {
        return comErrorAt(CallSite { "AttachDevice(Bstr(pszCtl).raw(), port, device, DeviceType_HardDisk, "
                                     "pMedium2Mount)",
                              781, "VBoxManageStorageController.cpp" },
            QStringLiteral("Invalid port and device (%1, %2) for the controller '%3'").arg(port).arg(device).arg(ctl),
            E_InvalidArg, QStringLiteral("SessionMachine"), QStringLiteral("IMachine"));
    }
    if (medium == QLatin1String("none")) {
        c->attachments.removeIf([&](const MediumAttachment &a) { return a.port == port && a.device == device; });
    } else if (!medium.isEmpty()) {
        MediumAttachment *a = existing();
        if (type.isEmpty() && !a)
            return argumentError(QStringLiteral("Argument --type must be specified\n"));
        const QString attachType = type.isEmpty() ? a->type : type;
        QString mediumUuid;
        if (medium != QLatin1String("emptydrive")) {
            if (attachType == QLatin1String("dvddrive") || attachType == QLatin1String("hdd")) {
                const QString deviceType
                    = attachType == QLatin1String("hdd") ? QStringLiteral("HardDisk") : QStringLiteral("DVD");
                const QString uuid = normalizeUuid(medium);
                Medium *m = nullptr;
                if (!uuid.isEmpty()) {
                    m = registry.findMedium(uuid);
                    if (!m)
                        return reportOpenMediumError(
                            QStringLiteral("Could not find an open hard disk with UUID {%1}").arg(uuid),
                            E_ObjectNotFound, QStringLiteral("VirtualBoxWrap"), QStringLiteral("IVirtualBox"));
                } else {
                    const QString absolute = QFileInfo(medium).absoluteFilePath();
                    if (!QFileInfo::exists(absolute))
                        return reportMediumFileNotFound(absolute);
                    QString openError;
                    m = openMedium(&registry, absolute, deviceType, &openError);
                    if (!m) {
                        const QStringList parts = openError.split(QLatin1Char(':'));
                        if (openError.startsWith(QLatin1String("uuid-clash:")) && parts.size() >= 3)
                            return reportOpenMediumError(
                                QStringLiteral("Cannot register the hard disk '%1' {%2} because "
                                               "a hard disk '%3' with UUID {%2} already exists")
                                    .arg(absolute, parts.last(), parts.mid(1, parts.size() - 2).join(QLatin1Char(':'))),
                                E_InvalidArg, QStringLiteral("VirtualBoxWrap"), QStringLiteral("IVirtualBox"));
                        return reportOpenMediumError(
                            QStringLiteral("Could not get the storage format of the medium '%1' (VERR_NOT_SUPPORTED)")
                                .arg(absolute),
                            E_IprtError, QStringLiteral("MediumWrap"), QStringLiteral("IMedium"));
                    }
                }
                mediumUuid = m->uuid;
                // A hard disk is attached to one machine at a time (a DVD image may be shared).
                if (attachType == QLatin1String("hdd")) {
                    for (const QString &user : registry.machinesUsing(mediumUuid)) {
                        if (user == machine->uuid)
                            continue;
                        return comErrorAt(CallSite { "AttachDevice(Bstr(pszCtl).raw(), port, device, "
                                                     "DeviceType_HardDisk, pMedium2Mount)",
                                              781, "VBoxManageStorageController.cpp" },
                            QStringLiteral("Medium '%1' is already attached to another virtual machine")
                                .arg(m->location),
                            E_ObjectInUse, QStringLiteral("SessionMachine"), QStringLiteral("IMachine"));
                    }
                }
            }
        }
        c->attachments.removeIf([&](const MediumAttachment &x) { return x.port == port && x.device == device; });
        MediumAttachment attachment;
        attachment.port = port;
        attachment.device = device;
        attachment.type = attachType;
        attachment.mediumUuid = mediumUuid;
        c->attachments.append(attachment);
    }
    if (MediumAttachment *a = existing()) {
        if (!nonRotational.isEmpty())
            a->nonRotational = nonRotational == QLatin1String("on");
        if (!discard.isEmpty())
            a->discard = discard == QLatin1String("on");
        if (!hotPluggable.isEmpty())
            a->hotPluggable = hotPluggable == QLatin1String("on");
    }
    return transaction.commit(machine);
}

} // namespace vboxdouble
