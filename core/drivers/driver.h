#pragma once

#include "util/machinestate.h"
#include "util/network.h"
#include "util/progress.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <limits>
#include <memory>

namespace berth {

struct EngineHost;
struct RemoteFile;
namespace ssh {
class Session;
struct Target;
}

// A create flag a driver takes, as docker-machine declares it (mcnflag).
struct DriverFlag {
    enum class Kind { String, Int, Bool, StringList };
    QString name; // without dashes: "generic-ip-address"
    Kind kind = Kind::String;
    QString usage; // English, marked QT_TRANSLATE_NOOP("berth", ...): shown through QCoreApplication::translate
    QString defaultValue; // shown in help and used when the flag and its variable are absent
    QString envVar; // e.g. GENERIC_IP_ADDRESS
    // An Int flag's values: the driver refuses others (parseInt), and a front end offers no others. Some
    // depend on this computer (a VM's processors and memory); limitNote then says where the maximum comes
    // from ("the processors of this computer").
    int minimum = 0;
    int maximum = std::numeric_limits<int>::max();
    QString limitNote;
    // Values outside the limits that the flag takes too, each with a meaning of its own (docker-machine's
    // --virtualbox-cpu-count -1: every processor of this computer). A front end offers the limits only.
    QList<int> extraValues;

    // An Int flag's value from text: false, with the limits in the message, for anything else.
    bool parseInt(const QString &text, int *value, QString *error) const;
};

// What a driver says of this computer for the first-run check: whether its hypervisor can run Berth's VM
// here, and if not, why and what to do. Only drivers that run a VM here answer (not generic or none).
struct DriverCheck {
    QString driverName;
    bool usable = false; // create can work now
    QString version; // the hypervisor's version, "7.2.0"; empty when it is not installed
    QString accelerator; // what runs the VM's CPU: "KVM", "HVF", "WHPX", or "TCG" (emulated)
    QString summary; // one line for the user: "QEMU 7.2.0 with KVM"
    QString problem; // what is missing or slow, one sentence a line; empty when nothing is
    QString remedy; // what the user can do about it, a line for each of problem's
    int preference = 0; // higher is a better choice; 0 when not usable

    // problem and remedy from a line each, and no preference when not usable.
    DriverCheck finished(const QStringList &problems, const QStringList &remedies) const;
};

// What a machine was given, for a front end's list (0 or empty: the driver does not know, as for a host
// Berth did not make).
struct MachineResources {
    int cpus = 0;
    int memoryMb = 0;
    int diskMb = 0;
    QString imageVersion; // the Berth VM image it runs
};

// A port published in a VM, answering on this computer too: the same port on both sides.
struct PortForward {
    QString protocol; // "tcp" or "udp"
    int port = 0;

    // "8080/tcp", as docker writes a port.
    QString name() const { return QString::number(port) + QLatin1Char('/') + protocol; }
    bool operator==(const PortForward &other) const { return protocol == other.protocol && port == other.port; }
    bool operator<(const PortForward &other) const
    {
        return port != other.port ? port < other.port : protocol < other.protocol;
    }
};

// Flag values as the user gave them: a name maps to every value given, in order.
using FlagValues = QMap<QString, QStringList>;

// One interface for every hypervisor and host kind, after libmachine's Driver. Calls block: run them
// on a worker thread in a GUI. Each failure message says what failed and what the user can do.
class Driver {
public:
    virtual ~Driver() = default;

    virtual QString driverName() const = 0;

    // Reads the driver's create flags. Bad values are refused here, before anything is created.
    virtual bool setConfigFromFlags(const FlagValues &flags, QString *error) = 0;
    // Checks that create can work (tool installed, file readable, address given). A failure here is
    // exit code 3 and nothing was created.
    virtual bool preCreateCheck(QString *error) = 0;
    virtual bool create(Progress *progress, QString *error) = 0;
    // The rest of create, once the machine is in the store under its own name: a VM boots here, so
    // that what names its files (a pid file, a socket) names the machine's final folder.
    virtual bool bootAfterCreate(Progress *, QString *) { return true; }
    virtual bool remove(QString *error) = 0;

    // start, stop and restart wait (for a boot, a power-down) and give up when progress is canceled.
    virtual bool start(Progress *progress, QString *error) = 0;
    virtual bool stop(Progress *progress, QString *error) = 0;
    virtual bool restart(Progress *progress, QString *error) = 0;
    virtual bool kill(QString *error) = 0;
    // Replaces the machine's system image with the newest one and keeps its data (a Berth VM);
    // upToDate is set when there is nothing newer. Hosts Berth did not install refuse.
    virtual bool upgrade(Progress *progress, bool *upToDate, QString *error);
    // A VM docker-machine made (Docker Toolbox's boot2docker), which moves to a new machine instead.
    virtual bool isToolboxMachine() const { return false; }

    // May contact the host or hypervisor; bounded in time.
    virtual MachineState state(QString *error) = 0;
    // Whether state() asks only this computer (a local VM's process), so commands that open no
    // network connection (env, url) may ask it.
    virtual bool stateIsLocal() const { return false; }
    // From what is stored where the driver can; no network for generic and none.
    virtual QString ip(QString *error) const = 0;
    virtual QString url(QString *error) const = 0;

    // From what is stored only.
    virtual MachineResources resources() const { return {}; }
    // Whether the host is reached over SSH and provisioned by Berth (false for "none").
    virtual bool usesSsh() const { return true; }
    virtual QString sshHostname(QString *error) const = 0;
    virtual int sshPort() const = 0;
    virtual QString sshUsername() const = 0;
    virtual QString sshKeyPath() const = 0;
    virtual int enginePort() const { return 2376; }
    // Everything an ssh::Session needs to reach the machine; false with a message for a driver without SSH.
    virtual bool sshTarget(ssh::Target *target, QString *error) const;
    // The session a driver opened while waiting for its machine to boot, for the provisioning that follows
    // (one SSH handshake less; each costs a second on an emulated CPU); null when there is none.
    virtual std::unique_ptr<ssh::Session> takeBootSession();
    // Another folder for the machine's files: create builds a machine in a staging folder first, and rm
    // stops a VM from the folder it is removing. A driver that keeps no files ignores it.
    virtual void setMachineDir(const QString &dir) { Q_UNUSED(dir) }
    // How long SSH may refuse connections after create or start while the host boots (0: it runs already).
    virtual int bootSeconds() const { return 0; }
    // What the machine's own log says about why it does not answer (a VM's serial console), for
    // messages; empty when the driver has no such log.
    virtual QString diagnose() const { return {}; }
    // A driver whose VM boots Berth's image knows before the boot how its engine runs (the image's
    // manifest says; provision/provisioner.h); false for a host Berth learns about only over SSH.
    virtual bool imageEngineHost(EngineHost *) const { return false; }
    // The engine's files for the VM's seed (before create), so Docker starts configured on the first
    // boot; called again with none once the provisioning has run, so no secret stays on the seed.
    virtual bool setEngineSeed(const QList<RemoteFile> &, QString *) { return true; }

    // Ports published in a VM behind its hypervisor's NAT (QEMU's user network, VirtualBox's NAT) are forwarded
    // from this computer's loopback by the machine's agent (core/api/machineagent.h), through these. A VM with an
    // address of its own (Hyper-V) and a remote host keep their ports on that address.
    virtual bool forwardsPorts() const { return false; }
    // The forwards made so far, not the driver's own (SSH, Docker); false with why when the VM cannot be asked.
    virtual bool portForwards(QList<PortForward> *forwards, QString *error);
    // A forward from this computer's loopback (every interface, when the machine was made so) to the same port in
    // the VM; false with the hypervisor's words when it cannot be made (a port taken here).
    virtual bool addPortForward(const PortForward &forward, QString *error);
    virtual bool removePortForward(const PortForward &forward, QString *error);
    // Whether the forwards listen on every interface here (the machine was made with --DRIVER-publish-all-interfaces)
    // rather than on the loopback only.
    virtual bool publishesOnEveryInterface() const { return false; }
    // The IPv4 address the forwards listen on here.
    QString forwardAddress() const { return publishesOnEveryInterface() ? QStringLiteral("0.0.0.0") : loopbackIPv4(); }
    // Whether the VM still exists as a running or paused machine, asked cheaply and often (the agent ends when it
    // does not).
    virtual bool vmExists() { return state(nullptr) == MachineState::Running; }

    // The driver's section of config.json ("Driver"), checked as strictly as the create flags (a file
    // edited by hand or by another tool must not smuggle a URL, a path or a port in); false with the
    // field and what is wrong. toJson merges into what was read so fields the driver does not know survive.
    virtual bool fromJson(const QJsonObject &json, QString *error) = 0;
    virtual QJsonObject toJson(const QJsonObject &base) const = 0;
};

} // namespace berth
