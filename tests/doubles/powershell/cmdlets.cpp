// The core cmdlets of the subset, and the table of every command the double knows.
#include "host.h"
#include "hyperv.h"
#include "interpreter.h"
#include "jsonwriter.h"
#include "smbshare.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QThread>

namespace berth::psdouble {

namespace {

const QString coreNs = QStringLiteral("Microsoft.PowerShell.Commands.");

ParamSpec param(const char *name, ParamType type, int position = -1, bool mandatory = false, bool pipeline = false)
{
    return makeParam(name, type, position, mandatory, {}, pipeline);
}

// The items a cmdlet works on: its pipeline input, else its -InputObject.
QList<Value> inputItems(const CommandCall &call)
{
    if (call.hasInput)
        return call.input;
    if (call.has(QStringLiteral("InputObject")))
        return { call.get(QStringLiteral("InputObject")) };
    return {};
}

void writeOutput(Interpreter &, CommandCall &call)
{
    for (const Value &item : inputItems(call))
        call.output.append(item.enumerate());
}

void selectObject(Interpreter &, CommandCall &call)
{
    QList<Value> items = inputItems(call);
    if (call.has(QStringLiteral("First")))
        items = items.mid(0, static_cast<int>(qMax<qint64>(0, call.get(QStringLiteral("First")).integer)));
    const QList<Value> properties = call.get(QStringLiteral("Property")).enumerate();
    const QString expand = call.string(QStringLiteral("ExpandProperty"));
    for (const Value &item : items) {
        if (item.isNull())
            continue;
        if (!expand.isEmpty()) {
            const Value *v = item.isObject() ? item.object->find(expand) : nullptr;
            if (!v && item.isObject() && item.object->unmodelled.contains(expand, Qt::CaseInsensitive))
                throw Unsupported { QStringLiteral("the property %1 of %2").arg(expand, item.object->typeName) };
            if (!v) {
                ErrorRecord record = call.error(QStringLiteral("Property \"%1\" cannot be found.").arg(expand),
                    QStringLiteral("InvalidArgument"), QStringLiteral("PSArgumentException"),
                    QStringLiteral("ExpandPropertyNotFound"), item);
                throw PsError { record, false };
            }
            call.output.append(v->enumerate());
            continue;
        }
        if (properties.isEmpty() || !call.has(QStringLiteral("Property"))) {
            call.output.append(item);
            continue;
        }
        auto o = makeObject(ObjectKind::Custom, QStringLiteral("System.Management.Automation.PSCustomObject"));
        for (const Value &p : properties) {
            const QString name = p.toString();
            if (p.isObject())
                throw Unsupported { QStringLiteral("calculated properties in Select-Object") };
            if (name == QLatin1String("*") && item.isObject()) {
                for (const auto &property : item.object->properties)
                    o->set(property.first, property.second);
                continue;
            }
            if (name.contains(QLatin1Char('*')) || name.contains(QLatin1Char('?')))
                throw Unsupported { QStringLiteral("wildcard property names in Select-Object") };
            if (item.isObject()) {
                bool found = false;
                for (const auto &property : item.object->properties) {
                    if (property.first.compare(name, Qt::CaseInsensitive) == 0) {
                        o->set(property.first, property.second);
                        found = true;
                    }
                }
                if (!found && item.object->unmodelled.contains(name, Qt::CaseInsensitive))
                    throw Unsupported { QStringLiteral("the property %1 of %2").arg(name, item.object->typeName) };
                if (!found)
                    o->set(name, {});
            } else if (name.compare(QLatin1String("Length"), Qt::CaseInsensitive) == 0
                && item.type == Value::Type::String) {
                o->set(QStringLiteral("Length"), Value::fromInt(item.text.size()));
            } else {
                o->set(name, {});
            }
        }
        call.output.append(Value::fromObject(o));
    }
}

void whereObject(Interpreter &ip, CommandCall &call)
{
    const Value block = call.get(QStringLiteral("FilterScript"));
    for (const Value &item : inputItems(call)) {
        if (collapse(ip.invokeBlock(block, item)).isTrue())
            call.output.append(item);
    }
}

void forEachObject(Interpreter &ip, CommandCall &call)
{
    const Value block = call.get(QStringLiteral("Process"));
    for (const Value &item : inputItems(call))
        call.output.append(ip.invokeBlock(block, item));
}

void convertToJson(Interpreter &ip, CommandCall &call)
{
    QList<Value> items;
    for (const Value &item : inputItems(call)) {
        if (!item.isNull())
            items.append(item);
    }
    const qint64 depth = call.has(QStringLiteral("Depth")) ? call.get(QStringLiteral("Depth")).integer : 2;
    if (depth < 1) {
        ErrorRecord record
            = call.error(QStringLiteral("Cannot validate argument on parameter 'Depth'. The %1 argument "
                                        "is less than the minimum allowed range of 1. Supply an argument "
                                        "that is greater than or equal to 1 and then try the command "
                                        "again.")
                             .arg(depth),
                QStringLiteral("InvalidData"), QStringLiteral("ParameterBindingValidationException"),
                QStringLiteral("ParameterArgumentValidationError"));
        ip.throwError(record);
    }
    if (depth > 100) {
        ErrorRecord record = call.error(QStringLiteral("The maximum depth allowed for serialization is 100."),
            QStringLiteral("InvalidOperation"), QStringLiteral("InvalidOperationException"),
            QStringLiteral("ReachedMaximumDepthAllowed"));
        ip.throwError(record);
    }
    if (items.isEmpty())
        return;
    const Value value = items.size() > 1 ? Value::fromArray(items) : items.constFirst();
    call.output.append(Value::fromString(
        JsonWriter::convert(value, static_cast<int>(depth), call.get(QStringLiteral("Compress")).boolean)));
}

void getUnique(Interpreter &, CommandCall &call)
{
    bool first = true;
    QString last;
    for (const Value &item : inputItems(call)) {
        const QString text = item.toString();
        if (!first && text == last)
            continue;
        first = false;
        last = text;
        call.output.append(item);
    }
}

void getModule(Interpreter &, CommandCall &call)
{
    if (!call.get(QStringLiteral("ListAvailable")).boolean)
        throw Unsupported { QStringLiteral("Get-Module without -ListAvailable") };
    if (!HyperV::instance().config().moduleAvailable)
        return;
    const QList<Value> names = call.has(QStringLiteral("Name"))
        ? call.get(QStringLiteral("Name")).enumerate()
        : QList<Value> { Value::fromString(QStringLiteral("*")) };
    bool wanted = false;
    for (const Value &name : names) {
        const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(name.toString()),
            QRegularExpression::CaseInsensitiveOption);
        wanted = wanted || re.match(QStringLiteral("Hyper-V")).hasMatch();
    }
    if (!wanted)
        return;
    // Windows 10 and Server 2016+ ship the module twice: 2.0.0.0 and, for older scripts, 1.1.
    for (const QString &version : { QStringLiteral("2.0.0.0"), QStringLiteral("1.1") }) {
        auto o = makeObject(ObjectKind::ModuleInfo, QStringLiteral("System.Management.Automation.PSModuleInfo"));
        o->set(QStringLiteral("Name"), Value::fromString(QStringLiteral("Hyper-V")));
        o->set(QStringLiteral("Version"), Value::fromString(version));
        o->set(QStringLiteral("ModuleType"),
            Value::fromEnum(QStringLiteral("System.Management.Automation.ModuleType"), 1, QStringLiteral("Binary")));
        o->set(QStringLiteral("Path"),
            Value::fromString(QStringLiteral("C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules\\Hyper-V\\%1\\"
                                             "Hyper-V.psd1")
                                  .arg(version)));
        o->tableView = { QStringLiteral("ModuleType"), QStringLiteral("Version"), QStringLiteral("Name") };
        o->unmodelled = { QStringLiteral("ExportedCommands"), QStringLiteral("ModuleBase"),
            QStringLiteral("Description"), QStringLiteral("Guid"), QStringLiteral("Author"),
            QStringLiteral("CompanyName"), QStringLiteral("NestedModules"), QStringLiteral("RequiredModules") };
        o->display = QStringLiteral("Hyper-V");
        call.output.append(Value::fromObject(o));
    }
}

void pathNotFound(Interpreter &ip, CommandCall &call, const QString &path)
{
    ip.writeError(call,
        call.error(QStringLiteral("Cannot find path '%1' because it does not exist.").arg(path),
            QStringLiteral("ObjectNotFound"), QStringLiteral("ItemNotFoundException"), QStringLiteral("PathNotFound"),
            Value::fromString(path)));
}

// -Path takes wildcards: the paths it names that exist.
QStringList resolvePaths(const QString &path)
{
    if (path.contains(QLatin1Char('[')))
        throw Unsupported { QStringLiteral("'[' in a -Path (a wildcard range)") };
    if (!path.contains(QLatin1Char('*')) && !path.contains(QLatin1Char('?')))
        return QFileInfo::exists(path) ? QStringList { path } : QStringList {};
    const QFileInfo info(path);
    QStringList found;
    for (const QString &name :
        QDir(info.path()).entryList({ info.fileName() }, QDir::AllEntries | QDir::NoDotAndDotDot))
        found.append(info.path() + QLatin1Char('/') + name);
    return found;
}

void copyItem(Interpreter &ip, CommandCall &call)
{
    const QString destination = call.string(QStringLiteral("Destination"));
    for (const Value &path : call.get(QStringLiteral("Path")).enumerate()) {
        const QStringList sources = resolvePaths(path.toString());
        if (sources.isEmpty()) {
            pathNotFound(ip, call, path.toString());
            continue;
        }
        for (const QString &source : sources) {
            if (QFileInfo(source).isDir())
                throw Unsupported { QStringLiteral("Copy-Item of a folder") };
            QString target = destination.isEmpty() ? QDir::currentPath() : destination;
            if (QFileInfo(target).isDir())
                target += QLatin1Char('/') + QFileInfo(source).fileName();
            QProcess cp;
            cp.start(QStringLiteral("cp"),
                { QStringLiteral("--reflink=auto"), QStringLiteral("--sparse=always"), QStringLiteral("--"), source,
                    target });
            if (!cp.waitForFinished(600000) || cp.exitCode() != 0) {
                ip.writeError(call,
                    call.error(QString::fromLocal8Bit(cp.readAllStandardError()).trimmed(),
                        QStringLiteral("WriteError"), QStringLiteral("IOException"),
                        QStringLiteral("CopyFileInfoItemIOError"), Value::fromString(source)));
            }
        }
    }
}

void removeItem(Interpreter &ip, CommandCall &call)
{
    QSet<QString> inUse;
    for (const VmRecord &vm : HyperV::instance().vms()) {
        if (vm.state == QLatin1String("Off"))
            continue;
        for (const Drive &d : vm.drives)
            inUse.insert(QFileInfo(d.path).absoluteFilePath());
    }
    for (const Value &path : call.get(QStringLiteral("Path")).enumerate()) {
        const QStringList targets = resolvePaths(path.toString());
        if (targets.isEmpty()) {
            pathNotFound(ip, call, path.toString());
            continue;
        }
        for (const QString &target : targets) {
            const QFileInfo info(target);
            if (inUse.contains(info.absoluteFilePath())) {
                // Windows keeps a running VM's disks open: they cannot be deleted.
                ErrorRecord record = call.error(QStringLiteral("Cannot remove item %1: The process cannot access the "
                                                               "file '%1' because it is being used by another process.")
                                                    .arg(target),
                    QStringLiteral("WriteError"), QStringLiteral("IOException"),
                    QStringLiteral("RemoveFileSystemItemIOError"));
                record.targetName = target;
                record.targetType = QStringLiteral("FileInfo");
                ip.writeError(call, record);
                continue;
            }
            if (info.isDir() && !info.isSymLink()) {
                QDir dir(target);
                if (!dir.isEmpty() && !call.get(QStringLiteral("Recurse")).boolean) {
                    ip.writeError(call,
                        call.error(QStringLiteral("Windows PowerShell is in NonInteractive mode. Read "
                                                  "and Prompt functionality is not available."),
                            QStringLiteral("InvalidOperation"), QStringLiteral("PSInvalidOperationException"),
                            QStringLiteral("InvalidOperation")));
                    continue;
                }
                dir.removeRecursively();
            } else {
                QFile::remove(target);
            }
        }
    }
}

void testPath(Interpreter &, CommandCall &call)
{
    for (const Value &path : call.get(QStringLiteral("Path")).enumerate()) {
        const QString p = path.toString();
        call.output.append(Value::fromBool(!p.isEmpty() && !resolvePaths(p).isEmpty()));
    }
}

void outNull(Interpreter &, CommandCall &) { }

void startSleep(Interpreter &, CommandCall &call)
{
    qint64 ms = call.get(QStringLiteral("Milliseconds")).integer;
    ms += call.get(QStringLiteral("Seconds")).integer * 1000;
    QThread::msleep(static_cast<unsigned long>(qMax<qint64>(0, ms)));
}

CmdletSpec core(const char *name, const char *cls, QList<ParamSpec> params, void (*run)(Interpreter &, CommandCall &))
{
    CmdletSpec s;
    s.name = QString::fromLatin1(name);
    s.className = coreNs + QString::fromLatin1(cls);
    s.params = params;
    s.run = run;
    return s;
}

const QList<CmdletSpec> &allCmdlets()
{
    static const QList<CmdletSpec> cmdlets = [] {
        const ParamSpec input = param("InputObject", ParamType::Object, -1, true, true);
        QList<CmdletSpec> list {
            core("Write-Output", "WriteOutputCommand",
                { param("InputObject", ParamType::Object, 0, true, true), param("NoEnumerate", ParamType::Switch) },
                writeOutput),
            core("Select-Object", "SelectObjectCommand",
                { input, param("Property", ParamType::Object, 0), param("ExpandProperty", ParamType::String),
                    param("First", ParamType::Int32) },
                selectObject),
            core("Where-Object", "WhereObjectCommand",
                { input, param("FilterScript", ParamType::ScriptBlock, 0, true) }, whereObject),
            core("ForEach-Object", "ForEachObjectCommand", { input, param("Process", ParamType::ScriptBlock, 0, true) },
                forEachObject),
            core("ConvertTo-Json", "ConvertToJsonCommand",
                { param("InputObject", ParamType::Object, 0, true, true), param("Depth", ParamType::Int32),
                    param("Compress", ParamType::Switch) },
                convertToJson),
            core("Get-Unique", "GetUniqueCommand", { input }, getUnique),
            core("Get-Module", "GetModuleCommand",
                { param("Name", ParamType::StringArray, 0), param("ListAvailable", ParamType::Switch) }, getModule),
            core("Copy-Item", "CopyItemCommand",
                { param("Path", ParamType::StringArray, 0, true), param("Destination", ParamType::String, 1),
                    param("Force", ParamType::Switch) },
                copyItem),
            core("Remove-Item", "RemoveItemCommand",
                { param("Path", ParamType::StringArray, 0, true), param("Force", ParamType::Switch),
                    param("Recurse", ParamType::Switch) },
                removeItem),
            core("Test-Path", "TestPathCommand", { param("Path", ParamType::StringArray, 0, true) }, testPath),
            core("Out-Null", "OutNullCommand", { param("InputObject", ParamType::Object, -1, false, true) }, outNull),
            core("Start-Sleep", "StartSleepCommand",
                { param("Seconds", ParamType::Int32, 0), param("Milliseconds", ParamType::Int32) }, startSleep),
        };
        list.append(HyperV::cmdlets());
        list.append(SmbShares::cmdlets());
        return list;
    }();
    return cmdlets;
}

} // namespace

const CmdletSpec *findCmdlet(const QString &name)
{
    for (const CmdletSpec &spec : allCmdlets()) {
        if (spec.name.compare(name, Qt::CaseInsensitive) == 0)
            return &spec;
    }
    // Windows PowerShell's aliases for the cmdlets of the subset.
    static const QHash<QString, QString> aliases { { QStringLiteral("select"), QStringLiteral("Select-Object") },
        { QStringLiteral("where"), QStringLiteral("Where-Object") },
        { QStringLiteral("?"), QStringLiteral("Where-Object") },
        { QStringLiteral("foreach"), QStringLiteral("ForEach-Object") },
        { QStringLiteral("%"), QStringLiteral("ForEach-Object") },
        { QStringLiteral("echo"), QStringLiteral("Write-Output") },
        { QStringLiteral("write"), QStringLiteral("Write-Output") },
        { QStringLiteral("gu"), QStringLiteral("Get-Unique") }, { QStringLiteral("copy"), QStringLiteral("Copy-Item") },
        { QStringLiteral("cp"), QStringLiteral("Copy-Item") }, { QStringLiteral("cpi"), QStringLiteral("Copy-Item") },
        { QStringLiteral("del"), QStringLiteral("Remove-Item") },
        { QStringLiteral("rm"), QStringLiteral("Remove-Item") },
        { QStringLiteral("ri"), QStringLiteral("Remove-Item") },
        { QStringLiteral("erase"), QStringLiteral("Remove-Item") },
        { QStringLiteral("rmdir"), QStringLiteral("Remove-Item") },
        { QStringLiteral("rd"), QStringLiteral("Remove-Item") },
        { QStringLiteral("gmo"), QStringLiteral("Get-Module") },
        { QStringLiteral("sleep"), QStringLiteral("Start-Sleep") } };
    const QString target = aliases.value(name.toLower());
    if (!target.isEmpty())
        return findCmdlet(target);
    return nullptr;
}

bool isKnownUnimplementedCommand(const QString &name)
{
    static const QSet<QString> names = [] {
        QSet<QString> set;
        const char *known[] = { "Add-VMNetworkAdapter", "Remove-VMNetworkAdapter", "Rename-VMNetworkAdapter",
            "Disconnect-VMNetworkAdapter", "Set-VM", "Rename-VM", "Restart-VM", "Suspend-VM", "Resume-VM", "Save-VM",
            "Checkpoint-VM", "Get-VMSnapshot", "Get-VMCheckpoint", "Remove-VMSnapshot", "Remove-VMCheckpoint",
            "Restore-VMSnapshot", "Restore-VMCheckpoint", "Export-VM", "Import-VM", "Compare-VM", "Get-VMHost",
            "Set-VMHost", "Get-VMFirmware", "Get-VMMemory", "Get-VMProcessor", "Remove-VMHardDiskDrive",
            "Remove-VMDvdDrive", "Get-VHD", "Set-VHD", "Mount-VHD", "Dismount-VHD", "Test-VHD", "Merge-VHD",
            "New-VMSwitch", "Remove-VMSwitch", "Set-VMSwitch", "Rename-VMSwitch", "Get-VMIntegrationService",
            "Enable-VMIntegrationService", "Disable-VMIntegrationService", "Get-VMComPort", "Set-VMComPort",
            "Get-VMKeyProtector", "Set-VMKeyProtector", "Enable-VMTPM", "Disable-VMTPM", "Get-VMSecurity", "Get-VMBios",
            "Set-VMBios", "Measure-VM", "Move-VM", "Move-VMStorage", "Get-VMConnectAccess", "Grant-VMConnectAccess",
            "Get-VMScsiController", "Add-VMScsiController", "Remove-VMScsiController", "Get-VMIdeController",
            "Set-VMVideo", "Get-VMGroup", "Wait-VM", "Enable-VMResourceMetering", "Get-VMHostSupportedVersion",
            "Update-VMVersion", "Repair-VM", "Get-VMSan", "Connect-VMSan", "Get-VMSwitchExtension",
            "Get-VMMigrationNetwork", "Get-VMReplication", "Set-SmbShare", "Get-SmbShareAccess", "Grant-SmbShareAccess",
            "Revoke-SmbShareAccess", "Block-SmbShareAccess", "Get-SmbSession", "Close-SmbSession", "Get-SmbConnection",
            "New-SmbMapping", "Get-SmbServerConfiguration", "New-NetIPAddress", "Set-NetIPAddress",
            "Remove-NetIPAddress", "Get-NetIPConfiguration", "Get-NetAdapter", "Get-NetIPInterface", "Get-NetRoute",
            "Write-Host", "Write-Error", "Write-Warning", "Write-Verbose", "Write-Debug", "Write-Information",
            "Write-Progress", "Get-Item", "Get-ChildItem", "New-Item", "Join-Path", "Split-Path", "Resolve-Path",
            "Get-Content", "Set-Content", "Add-Content", "Out-File", "Out-String", "Out-Default", "Out-Host",
            "Format-Table", "Format-List", "Format-Wide", "Measure-Object", "Sort-Object", "Group-Object", "Get-Date",
            "Get-Process", "Start-Process", "Stop-Process", "Wait-Process", "Invoke-Expression", "Invoke-Command",
            "Import-Module", "Remove-Module", "Get-Command", "ConvertFrom-Json", "ConvertTo-Xml", "ConvertTo-Csv",
            "Export-Clixml", "Import-Clixml", "Get-Location", "Set-Location", "Push-Location", "Pop-Location",
            "Move-Item", "Rename-Item", "Get-ItemProperty", "Set-ItemProperty", "New-Object", "Get-Variable",
            "Set-Variable", "New-Variable", "Remove-Variable", "Tee-Object", "Select-String", "Compare-Object",
            "Get-Member", "Get-Service", "Get-NetAdapter", "Get-NetIPAddress", "Get-WmiObject", "Get-CimInstance",
            "Invoke-WebRequest", "Invoke-RestMethod", "Test-Connection", "Set-StrictMode", "Set-ExecutionPolicy",
            "Get-ExecutionPolicy", "Add-Type", "Get-Acl", "Set-Acl", "Get-FileHash", "Expand-Archive",
            "Compress-Archive", "Get-Host", "Read-Host", "Clear-Host", "Get-Help", "ForEach", "Exit-PSSession",
            "Enter-PSSession", "New-PSSession", "Get-LocalGroupMember", "Get-WindowsOptionalFeature",
            "Enable-WindowsOptionalFeature" };
        for (const char *n : known)
            set.insert(QString::fromLatin1(n).toLower());
        return set;
    }();
    return names.contains(name.toLower());
}

} // namespace berth::psdouble
