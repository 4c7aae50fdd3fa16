#pragma once

#include "hyperv.h"

#include <QString>
#include <QStringList>

namespace berth::psdouble {

// The number in a pid file; 0 when there is none.
qint64 readPid(const QString &file);
// The process pid is alive and its command line names `marker`.
bool processRuns(qint64 pid, const QString &marker);

// Runs a VM's hardware with QEMU: generation 2 on OVMF (q35, Secure Boot with the template's keys),
// generation 1 on SeaBIOS; disks and DVDs on virtio-scsi (IDE for generation 1); the network adapter
// a tap on the switch's bridge, whose dnsmasq hands out addresses (and whose smbd serves the shares); QEMU daemonized
// with its pid file, QMP socket and serial log in the VM's folder under the double's home.
class VmRunner {
public:
    static bool start(VmRecord &vm, const HostConfig &config, QString *error);
    // ACPI power button, then waits for the guest to turn itself off.
    static bool shutDown(const VmRecord &vm, int timeoutSeconds);
    static void turnOff(const VmRecord &vm);
    static bool isAlive(const VmRecord &vm);
    // After QEMU has gone: the tap, and the switch's dnsmasq and smbd when no VM uses it.
    static void cleanUp(const VmRecord &vm, const QList<VmRecord> &others, const HostConfig &config);
    // The addresses the guest's KVP daemon would report: the switch's DHCP lease for the adapter's MAC
    // (given since the VM started), and the link-local IPv6 address of that MAC.
    static QStringList guestAddresses(const VmRecord &vm, const HostConfig &config);
    static const SwitchConfig *findSwitch(const HostConfig &config, const QString &name);
    // The host's own address on a switch (its vEthernet adapter): the subnet's first; the bridge has it.
    static QString hostAddress(const SwitchConfig &sw);
    // Runs a program to its end (a minute at most); false with what it said when it failed.
    static bool run(const QString &program, const QStringList &args, QString *error);

private:
    static bool ensureSwitch(const SwitchConfig &sw, const QString &home, QString *error);
    static QString firmwareVars(const VmRecord &vm, const QString &folder, QString *code, QString *error);
    static bool qmp(const QString &socketPath, const QByteArray &command);
};

} // namespace berth::psdouble
