#pragma once

#include "machine.h"

#include <QString>
#include <QVector>

// The double's VirtualBox: what VirtualBox keeps in its configuration folder ($VBOX_USER_HOME, else
// ~/.config/VirtualBox): registered machines (each with its own settings file), media, host-only interfaces
// and DHCP servers. Every read-modify-write holds RegistryLock, so concurrent invocations do not lose updates.
namespace vboxdouble {

struct Medium {
    QString uuid;
    QString location; // absolute path
    QString format; // VDI, VMDK, VHD, RAW
    QString deviceType; // HardDisk or DVD
    qint64 logicalSize = 0;
};

struct HostOnlyInterface {
    QString name; // vboxnetN, also the Linux bridge's name
    QString guid;
    QString ip;
    QString netmask;
    QString mac;
};

struct DhcpServer {
    QString networkName; // HostInterfaceNetworking-vboxnetN
    QString ip;
    QString netmask;
    QString lowerIp;
    QString upperIp;
    bool enabled = false;
};

class RegistryLock {
public:
    RegistryLock();
    ~RegistryLock();
    RegistryLock(const RegistryLock &) = delete;
    RegistryLock &operator=(const RegistryLock &) = delete;
    // Lets others in before the scope ends (for a wait on a process that takes the lock itself).
    void unlock();

private:
    int m_fd = -1;
};

class Registry {
public:
    static QString homeDir();
    // The default folder VMs go into (~/VirtualBox VMs).
    static QString defaultMachineFolder();

    // Reads the registry and every registered machine's settings file. Call with a RegistryLock held.
    bool load(QString *error);
    bool save(QString *error) const;
    static bool saveMachine(const Machine &machine, QString *error);

    Machine *findMachine(const QString &nameOrUuid);
    Medium *findMedium(const QString &uuidOrPath);
    HostOnlyInterface *findHostOnly(const QString &name);
    DhcpServer *findDhcpServer(const QString &networkName);
    // The machines a medium is attached to.
    QStringList machinesUsing(const QString &mediumUuid) const;

    QVector<Machine> machines;
    QVector<Medium> media;
    QVector<HostOnlyInterface> hostOnlyInterfaces;
    QVector<DhcpServer> dhcpServers;
};

// A read-modify-write of the registry: the lock held and the registry read for its whole life.
class RegistryTransaction {
    RegistryLock m_lock;

public:
    RegistryTransaction();
    Registry registry;
    // Writes the machine's settings (when given) and the registry; prints the failure, returns the exit code.
    int commit(const Machine *machine);
    void unlock() { m_lock.unlock(); }
};

// The registry as it is now, for commands that only read it.
Registry readRegistry();

QString newUuid();
// VirtualBox accepts a UUID with or without braces.
QString normalizeUuid(const QString &text);

} // namespace vboxdouble
