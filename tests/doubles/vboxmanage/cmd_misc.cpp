// sharedfolder add|remove, setextradata, guestproperty get|set|delete|enumerate
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "getopt.h"
#include "registry.h"

#include <QDir>

namespace vboxdouble {

namespace {
int sharedFolderError(const QString &message, const ComStatus &status, const QString &context, int line)
{
    ComError e;
    e.message = message;
    e.status = status;
    e.component = QStringLiteral("SessionMachine");
    e.interfaceName = QStringLiteral("IMachine");
    e.context = context;
    e.line = line;
    e.file = QStringLiteral("VBoxManageMisc.cpp");
    return comError(e);
}
} // namespace

int handleSharedFolder(const QStringList &args)
{
    const QString sub = args.first();
    if (sub != QLatin1String("add") && sub != QLatin1String("remove"))
        return syntaxError(QStringLiteral("Unknown subcommand: %1").arg(sub));
    setCurrentCommand(QStringLiteral("sharedfolder"), sub);
    const bool add = sub == QLatin1String("add");
    enum { Name = 1, HostPath, Transient, ReadOnly, AutoMount, AutoMountPoint };
    QVector<OptionDef> defs { { { QStringLiteral("--name"), QStringLiteral("-name") }, Name, ValueKind::String },
        { { QStringLiteral("--transient"), QStringLiteral("-transient") }, Transient, ValueKind::None } };
    if (add)
        defs += QVector<OptionDef> {
            { { QStringLiteral("--hostpath"), QStringLiteral("-hostpath") }, HostPath, ValueKind::String },
            { { QStringLiteral("--readonly"), QStringLiteral("-readonly") }, ReadOnly, ValueKind::None },
            { { QStringLiteral("--automount"), QStringLiteral("-automount") }, AutoMount, ValueKind::None },
            { { QStringLiteral("--auto-mount-point") }, AutoMountPoint, ValueKind::String },
        };
    OptionParser parser(args, defs, 1);
    QString vm, name, hostPath, mountPoint;
    bool readOnly = false;
    bool autoMount = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            if (!vm.isEmpty())
                return argumentError(
                    QStringLiteral("Machine name is given more than once: first '%1', then '%2'").arg(vm, o.value));
            vm = o.value;
            continue;
        }
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        switch (o.id) {
        case Name:
            name = o.value;
            break;
        case HostPath:
            hostPath = o.value;
            break;
        case ReadOnly:
            readOnly = true;
            break;
        case AutoMount:
            autoMount = true;
            break;
        case AutoMountPoint:
            mountPoint = o.value;
            break;
        default:
            break;
        }
    }
    if (vm.isEmpty())
        return syntaxError(QStringLiteral("No machine was specified"));
    if (name.isEmpty())
        return syntaxError(QStringLiteral("No shared folder name (--name) was given"));
    if (add && name.contains(QLatin1Char(' ')))
        return syntaxError(QStringLiteral("Invalid shared folder name '%1': contains space").arg(name));
    if (add && hostPath.isEmpty())
        return syntaxError(QStringLiteral("No host path (--hostpath) was given"));

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(vm);
    if (!machine)
        return machineNotFound(vm, add ? site::sharedFolderAddFind : site::sharedFolderRemoveFind);
    if (add) {
        for (const SharedFolder &f : std::as_const(machine->sharedFolders))
            if (f.name == name)
                return sharedFolderError(QStringLiteral("Shared folder named '%1' already exists").arg(name),
                    E_ObjectInUse,
                    QStringLiteral("CreateSharedFolder(Bstr(pszName).raw(), Bstr(szAbsHostPath).raw(), fWritable, "
                                   "fAutoMount, Bstr(pszAutoMountPoint).raw())"),
                    1679);
        machine->sharedFolders.append(
            SharedFolder { name, QDir(hostPath).absolutePath(), !readOnly, autoMount, mountPoint });
    } else {
        const auto before = machine->sharedFolders.size();
        machine->sharedFolders.removeIf([&](const SharedFolder &f) { return f.name == name; });
        if (machine->sharedFolders.size() == before)
            return sharedFolderError(QStringLiteral("Could not find a shared folder named '%1'.").arg(name),
                E_ObjectNotFound, QStringLiteral("RemoveSharedFolder(Bstr(pszName).raw())"), 1775);
    }
    return transaction.commit(machine);
}

int handleSetExtraData(const QStringList &args)
{
    if (args.size() < 2)
        return syntaxError(QStringLiteral("Not enough parameters"));
    if (args.size() > 3)
        return syntaxError(QStringLiteral("Too many parameters"));
    if (args.at(0) == QLatin1String("global"))
        return ExitSuccess;
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(args.at(0));
    if (!machine)
        return machineNotFound(args.at(0), site::setExtraDataFind);
    if (args.size() == 3 && !args.at(2).isEmpty())
        machine->extraData.insert(args.at(1), args.at(2));
    else
        machine->extraData.remove(args.at(1));
    return transaction.commit(machine);
}

int handleGuestProperty(const QStringList &args)
{
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    setCurrentCommand(QStringLiteral("guestproperty"), sub);
    if (sub == QLatin1String("get")) {
        const bool verbose
            = rest.size() == 3 && (rest.at(2) == QLatin1String("--verbose") || rest.at(2) == QLatin1String("-verbose"));
        if (rest.size() != 2 && !verbose)
            return syntaxError(QStringLiteral("Incorrect parameters"));
        Registry registry = readRegistry();
        const Machine *machine = registry.findMachine(rest.at(0));
        if (!machine)
            return machineNotFound(rest.at(0), site::guestPropertyGetFind);
        const QString value = machine->guestProperties.value(rest.at(1));
        if (value.isEmpty())
            printOut(QStringLiteral("No value set!\n"));
        else
            printOut(QStringLiteral("Value: %1\n").arg(value));
        return ExitSuccess;
    }
    if (sub == QLatin1String("set") || sub == QLatin1String("delete") || sub == QLatin1String("unset")) {
        const bool set = sub == QLatin1String("set");
        bool ok = set ? (rest.size() == 2 || rest.size() == 3
                      || (rest.size() == 5 && rest.at(3).endsWith(QLatin1String("flags"))))
                      : rest.size() == 2;
        if (!ok)
            return syntaxError(QStringLiteral("Incorrect parameters"));
        RegistryTransaction transaction;
        Registry &registry = transaction.registry;
        QString error;
        Machine *machine = registry.findMachine(rest.at(0));
        if (!machine)
            return machineNotFound(rest.at(0), site::guestPropertySetFind);
        if (set && rest.size() >= 3 && !rest.at(2).isEmpty())
            machine->guestProperties.insert(rest.at(1), rest.at(2));
        else
            machine->guestProperties.remove(rest.at(1));
        return transaction.commit(machine);
    }
    if (sub == QLatin1String("enumerate") || sub == QLatin1String("enum")) {
        if (rest.isEmpty())
            return syntaxError(QStringLiteral("No VM name or UUID was specified"));
        Registry registry = readRegistry();
        const Machine *machine = registry.findMachine(rest.at(0));
        if (!machine)
            return machineNotFound(rest.at(0), site::guestPropertyEnumerateFind);
        if (machine->guestProperties.isEmpty()) {
            printOut(QStringLiteral("No properties found.\n"));
            return ExitSuccess;
        }
        int width = 0;
        for (auto it = machine->guestProperties.cbegin(); it != machine->guestProperties.cend(); ++it)
            width = qMax(width, static_cast<int>(it.key().size()));
        QString text;
        for (auto it = machine->guestProperties.cbegin(); it != machine->guestProperties.cend(); ++it)
            text += it.key().leftJustified(width, QLatin1Char(' ')) + QStringLiteral(" = '") + it.value()
                + QStringLiteral("'\n");
        printOut(text);
        return ExitSuccess;
    }
    return syntaxError(QStringLiteral("Unknown subcommand: %1").arg(sub));
}

} // namespace vboxdouble
