#pragma once

#include "machine.h"

#include <QString>

// A started VM's processes and files: the supervisor (the double's stand-in for VirtualBox's VM process,
// QEMU's parent), QEMU's pid file and its two QMP sockets, all in the VM's folder.
namespace vboxdouble {

struct VmRuntime {
    explicit VmRuntime(const Machine &machine);

    QString qemuPidFile;
    QString supervisorPidFile;
    QString qmpSocket; // for commands (controlvm, showvminfo)
    QString eventSocket; // the supervisor's, for QEMU's events
    QString powerOffRequest; // written by controlvm poweroff before it quits QEMU
    QString logFile; // Logs/VBox.log

    qint64 supervisorPid() const;
    qint64 qemuPid() const;
    void removeFiles() const;
};

bool processAlive(qint64 pid);

// The machine's state as VirtualBox would report it now: a running or paused machine whose VM process went
// away without saying so is aborted; a running one is asked over QMP whether it is paused.
QString currentState(const Machine &machine);

} // namespace vboxdouble
