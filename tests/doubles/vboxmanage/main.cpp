// VBoxManage, as VirtualBox 7.0 has it, for tests of Berth's VirtualBox driver on machines where VirtualBox
// cannot run: state under $VBOX_USER_HOME, the real output and error texts, and VMs booted with QEMU.
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "faults.h"

#include <QCoreApplication>
#include <QStringList>

#include <unistd.h>

using namespace vboxdouble;

namespace {

struct Command {
    const char *name;
    int (*handler)(const QStringList &);
    // Where "The object is not ready" is reported when a test arms that fault for the command.
    CallSite notReadySite;
};

int createMedium(const QStringList &a)
{
    return handleCreateMedium(a, false);
}
int createHd(const QStringList &a)
{
    return handleCreateMedium(a, true);
}
int cloneMedium(const QStringList &a)
{
    return handleCloneMedium(a, false);
}
int cloneHd(const QStringList &a)
{
    return handleCloneMedium(a, true);
}

const Command kCommands[] = {
    { "list", handleList, site::showVmInfoFind },
    { "showvminfo", handleShowVmInfo, site::showVmInfoFind },
    { "createvm", handleCreateVm, site::modifyVmLock },
    { "unregistervm", handleUnregisterVm, site::unregisterVmFind },
    { "modifyvm", handleModifyVm, site::modifyVmLock },
    { "storagectl", handleStorageCtl, site::storageCtlLock },
    { "storageattach", handleStorageAttach, site::storageAttachLock },
    { "createmedium", createMedium, site::modifyVmLock },
    { "createhd", createHd, site::modifyVmLock },
    { "clonemedium", cloneMedium, site::modifyVmLock },
    { "clonehd", cloneHd, site::modifyVmLock },
    { "closemedium", handleCloseMedium, site::modifyVmLock },
    { "sharedfolder", handleSharedFolder, site::sharedFolderAddFind },
    { "setextradata", handleSetExtraData, site::setExtraDataLock },
    { "guestproperty", handleGuestProperty, site::guestPropertyGetFind },
    { "startvm", handleStartVm, site::startVmLaunch },
    { "controlvm", handleControlVm, site::controlVmLock },
    { "hostonlyif", handleHostOnlyIf, site::hostOnlyFind },
    { "dhcpserver", handleDhcpServer, site::hostOnlyFind },
    { "convertfromraw", handleConvertFromRaw, site::modifyVmLock },
    { "convertdd", handleConvertFromRaw, site::modifyVmLock },
};

int objectNotReady(const CallSite &where)
{
    ComError error;
    error.message = QStringLiteral("The object is not ready");
    error.status = E_AccessDenied;
    error.component = QStringLiteral("SessionMachine");
    error.interfaceName = QStringLiteral("IMachine");
    error.context = QString::fromLatin1(where.call);
    error.line = where.line;
    error.file = QString::fromLatin1(where.file);
    return comError(error);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);

    // Global options before the command.
    while (!args.isEmpty()) {
        const QString &first = args.constFirst();
        if (first == QLatin1String("--version") || first == QLatin1String("-V") || first == QLatin1String("-v")
            || first == QLatin1String("-version") || first == QLatin1String("-Version")) {
            printOut(versionString() + QLatin1Char('\n'));
            return ExitSuccess;
        }
        if (first == QLatin1String("--nologo") || first == QLatin1String("-q") || first == QLatin1String("-nologo")) {
            args.removeFirst();
            continue;
        }
        break;
    }
    if (args.isEmpty()) {
        printOut(QStringLiteral("Oracle VM VirtualBox Command Line Management Interface Version %1\n"
                                "Copyright (C) 2005-2024 Oracle and/or its affiliates\n\n"
                                "Usage:\n\nVBoxManage [<general option>] <command>\n")
                     .arg(productVersion()));
        return ExitSuccess;
    }

    const QString name = args.takeFirst();
    for (const Command &command : kCommands) {
        if (name != QLatin1String(command.name))
            continue;
        setCurrentCommand(name);
        const QString fault = takeFault(QStringList { name } + args);
        if (fault == QLatin1String("hang")) {
            for (;;)
                ::pause();
        }
        if (fault == QLatin1String("not-ready"))
            return objectNotReady(command.notReadySite);
        setActiveFault(fault);
        if (args.isEmpty()) {
            printOut(QStringLiteral("Usage:\n\nVBoxManage %1 ...\n").arg(name));
            return ExitFailure;
        }
        return command.handler(args);
    }
    setCurrentCommand(QString());
    return syntaxError(QStringLiteral("Invalid command '%1'").arg(name));
}
