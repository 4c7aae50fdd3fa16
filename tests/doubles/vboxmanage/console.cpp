#include "console.h"

#include <QDateTime>

#include <cstdio>

namespace vboxdouble {

namespace {
QString g_command;
QString g_subcommand;
bool g_logoShown = false;

const char *const kDefaultVersion = "7.0.14r161095";

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

void showLogo()
{
    if (g_logoShown)
        return;
    g_logoShown = true;
    printErr(QStringLiteral("Oracle VM VirtualBox Command Line Management Interface Version %1\n"
                            "Copyright (C) 2005-2024 Oracle and/or its affiliates\n\n")
                 .arg(productVersion()));
}

// A short synopsis per command (VBoxManage prints the manual page's synopsis here).
QString usageOf(const QString &command, const QString &subcommand)
{
    const QString head = QStringLiteral("Usage:\n\nVBoxManage ") + command;
    if (command == QLatin1String("modifyvm"))
        return head
            + QStringLiteral(" <uuid|vmname> [--name=name] [--os-type=OS_type] [--memory=size-in-MB] "
                             "[--cpus=CPU-count] [--firmware=bios|efi|efi32|efi64] [--nicN=none|null|nat|"
                             "bridged|intnet|hostonly|generic|natnetwork] [--nat-pfN=[rule-name],tcp|udp,"
                             "[host-IP],hostport,[guest-IP],guestport] [--uartN=off|IO-base IRQ] "
                             "[--uart-modeN=disconnected|server pipe|client pipe|tcpserver port|"
                             "tcpclient hostname:port|file filename|device-name] ...\n");
    if (command == QLatin1String("showvminfo"))
        return head
            + QStringLiteral(" <uuid|vmname> [--details] [--machinereadable] [--password-id] "
                             "[--password]\nVBoxManage showvminfo <uuid|vmname> <--log=index> "
                             "[--password-id=id] [--password=file|-]\n");
    if (command == QLatin1String("list"))
        return head
            + QStringLiteral(" [--long] [--platform-arch=x86|arm] [--sorted] [bridgedifs | cloudnets | "
                             "cloudprofiles | cloudproviders | cpu-profiles | dhcpservers | dvds | "
                             "extpacks | floppies | groups | hddbackends | hdds | hostcpuids | hostdrives "
                             "| hostdvds | hostfloppies | hostinfo | hostonlyifs | hostonlynets | "
                             "intnets | natnets | ostypes | ossubtypes | runningvms | screenshotformats "
                             "| systemproperties | usbfilters | usbhost | vms | webcams]\n");
    if (!subcommand.isEmpty())
        return head + QLatin1Char(' ') + subcommand + QStringLiteral(" ...\n");
    return head + QStringLiteral(" ...\n");
}
} // namespace

QString versionString()
{
    const QString fromEnv = qEnvironmentVariable("BERTH_VBOX_DOUBLE_VERSION");
    return fromEnv.isEmpty() ? QString::fromLatin1(kDefaultVersion) : fromEnv;
}

QString productVersion()
{
    const QString version = versionString();
    const int r = version.indexOf(QLatin1Char('r'));
    return r < 0 ? version : version.left(r);
}

void printOut(const QString &text)
{
    write(stdout, text);
}

void printErr(const QString &text)
{
    write(stderr, text);
}

void msgError(const QString &text)
{
    QString body = text;
    if (body.endsWith(QLatin1Char('\n')))
        body.chop(1);
    QString result;
    for (const QString &line : body.split(QLatin1Char('\n')))
        result += QStringLiteral("VBoxManage: error: ") + line + QLatin1Char('\n');
    printErr(result);
}

void setCurrentCommand(const QString &command, const QString &subcommand)
{
    g_command = command;
    g_subcommand = subcommand;
}

// VBoxManage repeats the message after a usage of many lines (modifyvm's, list's).
static void repeatAfterLongUsage(const QString &message)
{
    if (g_command == QLatin1String("modifyvm") || g_command == QLatin1String("list")) {
        printErr(QStringLiteral("\n"));
        msgError(message);
    }
}

int syntaxError(const QString &message)
{
    showLogo();
    msgError(message);
    printErr(QStringLiteral("\n") + usageOf(g_command, g_subcommand));
    repeatAfterLongUsage(message);
    return ExitSyntax;
}

static int getOptError(const QString &message)
{
    showLogo();
    msgError(message);
    printErr(usageOf(g_command, g_subcommand));
    repeatAfterLongUsage(message);
    return ExitSyntax;
}

int unknownOption(const QString &option)
{
    return getOptError(QStringLiteral("Unknown option: ") + option);
}

int invalidParameter(const QString &parameter)
{
    return getOptError(QStringLiteral("Invalid parameter '%1'").arg(parameter));
}

int invalidArgumentFormat(const QString &value)
{
    return getOptError(QStringLiteral("Invalid argument format: ") + value);
}

int optionStatusError(const QString &option, const QString &status)
{
    return getOptError(option + QStringLiteral(": ") + status);
}

int argumentError(const QString &message)
{
    msgError(message);
    return ExitSyntax;
}

static QString hex(quint32 value)
{
    return QStringLiteral("0x%1").arg(value, 8, 16, QLatin1Char('0'));
}

int comError(const ComError &error)
{
    QString details
        = QStringLiteral("Details: code %1 (%2)").arg(QLatin1String(error.status.name), hex(error.status.value));
    if (!error.component.isEmpty())
        details += QStringLiteral(", component ") + error.component;
    if (!error.interfaceName.isEmpty())
        details += QStringLiteral(", interface ") + error.interfaceName;
    if (error.withCallee)
        details += QStringLiteral(", callee nsISupports");
    msgError(error.message + QLatin1Char('\n') + details);
    if (!error.context.isEmpty())
        msgError(
            QStringLiteral("Context: \"%1\" at line %2 of file %3").arg(error.context).arg(error.line).arg(error.file));
    return ExitFailure;
}

int comErrorAt(const CallSite &where, const QString &message, ComStatus status, const QString &component,
    const QString &interfaceName)
{
    ComError error;
    error.message = message;
    error.status = status;
    error.component = component;
    error.interfaceName = interfaceName;
    error.context = QString::fromLatin1(where.call);
    error.line = where.line;
    error.file = QString::fromLatin1(where.file);
    return comError(error);
}

int comErrorWithoutInfo(ComStatus status, const QString &description, const CallSite &where)
{
    msgError(QStringLiteral("Code %1 (%2) - %3 (extended info not available)")
                 .arg(QLatin1String(status.name), hex(status.value), description));
    msgError(QStringLiteral("Context: \"%1\" at line %2 of file %3")
                 .arg(QString::fromLatin1(where.call))
                 .arg(where.line)
                 .arg(QString::fromLatin1(where.file)));
    return ExitFailure;
}

int machineNotFound(const QString &nameOrUuid, const CallSite &where)
{
    return comErrorAt(where, QStringLiteral("Could not find a registered machine named '%1'").arg(nameOrUuid),
        E_ObjectNotFound, QStringLiteral("VirtualBoxWrap"), QStringLiteral("IVirtualBox"));
}

int machineLocked(const QString &machineName, const CallSite &where)
{
    return comErrorAt(where,
        QStringLiteral("The machine '%1' is already locked for a session (or being unlocked)").arg(machineName),
        E_InvalidObjectState, QStringLiteral("MachineWrap"), QStringLiteral("IMachine"));
}

void progressDone()
{
    printErr(QStringLiteral("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"));
}

} // namespace vboxdouble
