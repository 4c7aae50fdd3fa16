#pragma once

#include "drivers/imagevmdriver.h"
#include "qmpclient.h"
#include "virtiofsd.h"

#include <QList>

namespace berth {

// A Docker VM of Berth's own image under QEMU: KVM, HVF or WHPX when there is one, TCG otherwise;
// user-mode networking with SSH and Docker forwarded to free local ports; state and shutdown over
// QMP; the user's home shared through virtiofs (Linux, where virtiofsd is installed) or 9p (not on Windows:
// QEMU for Windows has neither).
class QemuDriver final : public ImageVmDriver {
public:
    QemuDriver(const QString &machineName, const QString &storePath);

    static QList<DriverFlag> createFlags();
    // Whether QEMU can run Berth's VM here (qemucheck.cpp): its programs, version and accelerator, and the
    // VM image in the store's cache or the build cache. Runs qemu-system --version: blocking.
    static DriverCheck check(const QString &storePath);

    QString driverName() const override { return QStringLiteral("qemu"); }
    bool setConfigFromFlags(const FlagValues &flags, QString *error) override;
    bool preCreateCheck(QString *error) override;
    bool create(Progress *progress, QString *error) override;
    bool bootAfterCreate(Progress *progress, QString *error) override;
    bool remove(QString *error) override;
    bool start(Progress *progress, QString *error) override;
    bool stop(Progress *progress, QString *error) override;
    bool restart(Progress *progress, QString *error) override;
    bool kill(QString *error) override;
    MachineState state(QString *error) override;
    bool stateIsLocal() const override { return true; }
    QString ip(QString *error) const override;
    QString url(QString *error) const override;
    int enginePort() const override { return 2376; }
    // Host forwards of QEMU's user network, added and removed while it runs (QMP's human-monitor-command:
    // hostfwd_add, hostfwd_remove, info usernet).
    bool forwardsPorts() const override { return true; }
    bool portForwards(QList<PortForward> *forwards, QString *error) override;
    bool addPortForward(const PortForward &forward, QString *error) override;
    bool removePortForward(const PortForward &forward, QString *error) override;
    // A paused QEMU (stopped by a signal, or by QMP) still exists.
    bool vmExists() override { return runningPid() > 0; }

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

    // The files in the machine folder that this driver makes.
    QString systemDiskPath() const;
    QString dataDiskPath() const;
    QString pidFilePath() const;
    QString qmpSocketPath() const;
    QString qmpPortPath() const; // Windows: QMP is on this loopback port (see QemuProcess::qmpOverTcp)
    QString qemuLogPath() const; // Windows: QEMU's own output (on POSIX it has none once daemonized)
    // virtiofsd's (virtiofsd.h), while the shared folder goes through virtiofs.
    QString virtiofsSocketPath() const;
    QString virtiofsdPidPath() const;
    QString virtiofsdLogPath() const;

protected:
    QStringList imageFiles(const VmImage &image) const override;
    bool vmRunning() const override { return runningPid() > 0; }
    bool currentSystemDisk(QString *disk, QString *error) override;
    bool replaceSystemDisk(
        const QString &oldDisk, const VmImage &previous, Progress *progress, QString *error) override;
    QString stoppedDetails() const override;

private:
    bool findTools(QString *error);
    bool createSystemDisk(QString *error);
    bool launch(QString *error);
    // Waits up to timeoutMs for QEMU (pid) to exit; false at once when progress is canceled.
    bool waitForExit(qint64 pid, int timeoutMs, Progress *progress) const;
    qint64 runningPid() const;
    QmpEndpoint qmpEndpoint() const;
    // virtiofs: the shared folder through virtiofsd's socket rather than QEMU's own 9p.
    QStringList qemuArguments(const QmpEndpoint &qmp, bool virtiofs) const;
    // How the shared folder goes into the VM at this start: *virtiofsd is the program serving it through virtiofs,
    // empty for 9p. False (with *error) when virtiofs was asked for and cannot be had.
    bool chooseShareProtocol(Virtiofsd::Program *virtiofsd, QString *error) const;
    // Starts virtiofsd when the folder goes through virtiofs (*virtiofs then true).
    bool startVirtiofsd(bool *virtiofs, QString *error);
    // A command of QEMU's human monitor, over QMP; *output is what the monitor printed.
    bool monitor(const QString &command, QString *output, QString *error) const;

    QString m_qemuBinary;
    QString m_qemuImg;
    QString m_accelerator; // "kvm", "hvf", "whpx" or "tcg", as QEMU reported at the last start
    QString m_shareProtocol; // "virtiofs" or "9p" as asked for at create; empty: Berth chooses at each start
    QString m_virtiofsd; // virtiofsd's path as given at create (--qemu-virtiofsd); empty: found at each start
};

} // namespace berth
