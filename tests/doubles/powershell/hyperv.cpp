#include "hyperv.h"

#include "vmrunner.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

#include <cstdio>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace berth::psdouble {

namespace {

const QString vmType = QStringLiteral("Microsoft.HyperV.PowerShell.VirtualMachine");
const QString vmStateType = QStringLiteral("Microsoft.HyperV.PowerShell.VMState");
const QString virtualizationException = QStringLiteral("VirtualizationException");

// Hyper-V's "Default Switch" has this Id on every Windows host.
const QString defaultSwitchId = QStringLiteral("c08cb7b8-9b3c-408e-8e30-5e16a3aeb444");

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString nameGuid(const QString &name)
{
    return QUuid::createUuidV5(QUuid(QStringLiteral("{6ba7b811-9dad-11d1-80b4-00c04fd430c8}")), name)
        .toString(QUuid::WithoutBraces);
}

Value str(const QString &s)
{
    return s.isNull() ? Value() : Value::fromString(s);
}

Value stateValue(const QString &state)
{
    static const QHash<QString, int> values { { QStringLiteral("Other"), 1 }, { QStringLiteral("Running"), 2 },
        { QStringLiteral("Off"), 3 }, { QStringLiteral("Stopping"), 4 }, { QStringLiteral("Saved"), 6 },
        { QStringLiteral("Paused"), 9 }, { QStringLiteral("Starting"), 10 }, { QStringLiteral("Reset"), 11 } };
    return Value::fromEnum(vmStateType, values.value(state, 1), state);
}

Value controllerType(bool scsi)
{
    return Value::fromEnum(QStringLiteral("Microsoft.HyperV.PowerShell.ControllerType"), scsi ? 1 : 0,
        scsi ? QStringLiteral("SCSI") : QStringLiteral("IDE"));
}

Value driveObject(const VmRecord &vm, const Drive &d)
{
    auto o = makeObject(ObjectKind::VMDvdDrive,
        d.dvd ? QStringLiteral("Microsoft.HyperV.PowerShell.DvdDrive")
              : QStringLiteral("Microsoft.HyperV.PowerShell.HardDiskDrive"));
    if (!d.dvd)
        o->kind = ObjectKind::VMHardDiskDrive;
    o->id = d.id;
    o->set(QStringLiteral("VMName"), str(vm.name));
    o->set(QStringLiteral("VMId"), str(vm.id));
    o->set(QStringLiteral("ControllerType"), controllerType(vm.generation == 2));
    o->set(QStringLiteral("ControllerNumber"), Value::fromInt(d.controllerNumber));
    o->set(QStringLiteral("ControllerLocation"), Value::fromInt(d.controllerLocation));
    if (d.dvd)
        o->set(QStringLiteral("DvdMediaType"),
            d.path.isEmpty()
                ? Value::fromEnum(QStringLiteral("Microsoft.HyperV.PowerShell.DvdMediaType"), 0, QStringLiteral("None"))
                : Value::fromEnum(
                    QStringLiteral("Microsoft.HyperV.PowerShell.DvdMediaType"), 1, QStringLiteral("ISO")));
    else
        o->set(QStringLiteral("DiskNumber"), {});
    // An empty DVD drive has no path.
    o->set(QStringLiteral("Path"), d.path.isEmpty() ? Value() : str(d.path));
    o->set(QStringLiteral("Name"), str(d.dvd ? QStringLiteral("DVD Drive") : QStringLiteral("Hard Drive")));
    o->set(QStringLiteral("Id"), str(QStringLiteral("Microsoft:%1\\%2").arg(vm.id.toUpper(), d.id.toUpper())));
    o->tableView = d.dvd
        ? QStringList { QStringLiteral("VMName"), QStringLiteral("ControllerType"), QStringLiteral("ControllerNumber"),
              QStringLiteral("ControllerLocation"), QStringLiteral("DvdMediaType"), QStringLiteral("Path") }
        : QStringList { QStringLiteral("VMName"), QStringLiteral("ControllerType"), QStringLiteral("ControllerNumber"),
              QStringLiteral("ControllerLocation"), QStringLiteral("DiskNumber"), QStringLiteral("Path") };
    o->unmodelled = { QStringLiteral("ComputerName"), QStringLiteral("IsDeleted"), QStringLiteral("VMSnapshotId"),
        QStringLiteral("VMSnapshotName"), QStringLiteral("CimSession"), QStringLiteral("PoolName"),
        QStringLiteral("SupportPersistentReservations"), QStringLiteral("MaximumIOPS"), QStringLiteral("MinimumIOPS"),
        QStringLiteral("QoSPolicyID") };
    o->display = QStringLiteral("%1 on %2 controller number %3 at location %4")
                     .arg(d.dvd ? QStringLiteral("DVD Drive") : QStringLiteral("Hard Drive"),
                         vm.generation == 2 ? QStringLiteral("SCSI") : QStringLiteral("IDE"))
                     .arg(d.controllerNumber)
                     .arg(d.controllerLocation);
    return Value::fromObject(o);
}

Value adapterObject(const VmRecord &vm, const HostConfig &config)
{
    auto o = makeObject(ObjectKind::VMNetworkAdapter, QStringLiteral("Microsoft.HyperV.PowerShell.VMNetworkAdapter"));
    o->id = vm.adapterId;
    o->set(QStringLiteral("Name"), str(QStringLiteral("Network Adapter")));
    o->set(QStringLiteral("Id"), str(QStringLiteral("Microsoft:%1\\%2").arg(vm.id.toUpper(), vm.adapterId.toUpper())));
    o->set(QStringLiteral("VMName"), str(vm.name));
    o->set(QStringLiteral("VMId"), str(vm.id));
    o->set(QStringLiteral("SwitchName"), vm.switchName.isEmpty() ? Value() : str(vm.switchName));
    const SwitchConfig *sw = VmRunner::findSwitch(config, vm.switchName);
    o->set(QStringLiteral("SwitchId"), sw ? str(sw->id) : Value());
    o->set(QStringLiteral("Connected"), Value::fromBool(!vm.switchName.isEmpty()));
    o->set(QStringLiteral("MacAddress"), str(vm.mac));
    o->set(QStringLiteral("DynamicMacAddressEnabled"), Value::fromBool(vm.dynamicMac));
    o->set(QStringLiteral("IsManagementOs"), Value::fromBool(false));
    QList<Value> addresses;
    for (const QString &a : VmRunner::guestAddresses(vm, config))
        addresses.append(Value::fromString(a));
    o->set(QStringLiteral("IPAddresses"), Value::fromArray(addresses));
    o->tableView = { QStringLiteral("Name"), QStringLiteral("IsManagementOs"), QStringLiteral("VMName"),
        QStringLiteral("SwitchName"), QStringLiteral("MacAddress"), QStringLiteral("IPAddresses") };
    o->unmodelled = { QStringLiteral("Status"), QStringLiteral("StatusDescription"), QStringLiteral("ComputerName"),
        QStringLiteral("AdapterId"), QStringLiteral("VlanSetting"), QStringLiteral("BandwidthSetting"),
        QStringLiteral("MacAddressSpoofing"), QStringLiteral("DhcpGuard"), QStringLiteral("RouterGuard"),
        QStringLiteral("IsLegacy"), QStringLiteral("IsDeleted"), QStringLiteral("IovWeight"),
        QStringLiteral("PortMirroringMode"), QStringLiteral("DeviceNaming"), QStringLiteral("IsSynthetic"),
        QStringLiteral("ClusterMonitored"), QStringLiteral("CimSession") };
    o->display = QStringLiteral("VMNetworkAdapter (Name = 'Network Adapter', VMName = '%1') [VMId = '%2']")
                     .arg(vm.name, vm.id);
    return Value::fromObject(o);
}

// Get-VMNetworkAdapterVlan's answer: the access VLAN only (the trunk and private VLAN settings are not modelled).
Value vlanObject(const VmRecord &vm)
{
    auto o = makeObject(ObjectKind::Custom, QStringLiteral("Microsoft.HyperV.PowerShell.VMNetworkAdapterVlanSetting"));
    o->set(QStringLiteral("AccessVlanId"), Value::fromInt(vm.accessVlanId));
    o->unmodelled = { QStringLiteral("OperationMode"), QStringLiteral("NativeVlanId"),
        QStringLiteral("AllowedVlanIdList"), QStringLiteral("AllowedVlanIdListString"),
        QStringLiteral("PrivateVlanMode"), QStringLiteral("PrimaryVlanId"), QStringLiteral("SecondaryVlanId"),
        QStringLiteral("SecondaryVlanIdList"), QStringLiteral("SecondaryVlanIdListString"),
        QStringLiteral("ParentAdapter"), QStringLiteral("IsTemplate"), QStringLiteral("CimSession"),
        QStringLiteral("ComputerName"), QStringLiteral("IsDeleted") };
    return Value::fromObject(o);
}

Value vmObject(const VmRecord &vm, const HostConfig &config)
{
    auto o = makeObject(ObjectKind::VirtualMachine, vmType);
    o->id = vm.id;
    const bool running = vm.state == QLatin1String("Running");
    o->set(QStringLiteral("Name"), str(vm.name));
    o->set(QStringLiteral("Id"), str(vm.id));
    o->set(QStringLiteral("VMId"), str(vm.id));
    o->set(QStringLiteral("VMName"), str(vm.name));
    o->set(QStringLiteral("State"), stateValue(vm.state));
    o->set(QStringLiteral("Status"), str(QStringLiteral("Operating normally")));
    o->set(QStringLiteral("CPUUsage"), Value::fromInt(0));
    o->set(QStringLiteral("ProcessorCount"), Value::fromInt(vm.processorCount, QStringLiteral("Int64")));
    o->set(QStringLiteral("MemoryStartup"), Value::fromInt(vm.memoryStartup, QStringLiteral("Int64")));
    o->set(QStringLiteral("MemoryMinimum"), Value::fromInt(vm.memoryMinimum, QStringLiteral("Int64")));
    o->set(QStringLiteral("MemoryMaximum"), Value::fromInt(vm.memoryMaximum, QStringLiteral("Int64")));
    o->set(QStringLiteral("MemoryAssigned"), Value::fromInt(running ? vm.memoryStartup : 0, QStringLiteral("Int64")));
    o->set(QStringLiteral("DynamicMemoryEnabled"), Value::fromBool(vm.dynamicMemory));
    o->set(QStringLiteral("Generation"), Value::fromInt(vm.generation));
    o->set(QStringLiteral("Version"), str(QStringLiteral("9.0")));
    o->set(QStringLiteral("Path"), str(vm.path));
    o->set(QStringLiteral("ConfigurationLocation"), str(vm.path));
    o->set(QStringLiteral("ComputerName"), str(config.computerName));
    o->set(QStringLiteral("IsClustered"), Value::fromBool(false));
    o->set(QStringLiteral("Notes"), str(QString(QLatin1String(""))));
    o->set(QStringLiteral("NetworkAdapters"), Value::fromArray({ adapterObject(vm, config) }));
    QList<Value> hardDrives;
    QList<Value> dvdDrives;
    for (const Drive &d : vm.drives)
        (d.dvd ? dvdDrives : hardDrives).append(driveObject(vm, d));
    o->set(QStringLiteral("HardDrives"), Value::fromArray(hardDrives));
    o->set(QStringLiteral("DVDDrives"), Value::fromArray(dvdDrives));
    o->tableView = { QStringLiteral("Name"), QStringLiteral("State"), QStringLiteral("CPUUsage"),
        QStringLiteral("MemoryAssigned"), QStringLiteral("Status"), QStringLiteral("Version") };
    o->unmodelled = { QStringLiteral("Uptime"), QStringLiteral("Heartbeat"), QStringLiteral("IntegrationServicesState"),
        QStringLiteral("IntegrationServicesVersion"), QStringLiteral("AutomaticStartAction"),
        QStringLiteral("AutomaticStopAction"), QStringLiteral("AutomaticStartDelay"),
        QStringLiteral("AutomaticCheckpointsEnabled"), QStringLiteral("AutomaticCriticalErrorAction"),
        QStringLiteral("AutomaticCriticalErrorActionTimeout"), QStringLiteral("CheckpointType"),
        QStringLiteral("CheckpointFileLocation"), QStringLiteral("SnapshotFileLocation"),
        QStringLiteral("SmartPagingFilePath"), QStringLiteral("SmartPagingFileInUse"), QStringLiteral("ComPort1"),
        QStringLiteral("ComPort2"), QStringLiteral("FloppyDrive"), QStringLiteral("FibreChannelHostBusAdapters"),
        QStringLiteral("CreationTime"), QStringLiteral("MemoryDemand"), QStringLiteral("OperationalStatus"),
        QStringLiteral("PrimaryOperationalStatus"), QStringLiteral("SecondaryOperationalStatus"),
        QStringLiteral("StatusDescriptions"), QStringLiteral("PrimaryStatusDescription"),
        QStringLiteral("SecondaryStatusDescription"), QStringLiteral("ParentCheckpointId"),
        QStringLiteral("ParentCheckpointName"), QStringLiteral("ParentSnapshotId"),
        QStringLiteral("ParentSnapshotName"), QStringLiteral("ReplicationHealth"), QStringLiteral("ReplicationMode"),
        QStringLiteral("ReplicationState"), QStringLiteral("ResourceMeteringEnabled"), QStringLiteral("Groups"),
        QStringLiteral("GuestControlledCacheTypes"), QStringLiteral("LowMemoryMappedIoSpace"),
        QStringLiteral("HighMemoryMappedIoSpace"), QStringLiteral("LockOnDisconnect"), QStringLiteral("NumaAligned"),
        QStringLiteral("NumaNodesCount"), QStringLiteral("NumaSocketCount"), QStringLiteral("RemoteFxAdapter"),
        QStringLiteral("SizeOfSystemFiles"), QStringLiteral("VMIntegrationService"),
        QStringLiteral("VirtualMachineType"), QStringLiteral("VirtualMachineSubType"), QStringLiteral("IsDeleted"),
        QStringLiteral("HwThreadCountPerCore"), QStringLiteral("GuestStateIsolationType"),
        QStringLiteral("CimSession") };
    o->display = QStringLiteral("VirtualMachine (Name = '%1') [Id = '%2']").arg(vm.name, vm.id);
    return Value::fromObject(o);
}

Value switchObject(const SwitchConfig &sw)
{
    auto o = makeObject(ObjectKind::VMSwitch, QStringLiteral("Microsoft.HyperV.PowerShell.VMSwitch"));
    static const QStringList types { QStringLiteral("Private"), QStringLiteral("Internal"),
        QStringLiteral("External") };
    o->set(QStringLiteral("Name"), str(sw.name));
    o->set(QStringLiteral("Id"), str(sw.id));
    o->set(QStringLiteral("SwitchType"),
        Value::fromEnum(QStringLiteral("Microsoft.HyperV.PowerShell.VMSwitchType"), sw.type, types.value(sw.type)));
    o->set(QStringLiteral("NetAdapterInterfaceDescription"),
        sw.type == 2 ? str(QStringLiteral("Microsoft Hyper-V Network Adapter")) : Value());
    o->tableView
        = { QStringLiteral("Name"), QStringLiteral("SwitchType"), QStringLiteral("NetAdapterInterfaceDescription") };
    o->unmodelled = { QStringLiteral("Notes"), QStringLiteral("ComputerName"), QStringLiteral("AllowManagementOS"),
        QStringLiteral("BandwidthReservationMode"), QStringLiteral("EmbeddedTeamingEnabled"),
        QStringLiteral("IovEnabled"), QStringLiteral("NetAdapterInterfaceDescriptions"),
        QStringLiteral("PacketDirectEnabled"), QStringLiteral("Extensions"), QStringLiteral("IsDeleted") };
    o->display = QStringLiteral("VMSwitch (Name = '%1') [Id = '%2']").arg(sw.name, sw.id);
    return Value::fromObject(o);
}

// --- errors ---------------------------------------------------------------------------------------

bool checkRights(Interpreter &ip, CommandCall &call)
{
    const HostConfig &config = HyperV::instance().config();
    if (config.administrator || config.hyperVAdministrator)
        return true;
    ip.writeError(call,
        call.error(QStringLiteral("You do not have the required permission to complete this task. Contact the "
                                  "administrator of the authorization policy for the computer '%1'.")
                       .arg(config.computerName),
            QStringLiteral("PermissionDenied"), virtualizationException, QStringLiteral("AccessDenied")));
    return false;
}

void vmNotFound(Interpreter &ip, CommandCall &call, const QString &name, bool byVMName)
{
    const QString message = QStringLiteral("Hyper-V was unable to find a virtual machine with name \"%1\".").arg(name);
    if (byVMName)
        ip.writeError(call,
            call.error(
                message, QStringLiteral("ObjectNotFound"), virtualizationException, QStringLiteral("ObjectNotFound")));
    else
        ip.writeError(call,
            call.error(message, QStringLiteral("InvalidArgument"), virtualizationException,
                QStringLiteral("InvalidParameter"), Value::fromString(name)));
}

bool wildcardMatch(const QString &pattern, const QString &name)
{
    if (!pattern.contains(QLatin1Char('*')) && !pattern.contains(QLatin1Char('?')))
        return pattern.compare(name, Qt::CaseInsensitive) == 0;
    const QRegularExpression re(
        QRegularExpression::wildcardToRegularExpression(pattern), QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

// The VMs a -Name or -VMName parameter names (each name, wildcards allowed); reports names that match
// nothing. Returns false when a name matched nothing.
QList<VmRecord> selectVms(Interpreter &ip, CommandCall &call, const QString &param, bool byVMName, bool *ok = nullptr)
{
    QList<VmRecord> all = HyperV::instance().vms();
    if (!call.has(param))
        return all;
    QList<VmRecord> chosen;
    bool allFound = true;
    for (const Value &name : call.get(param).enumerate()) {
        bool found = false;
        for (const VmRecord &vm : all) {
            if (wildcardMatch(name.toString(), vm.name)) {
                found = true;
                chosen.append(vm);
            }
        }
        const bool wildcard = name.toString().contains(QLatin1Char('*')) || name.toString().contains(QLatin1Char('?'));
        if (!found && !wildcard) {
            allFound = false;
            vmNotFound(ip, call, name.toString(), byVMName);
        }
    }
    if (ok)
        *ok = allFound;
    return chosen;
}

void invalidState(Interpreter &ip, CommandCall &call)
{
    ip.writeError(call,
        call.error(
            QStringLiteral("The operation cannot be performed while the virtual machine is in its current state."),
            QStringLiteral("InvalidOperation"), virtualizationException, QStringLiteral("InvalidState")));
}

bool fileMissing(Interpreter &ip, CommandCall &call, const QString &path, const QString &device)
{
    if (QFileInfo::exists(path))
        return false;
    ip.writeError(call,
        call.error(QStringLiteral("Failed to add device '%1'.\r\nThe system cannot find the file specified. "
                                  "(0x80070002)")
                       .arg(device),
            QStringLiteral("ObjectNotFound"), virtualizationException, QStringLiteral("ObjectNotFound")));
    return true;
}

// --- cmdlets ---------------------------------------------------------------------------------------

ParamSpec vmParam(const char *name, ParamType type, int position = -1, bool mandatory = false, QStringList aliases = {})
{
    return makeParam(name, type, position, mandatory, aliases);
}

void getVM(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    const HostConfig &config = HyperV::instance().config();
    for (const VmRecord &vm : selectVms(ip, call, QStringLiteral("Name"), false))
        call.output.append(vmObject(vm, config));
}

void getVMSwitch(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    const HostConfig &config = HyperV::instance().config();
    const QList<Value> names = call.has(QStringLiteral("Name"))
        ? call.get(QStringLiteral("Name")).enumerate()
        : QList<Value> { Value::fromString(QStringLiteral("*")) };
    for (const Value &name : names) {
        bool found = false;
        for (const SwitchConfig &sw : config.switches) {
            if (!wildcardMatch(name.toString(), sw.name))
                continue;
            if (call.has(QStringLiteral("SwitchType")) && call.get(QStringLiteral("SwitchType")).integer != sw.type)
                continue;
            found = true;
            call.output.append(switchObject(sw));
        }
        if (!found && !name.toString().contains(QLatin1Char('*')) && !name.toString().contains(QLatin1Char('?')))
            ip.writeError(call,
                call.error(QStringLiteral("Hyper-V was unable to find a virtual switch with name \"%1\".")
                               .arg(name.toString()),
                    QStringLiteral("InvalidArgument"), virtualizationException, QStringLiteral("InvalidParameter"),
                    name));
    }
}

void newVM(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    HyperV &hv = HyperV::instance();
    HyperV::Lock lock;
    VmRecord vm;
    vm.id = newGuid();
    vm.adapterId = newGuid();
    vm.name = call.has(QStringLiteral("Name")) ? call.string(QStringLiteral("Name"))
                                               : QStringLiteral("New Virtual Machine");
    vm.generation
        = call.has(QStringLiteral("Generation")) ? static_cast<int>(call.get(QStringLiteral("Generation")).integer) : 1;
    if (vm.generation != 1 && vm.generation != 2) {
        ip.writeError(call,
            call.error(QStringLiteral("Cannot validate argument on parameter 'Generation'. The %1 "
                                      "argument is greater than the maximum allowed range of 2. Supply "
                                      "an argument that is less than or equal to 2 and then try the "
                                      "command again.")
                           .arg(vm.generation),
                QStringLiteral("InvalidData"), QStringLiteral("ParameterBindingValidationException"),
                QStringLiteral("ParameterArgumentValidationError")));
        return;
    }
    vm.secureBoot = vm.generation == 2;
    if (call.has(QStringLiteral("MemoryStartupBytes")))
        vm.memoryStartup = call.get(QStringLiteral("MemoryStartupBytes")).integer;
    vm.memoryMinimum = vm.memoryStartup;
    const QString base = call.has(QStringLiteral("Path")) ? call.string(QStringLiteral("Path"))
                                                          : hv.home() + QStringLiteral("/Virtual Machines");
    vm.path = QDir::cleanPath(base + QLatin1Char('/') + vm.name);
    if (call.has(QStringLiteral("SwitchName"))) {
        const QString name = call.string(QStringLiteral("SwitchName"));
        const SwitchConfig *sw = VmRunner::findSwitch(hv.config(), name);
        if (!sw) {
            ip.writeError(call,
                call.error(QStringLiteral("Hyper-V was unable to find a virtual switch with name \"%1\".").arg(name),
                    QStringLiteral("InvalidArgument"), virtualizationException, QStringLiteral("InvalidParameter"),
                    Value::fromString(name)));
            return;
        }
        vm.switchName = sw->name;
    }
    if (call.has(QStringLiteral("VHDPath"))) {
        const QString path = call.string(QStringLiteral("VHDPath"));
        if (fileMissing(ip, call, path, QStringLiteral("Virtual Hard Disk")))
            return;
        vm.drives.append({ newGuid(), false, path, 0, 0 });
    }
    // Generation 1 comes with an empty DVD drive at IDE 1:0 (docker-machine sets its ISO with Set-VMDvdDrive).
    if (vm.generation == 1)
        vm.drives.append({ newGuid(), true, QString(), 1, 0 });
    // Hyper-V writes the configuration under the VM's folder.
    QDir().mkpath(vm.path + QStringLiteral("/Virtual Machines"));
    QFile vmcx(vm.path + QStringLiteral("/Virtual Machines/") + vm.id.toUpper() + QStringLiteral(".vmcx"));
    if (vmcx.open(QIODevice::WriteOnly))
        vmcx.write("Berth Hyper-V double: configuration kept in $BERTH_HYPERV_DOUBLE_HOME\n");
    hv.save(vm);
    call.output.append(vmObject(vm, hv.config()));
}

// Applies change to each VM named by -VMName (Off only when offOnly), saving it.
template <typename Change> void changeVms(Interpreter &ip, CommandCall &call, bool offOnly, Change change)
{
    if (!checkRights(ip, call))
        return;
    HyperV::Lock lock;
    for (VmRecord vm : selectVms(ip, call, QStringLiteral("VMName"), true)) {
        if (offOnly && vm.state != QLatin1String("Off")) {
            invalidState(ip, call);
            continue;
        }
        if (change(vm))
            HyperV::instance().save(vm);
    }
}

void setVMProcessor(Interpreter &ip, CommandCall &call)
{
    changeVms(ip, call, true, [&](VmRecord &vm) {
        if (call.has(QStringLiteral("Count")))
            vm.processorCount = call.get(QStringLiteral("Count")).integer;
        return true;
    });
}

void setVMMemory(Interpreter &ip, CommandCall &call)
{
    changeVms(ip, call, true, [&](VmRecord &vm) {
        if (call.has(QStringLiteral("DynamicMemoryEnabled")))
            vm.dynamicMemory = call.get(QStringLiteral("DynamicMemoryEnabled")).boolean;
        if (call.has(QStringLiteral("StartupBytes")))
            vm.memoryStartup = call.get(QStringLiteral("StartupBytes")).integer;
        if (call.has(QStringLiteral("MinimumBytes")))
            vm.memoryMinimum = call.get(QStringLiteral("MinimumBytes")).integer;
        if (call.has(QStringLiteral("MaximumBytes")))
            vm.memoryMaximum = call.get(QStringLiteral("MaximumBytes")).integer;
        return true;
    });
}

void setVMFirmware(Interpreter &ip, CommandCall &call)
{
    QString bootDevice;
    if (call.has(QStringLiteral("FirstBootDevice"))) {
        const Value device = call.get(QStringLiteral("FirstBootDevice"));
        if (device.isArray() || !device.isObject()
            || (device.object->kind != ObjectKind::VMDvdDrive && device.object->kind != ObjectKind::VMHardDiskDrive
                && device.object->kind != ObjectKind::VMNetworkAdapter)) {
            ErrorRecord record = call.error(
                QStringLiteral("Cannot bind parameter 'FirstBootDevice'. Cannot convert the \"%1\" value of type "
                               "\"%2\" to type \"Microsoft.HyperV.PowerShell.VMComponentObject\".")
                    .arg(device.isArray() ? QStringLiteral("System.Object[]") : device.toString(),
                        device.fullTypeName()),
                QStringLiteral("InvalidArgument"), QStringLiteral("ParameterBindingException"),
                QStringLiteral("CannotConvertArgumentNoMessage"));
            ip.throwError(record);
        }
        bootDevice = device.object->id;
    }
    changeVms(ip, call, false, [&](VmRecord &vm) {
        if (vm.generation != 2) {
            ip.writeError(call,
                call.error(QStringLiteral("The operation is not supported for generation 1 virtual "
                                          "machines."),
                    QStringLiteral("InvalidArgument"), virtualizationException, QStringLiteral("InvalidParameter")));
            return false;
        }
        if (call.has(QStringLiteral("EnableSecureBoot")))
            vm.secureBoot = call.get(QStringLiteral("EnableSecureBoot")).integer == 0;
        if (call.has(QStringLiteral("SecureBootTemplate"))) {
            static const QStringList templates { QStringLiteral("MicrosoftWindows"),
                QStringLiteral("MicrosoftUEFICertificateAuthority"), QStringLiteral("OpenSourceShieldedVM") };
            const QString wanted = call.string(QStringLiteral("SecureBootTemplate"));
            QString found;
            for (const QString &t : templates) {
                if (t.compare(wanted, Qt::CaseInsensitive) == 0)
                    found = t;
            }
            if (found.isEmpty()) {
                ip.writeError(call,
                    call.error(QStringLiteral("The secure boot template '%1' is not valid.").arg(wanted),
                        QStringLiteral("InvalidArgument"), virtualizationException,
                        QStringLiteral("InvalidParameter")));
                return false;
            }
            vm.secureBootTemplate = found;
        }
        if (!bootDevice.isEmpty()) {
            bool known = bootDevice == vm.adapterId;
            for (const Drive &d : vm.drives)
                known = known || d.id == bootDevice;
            if (!known) {
                invalidState(ip, call);
                return false;
            }
            vm.firstBootDevice = bootDevice;
        }
        return true;
    });
}

void getDrives(Interpreter &ip, CommandCall &call, bool dvd)
{
    if (!checkRights(ip, call))
        return;
    for (const VmRecord &vm : selectVms(ip, call, QStringLiteral("VMName"), true)) {
        for (const Drive &d : vm.drives) {
            if (d.dvd == dvd)
                call.output.append(driveObject(vm, d));
        }
    }
}

void getVMDvdDrive(Interpreter &ip, CommandCall &call)
{
    getDrives(ip, call, true);
}

void getVMHardDiskDrive(Interpreter &ip, CommandCall &call)
{
    getDrives(ip, call, false);
}

// Set-VMDvdDrive / Set-VMHardDiskDrive -Path on the drives piped in (or given as -VMDvdDrive /
// -VMHardDiskDrive): another ISO in a DVD drive at any time, another virtual disk in a drive while the VM is off.
void setDrives(Interpreter &ip, CommandCall &call, bool dvd)
{
    if (!checkRights(ip, call))
        return;
    const QString driveParam = dvd ? QStringLiteral("VMDvdDrive") : QStringLiteral("VMHardDiskDrive");
    QList<Value> drives = call.hasInput ? call.input
        : call.has(driveParam)          ? call.get(driveParam).enumerate()
                                        : QList<Value>();
    // Set-VMDvdDrive -VMName NAME [-ControllerNumber N] [-ControllerLocation L]: that VM's DVD drive there.
    if (dvd && call.has(QStringLiteral("VMName"))) {
        if (call.has(driveParam) || call.hasInput)
            throw Unsupported { QStringLiteral("Set-VMDvdDrive with both -VMName and drives") };
        const auto matches = [&](const char *param, int value) {
            const QString name = QString::fromLatin1(param);
            return !call.has(name) || call.get(name).integer == value;
        };
        bool found = true;
        const QList<VmRecord> vms = selectVms(ip, call, QStringLiteral("VMName"), true, &found);
        if (!found)
            return;
        for (const VmRecord &vm : vms) {
            for (const Drive &d : vm.drives) {
                if (d.dvd && matches("ControllerNumber", d.controllerNumber)
                    && matches("ControllerLocation", d.controllerLocation))
                    drives.append(driveObject(vm, d));
            }
        }
        if (drives.size() != 1)
            throw Unsupported { QStringLiteral("Set-VMDvdDrive -VMName naming %1 DVD drives").arg(drives.size()) };
    } else if (!call.has(driveParam) && !call.hasInput) {
        throw Unsupported { QStringLiteral("%1 without the drive").arg(call.spec->name) };
    }
    const QString path = call.string(QStringLiteral("Path"));
    const QString device = dvd ? QStringLiteral("DVD Drive") : QStringLiteral("Virtual Hard Disk");
    HyperV::Lock lock;
    for (const Value &drive : drives) {
        const ObjectKind kind = dvd ? ObjectKind::VMDvdDrive : ObjectKind::VMHardDiskDrive;
        if (!drive.isObject() || drive.object->kind != kind) {
            ErrorRecord record = call.error(
                QStringLiteral("The input object cannot be bound to any parameters for the command either because the "
                               "command does not take pipeline input or the input and its properties do not match any "
                               "of the parameters that take pipeline input."),
                QStringLiteral("InvalidArgument"), QStringLiteral("ParameterBindingException"),
                QStringLiteral("InputObjectNotBound"), drive);
            ip.writeError(call, record);
            continue;
        }
        const Value *vmId = drive.object->find(QStringLiteral("VMId"));
        bool found = false;
        for (VmRecord vm : HyperV::instance().vms()) {
            if (!vmId || vm.id != vmId->toString())
                continue;
            for (Drive &d : vm.drives) {
                if (d.id != drive.object->id)
                    continue;
                found = true;
                if (!dvd && vm.state != QLatin1String("Off")) {
                    invalidState(ip, call);
                    break;
                }
                if (!path.isEmpty() && !QFileInfo::exists(path)) {
                    ip.writeError(call,
                        call.error(QStringLiteral("Failed to modify device '%1'.\r\nThe system cannot find the file "
                                                  "specified. (0x80070002)")
                                       .arg(device),
                            QStringLiteral("ObjectNotFound"), virtualizationException,
                            QStringLiteral("ObjectNotFound")));
                    break;
                }
                d.path = path;
                HyperV::instance().save(vm);
                break;
            }
        }
        if (!found)
            invalidState(ip, call);
    }
}

void setVMDvdDrive(Interpreter &ip, CommandCall &call)
{
    setDrives(ip, call, true);
}

void setVMHardDiskDrive(Interpreter &ip, CommandCall &call)
{
    setDrives(ip, call, false);
}

void addDrive(Interpreter &ip, CommandCall &call, bool dvd)
{
    const QString path = call.string(QStringLiteral("Path"));
    if (!path.isEmpty()
        && fileMissing(ip, call, path, dvd ? QStringLiteral("DVD Drive") : QStringLiteral("Virtual Hard Disk")))
        return;
    changeVms(ip, call, false, [&](VmRecord &vm) {
        if (vm.generation == 1 && vm.state != QLatin1String("Off")) {
            invalidState(ip, call);
            return false;
        }
        Drive d;
        d.id = newGuid();
        d.dvd = dvd;
        d.path = path;
        // Generation 2: one SCSI controller, locations in order; generation 1: disks on IDE 0, DVDs on IDE 1.
        d.controllerNumber = vm.generation == 2 ? 0 : (dvd ? 1 : 0);
        int location = 0;
        for (const Drive &other : vm.drives) {
            if (other.controllerNumber == d.controllerNumber && (vm.generation == 2 || other.dvd == dvd))
                location = qMax(location, other.controllerLocation + 1);
        }
        d.controllerLocation = location;
        if (vm.generation == 1 && location > 1) {
            ip.writeError(call,
                call.error(QStringLiteral("No free location on the IDE controller."), QStringLiteral("InvalidArgument"),
                    virtualizationException, QStringLiteral("InvalidParameter")));
            return false;
        }
        vm.drives.append(d);
        return true;
    });
}

void addVMDvdDrive(Interpreter &ip, CommandCall &call)
{
    addDrive(ip, call, true);
}

void addVMHardDiskDrive(Interpreter &ip, CommandCall &call)
{
    addDrive(ip, call, false);
}

// qemu-img's format for a virtual disk file by its extension (.vhd: vpc).
QString qemuFormat(const QString &path)
{
    return path.endsWith(QLatin1String(".vhd"), Qt::CaseInsensitive) ? QStringLiteral("vpc") : QStringLiteral("vhdx");
}

bool runQemuImg(const QStringList &args, QString *error)
{
    QProcess qemuImg;
    qemuImg.start(QStringLiteral("qemu-img"), args);
    if (qemuImg.waitForFinished(600000) && qemuImg.exitStatus() == QProcess::NormalExit && qemuImg.exitCode() == 0)
        return true;
    *error = QString::fromLocal8Bit(qemuImg.readAllStandardError()).trimmed();
    return false;
}

void newVHD(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    const QString path = call.string(QStringLiteral("Path"));
    const qint64 size = call.get(QStringLiteral("SizeBytes")).integer;
    const bool fixed = call.get(QStringLiteral("Fixed")).boolean;
    const bool vhd = path.endsWith(QLatin1String(".vhd"), Qt::CaseInsensitive);
    if (!vhd && !path.endsWith(QLatin1String(".vhdx"), Qt::CaseInsensitive)) {
        ip.writeError(call,
            call.error(QStringLiteral("Failed to create the virtual hard disk.\r\nThe system failed to "
                                      "create '%1': The file or directory is not a valid virtual hard "
                                      "disk file name. (0x80070057).")
                           .arg(path),
                QStringLiteral("InvalidArgument"), virtualizationException, QStringLiteral("InvalidParameter")));
        return;
    }
    if (QFileInfo::exists(path)) {
        ip.writeError(call,
            call.error(QStringLiteral("Failed to create the virtual hard disk.\r\nThe system failed to "
                                      "create '%1': The file exists. (0x80070050).")
                           .arg(path),
                QStringLiteral("ResourceExists"), virtualizationException, QStringLiteral("FileAlreadyExists")));
        return;
    }
    QString error;
    if (!runQemuImg(
            { QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), qemuFormat(path),
                QStringLiteral("-o"), fixed ? QStringLiteral("subformat=fixed") : QStringLiteral("subformat=dynamic"),
                path, QString::number(size) },
            &error)) {
        ip.writeError(call,
            call.error(QStringLiteral("Failed to create the virtual hard disk.\r\nThe system failed to create '%1': %2")
                           .arg(path, error),
                QStringLiteral("NotSpecified"), virtualizationException, QStringLiteral("Unspecified")));
        return;
    }
    auto o = makeObject(ObjectKind::VirtualHardDisk, QStringLiteral("Microsoft.Vhd.PowerShell.VirtualHardDisk"));
    o->set(QStringLiteral("ComputerName"), str(HyperV::instance().config().computerName));
    o->set(QStringLiteral("Path"), str(path));
    o->set(QStringLiteral("VhdFormat"),
        Value::fromEnum(QStringLiteral("Microsoft.Vhd.PowerShell.VhdFormat"), vhd ? 2 : 3,
            vhd ? QStringLiteral("VHD") : QStringLiteral("VHDX")));
    o->set(QStringLiteral("VhdType"),
        Value::fromEnum(QStringLiteral("Microsoft.Vhd.PowerShell.VhdType"), fixed ? 2 : 3,
            fixed ? QStringLiteral("Fixed") : QStringLiteral("Dynamic")));
    o->set(QStringLiteral("FileSize"), Value::fromInt(QFileInfo(path).size(), QStringLiteral("UInt64")));
    o->set(QStringLiteral("Size"), Value::fromInt(size, QStringLiteral("UInt64")));
    o->set(QStringLiteral("Attached"), Value::fromBool(false));
    o->unmodelled
        = { QStringLiteral("MinimumSize"), QStringLiteral("LogicalSectorSize"), QStringLiteral("PhysicalSectorSize"),
              QStringLiteral("BlockSize"), QStringLiteral("ParentPath"), QStringLiteral("DiskIdentifier"),
              QStringLiteral("FragmentationPercentage"), QStringLiteral("Alignment"), QStringLiteral("DiskNumber"),
              QStringLiteral("IsPMEMCompatible"), QStringLiteral("AddressAbstractionType"), QStringLiteral("Number") };
    call.output.append(Value::fromObject(o));
}

// The file is a disk of a VM that runs: Hyper-V holds it open.
bool diskOfRunningVm(const QString &path)
{
    for (const VmRecord &vm : HyperV::instance().vms()) {
        for (const Drive &d : vm.drives) {
            if (!d.dvd && vm.state != QLatin1String("Off") && QFileInfo(d.path) == QFileInfo(path))
                return true;
        }
    }
    return false;
}

// Convert-VHD -Path SRC -DestinationPath DST [-VHDType Fixed|Dynamic] [-DeleteSource]: docker-machine's step
// from the fixed VHD it wrote its key into to the dynamic disk.vhd.
void convertVHD(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    const QString source = call.string(QStringLiteral("Path"));
    const QString target = call.string(QStringLiteral("DestinationPath"));
    if (!QFileInfo::exists(source) || QFileInfo::exists(target) || diskOfRunningVm(source))
        throw Unsupported { QStringLiteral("Convert-VHD of a missing or busy disk, or onto an existing file") };
    // Without -VHDType Hyper-V picks the type itself: the double does not guess.
    if (!call.has(QStringLiteral("VHDType")))
        throw Unsupported { QStringLiteral("Convert-VHD without -VHDType") };
    const int type = static_cast<int>(call.get(QStringLiteral("VHDType")).integer);
    if (type == 4)
        throw Unsupported { QStringLiteral("Convert-VHD -VHDType Differencing") };
    const QString subformat = type == 2 ? QStringLiteral("fixed") : QStringLiteral("dynamic");
    QString error;
    if (!runQemuImg({ QStringLiteral("convert"), QStringLiteral("-q"), QStringLiteral("-f"), qemuFormat(source),
                        QStringLiteral("-O"), qemuFormat(target), QStringLiteral("-o"),
                        QStringLiteral("subformat=") + subformat, source, target },
            &error)) {
        QFile::remove(target);
        ip.writeError(call,
            call.error(QStringLiteral("Failed to convert the virtual hard disk.\r\n%1").arg(error),
                QStringLiteral("NotSpecified"), virtualizationException, QStringLiteral("Unspecified")));
        return;
    }
    if (call.get(QStringLiteral("DeleteSource")).boolean)
        QFile::remove(source);
}

// Puts a new copy of a disk in its place with one rename(2), so there is never a moment without the disk.
bool replaceDisk(const QString &copy, const QString &disk)
{
    return ::rename(QFile::encodeName(copy).constData(), QFile::encodeName(disk).constData()) == 0;
}

// Resize-VHD -Path DISK -SizeBytes N: a larger disk (qemu-img resizes neither VHD nor VHDX itself, so the
// double goes through a sparse raw copy).
void resizeVHD(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    const qint64 size = call.get(QStringLiteral("SizeBytes")).integer;
    for (const Value &pathValue : call.get(QStringLiteral("Path")).enumerate()) {
        const QString path = pathValue.toString();
        if (!QFileInfo::exists(path) || diskOfRunningVm(path))
            throw Unsupported { QStringLiteral("Resize-VHD of a missing or busy disk") };
        // A dynamic VHD starts with a copy of its footer; a fixed one is the data, then the footer.
        QFile head(path);
        if (qemuFormat(path) == QLatin1String("vpc") && (!head.open(QIODevice::ReadOnly) || head.read(8) != "conectix"))
            throw Unsupported { QStringLiteral("Resize-VHD of a fixed VHD") };
        const QString raw = path + QStringLiteral(".resize.raw");
        const QString resized = path + QStringLiteral(".resize") + QFileInfo(path).suffix();
        QString error;
        bool ok = runQemuImg({ QStringLiteral("convert"), QStringLiteral("-q"), QStringLiteral("-f"), qemuFormat(path),
                                 QStringLiteral("-O"), QStringLiteral("raw"), path, raw },
            &error);
        QFile rawFile(raw);
        if (ok && rawFile.size() > size) {
            QFile::remove(raw);
            throw Unsupported { QStringLiteral("Resize-VHD to a smaller size") };
        }
        ok = ok && rawFile.resize(size)
            && runQemuImg({ QStringLiteral("convert"), QStringLiteral("-q"), QStringLiteral("-f"),
                              QStringLiteral("raw"), QStringLiteral("-O"), qemuFormat(path), QStringLiteral("-o"),
                              QStringLiteral("subformat=dynamic"), raw, resized },
                &error)
            && replaceDisk(resized, path);
        QFile::remove(raw);
        QFile::remove(resized);
        if (!ok)
            ip.writeError(call,
                call.error(QStringLiteral("Failed to resize the virtual hard disk.\r\n%1").arg(error),
                    QStringLiteral("NotSpecified"), virtualizationException, QStringLiteral("Unspecified")));
    }
}

// Optimize-VHD [-Path] <disks> -Mode Full|Prezeroed: a dynamic VHDX that no running VM holds, copied without its
// blocks of zeros and the blocks never written (qemu-img convert), the copy in its place. Full on a VHDX that is
// not mounted read-only compacts as Prezeroed (Microsoft's documentation of the cmdlet). Quick, Retrim and
// Pretrimmed use what the guest trimmed, which the double cannot know: QEMU's VHDX driver ignores a guest's
// discards, so a block the guest freed keeps its old data here, and only a freed block of zeros goes.
void optimizeVHD(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    // Without -Mode a VHDX is compacted Quick.
    const int mode = call.has(QStringLiteral("Mode")) ? static_cast<int>(call.get(QStringLiteral("Mode")).integer) : 1;
    if (mode != 0 && mode != 4)
        throw Unsupported { QStringLiteral("Optimize-VHD in a mode other than Full or Prezeroed") };
    HyperV::Lock lock;
    for (const Value &pathValue : call.get(QStringLiteral("Path")).enumerate()) {
        const QString path = pathValue.toString();
        if (!QFileInfo::exists(path) || diskOfRunningVm(path))
            throw Unsupported { QStringLiteral("Optimize-VHD of a missing disk or of one a running VM holds") };
        if (qemuFormat(path) != QLatin1String("vhdx"))
            throw Unsupported { QStringLiteral("Optimize-VHD of a VHD") };
        QProcess info;
        info.start(QStringLiteral("qemu-img"),
            { QStringLiteral("info"), QStringLiteral("--output=json"), QStringLiteral("-f"), QStringLiteral("vhdx"),
                path });
        info.waitForFinished(60000);
        const qint64 virtualSize = QJsonDocument::fromJson(info.readAllStandardOutput())
                                       .object()
                                       .value(QLatin1String("virtual-size"))
                                       .toInteger();
        // A fixed VHDX holds every block of the disk.
        if (virtualSize <= 0 || QFileInfo(path).size() >= virtualSize)
            throw Unsupported { QStringLiteral("Optimize-VHD of a fixed or unreadable VHDX") };
        const QString compacted = path + QStringLiteral(".optimize.vhdx");
        QString error;
        const bool ok = runQemuImg({ QStringLiteral("convert"), QStringLiteral("-q"), QStringLiteral("-f"),
                                       QStringLiteral("vhdx"), QStringLiteral("-O"), QStringLiteral("vhdx"),
                                       QStringLiteral("-o"), QStringLiteral("subformat=dynamic"), path, compacted },
                            &error)
            && replaceDisk(compacted, path);
        QFile::remove(compacted);
        if (!ok)
            ip.writeError(call,
                call.error(QStringLiteral("Failed to compact the virtual disk.\r\n%1").arg(error),
                    QStringLiteral("NotSpecified"), virtualizationException, QStringLiteral("Unspecified")));
    }
}

void startVM(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    HyperV &hv = HyperV::instance();
    HyperV::Lock lock;
    for (VmRecord vm : selectVms(ip, call, QStringLiteral("Name"), false)) {
        if (vm.state != QLatin1String("Off"))
            continue; // already running: nothing to do
        if (vm.dynamicMac && vm.mac == QLatin1String("000000000000")) {
            // A dynamic MAC from Hyper-V's range, given at the first start.
            const quint32 r = QRandomGenerator::global()->generate();
            vm.mac = QStringLiteral("00155D%1").arg(r & 0xffffff, 6, 16, QLatin1Char('0')).toUpper();
        }
        vm.startedAt = QDateTime::currentSecsSinceEpoch();
        QString error;
        if (!VmRunner::start(vm, hv.config(), &error)) {
            ip.writeError(call,
                call.error(QStringLiteral("'%1' failed to start.\r\n%2").arg(vm.name, error),
                    QStringLiteral("NotSpecified"), virtualizationException, QStringLiteral("Unspecified")));
            continue;
        }
        vm.state = QStringLiteral("Running");
        hv.save(vm);
    }
}

void stopVM(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    HyperV &hv = HyperV::instance();
    QList<VmRecord> chosen;
    {
        HyperV::Lock lock;
        chosen = selectVms(ip, call, QStringLiteral("Name"), false);
        for (VmRecord &vm : chosen) {
            if (vm.state == QLatin1String("Running")) {
                vm.state = QStringLiteral("Stopping");
                hv.save(vm);
            }
        }
    }
    const bool turnOff = call.get(QStringLiteral("TurnOff")).boolean;
    for (VmRecord &vm : chosen) {
        if (vm.state != QLatin1String("Stopping"))
            continue;
        // Stop-VM waits for the guest to shut itself down; -TurnOff pulls the plug.
        bool stopped = true;
        if (turnOff)
            VmRunner::turnOff(vm);
        else
            stopped = VmRunner::shutDown(vm, hv.config().stopTimeoutSeconds);
        HyperV::Lock lock;
        const QList<VmRecord> all = hv.vms();
        if (!stopped) {
            vm.state = QStringLiteral("Running");
            hv.save(vm);
            ip.writeError(call,
                call.error(QStringLiteral("The virtual machine '%1' did not shut down within %2 seconds.")
                               .arg(vm.name)
                               .arg(hv.config().stopTimeoutSeconds),
                    QStringLiteral("OperationTimeout"), virtualizationException, QStringLiteral("OperationTimeout")));
            continue;
        }
        vm.state = QStringLiteral("Off");
        VmRunner::cleanUp(vm, all, hv.config());
        hv.save(vm);
    }
}

void removeVM(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    HyperV &hv = HyperV::instance();
    HyperV::Lock lock;
    const QList<VmRecord> chosen = selectVms(ip, call, QStringLiteral("Name"), false);
    if (chosen.isEmpty())
        return;
    if (!call.get(QStringLiteral("Force")).boolean) {
        // Remove-VM asks for confirmation, which a non-interactive shell cannot.
        ip.writeError(call,
            call.error(QStringLiteral("Windows PowerShell is in NonInteractive mode. Read and Prompt "
                                      "functionality is not available."),
                QStringLiteral("InvalidOperation"), virtualizationException, QStringLiteral("InvalidOperation")));
        return;
    }
    for (const VmRecord &vm : chosen) {
        if (VmRunner::isAlive(vm))
            VmRunner::turnOff(vm);
        VmRunner::cleanUp(vm, hv.vms(), hv.config());
        QFile::remove(vm.path + QStringLiteral("/Virtual Machines/") + vm.id.toUpper() + QStringLiteral(".vmcx"));
        QDir().rmdir(vm.path + QStringLiteral("/Virtual Machines"));
        hv.erase(vm);
    }
}

void getVMNetworkAdapter(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    for (const VmRecord &vm : selectVms(ip, call, QStringLiteral("VMName"), true))
        call.output.append(adapterObject(vm, HyperV::instance().config()));
}

void connectVMNetworkAdapter(Interpreter &ip, CommandCall &call)
{
    const QString name = call.string(QStringLiteral("SwitchName"));
    const SwitchConfig *sw = VmRunner::findSwitch(HyperV::instance().config(), name);
    if (!sw) {
        if (checkRights(ip, call))
            ip.writeError(call,
                call.error(QStringLiteral("Hyper-V was unable to find a virtual switch with name \"%1\".").arg(name),
                    QStringLiteral("InvalidArgument"), virtualizationException, QStringLiteral("InvalidParameter"),
                    Value::fromString(name)));
        return;
    }
    changeVms(ip, call, false, [&](VmRecord &vm) {
        if (vm.state != QLatin1String("Off") && vm.switchName.compare(sw->name, Qt::CaseInsensitive) != 0) {
            invalidState(ip, call);
            return false;
        }
        vm.switchName = sw->name;
        return true;
    });
}

void setVMNetworkAdapter(Interpreter &ip, CommandCall &call)
{
    // A static address is 12 hexadecimal digits; Hyper-V keeps it in capitals.
    const QString mac = call.has(QStringLiteral("StaticMacAddress"))
        ? call.string(QStringLiteral("StaticMacAddress")).toUpper()
        : QString();
    static const QRegularExpression hex(QStringLiteral("\\A[0-9A-F]{12}\\z"));
    if (call.has(QStringLiteral("StaticMacAddress")) && !hex.match(mac).hasMatch()) {
        if (checkRights(ip, call))
            ip.writeError(call,
                call.error(QStringLiteral("Failed to modify device 'Network Adapter'.\r\nThe MAC address '%1' is "
                                          "not valid.")
                               .arg(call.string(QStringLiteral("StaticMacAddress"))),
                    QStringLiteral("InvalidArgument"), virtualizationException, QStringLiteral("InvalidParameter")));
        return;
    }
    const bool dynamic = call.get(QStringLiteral("DynamicMacAddress")).boolean;
    // The address of a running VM's adapter does not change.
    changeVms(ip, call, true, [&](VmRecord &vm) {
        if (!mac.isEmpty()) {
            vm.mac = mac;
            vm.dynamicMac = false;
        } else if (dynamic && !vm.dynamicMac) {
            vm.mac = QStringLiteral("000000000000");
            vm.dynamicMac = true;
        }
        return true;
    });
}

void getVMNetworkAdapterVlan(Interpreter &ip, CommandCall &call)
{
    if (!checkRights(ip, call))
        return;
    for (const VmRecord &vm : selectVms(ip, call, QStringLiteral("VMName"), true))
        call.output.append(vlanObject(vm));
}

void setVMNetworkAdapterVlan(Interpreter &ip, CommandCall &call)
{
    const bool access = call.get(QStringLiteral("Access")).boolean;
    const bool untagged = call.get(QStringLiteral("Untagged")).boolean;
    const qint64 id = call.has(QStringLiteral("VlanId")) ? call.get(QStringLiteral("VlanId")).integer : -1;
    // Access with an ID Hyper-V takes, or Untagged alone: the trunk, private and isolated modes, and Hyper-V's
    // texts for a missing or wrong ID, are not modelled.
    if (access == untagged || (access && (id < 1 || id > 4094)) || (untagged && id >= 0))
        throw Unsupported { QStringLiteral(
            "Set-VMNetworkAdapterVlan other than -Access -VlanId 1..4094 or -Untagged") };
    // A running VM's adapter changes too.
    changeVms(ip, call, false, [&](VmRecord &vm) {
        vm.accessVlanId = access ? static_cast<int>(id) : 0;
        return true;
    });
}
} // namespace

// --- HyperV ----------------------------------------------------------------------------------------

HyperV &HyperV::instance()
{
    static HyperV hv;
    return hv;
}

void HyperV::load()
{
    m_home = qEnvironmentVariable("BERTH_HYPERV_DOUBLE_HOME");
    if (m_home.isEmpty())
        m_home = QDir::homePath() + QStringLiteral("/.berth-hyperv-double");
    QDir().mkpath(m_home + QStringLiteral("/vms"));
    QFile file(m_home + QStringLiteral("/config.json"));
    QJsonObject o;
    if (file.open(QIODevice::ReadOnly))
        o = QJsonDocument::fromJson(file.readAll()).object();
    m_config.administrator = o.value(QStringLiteral("administrator")).toBool(true);
    m_config.hyperVAdministrator = o.value(QStringLiteral("hyperVAdministrator")).toBool(false);
    m_config.moduleAvailable = o.value(QStringLiteral("hyperVModule")).toBool(true);
    m_config.guestReportsOnlyIPv6 = o.value(QStringLiteral("guestReportsOnlyIPv6")).toBool(false);
    m_config.consoleWidth = o.value(QStringLiteral("consoleWidth")).toInt(120);
    m_config.stopTimeoutSeconds = o.value(QStringLiteral("stopTimeoutSeconds")).toInt(120);
    m_config.computerName = o.value(QStringLiteral("computerName")).toString(QStringLiteral("BERTH-HOST"));
    m_config.userName = m_config.computerName + QStringLiteral("\\docker");
    m_config.password = o.value(QStringLiteral("password")).toString();
    QJsonArray switches = o.contains(QStringLiteral("switches"))
        ? o.value(QStringLiteral("switches")).toArray()
        : QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("Default Switch") },
            { QStringLiteral("type"), QStringLiteral("Internal") } } };
    static const QStringList types { QStringLiteral("Private"), QStringLiteral("Internal"),
        QStringLiteral("External") };
    int index = 0;
    for (const QJsonValue &v : switches) {
        const QJsonObject s = v.toObject();
        SwitchConfig sw;
        sw.name = s.value(QStringLiteral("name")).toString();
        sw.type = qMax(
            0, static_cast<int>(types.indexOf(s.value(QStringLiteral("type")).toString(QStringLiteral("Internal")))));
        sw.id = s.value(QStringLiteral("id"))
                    .toString(sw.name == QLatin1String("Default Switch") ? defaultSwitchId : nameGuid(sw.name));
        // Windows' Default Switch hands out 172.x.y.z/20 addresses.
        sw.subnet
            = s.value(QStringLiteral("subnet")).toString(QStringLiteral("172.30.%1.0/20").arg(16 * (1 + index % 15)));
        sw.bridge = QStringLiteral("hvsw")
            + QString::fromLatin1(QCryptographicHash::hash(sw.name.toUtf8(), QCryptographicHash::Sha1).toHex().left(8));
        m_config.switches.append(sw);
        ++index;
    }
}

QString HyperV::vmFolder(const QString &id) const
{
    return m_home + QStringLiteral("/vms/") + id;
}

bool HyperV::isInRole(const Value &role) const
{
    QString text = role.toString();
    if (role.type == Value::Type::Enum && role.typeName.endsWith(QLatin1String("WindowsBuiltInRole")))
        text = QStringLiteral("S-1-5-32-%1").arg(role.integer);
    if (text.compare(QLatin1String("S-1-5-32-544"), Qt::CaseInsensitive) == 0
        || text.compare(QLatin1String("BUILTIN\\Administrators"), Qt::CaseInsensitive) == 0)
        return m_config.administrator;
    if (text.compare(QLatin1String("S-1-5-32-578"), Qt::CaseInsensitive) == 0
        || text.compare(QLatin1String("BUILTIN\\Hyper-V Administrators"), Qt::CaseInsensitive) == 0)
        return m_config.hyperVAdministrator;
    if (text.compare(QLatin1String("S-1-5-32-545"), Qt::CaseInsensitive) == 0
        || text.compare(QLatin1String("BUILTIN\\Users"), Qt::CaseInsensitive) == 0)
        return true;
    return false;
}

QList<VmRecord> HyperV::vms()
{
    QList<VmRecord> list;
    const QStringList ids = QDir(m_home + QStringLiteral("/vms"))
                                .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time | QDir::Reversed);
    for (const QString &id : ids) {
        QFile file(vmFolder(id) + QStringLiteral("/vm.json"));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        VmRecord vm;
        vm.id = id;
        vm.name = o.value(QStringLiteral("name")).toString();
        vm.path = o.value(QStringLiteral("path")).toString();
        vm.generation = o.value(QStringLiteral("generation")).toInt(1);
        vm.processorCount = o.value(QStringLiteral("processorCount")).toInteger(1);
        vm.memoryStartup = o.value(QStringLiteral("memoryStartup")).toInteger();
        vm.memoryMinimum = o.value(QStringLiteral("memoryMinimum")).toInteger();
        vm.memoryMaximum = o.value(QStringLiteral("memoryMaximum")).toInteger();
        vm.dynamicMemory = o.value(QStringLiteral("dynamicMemory")).toBool();
        vm.secureBoot = o.value(QStringLiteral("secureBoot")).toBool();
        vm.secureBootTemplate = o.value(QStringLiteral("secureBootTemplate")).toString();
        vm.firstBootDevice = o.value(QStringLiteral("firstBootDevice")).toString();
        vm.adapterId = o.value(QStringLiteral("adapterId")).toString();
        vm.switchName = o.value(QStringLiteral("switchName")).toString();
        vm.mac = o.value(QStringLiteral("mac")).toString();
        vm.dynamicMac = o.value(QStringLiteral("dynamicMac")).toBool(true);
        vm.accessVlanId = o.value(QStringLiteral("accessVlanId")).toInt(0);
        vm.state = o.value(QStringLiteral("state")).toString();
        vm.startedAt = o.value(QStringLiteral("startedAt")).toInteger();
        for (const QJsonValue &dv : o.value(QStringLiteral("drives")).toArray()) {
            const QJsonObject d = dv.toObject();
            vm.drives.append({ d.value(QStringLiteral("id")).toString(), d.value(QStringLiteral("dvd")).toBool(),
                d.value(QStringLiteral("path")).toString(), d.value(QStringLiteral("controllerNumber")).toInt(),
                d.value(QStringLiteral("controllerLocation")).toInt() });
        }
        list.append(vm);
    }
    // A VM whose QEMU has gone (the guest shut itself down, or it was killed) is Off.
    for (VmRecord &vm : list) {
        if (vm.state != QLatin1String("Off") && vm.state != QLatin1String("Starting") && !VmRunner::isAlive(vm)) {
            vm.state = QStringLiteral("Off");
            VmRunner::cleanUp(vm, list, m_config);
            save(vm);
        }
    }
    return list;
}

void HyperV::save(const VmRecord &vm)
{
    QJsonArray drives;
    for (const Drive &d : vm.drives)
        drives.append(QJsonObject { { QStringLiteral("id"), d.id }, { QStringLiteral("dvd"), d.dvd },
            { QStringLiteral("path"), d.path }, { QStringLiteral("controllerNumber"), d.controllerNumber },
            { QStringLiteral("controllerLocation"), d.controllerLocation } });
    const QJsonObject o { { QStringLiteral("name"), vm.name }, { QStringLiteral("path"), vm.path },
        { QStringLiteral("generation"), vm.generation }, { QStringLiteral("processorCount"), vm.processorCount },
        { QStringLiteral("memoryStartup"), vm.memoryStartup }, { QStringLiteral("memoryMinimum"), vm.memoryMinimum },
        { QStringLiteral("memoryMaximum"), vm.memoryMaximum }, { QStringLiteral("dynamicMemory"), vm.dynamicMemory },
        { QStringLiteral("secureBoot"), vm.secureBoot },
        { QStringLiteral("secureBootTemplate"), vm.secureBootTemplate },
        { QStringLiteral("firstBootDevice"), vm.firstBootDevice }, { QStringLiteral("adapterId"), vm.adapterId },
        { QStringLiteral("switchName"), vm.switchName }, { QStringLiteral("mac"), vm.mac },
        { QStringLiteral("dynamicMac"), vm.dynamicMac }, { QStringLiteral("accessVlanId"), vm.accessVlanId },
        { QStringLiteral("state"), vm.state }, { QStringLiteral("startedAt"), vm.startedAt },
        { QStringLiteral("drives"), drives } };
    QDir().mkpath(vmFolder(vm.id));
    const QString path = vmFolder(vm.id) + QStringLiteral("/vm.json");
    QFile file(path + QStringLiteral(".new"));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(QJsonDocument(o).toJson());
        file.close();
        QFile::remove(path);
        file.rename(path);
    }
}

void HyperV::erase(const VmRecord &vm)
{
    QDir(vmFolder(vm.id)).removeRecursively();
}

HyperV::Lock::Lock()
{
    m_fd = ::open(QFile::encodeName(HyperV::instance().home() + QStringLiteral("/lock")).constData(),
        O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd >= 0)
        ::flock(m_fd, LOCK_EX);
}

HyperV::Lock::~Lock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QList<CmdletSpec> HyperV::cmdlets()
{
    // The VHD cmdlets are classes of another assembly, named so in their errors ("InvalidParameter,
    // Microsoft.Vhd.PowerShell.Cmdlets.MountVhd"): given here with their namespace.
    const QString ns = QStringLiteral("Microsoft.HyperV.PowerShell.Commands.");
    auto spec
        = [&](const char *name, const char *cls, QList<ParamSpec> params, void (*run)(Interpreter &, CommandCall &)) {
              CmdletSpec s;
              s.name = QString::fromLatin1(name);
              s.className = QString::fromLatin1(cls);
              if (!s.className.contains(QLatin1Char('.')))
                  s.className.prepend(ns);
              s.module = QStringLiteral("Hyper-V");
              s.params = params;
              s.run = run;
              return s;
          };
    ParamSpec switchType = vmParam("SwitchType", ParamType::Enum);
    switchType.enumType = QStringLiteral("Microsoft.HyperV.PowerShell.VMSwitchType");
    switchType.enumNames = { QStringLiteral("Private"), QStringLiteral("Internal"), QStringLiteral("External") };
    ParamSpec secureBoot = vmParam("EnableSecureBoot", ParamType::Enum);
    secureBoot.enumType = QStringLiteral("Microsoft.HyperV.PowerShell.OnOffState");
    secureBoot.enumNames = { QStringLiteral("On"), QStringLiteral("Off") };
    ParamSpec vhdType = vmParam("VHDType", ParamType::Enum);
    vhdType.enumType = QStringLiteral("Microsoft.Vhd.PowerShell.VhdType");
    vhdType.enumNames = { QStringLiteral("Fixed"), QStringLiteral("Dynamic"), QStringLiteral("Differencing") };
    vhdType.enumValues = { 2, 3, 4 };
    ParamSpec compactMode = vmParam("Mode", ParamType::Enum);
    compactMode.enumType = QStringLiteral("Microsoft.Vhd.PowerShell.VhdCompactMode");
    compactMode.enumNames = { QStringLiteral("Full"), QStringLiteral("Quick"), QStringLiteral("Retrim"),
        QStringLiteral("Pretrimmed"), QStringLiteral("Prezeroed") };
    const ParamSpec vmName = vmParam("VMName", ParamType::StringArray, 0, true);
    return {
        spec("Get-VM", "GetVM", { vmParam("Name", ParamType::StringArray, 0, false, { QStringLiteral("VMName") }) },
            getVM),
        spec("Get-VMSwitch", "GetVMSwitch",
            { vmParam("Name", ParamType::StringArray, 0, false, { QStringLiteral("SwitchName") }), switchType },
            getVMSwitch),
        spec("New-VM", "NewVM",
            { vmParam("Name", ParamType::String, 0, false, { QStringLiteral("VMName") }),
                vmParam("Path", ParamType::String), vmParam("Generation", ParamType::Int16),
                vmParam("MemoryStartupBytes", ParamType::Int64), vmParam("SwitchName", ParamType::String),
                vmParam("NoVHD", ParamType::Switch), vmParam("VHDPath", ParamType::String),
                vmParam("Force", ParamType::Switch) },
            newVM),
        spec("Set-VMProcessor", "SetVMProcessor", { vmName, vmParam("Count", ParamType::Int64) }, setVMProcessor),
        spec("Set-VMMemory", "SetVMMemory",
            { vmName, vmParam("DynamicMemoryEnabled", ParamType::Bool), vmParam("StartupBytes", ParamType::Int64),
                vmParam("MinimumBytes", ParamType::Int64), vmParam("MaximumBytes", ParamType::Int64) },
            setVMMemory),
        spec("Set-VMFirmware", "SetVMFirmware",
            { vmName, secureBoot, vmParam("SecureBootTemplate", ParamType::String),
                vmParam("FirstBootDevice", ParamType::Object) },
            setVMFirmware),
        spec("Get-VMDvdDrive", "GetVMDvdDrive", { vmName }, getVMDvdDrive),
        spec("Get-VMHardDiskDrive", "GetVMHardDiskDrive", { vmName }, getVMHardDiskDrive),
        // Two of its parameter sets: the drives (piped in or -VMDvdDrive), or -VMName with the controller.
        spec("Set-VMDvdDrive", "SetVMDvdDrive",
            { makeParam("VMDvdDrive", ParamType::Object, 0, false, {}, true), vmParam("Path", ParamType::String, 1),
                vmParam("VMName", ParamType::String), vmParam("ControllerNumber", ParamType::Int32),
                vmParam("ControllerLocation", ParamType::Int32) },
            setVMDvdDrive),
        spec("Set-VMHardDiskDrive", "SetVMHardDiskDrive",
            { makeParam("VMHardDiskDrive", ParamType::Object, 0, true, {}, true),
                vmParam("Path", ParamType::String, 1) },
            setVMHardDiskDrive),
        spec("Add-VMDvdDrive", "AddVMDvdDrive", { vmName, vmParam("Path", ParamType::String, 1) }, addVMDvdDrive),
        spec("Add-VMHardDiskDrive", "AddVMHardDiskDrive", { vmName, vmParam("Path", ParamType::String, 1) },
            addVMHardDiskDrive),
        spec("New-VHD", "Microsoft.Vhd.PowerShell.Cmdlets.NewVhd",
            { vmParam("Path", ParamType::String, 0, true), vmParam("SizeBytes", ParamType::Int64, 1, true),
                vmParam("Dynamic", ParamType::Switch), vmParam("Fixed", ParamType::Switch) },
            newVHD),
        spec("Convert-VHD", "Microsoft.Vhd.PowerShell.Cmdlets.ConvertVhd",
            { vmParam("Path", ParamType::String, 0, true), vmParam("DestinationPath", ParamType::String, 1, true),
                vhdType, vmParam("DeleteSource", ParamType::Switch) },
            convertVHD),
        spec("Resize-VHD", "Microsoft.Vhd.PowerShell.Cmdlets.ResizeVhd",
            { vmParam("Path", ParamType::StringArray, 0, true), vmParam("SizeBytes", ParamType::Int64, 1, true) },
            resizeVHD),
        spec("Optimize-VHD", "Microsoft.Vhd.PowerShell.Cmdlets.OptimizeVhd",
            { vmParam("Path", ParamType::StringArray, 0, true), compactMode }, optimizeVHD),
        spec("Start-VM", "StartVM", { vmParam("Name", ParamType::StringArray, 0, true, { QStringLiteral("VMName") }) },
            startVM),
        spec("Stop-VM", "StopVM",
            { vmParam("Name", ParamType::StringArray, 0, true, { QStringLiteral("VMName") }),
                vmParam("TurnOff", ParamType::Switch), vmParam("Force", ParamType::Switch) },
            stopVM),
        spec("Remove-VM", "RemoveVM",
            { vmParam("Name", ParamType::StringArray, 0, true, { QStringLiteral("VMName") }),
                vmParam("Force", ParamType::Switch) },
            removeVM),
        spec("Get-VMNetworkAdapter", "GetVMNetworkAdapter", { vmName }, getVMNetworkAdapter),
        spec("Connect-VMNetworkAdapter", "ConnectVMNetworkAdapter",
            { vmName, vmParam("SwitchName", ParamType::String, 1, true) }, connectVMNetworkAdapter),
        spec("Set-VMNetworkAdapter", "SetVMNetworkAdapter",
            { vmName, vmParam("StaticMacAddress", ParamType::String), vmParam("DynamicMacAddress", ParamType::Switch) },
            setVMNetworkAdapter),
        spec("Get-VMNetworkAdapterVlan", "GetVMNetworkAdapterVlan", { vmName }, getVMNetworkAdapterVlan),
        spec("Set-VMNetworkAdapterVlan", "SetVMNetworkAdapterVlan",
            { vmName, vmParam("Access", ParamType::Switch), vmParam("Untagged", ParamType::Switch),
                vmParam("VlanId", ParamType::Int32) },
            setVMNetworkAdapterVlan),
    };
}

} // namespace berth::psdouble
