// startvm and controlvm: the VM runs as QEMU under the double's supervisor (qemulauncher.h)
#include "commands.h"
#include "console.h"
#include "contexts.h"
#include "getopt.h"
#include "network.h"
#include "qemulauncher.h"
#include "qmp.h"
#include "registry.h"
#include "runtime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <algorithm>
#include <csignal>

namespace vboxdouble {

namespace {

bool isRunning(const QString &state)
{
    return state == QLatin1String("running") || state == QLatin1String("paused");
}

// The VT-x fault: what VirtualBox writes to VBox.log and prints when the host has no VT-x.
int failWithoutVtx(const Machine &machine)
{
    startLog(machine,
        { QStringLiteral("VirtualBox VM %1 r%2 linux.amd64 release log")
                .arg(productVersion(), versionString().section(QLatin1Char('r'), 1)),
            QStringLiteral("HM: HMR3Init: VT-x is not available (VERR_VMX_NO_VMX)"),
            QStringLiteral("VMSetError: VT-x is not available (VERR_VMX_NO_VMX)"),
            QStringLiteral("ERROR [COM]: aRC=E_FAIL (0x80004005) aIID={872da645-4a9b-1727-bee2-5585105b9eed} "
                           "aComponent={ConsoleWrap} aText={VT-x is not available (VERR_VMX_NO_VMX)}, preserve=false "
                           "aResultDetail=-4009"),
            QStringLiteral("Power up failed (vrc=VERR_VMX_NO_VMX, hrc=E_FAIL (0X80004005))") });
    ComError e;
    e.message = QStringLiteral("VT-x is not available (VERR_VMX_NO_VMX)");
    e.status = E_Fail;
    e.component = QStringLiteral("ConsoleWrap");
    e.interfaceName = QStringLiteral("IConsole");
    e.withCallee = false;
    return comError(e);
}

int alreadyLocked(const Machine &machine)
{
    return comErrorAt(site::startVmLaunch,
        QStringLiteral("The machine '%1' is already locked by a session (or being locked or unlocked)")
            .arg(machine.name),
        E_InvalidObjectState, QStringLiteral("MachineWrap"), QStringLiteral("IMachine"));
}

int startOne(const QString &vm)
{
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(vm);
    if (!machine)
        return machineNotFound(vm, site::startVmFind);
    if (isRunning(currentState(*machine)))
        return alreadyLocked(*machine);
    printOut(QStringLiteral("Waiting for VM \"%1\" to power on...\n").arg(vm));
    if (activeFault() == QLatin1String("no-vtx"))
        return failWithoutVtx(*machine);
    LaunchError launchError;
    machine->setState(QStringLiteral("running"));
    Registry::saveMachine(*machine, &error);
    if (!launchVm(*machine, registry, &launchError)) {
        machine->setState(QStringLiteral("poweroff"));
        Registry::saveMachine(*machine, &error);
        ComError e;
        e.message = launchError.message;
        if (!launchError.detail.isEmpty())
            e.message += QLatin1Char('\n') + launchError.detail;
        e.status = E_Fail;
        e.component = QStringLiteral("ConsoleWrap");
        e.interfaceName = QStringLiteral("IConsole");
        e.withCallee = false;
        return comError(e);
    }
    printOut(QStringLiteral("VM \"%1\" has been successfully started.\n").arg(vm));
    return ExitSuccess;
}

bool qmpCommand(const Machine &machine, const QString &command, const QJsonObject &arguments = {})
{
    QmpClient qmp;
    return qmp.connectTo(VmRuntime(machine).qmpSocket, 5000) && qmp.execute(command, nullptr, 10000, arguments);
}

// controlvm poweroff: QEMU quits; the supervisor records the state. A QEMU that does not quit is killed.
void powerOff(const Machine &machine)
{
    const VmRuntime runtime(machine);
    QFile marker(runtime.powerOffRequest);
    if (marker.open(QIODevice::WriteOnly))
        marker.close();
    qmpCommand(machine, QStringLiteral("quit"));
    QElapsedTimer timer;
    timer.start();
    while (processAlive(runtime.supervisorPid()) && timer.elapsed() < 10000)
        QThread::msleep(50);
    if (processAlive(runtime.qemuPid()))
        ::kill(static_cast<pid_t>(runtime.qemuPid()), SIGKILL);
    while (processAlive(runtime.supervisorPid()) && timer.elapsed() < 20000)
        QThread::msleep(50);
}

QString hostfwdRule(const PortForward &f)
{
    return QStringLiteral("%1:%2:%3-%4:%5").arg(f.protocol, f.hostIp).arg(f.hostPort).arg(f.guestIp).arg(f.guestPort);
}

} // namespace

int handleStartVm(const QStringList &args)
{
    enum { Type = 1, PutEnv, Password, PasswordId };
    OptionParser parser(args,
        { { { QStringLiteral("--type"), QStringLiteral("-type") }, Type, ValueKind::String },
            { { QStringLiteral("--putenv"), QStringLiteral("-E") }, PutEnv, ValueKind::String },
            { { QStringLiteral("--password") }, Password, ValueKind::String },
            { { QStringLiteral("--password-id") }, PasswordId, ValueKind::String } });
    QStringList vms;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            vms << o.value;
        } else if (o.status == ParsedOption::Unknown) {
            return syntaxError(QStringLiteral("unknown option: %1\n").arg(o.name));
        } else if (o.status != ParsedOption::Option) {
            return OptionParser::report(o);
        } else if (o.id == Type) {
            const QString type = o.value;
            if (type != QLatin1String("gui") && type != QLatin1String("headless") && type != QLatin1String("sdl")
                && type != QLatin1String("separate"))
                return argumentError(QStringLiteral("Invalid session type '%1'").arg(type));
        }
    }
    if (vms.isEmpty())
        return syntaxError(QStringLiteral("at least one VM name or uuid required"));
    int result = ExitSuccess;
    for (const QString &vm : std::as_const(vms))
        if (startOne(vm) != ExitSuccess)
            result = ExitFailure;
    return result;
}

int handleControlVm(const QStringList &args)
{
    if (args.size() < 2)
        return syntaxError(QStringLiteral("Not enough parameters."));
    const QString vm = args.at(0);
    const QString sub = args.at(1);
    setCurrentCommand(QStringLiteral("controlvm"), sub);
    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Machine *machine = registry.findMachine(vm);
    if (!machine)
        return machineNotFound(vm, site::controlVmFind);
    const QString state = currentState(*machine);
    if (!isRunning(state)) {
        msgError(QStringLiteral("Machine '%1' is not currently running.").arg(vm));
        return ExitFailure;
    }
    auto vmStateError = [&](const QString &message, const QString &context, int line) {
        ComError e;
        e.message = message;
        e.status = E_InvalidVmState;
        e.component = QStringLiteral("ConsoleWrap");
        e.interfaceName = QStringLiteral("IConsole");
        e.context = context;
        e.line = line;
        e.file = QStringLiteral("VBoxManageControlVM.cpp");
        return comError(e);
    };
    if (sub == QLatin1String("pause")) {
        if (state == QLatin1String("paused"))
            return vmStateError(QStringLiteral("Invalid machine state: Paused"), QStringLiteral("Pause()"), 390);
        qmpCommand(*machine, QStringLiteral("stop"));
        machine->setState(QStringLiteral("paused"));
    } else if (sub == QLatin1String("resume")) {
        if (state != QLatin1String("paused"))
            return vmStateError(QStringLiteral("Invalid machine state: Running"), QStringLiteral("Resume()"), 395);
        qmpCommand(*machine, QStringLiteral("cont"));
        machine->setState(QStringLiteral("running"));
    } else if (sub == QLatin1String("reset")) {
        qmpCommand(*machine, QStringLiteral("system_reset"));
    } else if (sub == QLatin1String("acpipowerbutton")) {
        qmpCommand(*machine, QStringLiteral("system_powerdown"));
        return ExitSuccess;
    } else if (sub == QLatin1String("poweroff")) {
        // The supervisor records the state under the registry lock: let it.
        const Machine copy = *machine;
        transaction.unlock();
        powerOff(copy);
        progressDone();
        return ExitSuccess;
    } else if (sub.startsWith(QLatin1String("natpf"))) {
        bool ok = false;
        const int n = sub.mid(5).toInt(&ok);
        if (!ok || n < 1 || n > machine->nics.size() || args.size() < 3)
            return syntaxError(QStringLiteral("Missing or invalid argument to '%1'.").arg(sub));
        NetworkAdapter &nic = machine->nics[n - 1];
        const QString netdev = QStringLiteral("net%1").arg(n - 1);
        if (args.at(2) == QLatin1String("delete")) {
            if (args.size() < 4)
                return syntaxError(QStringLiteral("Missing or invalid argument to '%1'.").arg(sub));
            for (const PortForward &f : std::as_const(nic.forwards))
                if (f.name == args.at(3))
                    qmpCommand(*machine, QStringLiteral("human-monitor-command"),
                        { { QStringLiteral("command-line"),
                            QStringLiteral("hostfwd_remove %1 %2:%3:%4")
                                .arg(netdev, f.protocol, f.hostIp)
                                .arg(f.hostPort) } });
            nic.forwards.removeIf([&](const PortForward &f) { return f.name == args.at(3); });
        } else {
            QStringList parts = args.at(2).split(QLatin1Char(','));
            if (parts.size() != 6)
                return syntaxError(QStringLiteral("Missing or invalid argument to '%1'.").arg(sub));
            const QString proto = parts.at(1).toLower();
            if (proto != QLatin1String("tcp") && proto != QLatin1String("udp"))
                return syntaxError(
                    QStringLiteral("Wrong rule proto '%1' specified -- only 'udp' and 'tcp' are allowed.")
                        .arg(parts.at(1)));
            const PortForward rule { parts.at(0), proto, parts.at(2), parts.at(3).toUInt(), parts.at(4),
                parts.at(5).toUInt() };
            nic.forwards.append(rule);
            // Listed by name, as VirtualBox keeps them (and modifyvm --natpf here).
            std::sort(nic.forwards.begin(), nic.forwards.end(),
                [](const PortForward &a, const PortForward &b) { return a.name < b.name; });
            qmpCommand(*machine, QStringLiteral("human-monitor-command"),
                { { QStringLiteral("command-line"),
                    QStringLiteral("hostfwd_add %1 %2").arg(netdev, hostfwdRule(rule)) } });
        }
    } else if (sub.startsWith(QLatin1String("setlinkstate"))) {
        bool ok = false;
        const int n = sub.mid(12).toInt(&ok);
        if (!ok || n < 1 || n > machine->nics.size() || args.size() < 3)
            return syntaxError(QStringLiteral("Missing argument to '%1'.").arg(sub));
        const bool up = args.at(2) == QLatin1String("on");
        if (!up && args.at(2) != QLatin1String("off"))
            return syntaxError(QStringLiteral("Invalid link state '%1'.").arg(args.at(2)));
        machine->nics[n - 1].cableConnected = up;
        qmpCommand(*machine, QStringLiteral("set_link"),
            { { QStringLiteral("name"), QStringLiteral("nic%1").arg(n - 1) }, { QStringLiteral("up"), up } });
    } else {
        return syntaxError(QStringLiteral("Invalid parameter '%1'.").arg(sub));
    }
    return transaction.commit(machine);
}

} // namespace vboxdouble
