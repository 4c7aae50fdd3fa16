#include "vminfo.h"

#include <QDateTime>
#include <QFileInfo>

namespace vboxdouble {

namespace {

// outputMachineReadableString(): quotes the value, the name when asked to or when it has a '=', and escapes
// backslashes and double quotes.
class MachineReadable {
public:
    void string(const QString &name, const QString &value, bool quoteName = false)
    {
        const bool quote = quoteName || name.contains(QLatin1Char('='));
        m_text += (quote ? QLatin1Char('"') + escape(name) + QLatin1Char('"') : escape(name)) + QStringLiteral("=\"")
            + escape(value) + QStringLiteral("\"\n");
    }
    void onOff(const QString &name, bool value) { string(name, value ? QStringLiteral("on") : QStringLiteral("off")); }
    void number(const QString &name, qint64 value)
    {
        m_text += name + QLatin1Char('=') + QString::number(value) + QLatin1Char('\n');
    }
    void raw(const QString &line) { m_text += line + QLatin1Char('\n'); }
    QString text() const { return m_text; }

private:
    static QString escape(const QString &s)
    {
        QString out = s;
        out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        out.replace(QLatin1Char('"'), QStringLiteral("\\\""));
        return out;
    }
    QString m_text;
};

QString timeString(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.toString(QStringLiteral("yyyy-MM-ddThh:mm:ss.zzz")) + QStringLiteral("000000");
}

QString effectiveParavirt(const Machine &m)
{
    if (m.paravirtProvider != QLatin1String("default") && m.paravirtProvider != QLatin1String("legacy"))
        return m.paravirtProvider;
    return isLinuxOsType(m.osType) ? QStringLiteral("kvm") : QStringLiteral("none");
}

QString uartMode(const SerialPort &u)
{
    if (u.mode == QLatin1String("file"))
        return QStringLiteral("file,") + u.path;
    if (u.mode == QLatin1String("disconnected"))
        return u.mode;
    if (u.mode == QLatin1String("device"))
        return u.path;
    return u.mode + QLatin1Char(',') + u.path;
}

void storageLines(MachineReadable *out, const Machine &m, const Registry &registry)
{
    for (int i = 0; i < m.controllers.size(); ++i) {
        const StorageController &c = m.controllers.at(i);
        out->string(QStringLiteral("storagecontrollername%1").arg(i), c.name);
        out->string(QStringLiteral("storagecontrollertype%1").arg(i), c.type);
        out->string(QStringLiteral("storagecontrollerinstance%1").arg(i), QStringLiteral("0"));
        out->string(QStringLiteral("storagecontrollermaxportcount%1").arg(i), QString::number(c.maxPortCount));
        out->string(QStringLiteral("storagecontrollerportcount%1").arg(i), QString::number(c.portCount));
        out->onOff(QStringLiteral("storagecontrollerbootable%1").arg(i), c.bootable);
    }
    auto &reg = const_cast<Registry &>(registry);
    for (const StorageController &c : m.controllers) {
        const bool sataOrUsb = c.name.compare(QLatin1String("SATA"), Qt::CaseInsensitive) == 0
            || c.name.compare(QLatin1String("USB"), Qt::CaseInsensitive) == 0;
        for (int port = 0; port < c.portCount; ++port) {
            for (int device = 0; device < c.maxDevicesPerPort; ++device) {
                const QString at = QStringLiteral("%1-%2-%3").arg(c.name).arg(port).arg(device);
                const QString tail = QStringLiteral("-%1-%2").arg(port).arg(device);
                const MediumAttachment *a = c.attachmentAt(port, device);
                if (!a) {
                    out->string(at, QStringLiteral("none"), true);
                    continue;
                }
                const bool dvd = a->type == QLatin1String("dvddrive");
                const Medium *medium = a->mediumUuid.isEmpty() ? nullptr : reg.findMedium(a->mediumUuid);
                if (!medium) {
                    out->string(at, QStringLiteral("emptydrive"), true);
                    if (dvd)
                        out->string(c.name + QStringLiteral("-IsEjected") + tail, QStringLiteral("off"), true);
                    continue;
                }
                out->string(at, medium->location, true);
                out->string(c.name + QStringLiteral("-ImageUUID") + tail, medium->uuid, true);
                if (dvd) {
                    out->string(c.name + QStringLiteral("-tempeject") + tail, QStringLiteral("off"), true);
                    out->string(c.name + QStringLiteral("-IsEjected") + tail, QStringLiteral("off"), true);
                }
                if (sataOrUsb)
                    out->string(c.name + QStringLiteral("-hot-pluggable") + tail,
                        a->hotPluggable ? QStringLiteral("on") : QStringLiteral("off"), true);
                out->string(c.name + QStringLiteral("-nonrotational") + tail,
                    a->nonRotational ? QStringLiteral("on") : QStringLiteral("off"), true);
                out->string(c.name + QStringLiteral("-discard") + tail,
                    a->discard ? QStringLiteral("on") : QStringLiteral("off"), true);
            }
        }
    }
}

void nicLines(MachineReadable *out, const Machine &m)
{
    for (int i = 0; i < m.nics.size(); ++i) {
        const NetworkAdapter &n = m.nics.at(i);
        const int k = i + 1;
        if (!n.enabled) {
            out->string(QStringLiteral("nic%1").arg(k), QStringLiteral("none"));
            continue;
        }
        QString attachment = n.attachment;
        if (n.attachment == QLatin1String("nat"))
            out->string(QStringLiteral("natnet%1").arg(k), n.natNet.isEmpty() ? QStringLiteral("nat") : n.natNet);
        else if (n.attachment == QLatin1String("bridged"))
            out->string(QStringLiteral("bridgeadapter%1").arg(k), n.bridgedAdapter);
        else if (n.attachment == QLatin1String("intnet"))
            out->string(QStringLiteral("intnet%1").arg(k), n.internalNetwork);
        else if (n.attachment == QLatin1String("hostonly"))
            out->string(QStringLiteral("hostonlyadapter%1").arg(k), n.hostOnlyAdapter);
        else if (n.attachment == QLatin1String("generic")) {
            out->string(QStringLiteral("generic%1").arg(k), n.genericDriver);
            attachment = QStringLiteral("Generic");
        } else if (n.attachment == QLatin1String("natnetwork"))
            out->string(QStringLiteral("nat-network%1").arg(k), n.natNetwork);
        out->string(QStringLiteral("macaddress%1").arg(k), n.mac);
        out->onOff(QStringLiteral("cableconnected%1").arg(k), n.cableConnected);
        out->string(QStringLiteral("nic%1").arg(k), attachment);
        out->string(QStringLiteral("nictype%1").arg(k), n.type);
        out->string(QStringLiteral("nicspeed%1").arg(k), QString::number(n.speed));
        if (n.attachment == QLatin1String("nat")) {
            out->raw(QStringLiteral("mtu=\"0\"\nsockSnd=\"64\"\nsockRcv=\"64\"\ntcpWndSnd=\"64\"\ntcpWndRcv=\"64\""));
            for (int r = 0; r < n.forwards.size(); ++r) {
                const PortForward &f = n.forwards.at(r);
                out->raw(QStringLiteral("Forwarding(%1)=\"%2,%3,%4,%5,%6,%7\"")
                             .arg(r)
                             .arg(f.name, f.protocol, f.hostIp)
                             .arg(f.hostPort)
                             .arg(f.guestIp)
                             .arg(f.guestPort));
            }
        }
    }
}

} // namespace

QString compactInfo(const Machine &machine)
{
    return QStringLiteral("\"%1\" {%2}\n").arg(machine.name, machine.uuid);
}

QString machineReadableInfo(const Machine &m, const Registry &registry, const QString &state)
{
    const bool running = state == QLatin1String("running") || state == QLatin1String("paused");
    MachineReadable out;
    out.string(QStringLiteral("name"), m.name);
    out.raw(QStringLiteral("Encryption:     disabled"));
    out.string(QStringLiteral("groups"), QStringLiteral("/"));
    out.string(QStringLiteral("ostype"), osTypeDescription(m.osType));
    out.string(QStringLiteral("UUID"), m.uuid);
    out.string(QStringLiteral("CfgFile"), m.settingsFile);
    out.string(QStringLiteral("SnapFldr"), m.folder() + QStringLiteral("/Snapshots"));
    out.string(QStringLiteral("LogFldr"), m.logFolder());
    out.string(QStringLiteral("hardwareuuid"), m.uuid);
    out.number(QStringLiteral("memory"), m.memory);
    out.onOff(QStringLiteral("pagefusion"), m.switchOn(QStringLiteral("pagefusion")));
    out.number(QStringLiteral("vram"), m.vram);
    out.number(QStringLiteral("cpuexecutioncap"), 100);
    out.onOff(QStringLiteral("hpet"), m.switchOn(QStringLiteral("hpet")));
    out.string(QStringLiteral("cpu-profile"), QStringLiteral("host"));
    out.string(QStringLiteral("chipset"), m.chipset);
    out.string(QStringLiteral("firmware"), m.firmware);
    out.number(QStringLiteral("cpus"), m.cpus);
    for (const char *name : { "pae", "longmode", "triplefaultreset", "apic", "x2apic", "nested-hw-virt" })
        out.onOff(QString::fromLatin1(name), m.switchOn(QString::fromLatin1(name)));
    out.number(QStringLiteral("cpuid-portability-level"), 0);
    out.string(QStringLiteral("bootmenu"), m.bootMenu);
    for (int i = 0; i < m.bootOrder.size(); ++i)
        out.string(QStringLiteral("boot%1").arg(i + 1), m.bootOrder.at(i));
    out.onOff(QStringLiteral("acpi"), m.switchOn(QStringLiteral("acpi")));
    out.onOff(QStringLiteral("ioapic"), m.switchOn(QStringLiteral("ioapic")));
    out.string(QStringLiteral("biosapic"), QStringLiteral("apic"));
    out.number(QStringLiteral("biossystemtimeoffset"), 0);
    out.string(QStringLiteral("BIOS NVRAM File"), m.folder() + QLatin1Char('/') + m.name + QStringLiteral(".nvram"));
    out.onOff(QStringLiteral("rtcuseutc"), m.switchOn(QStringLiteral("rtcuseutc")));
    for (const char *name : { "hwvirtex", "nestedpaging", "largepages", "vtxvpid", "vtxux", "virtvmsavevmload" })
        out.onOff(QString::fromLatin1(name), m.switchOn(QString::fromLatin1(name)));
    out.string(QStringLiteral("iommu"), QStringLiteral("none"));
    out.string(QStringLiteral("paravirtprovider"), m.paravirtProvider);
    out.string(QStringLiteral("effparavirtprovider"), effectiveParavirt(m));
    out.string(QStringLiteral("VMState"), state);
    out.string(QStringLiteral("VMStateChangeTime"), timeString(m.stateChangeMs));
    out.string(QStringLiteral("graphicscontroller"), m.graphicsController);
    out.number(QStringLiteral("monitorcount"), 1);
    out.onOff(QStringLiteral("accelerate3d"), m.switchOn(QStringLiteral("accelerate3d")));
    out.onOff(QStringLiteral("accelerate2dvideo"), m.switchOn(QStringLiteral("accelerate2dvideo")));
    out.onOff(QStringLiteral("teleporterenabled"), false);
    out.number(QStringLiteral("teleporterport"), 0);
    out.string(QStringLiteral("teleporteraddress"), QString());
    out.string(QStringLiteral("teleporterpassword"), QString());
    out.onOff(QStringLiteral("tracing-enabled"), false);
    out.onOff(QStringLiteral("tracing-allow-vm-access"), false);
    out.string(QStringLiteral("tracing-config"), QString());
    out.onOff(QStringLiteral("autostart-enabled"), false);
    out.number(QStringLiteral("autostart-delay"), 0);
    out.string(QStringLiteral("defaultfrontend"), QString());
    out.string(QStringLiteral("vmprocpriority"), QStringLiteral("default"));
    storageLines(&out, m, registry);
    nicLines(&out, m);
    out.string(QStringLiteral("hidpointing"), m.pointing);
    out.string(QStringLiteral("hidkeyboard"), m.keyboard);
    for (int i = 0; i < m.uarts.size(); ++i) {
        const SerialPort &u = m.uarts.at(i);
        if (!u.enabled) {
            out.string(QStringLiteral("uart%1").arg(i + 1), QStringLiteral("off"));
            continue;
        }
        out.string(QStringLiteral("uart%1").arg(i + 1),
            QStringLiteral("%1,%2").arg(u.ioBase, 4, 16, QLatin1Char('0')).arg(u.irq).prepend(QStringLiteral("0x")));
        out.string(QStringLiteral("uartmode%1").arg(i + 1), uartMode(u));
        out.string(QStringLiteral("uarttype%1").arg(i + 1), u.uartType);
    }
    out.string(QStringLiteral("lpt1"), QStringLiteral("off"));
    out.string(QStringLiteral("lpt2"), QStringLiteral("off"));
    out.string(QStringLiteral("audio"), m.audioDriver.isEmpty() ? QStringLiteral("none") : m.audioDriver);
    out.onOff(QStringLiteral("audio_out"), false);
    out.onOff(QStringLiteral("audio_in"), false);
    out.string(QStringLiteral("clipboard"), m.clipboard);
    out.string(QStringLiteral("draganddrop"), m.dragAndDrop);
    if (running) {
        out.string(QStringLiteral("SessionName"), QStringLiteral("headless"));
        out.raw(QStringLiteral("VideoMode=\"720,400,0\"@0,0 1"));
    }
    out.string(QStringLiteral("vrde"), m.vrde ? QStringLiteral("on") : QStringLiteral("off"));
    out.onOff(QStringLiteral("usb"), m.usbOhci);
    out.onOff(QStringLiteral("ehci"), m.usbEhci);
    out.onOff(QStringLiteral("xhci"), m.usbXhci);
    for (int i = 0; i < m.sharedFolders.size(); ++i) {
        out.string(QStringLiteral("SharedFolderNameMachineMapping%1").arg(i + 1), m.sharedFolders.at(i).name);
        out.string(QStringLiteral("SharedFolderPathMachineMapping%1").arg(i + 1), m.sharedFolders.at(i).hostPath);
    }
    if (running) {
        out.onOff(QStringLiteral("VRDEActiveConnection"), false);
        out.raw(QStringLiteral("VRDEClients==0"));
    }
    out.onOff(QStringLiteral("recording_enabled"), false);
    out.number(QStringLiteral("recording_screens"), 1);
    out.raw(QStringLiteral(" rec_screen0"));
    out.onOff(QStringLiteral("rec_screen_enabled"), false);
    out.number(QStringLiteral("rec_screen_id"), 0);
    out.onOff(QStringLiteral("rec_screen_video_enabled"), true);
    out.onOff(QStringLiteral("rec_screen_audio_enabled"), false);
    out.string(QStringLiteral("rec_screen_dest"), QStringLiteral("File"));
    out.string(QStringLiteral("rec_screen_dest_filename"),
        m.folder() + QLatin1Char('/') + m.name + QStringLiteral("-screen0.webm"));
    out.string(QStringLiteral("rec_screen_opts"), QStringLiteral("vc_enabled=true,ac_enabled=false,ac_profile=med"));
    out.string(QStringLiteral("rec_screen_video_res_xy"), QStringLiteral("1024x768"));
    out.number(QStringLiteral("rec_screen_video_rate_kbps"), 512);
    out.number(QStringLiteral("rec_screen_video_fps"), 25);
    if (!m.description.isEmpty())
        out.string(QStringLiteral("description"), m.description);
    out.number(QStringLiteral("GuestMemoryBalloon"), 0);
    if (running)
        out.number(QStringLiteral("GuestAdditionsRunLevel"), 0);
    return out.text();
}

QString standardInfo(const Machine &m, const Registry &registry, const QString &state)
{
    Q_UNUSED(registry)
    auto line = [](const QString &label, const QString &value) {
        return label.leftJustified(28, QLatin1Char(' ')) + QLatin1Char(' ') + value + QLatin1Char('\n');
    };
    QString text;
    text += line(QStringLiteral("Name:"), m.name);
    text += QStringLiteral("Encryption:     disabled\n");
    text += line(QStringLiteral("Groups:"), QStringLiteral("/"));
    text += line(QStringLiteral("Guest OS:"), osTypeDescription(m.osType));
    text += line(QStringLiteral("UUID:"), m.uuid);
    text += line(QStringLiteral("Config file:"), m.settingsFile);
    text += line(QStringLiteral("Snapshot folder:"), m.folder() + QStringLiteral("/Snapshots"));
    text += line(QStringLiteral("Log folder:"), m.logFolder());
    text += line(QStringLiteral("Hardware UUID:"), m.uuid);
    text += line(QStringLiteral("Memory size:"), QString::number(m.memory) + QStringLiteral("MB"));
    text += line(QStringLiteral("Number of CPUs:"), QString::number(m.cpus));
    text += line(QStringLiteral("Firmware:"), m.firmware);
    const QDateTime since = QDateTime::fromMSecsSinceEpoch(m.stateChangeMs, Qt::UTC);
    const QString stateText = state == QLatin1String("poweroff") ? QStringLiteral("powered off") : state;
    text += line(QStringLiteral("State:"),
        QStringLiteral("%1 (since %2)")
            .arg(stateText, since.toString(QStringLiteral("yyyy-MM-ddThh:mm:ss.zzz")) + QStringLiteral("000000")));
    for (int i = 0; i < m.nics.size(); ++i) {
        const NetworkAdapter &n = m.nics.at(i);
        const QString label = QStringLiteral("NIC %1:").arg(i + 1);
        if (!n.enabled) {
            text += line(label, QStringLiteral("disabled"));
            continue;
        }
        text += line(label,
            QStringLiteral("MAC: %1, Attachment: %2, Cable connected: %3, Type: %4")
                .arg(n.mac, n.attachment == QLatin1String("nat") ? QStringLiteral("NAT") : n.attachment,
                    n.cableConnected ? QStringLiteral("on") : QStringLiteral("off"), n.type));
    }
    text += QLatin1Char('\n');
    return text;
}

} // namespace vboxdouble
