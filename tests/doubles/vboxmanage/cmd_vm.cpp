// showvminfo, createvm, unregistervm
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "getopt.h"
#include "registry.h"
#include "runtime.h"
#include "vminfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace vboxdouble {

namespace {
QString g_fault;

constexpr CallSite createMachine { "CreateMachine(bstrSettingsFile.raw(), bstrName.raw(), "
                                   "ComSafeArrayAsInParam(groups), bstrOsTypeId.raw(), createFlags.raw(), "
                                   "bstrCipher.raw(), bstrPasswordId.raw(), Bstr(strPassword).raw(), "
                                   "machine.asOutParam())",
    397, "VBoxManageMisc.cpp" };
} // namespace

QString activeFault()
{
    return g_fault;
}

void setActiveFault(const QString &fault)
{
    g_fault = fault;
}

int handleShowVmInfo(const QStringList &args)
{
    enum { Details = 1, MachineReadable, Log, PasswordId, Password };
    OptionParser parser(args,
        { { { QStringLiteral("--details"), QStringLiteral("-details") }, Details, ValueKind::None },
            { { QStringLiteral("--machinereadable"), QStringLiteral("-machinereadable") }, MachineReadable,
                ValueKind::None },
            { { QStringLiteral("--log") }, Log, ValueKind::UInt32 },
            { { QStringLiteral("--password-id"), QStringLiteral("-password-id") }, PasswordId, ValueKind::String },
            { { QStringLiteral("--password"), QStringLiteral("-password") }, Password, ValueKind::String } });
    QString vm;
    bool machineReadable = false;
    bool log = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            if (!vm.isEmpty())
                return syntaxError(QStringLiteral("Invalid parameter '%1'").arg(o.value));
            vm = o.value;
        } else if (o.status != ParsedOption::Option) {
            return OptionParser::report(o);
        } else if (o.id == MachineReadable) {
            machineReadable = true;
        } else if (o.id == Log) {
            log = true;
        }
    }
    if (vm.isEmpty())
        return syntaxError(QStringLiteral("VM name or UUID required"));
    Registry registry = readRegistry();
    const Machine *machine = registry.findMachine(vm);
    if (!machine)
        return machineNotFound(vm, site::showVmInfoFind);
    if (log) {
        QFile file(VmRuntime(*machine).logFile);
        if (file.open(QIODevice::ReadOnly))
            printOut(QString::fromUtf8(file.readAll()));
        return ExitSuccess;
    }
    const QString state = currentState(*machine);
    printOut(
        machineReadable ? machineReadableInfo(*machine, registry, state) : standardInfo(*machine, registry, state));
    return ExitSuccess;
}

int handleCreateVm(const QStringList &args)
{
    enum { Name = 1, Groups, BaseFolder, OsType, Uuid, Register, Default, Cipher, PasswordId, Password };
    OptionParser parser(args,
        { { { QStringLiteral("--name"), QStringLiteral("-name") }, Name, ValueKind::String },
            { { QStringLiteral("--groups") }, Groups, ValueKind::String },
            { { QStringLiteral("--basefolder"), QStringLiteral("-basefolder") }, BaseFolder, ValueKind::String },
            { { QStringLiteral("--ostype"), QStringLiteral("-ostype") }, OsType, ValueKind::String },
            { { QStringLiteral("--uuid"), QStringLiteral("-uuid") }, Uuid, ValueKind::String },
            { { QStringLiteral("--register"), QStringLiteral("-register") }, Register, ValueKind::None },
            { { QStringLiteral("--default"), QStringLiteral("-default") }, Default, ValueKind::None },
            { { QStringLiteral("--cipher"), QStringLiteral("-cipher") }, Cipher, ValueKind::String },
            { { QStringLiteral("--password-id"), QStringLiteral("-password-id") }, PasswordId, ValueKind::String },
            { { QStringLiteral("--password"), QStringLiteral("-password") }, Password, ValueKind::String } });
    QString name, baseFolder, osType, uuid;
    bool doRegister = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        switch (o.id) {
        case Name:
            name = o.value;
            break;
        case BaseFolder:
            baseFolder = o.value;
            break;
        case OsType:
            osType = o.value;
            break;
        case Uuid:
            uuid = normalizeUuid(o.value);
            if (uuid.isEmpty())
                return invalidArgumentFormat(o.value);
            break;
        case Register:
            doRegister = true;
            break;
        default:
            break;
        }
    }
    if (name.isEmpty())
        return syntaxError(QStringLiteral("Parameter --name is required"));
    if (!osType.isEmpty() && !isKnownOsType(osType)) {
        return comErrorAt(createMachine, QStringLiteral("'%1' is not a valid Guest OS type").arg(osType), E_InvalidArg,
            QStringLiteral("VirtualBoxWrap"), QStringLiteral("IVirtualBox"));
    }
    const QString base = baseFolder.isEmpty() ? Registry::defaultMachineFolder() : QDir(baseFolder).absolutePath();
    const QString settingsFile = base + QLatin1Char('/') + name + QLatin1Char('/') + name + QStringLiteral(".vbox");

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    if (QFileInfo::exists(settingsFile))
        return comErrorAt(createMachine, QStringLiteral("Machine settings file '%1' already exists").arg(settingsFile),
            E_FileError, QStringLiteral("MachineWrap"), QStringLiteral("IMachine"));
    Machine machine = Machine::create(name, osType, settingsFile);
    machine.uuid = uuid.isEmpty() ? newUuid() : uuid;
    if (doRegister) {
        if (const Machine *clash = registry.findMachine(machine.uuid)) {
            return comErrorAt(CallSite { "RegisterMachine(machine)", 417, "VBoxManageMisc.cpp" },
                QStringLiteral("Registered machine with UUID {%1} ('%2') already exists")
                    .arg(clash->uuid, clash->settingsFile),
                E_ObjectInUse, QStringLiteral("VirtualBoxWrap"), QStringLiteral("IVirtualBox"));
        }
    }
    if (!QDir().mkpath(machine.folder()) || !Registry::saveMachine(machine, &error)) {
        msgError(QStringLiteral("Could not create the directory '%1' (VERR_ACCESS_DENIED)").arg(machine.folder()));
        return ExitFailure;
    }
    if (doRegister) {
        registry.machines.append(machine);
        if (const int code = transaction.commit(nullptr))
            return code;
    }
    printOut(QStringLiteral("Virtual machine '%1' is created%2.\nUUID: %3\nSettings file: '%4'\n")
                 .arg(name, doRegister ? QStringLiteral(" and registered") : QString(), machine.uuid, settingsFile));
    return ExitSuccess;
}

int handleUnregisterVm(const QStringList &args)
{
    enum { Delete = 1, DeleteAll };
    OptionParser parser(args,
        { { { QStringLiteral("--delete"), QStringLiteral("-delete") }, Delete, ValueKind::None },
            { { QStringLiteral("--delete-all"), QStringLiteral("-delete-all") }, DeleteAll, ValueKind::None } });
    QString vm;
    bool deleteFiles = false;
    bool deleteAll = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            if (!vm.isEmpty())
                return syntaxError(QStringLiteral("Invalid parameter '%1'").arg(o.value));
            vm = o.value;
        } else if (o.status == ParsedOption::Option) {
            deleteFiles = deleteFiles || o.id == Delete;
            deleteAll = deleteAll || o.id == DeleteAll;
        } else if (o.status == ParsedOption::Unknown) {
            return syntaxError(QStringLiteral("unknown option: %1\n").arg(o.name));
        } else {
            return OptionParser::report(o);
        }
    }
    if (vm.isEmpty())
        return syntaxError(QStringLiteral("VM name required"));

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *found = registry.findMachine(vm);
    if (!found)
        return machineNotFound(vm, site::unregisterVmFind);
    const Machine machine = *found;
    const QString state = currentState(machine);
    if (state == QLatin1String("running") || state == QLatin1String("paused")) {
        return comErrorAt(CallSite { "Unregister(fDeleteAll ? CleanupMode_DetachAllReturnHardDisksAndVMRemovable : "
                                     "CleanupMode_DetachAllReturnHardDisksOnly, ComSafeArrayAsOutParam(aMedia))",
                              233, "VBoxManageMisc.cpp" },
            QStringLiteral("Cannot unregister the machine '%1' while it is locked").arg(machine.name),
            E_InvalidObjectState, QStringLiteral("MachineWrap"), QStringLiteral("IMachine"));
    }
    registry.machines.removeIf([&](const Machine &m) { return m.uuid == machine.uuid; });
    if (deleteFiles || deleteAll) {
        // The hard disks (and with --delete-all the removable media) no other machine uses go with it.
        for (const StorageController &c : machine.controllers) {
            for (const MediumAttachment &a : c.attachments) {
                if (a.mediumUuid.isEmpty() || (a.type != QLatin1String("hdd") && !deleteAll))
                    continue;
                if (!registry.machinesUsing(a.mediumUuid).isEmpty())
                    continue;
                if (Medium *medium = registry.findMedium(a.mediumUuid)) {
                    QFile::remove(medium->location);
                    const QString uuid = medium->uuid;
                    registry.media.removeIf([&](const Medium &m) { return m.uuid == uuid; });
                }
            }
        }
        const VmRuntime runtime(machine);
        runtime.removeFiles();
        QFile::remove(machine.settingsFile);
        QFile::remove(machine.settingsFile + QStringLiteral("-prev"));
        QFile::remove(machine.folder() + QLatin1Char('/') + machine.name + QStringLiteral(".nvram"));
        QDir(machine.logFolder()).removeRecursively();
        QDir().rmdir(machine.folder());
        progressDone();
    }
    return transaction.commit(nullptr);
}

} // namespace vboxdouble
