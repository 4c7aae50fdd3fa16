#pragma once

#include "drivers/basedriver.h"
#include "provision/engineconfig.h"
#include "qmpclient.h"
#include "vmimage/vmimage.h"

#include <QList>

namespace berth {

class VmImage;

// A Docker VM of Berth's own image under QEMU: KVM, HVF or WHPX when there is one, TCG otherwise;
// user-mode networking with SSH and Docker forwarded to free local ports; state and shutdown over
// QMP; the user's home shared over 9p (not on Windows: QEMU for Windows has no 9p).
class QemuDriver final : public BaseDriver {
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
    bool upgrade(Progress *progress, bool *upToDate, QString *error) override;
    MachineState state(QString *error) override;
    bool stateIsLocal() const override { return true; }
    QString ip(QString *error) const override;
    QString url(QString *error) const override;
    int enginePort() const override { return 2376; }
    int bootSeconds() const override { return m_bootTimeoutSeconds; }
    MachineResources resources() const override { return { m_cpuCount, m_memoryMb, m_diskSizeMb, m_image.version }; }
    QString diagnose() const override;
    bool imageEngineHost(EngineHost *host) const override;
    bool setEngineSeed(const QList<RemoteFile> &files, QString *error) override;

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

    // The files in the machine folder that this driver makes.
    QString systemDiskPath() const;
    QString dataDiskPath() const;
    QString seedPath() const;
    QString pidFilePath() const;
    QString qmpSocketPath() const;
    QString qmpPortPath() const; // Windows: QMP is on this loopback port (see QemuProcess::qmpOverTcp)
    QString qemuLogPath() const; // Windows: QEMU's own output (on POSIX it has none once daemonized)
    QString serialLogPath() const;

private:
    bool findTools(QString *error);
    bool useImage(const QString &explicitDir, Progress *progress, QString *error);
    bool createSystemDisk(QString *error);
    bool launch(QString *error);
    bool waitForSsh(Progress *progress, QString *error);
    // Waits up to timeoutMs for QEMU (pid) to exit; false at once when progress is canceled.
    bool waitForExit(qint64 pid, int timeoutMs, Progress *progress) const;
    bool ensureFreePorts(QString *error);
    bool writeSeed(QString *error) const;
    qint64 runningPid() const;
    QmpEndpoint qmpEndpoint() const;
    QStringList qemuArguments(const QmpEndpoint &qmp) const;

    int m_cpuCount = 1;
    int m_memoryMb = 1024;
    int m_diskSizeMb = 20000;
    int m_dockerForwardPort = 0;
    QString m_qemuBinary;
    QString m_qemuImg;
    // The store's copy of the image this machine was made from (dir; before create, the folder
    // --qemu-image named, if any), and what QEMU boots from it.
    VmImage m_image;
    QString m_sharedFolder; // host folder shared into the guest at the same path; empty: none
    QList<RemoteFile> m_engineSeed; // on the seed until the provisioning has run (create only)
    QString m_accelerator; // "kvm", "hvf", "whpx" or "tcg", as QEMU reported at the last start
    int m_bootTimeoutSeconds = 180;
};

} // namespace berth
