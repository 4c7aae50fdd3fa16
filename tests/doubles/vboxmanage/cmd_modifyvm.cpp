// modifyvm: the settings docker-machine 0.16 and a Berth driver change, each checked as VBoxManage checks it;
// every other option VBoxManage knows is accepted and kept.
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "getopt.h"
#include "modifyvmoptions.h"
#include "registry.h"
#include "runtime.h"

#include <QRegularExpression>

#include <algorithm>

namespace vboxdouble {

namespace {

ValueKind kindOf(char kind)
{
    switch (kind) {
    case 'U':
        return ValueKind::UInt32;
    case 'I':
        return ValueKind::Int32;
    case 'L':
        return ValueKind::Int64;
    case 'B':
        return ValueKind::BoolOnOff;
    case 'N':
        return ValueKind::None;
    default:
        return ValueKind::String;
    }
}

QVector<OptionDef> optionDefs()
{
    QVector<OptionDef> defs;
    int id = 0;
    for (const ModifyVmOption &o : kModifyVmOptions) {
        QStringList names { QString::fromLatin1(o.name) };
        if (o.oldName && qstrcmp(o.oldName, o.name) != 0)
            names.append(QString::fromLatin1(o.oldName));
        defs.append(OptionDef { names, id++, kindOf(o.kind), o.indexed });
    }
    return defs;
}

// The option's current name, whichever spelling was given.
QString canonical(int id)
{
    return QString::fromLatin1(kModifyVmOptions[id].name);
}

int invalidArg(const QString &text)
{
    return argumentError(text);
}

// An E_INVALIDARG from the NAT engine, as VBoxManage reports it.
int natEngineError(const QString &message, const QString &context, int line)
{
    ComError e;
    e.message = message;
    e.status = E_InvalidArg;
    e.component = QStringLiteral("NATEngineWrap");
    e.interfaceName = QStringLiteral("INATEngine");
    e.context = context;
    e.line = line;
    e.file = QStringLiteral("VBoxManageModifyVM.cpp");
    return comError(e);
}

int addForward(NetworkAdapter *nic, const QString &spec, int index)
{
    QStringList parts = spec.split(QLatin1Char(','));
    while (parts.size() < 6)
        parts.append(QString());
    for (QString &p : parts)
        p = p.trimmed();
    const QString proto = parts.at(1).toLower();
    if (proto != QLatin1String("tcp") && proto != QLatin1String("udp"))
        return invalidArg(QStringLiteral("Invalid proto '%1' specfied for NIC %2").arg(spec).arg(index));
    PortForward rule { parts.at(0), proto, parts.at(2), parts.at(3).toUInt(), parts.at(4), parts.at(5).toUInt() };
    const QString context = QStringLiteral("AddRedirect(Bstr(strName).raw(), proto, Bstr(strHostIp).raw(), "
                                           "RTStrToUInt16(strHostPort), Bstr(strGuestIp).raw(), "
                                           "RTStrToUInt16(strGuestPort))");
    for (const QChar c : rule.name)
        if (c == QLatin1Char(',') || c == QLatin1Char('"'))
            return natEngineError(QStringLiteral("'%1' - invalid character in NAT rule name").arg(c), context, 2098);
    if (rule.name.isEmpty())
        rule.name = QStringLiteral("%1_%2_%3").arg(rule.protocol).arg(rule.hostPort).arg(rule.guestPort);
    for (const PortForward &r : std::as_const(nic->forwards)) {
        if (r.name == rule.name)
            return natEngineError(QStringLiteral("A NAT rule of this name already exists"), context, 2098);
        if (r.hostIp == rule.hostIp && r.hostPort == rule.hostPort && r.protocol == rule.protocol)
            return natEngineError(
                QStringLiteral("A NAT rule for this host port and this host IP already exists"), context, 2098);
    }
    nic->forwards.append(rule);
    std::sort(nic->forwards.begin(), nic->forwards.end(),
        [](const PortForward &a, const PortForward &b) { return a.name < b.name; });
    return ExitSuccess;
}

bool oneOf(const QString &value, std::initializer_list<const char *> allowed)
{
    for (const char *a : allowed)
        if (value.compare(QLatin1String(a), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QString canonicalNicType(const QString &value)
{
    for (const char *t : { "Am79C970A", "Am79C973", "Am79C960", "82540EM", "82543GC", "82545EM", "virtio", "NE1000",
             "NE2000", "WD8003", "WD8013", "3C503", "3C501" })
        if (value.compare(QLatin1String(t), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(t);
    return {};
}

} // namespace

int handleModifyVm(const QStringList &args)
{
    if (args.size() < 2)
        return syntaxError(QStringLiteral("Not enough parameters"));
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(args.at(0));
    if (!machine)
        return machineNotFound(args.at(0), site::modifyVmFind);
    const QString state = currentState(*machine);
    if (state == QLatin1String("running") || state == QLatin1String("paused")) {
        return machineLocked(machine->name, site::modifyVmLock);
    }
    Machine m = *machine;
    OptionParser parser(args, optionDefs(), 1);
    int result = ExitSuccess;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End && result == ExitSuccess; o = parser.next()) {
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        const QString option = canonical(o.id);
        // VirtualBox 7.0 split --audio into these; a double that reports an older version does not know them.
        if (productVersion().section(QLatin1Char('.'), 0, 0).toInt() < 7
            && (option == QLatin1String("--audio-driver") || option == QLatin1String("--audio-enabled")
                || option == QLatin1String("--audio-in") || option == QLatin1String("--audio-out")))
            return unknownOption(o.name);
        const QString v = o.value;
        const int n = o.index;
        if (kModifyVmOptions[o.id].indexed) {
            const bool nicOption = option.startsWith(QLatin1String("--nic"))
                || option.startsWith(QLatin1String("--nat")) || option.startsWith(QLatin1String("--mac"))
                || option.startsWith(QLatin1String("--cable")) || option.startsWith(QLatin1String("--host-only"))
                || option.startsWith(QLatin1String("--bridge")) || option == QLatin1String("--intnet");
            const int max = nicOption                        ? m.nics.size()
                : option.startsWith(QLatin1String("--uart")) ? m.uarts.size()
                : option == QLatin1String("--boot")          ? 4
                                                             : 1000;
            if (n < 1 || n > max) {
                const QString what = nicOption                   ? QStringLiteral("NIC")
                    : option.startsWith(QLatin1String("--uart")) ? QStringLiteral("UART")
                                                                 : QStringLiteral("boot order");
                return argumentError(QStringLiteral("Invalid %1 number %2").arg(what).arg(n));
            }
        }
        NetworkAdapter *nic = n >= 1 && n <= m.nics.size() ? &m.nics[n - 1] : nullptr;
        if (option == QLatin1String("--os-type")) {
            if (!isKnownOsType(v)) {
                return comErrorAt(
                    CallSite { "COMSETTER(OSTypeId)(Bstr(ValueUnion.psz).raw())", 720, "VBoxManageModifyVM.cpp" },
                    QStringLiteral("'%1' is not a valid Guest OS type").arg(v), E_InvalidArg,
                    QStringLiteral("VirtualBoxWrap"), QStringLiteral("IVirtualBox"));
            }
            m.osType = v;
        } else if (option == QLatin1String("--name")) {
            m.name = v;
        } else if (option == QLatin1String("--description")) {
            m.description = v;
        } else if (option == QLatin1String("--memory")) {
            m.memory = o.uintValue;
        } else if (option == QLatin1String("--cpus")) {
            m.cpus = o.uintValue;
        } else if (option == QLatin1String("--vram")) {
            m.vram = o.uintValue;
        } else if (option == QLatin1String("--firmware")) {
            if (!oneOf(v, { "bios", "efi", "efi32", "efi64", "efidual" }))
                return invalidArg(QStringLiteral("Invalid --firmware argument '%1'").arg(v));
            m.firmware = v.toUpper();
        } else if (option == QLatin1String("--bios-boot-menu")) {
            if (!oneOf(v, { "disabled", "menuonly", "messageandmenu" }))
                return invalidArg(QStringLiteral("Invalid --biosbootmenu argument '%1'").arg(v));
            m.bootMenu = v.toLower();
        } else if (option == QLatin1String("--boot")) {
            if (!oneOf(v, { "none", "floppy", "dvd", "disk", "net" }))
                return invalidArg(QStringLiteral("Invalid boot device '%1'").arg(v));
            m.bootOrder[n - 1] = v.toLower();
        } else if (option == QLatin1String("--paravirt-provider")) {
            if (!oneOf(v, { "none", "default", "legacy", "minimal", "hyperv", "kvm" }))
                return invalidArg(QStringLiteral("Invalid --paravirtprovider argument '%1'").arg(v));
            m.paravirtProvider = v.toLower();
        } else if (option == QLatin1String("--graphicscontroller")) {
            if (!oneOf(v, { "none", "vboxvga", "vmsvga", "vboxsvga" }))
                return invalidArg(QStringLiteral("Invalid --graphicscontroller argument '%1'").arg(v));
            m.graphicsController = v.toLower() == QLatin1String("none") ? QStringLiteral("null") : v.toLower();
        } else if (option == QLatin1String("--audio") || option == QLatin1String("--audio-driver")) {
            if (option == QLatin1String("--audio") && productVersion().section(QLatin1Char('.'), 0, 0).toInt() >= 7)
                printErr(QStringLiteral(
                    "Warning: --audio is deprecated and will be removed soon. Use --audio-driver instead!\n"));
            if (!oneOf(v, { "none", "null", "oss", "alsa", "pulse", "default" }))
                return invalidArg(QStringLiteral("Invalid %1 argument '%2'").arg(option, v));
            m.audioDriver = v.toLower() == QLatin1String("none") ? QString() : v.toLower();
        } else if (option == QLatin1String("--audio-enabled")) {
            if (!o.boolValue)
                m.audioDriver.clear();
        } else if (option == QLatin1String("--usb-ohci") || option == QLatin1String("--usb")) {
            m.usbOhci = o.boolValue;
        } else if (option == QLatin1String("--usb-ehci")) {
            m.usbEhci = o.boolValue;
        } else if (option == QLatin1String("--usb-xhci")) {
            m.usbXhci = o.boolValue;
        } else if (option == QLatin1String("--vrde")) {
            m.vrde = o.boolValue;
        } else if (option == QLatin1String("--nic")) {
            if (!oneOf(v,
                    { "none", "null", "nat", "bridged", "intnet", "hostonly", "hostonlynet", "generic", "natnetwork",
                        "cloud" }))
                return invalidArg(QStringLiteral("Invalid type '%1' specfied for NIC %2").arg(v).arg(n));
            nic->enabled = v.toLower() != QLatin1String("none");
            nic->attachment = v.toLower();
        } else if (option == QLatin1String("--nic-type")) {
            const QString type = canonicalNicType(v);
            if (type.isEmpty())
                return invalidArg(QStringLiteral("Invalid NIC type '%1' specified for NIC %2").arg(v).arg(n));
            nic->type = type;
        } else if (option == QLatin1String("--cable-connected")) {
            nic->cableConnected = o.boolValue;
        } else if (option == QLatin1String("--nic-promisc")) {
            if (!oneOf(v, { "deny", "allow-vms", "allow-all" }))
                return invalidArg(QStringLiteral("Unknown promiscuous mode policy '%1'").arg(v));
            nic->promisc = v.toLower();
        } else if (option == QLatin1String("--nic-speed")) {
            nic->speed = o.uintValue;
        } else if (option == QLatin1String("--host-only-adapter")) {
            nic->hostOnlyAdapter = v;
            if (nic->enabled)
                nic->attachment = QStringLiteral("hostonly");
        } else if (option == QLatin1String("--bridge-adapter")) {
            nic->bridgedAdapter = v;
        } else if (option == QLatin1String("--intnet")) {
            nic->internalNetwork = v;
        } else if (option == QLatin1String("--nat-network")) {
            nic->natNetwork = v;
        } else if (option == QLatin1String("--nat-net")) {
            nic->natNet = v == QLatin1String("default") ? QString() : v;
        } else if (option == QLatin1String("--mac-address")) {
            if (v.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0) {
                nic->mac = generateMacAddress();
            } else {
                static const QRegularExpression macPattern(QStringLiteral("^[0-9A-Fa-f]{12}$"));
                if (!macPattern.match(v).hasMatch()) {
                    return comErrorAt(CallSite { "COMSETTER(MACAddress)(Bstr(ValueUnion.psz).raw())", 2276,
                                          "VBoxManageModifyVM.cpp" },
                        QStringLiteral("Invalid MAC address format"), E_InvalidArg,
                        QStringLiteral("NetworkAdapterWrap"), QStringLiteral("INetworkAdapter"));
                }
                nic->mac = v.toUpper();
            }
        } else if (option == QLatin1String("--nat-pf")) {
            if (v != QLatin1String("delete")) {
                result = addForward(nic, v, n);
            } else {
                const QStringList rest = parser.remaining();
                if (rest.isEmpty())
                    return syntaxError(QStringLiteral("Not enough parameters"));
                parser.next(); // the rule's name
                const QString rule = rest.first();
                const auto before = nic->forwards.size();
                nic->forwards.removeIf([&](const PortForward &f) { return f.name == rule; });
                if (nic->forwards.size() == before)
                    result = comErrorWithoutInfo(E_InvalidArg, QStringLiteral("One or more arguments are invalid"),
                        CallSite { "RemoveRedirect(Bstr(ValueUnion.psz).raw())", 2111, "VBoxManageModifyVM.cpp" });
            }
        } else if (option == QLatin1String("--uart")) {
            SerialPort &uart = m.uarts[n - 1];
            if (v.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0
                || v.compare(QLatin1String("disable"), Qt::CaseInsensitive) == 0) {
                uart.enabled = false;
            } else {
                const QStringList rest = parser.remaining();
                quint32 irq = 0;
                if (rest.isEmpty() || !parseUInt32(rest.first(), &irq))
                    return syntaxError(QStringLiteral("Missing or invalid argument to '%1'").arg(o.name));
                parser.next();
                quint32 base = 0;
                if (!parseUInt32(v, &base))
                    return invalidArg(QStringLiteral("Error parsing UART I/O base '%1'").arg(v));
                uart.enabled = true;
                uart.ioBase = base;
                uart.irq = irq;
            }
        } else if (option == QLatin1String("--uart-mode")) {
            SerialPort &uart = m.uarts[n - 1];
            const QString mode = v.toLower();
            if (mode == QLatin1String("disconnected")) {
                uart.mode = mode;
                uart.path.clear();
            } else if (oneOf(mode, { "server", "client", "tcpserver", "tcpclient", "file" })) {
                const QStringList rest = parser.remaining();
                if (rest.isEmpty())
                    return syntaxError(QStringLiteral("Missing or invalid argument to '%1'").arg(o.name));
                parser.next();
                uart.mode = mode;
                uart.path = rest.first();
            } else {
                uart.mode = QStringLiteral("device");
                uart.path = v;
            }
        } else if (option == QLatin1String("--uart-type")) {
            if (!oneOf(v, { "16450", "16550A", "16750" }))
                return invalidArg(QStringLiteral("Invalid argument to '%1'").arg(o.name));
            m.uarts[n - 1].uartType = v.toUpper();
        } else if (kModifyVmOptions[o.id].kind == 'B') {
            // on/off settings showvminfo shows under the old spelling without dashes
            QString key = QString::fromLatin1(
                kModifyVmOptions[o.id].oldName ? kModifyVmOptions[o.id].oldName : kModifyVmOptions[o.id].name)
                              .mid(2);
            if (key == QLatin1String("nested-hw-virt"))
                key = QStringLiteral("nested-hw-virt");
            if (kModifyVmOptions[o.id].indexed)
                key += QString::number(n);
            m.switches.insert(key, o.boolValue);
        } else {
            m.otherSettings.insert(o.name, v);
        }
    }
    if (result != ExitSuccess)
        return result;
    *machine = m;
    if (!Registry::saveMachine(m, &error) || !registry.save(&error)) {
        msgError(error);
        return ExitFailure;
    }
    return ExitSuccess;
}

} // namespace vboxdouble
