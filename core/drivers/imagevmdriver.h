#pragma once

#include "basedriver.h"
#include "provision/engineconfig.h"
#include "vmimage/vmimage.h"

#include <QList>

#include <functional>

namespace berth {

// The user's folder shared into a VM: where it is on this computer, and where the guest mounts it (the seed's
// berth_shared_folder). Empty hostPath: nothing is shared.
struct SharedFolder {
    QString hostPath;
    QString guestPath;

    bool isEmpty() const { return hostPath.isEmpty(); }
    // The guest's path for a folder of this computer: the same path on Linux and macOS; on Windows the drive
    // letter becomes the first folder, as Docker Toolbox had it (C:\Users\alice is /c/Users/alice), so the
    // paths docker's CLI converts (COMPOSE_CONVERT_WINDOWS_PATHS) are found in the VM.
    static QString guestPathFor(const QString &hostPath);
};

// What the drivers that boot Berth's VM image on this computer share (QEMU, VirtualBox): the image in the
// store's cache, the machine's seed (its SSH key, host name, shared folder and the engine's first files), the
// user's folder shared into the VM, the local ports forwarded to it, the wait for its boot on its serial
// console and over SSH, and what that console says when it does not answer.
class ImageVmDriver : public BaseDriver {
public:
    int bootSeconds() const override { return m_bootTimeoutSeconds; }
    MachineResources resources() const override { return { m_cpuCount, m_memoryMb, m_diskSizeMb, m_image.version }; }
    QString diagnose() const override;
    bool imageEngineHost(EngineHost *host) const override;
    bool setEngineSeed(const QList<RemoteFile> &files, QString *error) override;
    // The newest image's system disk in place of the machine's; its data disk stays. The VM is stopped for it
    // and runs again after, as docker-machine's upgrade leaves a machine: the provisioning that follows
    // configures the new system disk's engine. A Toolbox machine is not upgraded: the error says how to move.
    bool upgrade(Progress *progress, bool *upToDate, QString *error) override;
    // Made by docker-machine (Docker Toolbox's boot2docker), not of Berth's image: Berth starts, stops and
    // removes it, but does not upgrade it.
    bool isToolboxMachine() const override { return m_image.version.isEmpty(); }
    // Published ports listen on this computer's loopback, or on every interface when the machine was made with
    // --DRIVER-publish-all-interfaces.
    bool publishesOnEveryInterface() const override { return m_publishAllInterfaces; }
    // The machine a Toolbox machine moves to (berth upgrade --move): "NAME-berth".
    static QString movedMachineName(const QString &name) { return name + QStringLiteral("-berth"); }

    // Files in the machine folder that every such VM has.
    QString seedPath() const;
    QString serialLogPath() const;

    // The folder to share: none when noShare, else folder or, when empty, the user's home; false with a
    // message naming folderFlag when the seed could not name it.
    static bool chooseSharedFolder(
        const QString &folder, bool noShare, const QString &folderFlag, SharedFolder *shared, QString *error);

protected:
    ImageVmDriver(const QString &machineName, const QString &storePath);

    // The image's files this driver boots from (its system disk, a kernel or a boot ISO).
    virtual QStringList imageFiles(const VmImage &image) const = 0;
    // Whether the VM still runs, asked now and then while it boots.
    virtual bool vmRunning() const = 0;
    // What the hypervisor says of a VM that stopped while it booted, a line or two; empty when nothing.
    virtual QString stoppedDetails() const { return {}; }
    // Before an upgrade changes anything: the VM's system disk as the hypervisor names it, or false with why
    // the upgrade cannot be done.
    virtual bool currentSystemDisk(QString *disk, QString *error) = 0;
    // The VM stopped and m_image the new image (previous the machine's): its system disk copied and attached
    // in place of oldDisk, which goes. False leaves the VM with oldDisk.
    virtual bool replaceSystemDisk(const QString &oldDisk, const VmImage &previous, Progress *progress, QString *error)
        = 0;

    QString storeCacheDir() const { return m_storePath + QStringLiteral("/cache"); }
    // The image create uses: the one named before create (a flag), else the newest.
    bool findImage(VmImage *image, QString *error) const;
    // The store's own copy of the image in explicitDir (empty: the newest), verified, in m_image.
    bool useImage(const QString &explicitDir, Progress *progress, QString *error);
    // The machine's cloud-init seed: host name, SSH key, shared folder, and the engine's files while it has them.
    bool writeSeed(QString *error) const;
    // Waits for the guest's sshd (its console says when it listens) and opens the session the provisioning
    // uses next; vmRunning() is asked every runningCheckMs.
    bool waitForSsh(Progress *progress, int runningCheckMs, QString *error);
    // What a stop through the guest's ACPI power button came to.
    enum class PowerButton {
        Done, // the wait is over: the guest is off, or waitDone found that it cannot tell
        NotPressed, // the first press failed: nothing more was tried
        TimedOut, // the guest still ran after timeoutMs, or the progress was canceled
    };
    // Presses the guest's power button (press) and waits for it to power off, pressing again every 5 s while it
    // still runs: a guest still booting may not hear its button yet (its driver not loaded, logind not watching
    // it). waitDone(ms) waits up to ms and says whether the wait is over. A press after the first that fails is
    // tried again 5 s later.
    static PowerButton pressPowerButtonUntilOff(const std::function<bool()> &press,
        const std::function<bool(int)> &waitDone, int timeoutMs, Progress *progress);
    // Local ports for the forwards to the guest's SSH and Docker: those chosen before while they are free,
    // else others (the store keeps the new ones).
    bool ensureFreePorts(QString *error);
    bool checkSharedFolderExists(const QString &folderFlag, const QString &noShareFlag, QString *error) const;
    // Driver fields every such VM stores: CPU, Memory, DiskSize, DockerPort, BootTimeout, ImageDir, ImageVersion,
    // PublishAllInterfaces.
    bool readVmJson(const QJsonObject &json, int minimumCpus, QString *error);
    void writeVmJson(QJsonObject *json) const;

    // When waitForSsh first knocks on SSH's port if the console says nothing (a VM whose console Berth cannot
    // read, reached at its own address rather than through a forward, may be knocked on at once).
    int m_firstSshKnockMs = 10000;
    int m_cpuCount = 1;
    int m_memoryMb = 1024;
    int m_diskSizeMb = 20000;
    int m_dockerForwardPort = 0;
    // The store's copy of the image this machine was made from (dir; before create, the folder a flag named,
    // if any).
    VmImage m_image;
    SharedFolder m_sharedFolder;
    QList<RemoteFile> m_engineSeed; // on the seed until the provisioning has run (create only)
    int m_bootTimeoutSeconds = 180;
    bool m_publishAllInterfaces = false;
};

namespace vm {
// The create flags every driver of such a VM has, named "PREFIX-cpu-count" and so on, with the same limits
// (processors and memory are this computer's; the data disk grows as Docker writes to it, so free space does
// not limit its size).
DriverFlag cpuFlag(const QString &prefix, const QString &envVar);
DriverFlag memoryFlag(const QString &prefix, const QString &envVar);
DriverFlag diskFlag(const QString &prefix, const QString &envVar);
DriverFlag bootTimeoutFlag(const QString &prefix, const QString &envVar);
DriverFlag imageFlag(const QString &prefix, const QString &envVar);
DriverFlag noShareFlag(const QString &prefix, const QString &envVar);
DriverFlag publishAllFlag(const QString &prefix, const QString &envVar);

bool portIsFree(int port);
// A port the system has free now; 0 when none.
int freePort();
} // namespace vm

} // namespace berth
