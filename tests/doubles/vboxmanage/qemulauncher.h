#pragma once

#include "registry.h"
#include "runtime.h"

#include <QString>
#include <QStringList>

// startvm's work: the VM's configuration as a QEMU command line, its host-only taps and DHCP servers, and a
// supervisor process (VirtualBox's VM process, in the double) that runs QEMU, follows its events and, when
// QEMU ends, records poweroff or aborted and takes the VM's networking down.
namespace vboxdouble {

struct LaunchError {
    QString message; // first line(s) of the error
    QString detail; // a second message before the Details line, may be empty
};

QStringList qemuArguments(const Machine &machine, Registry &registry, const VmRuntime &runtime, QString *error);

// Starts the machine; on success QEMU is running and the supervisor watches it.
bool launchVm(const Machine &machine, Registry &registry, LaunchError *error);

// VBox.log as VirtualBox starts it: the previous logs shifted to VBox.log.1..3.
void startLog(const Machine &machine, const QStringList &lines);

} // namespace vboxdouble
