#pragma once

#include "hyperv.h"

#include <QString>
#include <QStringList>

namespace berth::psdouble {

// Runs a VM's hardware with QEMU: generation 2 on OVMF (q35, Secure Boot with the template's keys),
// generation 1 on SeaBIOS; disks and DVDs on virtio-scsi (IDE for generation 1); the network adapter
// a tap on the switch's bridge, whose dnsmasq hands out addresses; QEMU daemonized with its pid file,
// QMP socket and serial log in the VM's folder under the double's home.
class VmRunner {
public:
    static bool start(VmRecord &vm, const HostConfig &config, QString *error);
    // ACPI power button, then waits for the guest to turn itself off.
    static bool shutDown(const VmRecord &vm, int timeoutSeconds);
    static void turnOff(const VmRecord &vm);
    static bool isAlive(const VmRecord &vm);
    // After QEMU has gone: the tap, and the switch's dnsmasq when no VM uses it.
    static void cleanUp(const VmRecord &vm, const QList<VmRecord> &others, const HostConfig &config);
    // The addresses the guest's KVP daemon would report: the switch's DHCP lease for the adapter's MAC
    // (given since the VM started), and the link-local IPv6 address of that MAC.
    static QStringList guestAddresses(const VmRecord &vm, const HostConfig &config);
    static const SwitchConfig *findSwitch(const HostConfig &config, const QString &name);

private:
    static bool run(const QString &program, const QStringList &args, QString *error);
    static bool ensureSwitch(const SwitchConfig &sw, const QString &home, QString *error);
    static QString firmwareVars(const VmRecord &vm, const QString &folder, QString *code, QString *error);
    static bool qmp(const QString &socketPath, const QByteArray &command);
};

} // namespace berth::psdouble
