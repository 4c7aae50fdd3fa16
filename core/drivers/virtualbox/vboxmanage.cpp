#include "vboxmanage.h"

#include "process/commandrunner.h"
#include "util/translate.h"
#include "vboxhost.h"

#include <QDir>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>

namespace berth::vbox {

Q_LOGGING_CATEGORY(lcVirtualBox, "berth.driver.virtualbox")

namespace {

constexpr int notReadyAttempts = 5;

QStringList foldersOf(const char *variable)
{
    QStringList folders;
    const QStringList listed = qEnvironmentVariable(variable).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    for (const QString &folder : listed)
        folders << QDir::fromNativeSeparators(folder.trimmed());
    return folders;
}

QString findIn(const QStringList &folders)
{
    // findExecutable searches the PATH for an empty list of folders.
    if (folders.isEmpty())
        return {};
    for (const char *name : { "VBoxManage", "vboxmanage" }) {
        const QString found = QStandardPaths::findExecutable(QLatin1String(name), folders);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

// The command as messages name it: "VBoxManage createvm", "VBoxManage list hostonlyifs".
QString commandName(const QStringList &args)
{
    QStringList words { QStringLiteral("VBoxManage") };
    for (const QString &arg : args) {
        if (arg.startsWith(QLatin1Char('-')) || words.size() == 3)
            break;
        words << arg;
        // Subcommands: "list vms", "hostonlyif create", "dhcpserver add"; a VM's name is not one of them.
        static const QStringList withSubcommand { QStringLiteral("list"), QStringLiteral("hostonlyif"),
            QStringLiteral("dhcpserver"), QStringLiteral("sharedfolder"), QStringLiteral("clonemedium"),
            QStringLiteral("createmedium"), QStringLiteral("closemedium") };
        if (words.size() == 2 && !withSubcommand.contains(arg))
            break;
    }
    return words.join(QLatin1Char(' '));
}

} // namespace

QString VBoxManage::locate()
{
    for (const char *variable : { "VBOX_MSI_INSTALL_PATH", "VBOX_INSTALL_PATH" }) {
        if (const QString found = findIn(foldersOf(variable)); !found.isEmpty())
            return found;
    }
    if (const QString found = findIn(installFolders()); !found.isEmpty())
        return found;
    for (const char *name : { "VBoxManage", "vboxmanage" }) {
        if (const QString found = QStandardPaths::findExecutable(QLatin1String(name)); !found.isEmpty())
            return found;
    }
    return {};
}

VBoxManage::VBoxManage(const QString &path, int timeoutSeconds)
    : m_path(path)
    , m_timeoutSeconds(timeoutSeconds > 0 ? timeoutSeconds : defaultTimeoutSeconds)
{
}

QString VBoxManage::notFoundMessage()
{
    return tr("VBoxManage not found: VirtualBox is not installed, or not where Berth looks (VBOX_MSI_INSTALL_PATH, "
              "VBOX_INSTALL_PATH, VirtualBox's own folder, the PATH). Install VirtualBox 5.2 or later from "
              "https://www.virtualbox.org, or set VBOX_INSTALL_PATH to the folder that holds VBoxManage.");
}

QString VBoxManage::errorText(
    const QStringList &args, const QByteArray &standardError, const QByteArray &standardOutput)
{
    // "VBoxManage: error: Could not find a registered machine named 'x'", then its Details and Context lines.
    static const QRegularExpression errorLine(
        QStringLiteral("^\\S*?VBoxManage(?:\\.exe)?: error: (.*)$"), QRegularExpression::MultilineOption);
    QString message;
    const QString text = QString::fromUtf8(standardError).remove(QLatin1Char('\r'));
    for (auto it = errorLine.globalMatch(text); it.hasNext();) {
        const QString line = it.next().captured(1).trimmed();
        if (!line.startsWith(QLatin1String("Details:")) && !line.startsWith(QLatin1String("Context:"))) {
            message = line;
            break;
        }
    }
    if (message.isEmpty()) {
        CommandOutput output;
        output.standardError = standardError;
        output.standardOutput = standardOutput;
        message = CommandRunner::lastLine(output);
    }
    return tr("%1 failed: %2").arg(commandName(args), message);
}

Result VBoxManage::run(const QStringList &args, int timeoutSeconds) const
{
    Result result;
    if (!found()) {
        result.error = notFoundMessage();
        return result;
    }
    const int seconds = timeoutSeconds > 0 ? timeoutSeconds : m_timeoutSeconds;
    for (int attempt = 1;; ++attempt) {
        const CommandOutput output = CommandRunner::run(m_path, args, seconds * 1000);
        result.standardOutput = outputAsUtf8(output.standardOutput);
        result.standardError = outputAsUtf8(output.standardError);
        if (!output.startError.isEmpty()) {
            result.error = tr("VBoxManage (%1) could not be started: %2. Reinstall VirtualBox, or set "
                              "VBOX_INSTALL_PATH to the folder that holds a working VBoxManage.")
                               .arg(nativePath(m_path), output.startError);
            return result;
        }
        if (output.timedOut) {
            result.timedOut = true;
            result.error = tr("%1 did not finish within %2 s and was stopped: VirtualBox does not answer. Close "
                              "VirtualBox's windows, end its VBoxSVC process (or restart the computer), and try "
                              "again.")
                               .arg(commandName(args))
                               .arg(seconds);
            qCDebug(lcVirtualBox) << "timed out:" << args;
            return result;
        }
        const bool failed = output.exitCode != 0 || output.standardError.contains("error:");
        if (!failed) {
            result.ok = true;
            return result;
        }
        // VirtualBox's sessions stay locked a moment after a VM changes state.
        if (output.standardError.contains("The object is not ready") && attempt < notReadyAttempts) {
            qCDebug(lcVirtualBox) << "not ready, trying again:" << args;
            QThread::msleep(100u << attempt);
            continue;
        }
        result.machineNotFound = output.standardError.contains("Could not find a registered machine");
        result.error = errorText(args, result.standardError, result.standardOutput);
        return result;
    }
}

bool VBoxManage::run(const QStringList &args, QByteArray *output, QString *error, int timeoutSeconds) const
{
    const Result result = run(args, timeoutSeconds);
    if (output)
        *output = result.standardOutput;
    if (!result.ok && error)
        *error = result.error;
    return result.ok;
}

} // namespace berth::vbox
