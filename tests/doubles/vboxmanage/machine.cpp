#include "machine.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>

namespace vboxdouble {

namespace {
struct OsType {
    const char *id;
    const char *description;
};
// Guest OS types of VirtualBox 7.0 a Docker host VM may use (IGuestOSType::Description).
const OsType kOsTypes[] = {
    { "Other", "Other/Unknown" },
    { "Other_64", "Other/Unknown (64-bit)" },
    { "Linux", "Other Linux (32-bit)" },
    { "Linux_64", "Other Linux (64-bit)" },
    { "Linux26", "Linux 2.6 / 3.x / 4.x / 5.x (32-bit)" },
    { "Linux26_64", "Linux 2.6 / 3.x / 4.x / 5.x (64-bit)" },
    { "Debian", "Debian (32-bit)" },
    { "Debian_64", "Debian (64-bit)" },
    { "Debian11", "Debian 11 Bullseye (32-bit)" },
    { "Debian11_64", "Debian 11 Bullseye (64-bit)" },
    { "Debian12", "Debian 12 Bookworm (32-bit)" },
    { "Debian12_64", "Debian 12 Bookworm (64-bit)" },
    { "Ubuntu", "Ubuntu (32-bit)" },
    { "Ubuntu_64", "Ubuntu (64-bit)" },
};

QJsonObject boolMap(const QMap<QString, bool> &map)
{
    QJsonObject o;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject stringMap(const QMap<QString, QString> &map)
{
    QJsonObject o;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QMap<QString, QString> toStringMap(const QJsonObject &o)
{
    QMap<QString, QString> map;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

quint32 u32(const QJsonValue &v)
{
    return static_cast<quint32>(v.toDouble());
}
} // namespace

QString generateMacAddress()
{
    const quint32 r = QRandomGenerator::global()->generate() & 0xffffff;
    return QStringLiteral("080027%1").arg(r, 6, 16, QLatin1Char('0')).toUpper();
}

QString osTypeDescription(const QString &osTypeId)
{
    for (const OsType &t : kOsTypes)
        if (osTypeId.compare(QLatin1String(t.id), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(t.description);
    return osTypeId;
}

bool isKnownOsType(const QString &osTypeId)
{
    for (const OsType &t : kOsTypes)
        if (osTypeId.compare(QLatin1String(t.id), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool isLinuxOsType(const QString &osTypeId)
{
    return !osTypeId.startsWith(QLatin1String("Other"), Qt::CaseInsensitive);
}

bool is64BitOsType(const QString &osTypeId)
{
    return osTypeId.endsWith(QLatin1String("_64"));
}

const MediumAttachment *StorageController::attachmentAt(int port, int device) const
{
    for (const MediumAttachment &a : attachments)
        if (a.port == port && a.device == device)
            return &a;
    return nullptr;
}

Machine Machine::create(const QString &name, const QString &osType, const QString &settingsFile)
{
    Machine m;
    m.name = name;
    m.settingsFile = settingsFile;
    if (!osType.isEmpty())
        m.osType = osType;
    for (const char *on : { "acpi", "ioapic", "hwvirtex", "nestedpaging", "largepages", "vtxvpid", "vtxux", "apic",
             "virtvmsavevmload", "bioslogofadein", "bioslogofadeout" })
        m.switches.insert(QString::fromLatin1(on), true);
    for (const char *off : { "pae", "hpet", "rtcuseutc", "accelerate3d", "accelerate2dvideo", "x2apic", "cpuhotplug",
             "triplefaultreset", "nested-hw-virt", "pagefusion" })
        m.switches.insert(QString::fromLatin1(off), false);
    m.switches.insert(QStringLiteral("longmode"), is64BitOsType(m.osType));
    m.nics.resize(8);
    for (NetworkAdapter &nic : m.nics)
        nic.mac = generateMacAddress();
    m.nics[0].enabled = true;
    m.nics[0].attachment = QStringLiteral("nat");
    m.uarts.resize(4);
    const quint32 bases[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
    const quint32 irqs[] = { 4, 3, 4, 3 };
    for (int i = 0; i < 4; ++i) {
        m.uarts[i].ioBase = bases[i];
        m.uarts[i].irq = irqs[i];
    }
    m.setState(QStringLiteral("poweroff"));
    return m;
}

QString Machine::folder() const
{
    return QFileInfo(settingsFile).absolutePath();
}

QString Machine::logFolder() const
{
    return folder() + QStringLiteral("/Logs");
}

StorageController *Machine::controller(const QString &controllerName)
{
    for (StorageController &c : controllers)
        if (c.name == controllerName)
            return &c;
    return nullptr;
}

const StorageController *Machine::controller(const QString &controllerName) const
{
    for (const StorageController &c : controllers)
        if (c.name == controllerName)
            return &c;
    return nullptr;
}

void Machine::setState(const QString &newState)
{
    state = newState;
    stateChangeMs = QDateTime::currentMSecsSinceEpoch();
}

QJsonObject Machine::toJson() const
{
    QJsonArray nicArray;
    for (const NetworkAdapter &n : nics) {
        QJsonArray fw;
        for (const PortForward &f : n.forwards)
            fw.append(QJsonObject { { QStringLiteral("name"), f.name }, { QStringLiteral("protocol"), f.protocol },
                { QStringLiteral("hostIp"), f.hostIp }, { QStringLiteral("hostPort"), static_cast<double>(f.hostPort) },
                { QStringLiteral("guestIp"), f.guestIp },
                { QStringLiteral("guestPort"), static_cast<double>(f.guestPort) } });
        nicArray.append(QJsonObject { { QStringLiteral("enabled"), n.enabled },
            { QStringLiteral("attachment"), n.attachment }, { QStringLiteral("type"), n.type },
            { QStringLiteral("mac"), n.mac }, { QStringLiteral("cableConnected"), n.cableConnected },
            { QStringLiteral("promisc"), n.promisc }, { QStringLiteral("hostOnlyAdapter"), n.hostOnlyAdapter },
            { QStringLiteral("bridgedAdapter"), n.bridgedAdapter },
            { QStringLiteral("internalNetwork"), n.internalNetwork }, { QStringLiteral("natNetwork"), n.natNetwork },
            { QStringLiteral("genericDriver"), n.genericDriver }, { QStringLiteral("natNet"), n.natNet },
            { QStringLiteral("speed"), static_cast<double>(n.speed) }, { QStringLiteral("forwards"), fw } });
    }
    QJsonArray uartArray;
    for (const SerialPort &u : uarts)
        uartArray.append(QJsonObject { { QStringLiteral("enabled"), u.enabled },
            { QStringLiteral("ioBase"), static_cast<double>(u.ioBase) },
            { QStringLiteral("irq"), static_cast<double>(u.irq) }, { QStringLiteral("mode"), u.mode },
            { QStringLiteral("path"), u.path }, { QStringLiteral("uartType"), u.uartType } });
    QJsonArray controllerArray;
    for (const StorageController &c : controllers) {
        QJsonArray att;
        for (const MediumAttachment &a : c.attachments)
            att.append(QJsonObject { { QStringLiteral("port"), a.port }, { QStringLiteral("device"), a.device },
                { QStringLiteral("type"), a.type }, { QStringLiteral("medium"), a.mediumUuid },
                { QStringLiteral("hotPluggable"), a.hotPluggable },
                { QStringLiteral("nonRotational"), a.nonRotational }, { QStringLiteral("discard"), a.discard } });
        controllerArray.append(QJsonObject { { QStringLiteral("name"), c.name }, { QStringLiteral("bus"), c.bus },
            { QStringLiteral("type"), c.type }, { QStringLiteral("portCount"), c.portCount },
            { QStringLiteral("maxPortCount"), c.maxPortCount },
            { QStringLiteral("maxDevicesPerPort"), c.maxDevicesPerPort }, { QStringLiteral("bootable"), c.bootable },
            { QStringLiteral("hostIoCache"), c.hostIoCache }, { QStringLiteral("attachments"), att } });
    }
    QJsonArray folderArray;
    for (const SharedFolder &f : sharedFolders)
        folderArray.append(QJsonObject { { QStringLiteral("name"), f.name }, { QStringLiteral("hostPath"), f.hostPath },
            { QStringLiteral("writable"), f.writable }, { QStringLiteral("autoMount"), f.autoMount },
            { QStringLiteral("autoMountPoint"), f.autoMountPoint } });
    QJsonObject o;
    o.insert(QStringLiteral("uuid"), uuid);
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("osType"), osType);
    o.insert(QStringLiteral("description"), description);
    o.insert(QStringLiteral("memory"), static_cast<double>(memory));
    o.insert(QStringLiteral("cpus"), static_cast<double>(cpus));
    o.insert(QStringLiteral("vram"), static_cast<double>(vram));
    o.insert(QStringLiteral("firmware"), firmware);
    o.insert(QStringLiteral("chipset"), chipset);
    o.insert(QStringLiteral("bootMenu"), bootMenu);
    o.insert(QStringLiteral("bootOrder"), QJsonArray::fromStringList(bootOrder));
    o.insert(QStringLiteral("paravirtProvider"), paravirtProvider);
    o.insert(QStringLiteral("graphicsController"), graphicsController);
    o.insert(QStringLiteral("audioDriver"), audioDriver);
    o.insert(QStringLiteral("pointing"), pointing);
    o.insert(QStringLiteral("keyboard"), keyboard);
    o.insert(QStringLiteral("clipboard"), clipboard);
    o.insert(QStringLiteral("dragAndDrop"), dragAndDrop);
    o.insert(QStringLiteral("usbOhci"), usbOhci);
    o.insert(QStringLiteral("usbEhci"), usbEhci);
    o.insert(QStringLiteral("usbXhci"), usbXhci);
    o.insert(QStringLiteral("vrde"), vrde);
    o.insert(QStringLiteral("switches"), boolMap(switches));
    o.insert(QStringLiteral("nics"), nicArray);
    o.insert(QStringLiteral("uarts"), uartArray);
    o.insert(QStringLiteral("controllers"), controllerArray);
    o.insert(QStringLiteral("sharedFolders"), folderArray);
    o.insert(QStringLiteral("extraData"), stringMap(extraData));
    o.insert(QStringLiteral("guestProperties"), stringMap(guestProperties));
    o.insert(QStringLiteral("otherSettings"), stringMap(otherSettings));
    o.insert(QStringLiteral("state"), state);
    o.insert(QStringLiteral("stateChangeMs"), static_cast<double>(stateChangeMs));
    return o;
}

Machine Machine::fromJson(const QJsonObject &o)
{
    Machine m;
    m.uuid = o.value(QLatin1String("uuid")).toString();
    m.name = o.value(QLatin1String("name")).toString();
    m.osType = o.value(QLatin1String("osType")).toString();
    m.description = o.value(QLatin1String("description")).toString();
    m.memory = u32(o.value(QLatin1String("memory")));
    m.cpus = u32(o.value(QLatin1String("cpus")));
    m.vram = u32(o.value(QLatin1String("vram")));
    m.firmware = o.value(QLatin1String("firmware")).toString();
    m.chipset = o.value(QLatin1String("chipset")).toString();
    m.bootMenu = o.value(QLatin1String("bootMenu")).toString();
    m.bootOrder.clear();
    for (const QJsonValue &v : o.value(QLatin1String("bootOrder")).toArray())
        m.bootOrder.append(v.toString());
    m.paravirtProvider = o.value(QLatin1String("paravirtProvider")).toString();
    m.graphicsController = o.value(QLatin1String("graphicsController")).toString();
    m.audioDriver = o.value(QLatin1String("audioDriver")).toString();
    m.pointing = o.value(QLatin1String("pointing")).toString();
    m.keyboard = o.value(QLatin1String("keyboard")).toString();
    m.clipboard = o.value(QLatin1String("clipboard")).toString();
    m.dragAndDrop = o.value(QLatin1String("dragAndDrop")).toString();
    m.usbOhci = o.value(QLatin1String("usbOhci")).toBool();
    m.usbEhci = o.value(QLatin1String("usbEhci")).toBool();
    m.usbXhci = o.value(QLatin1String("usbXhci")).toBool();
    m.vrde = o.value(QLatin1String("vrde")).toBool();
    const QJsonObject sw = o.value(QLatin1String("switches")).toObject();
    for (auto it = sw.constBegin(); it != sw.constEnd(); ++it)
        m.switches.insert(it.key(), it.value().toBool());
    for (const QJsonValue &v : o.value(QLatin1String("nics")).toArray()) {
        const QJsonObject n = v.toObject();
        NetworkAdapter nic;
        nic.enabled = n.value(QLatin1String("enabled")).toBool();
        nic.attachment = n.value(QLatin1String("attachment")).toString();
        nic.type = n.value(QLatin1String("type")).toString();
        nic.mac = n.value(QLatin1String("mac")).toString();
        nic.cableConnected = n.value(QLatin1String("cableConnected")).toBool();
        nic.promisc = n.value(QLatin1String("promisc")).toString();
        nic.hostOnlyAdapter = n.value(QLatin1String("hostOnlyAdapter")).toString();
        nic.bridgedAdapter = n.value(QLatin1String("bridgedAdapter")).toString();
        nic.internalNetwork = n.value(QLatin1String("internalNetwork")).toString();
        nic.natNetwork = n.value(QLatin1String("natNetwork")).toString();
        nic.genericDriver = n.value(QLatin1String("genericDriver")).toString();
        nic.natNet = n.value(QLatin1String("natNet")).toString();
        nic.speed = u32(n.value(QLatin1String("speed")));
        for (const QJsonValue &fv : n.value(QLatin1String("forwards")).toArray()) {
            const QJsonObject f = fv.toObject();
            nic.forwards.append(
                PortForward { f.value(QLatin1String("name")).toString(), f.value(QLatin1String("protocol")).toString(),
                    f.value(QLatin1String("hostIp")).toString(), u32(f.value(QLatin1String("hostPort"))),
                    f.value(QLatin1String("guestIp")).toString(), u32(f.value(QLatin1String("guestPort"))) });
        }
        m.nics.append(nic);
    }
    for (const QJsonValue &v : o.value(QLatin1String("uarts")).toArray()) {
        const QJsonObject u = v.toObject();
        SerialPort port;
        port.enabled = u.value(QLatin1String("enabled")).toBool();
        port.ioBase = u32(u.value(QLatin1String("ioBase")));
        port.irq = u32(u.value(QLatin1String("irq")));
        port.mode = u.value(QLatin1String("mode")).toString();
        port.path = u.value(QLatin1String("path")).toString();
        port.uartType = u.value(QLatin1String("uartType")).toString();
        m.uarts.append(port);
    }
    for (const QJsonValue &v : o.value(QLatin1String("controllers")).toArray()) {
        const QJsonObject c = v.toObject();
        StorageController ctl;
        ctl.name = c.value(QLatin1String("name")).toString();
        ctl.bus = c.value(QLatin1String("bus")).toString();
        ctl.type = c.value(QLatin1String("type")).toString();
        ctl.portCount = c.value(QLatin1String("portCount")).toInt();
        ctl.maxPortCount = c.value(QLatin1String("maxPortCount")).toInt();
        ctl.maxDevicesPerPort = c.value(QLatin1String("maxDevicesPerPort")).toInt();
        ctl.bootable = c.value(QLatin1String("bootable")).toBool();
        ctl.hostIoCache = c.value(QLatin1String("hostIoCache")).toBool();
        for (const QJsonValue &av : c.value(QLatin1String("attachments")).toArray()) {
            const QJsonObject a = av.toObject();
            MediumAttachment att;
            att.port = a.value(QLatin1String("port")).toInt();
            att.device = a.value(QLatin1String("device")).toInt();
            att.type = a.value(QLatin1String("type")).toString();
            att.mediumUuid = a.value(QLatin1String("medium")).toString();
            att.hotPluggable = a.value(QLatin1String("hotPluggable")).toBool();
            att.nonRotational = a.value(QLatin1String("nonRotational")).toBool();
            att.discard = a.value(QLatin1String("discard")).toBool();
            ctl.attachments.append(att);
        }
        m.controllers.append(ctl);
    }
    for (const QJsonValue &v : o.value(QLatin1String("sharedFolders")).toArray()) {
        const QJsonObject f = v.toObject();
        m.sharedFolders.append(SharedFolder { f.value(QLatin1String("name")).toString(),
            f.value(QLatin1String("hostPath")).toString(), f.value(QLatin1String("writable")).toBool(),
            f.value(QLatin1String("autoMount")).toBool(), f.value(QLatin1String("autoMountPoint")).toString() });
    }
    m.extraData = toStringMap(o.value(QLatin1String("extraData")).toObject());
    m.guestProperties = toStringMap(o.value(QLatin1String("guestProperties")).toObject());
    m.otherSettings = toStringMap(o.value(QLatin1String("otherSettings")).toObject());
    m.state = o.value(QLatin1String("state")).toString();
    m.stateChangeMs = static_cast<qint64>(o.value(QLatin1String("stateChangeMs")).toDouble());
    return m;
}

} // namespace vboxdouble
