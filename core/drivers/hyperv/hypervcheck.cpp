// HyperVDriver::check: what the first-run check shows of Hyper-V on this computer.

#include "hypervdriver.h"
#include "util/translate.h"
#include "vmimage/vmimage.h"

#include <QFileInfo>

namespace berth {

using namespace hyperv;

namespace {
// On Windows above QEMU with WHPX (100), below VirtualBox (110), which shares the home folder; Hyper-V
// running keeps VirtualBox from being usable at all. Elsewhere only Berth's test double answers.
#if defined(Q_OS_WIN)
constexpr int hyperVPreference = 105;
#else
constexpr int hyperVPreference = 5;
#endif
} // namespace

DriverCheck HyperVDriver::check(const QString &storePath)
{
    DriverCheck c;
    c.driverName = QStringLiteral("hyperv");
    c.preference = hyperVPreference;
    QStringList problems, remedies;
    const auto result = [&] { return c.finished(problems, remedies); };

    const PowerShell ps(PowerShell::locate(), 60);
    if (!ps.found()) {
        c.summary = tr("Hyper-V is not available");
        problems << tr("Berth found no Windows PowerShell, through which it drives Hyper-V.");
#if defined(Q_OS_WIN)
        remedies << tr("Repair Windows, or put the folder of powershell.exe on the PATH.");
#else
        remedies << tr("Hyper-V runs on Windows only: choose another driver.");
#endif
        return result();
    }
    Result run = ps.run(tr("checking Hyper-V"), scripts::hostCheck());
    const QStringList lines
        = QString::fromUtf8(run.standardOutput).remove(QLatin1Char('\r')).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (!run.ok || lines.size() < 3) {
        c.summary = tr("Hyper-V cannot be checked");
        problems << (run.ok ? tr("PowerShell's answer about Hyper-V is not understood.") : run.error);
        remedies << tr("Try again; if it stays, repair Windows PowerShell.");
        return result();
    }
    if (lines.at(0).trimmed().toInt() < 1) {
        c.summary = tr("Hyper-V is not turned on");
        problems << tr("The Hyper-V PowerShell module is not installed: Hyper-V is off on this computer.");
        remedies << tr("Turn Hyper-V on in Windows Features (with Hyper-V Management Tools) and restart Windows; it "
                       "needs Windows 10 or 11 Pro, Enterprise or Education.");
        return result();
    }
    c.usable = true;
    c.accelerator = QStringLiteral("Hyper-V");
    if (lines.at(1).trimmed() != QLatin1String("True") && lines.at(2).trimmed() != QLatin1String("True")) {
        c.usable = false;
        problems << tr("You are neither an administrator nor in the Hyper-V Administrators group.");
        remedies << tr("Run in PowerShell as an administrator: Add-LocalGroupMember -Group \"Hyper-V Administrators\" "
                       "-Member $env:USERNAME, then sign out and in again.");
    } else {
        run = ps.run(
            tr("listing Hyper-V's switches"), scripts::vmCountAndSwitches(), { { QStringLiteral("NAME"), QString() } });
        const QByteArray output = run.standardOutput.trimmed();
        const qsizetype lineEnd = output.indexOf('\n');
        QJsonArray items;
        QString chosen, message;
        if (!run.ok) {
            c.usable = false;
            problems << run.error;
            remedies << tr("Look at Hyper-V in Hyper-V Manager; restart Windows if it does not answer.");
        } else if (!PowerShell::parseJson(lineEnd < 0 ? QByteArray() : output.mid(lineEnd + 1), &items, &message)
            || !chooseSwitch(
                QString(), parseSwitches(items), QStringLiteral("hyperv-virtual-switch"), &chosen, &message)) {
            c.usable = false;
            problems << tr("Hyper-V has no virtual switch for the VM's network.");
            remedies << message;
        }
    }

    VmImage image;
    QString imageError;
    if (!VmImage::find(
            storePath + QStringLiteral("/cache"), qEnvironmentVariable("HYPERV_IMAGE"), &image, &imageError)) {
        c.usable = false;
        problems << tr("Berth's VM image is missing or cannot be used.");
        remedies << imageError;
    } else if (!QFileInfo::exists(image.filePath(QStringLiteral("system.vhdx")))) {
        c.usable = false;
        problems << tr("Berth's VM image has no disk for Hyper-V (system.vhdx).");
        remedies << tr("Rebuild it with installer/vm-image/build.sh.");
    }
    c.summary = c.usable ? tr("Hyper-V") : tr("Hyper-V cannot be used");
    return result();
}

} // namespace berth
