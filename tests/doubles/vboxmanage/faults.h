#pragma once

#include <QString>
#include <QStringList>

// Faults a test arms for the double, kept in $VBOX_USER_HOME/double-faults.json so they span invocations:
//   [{"command": "showvminfo", "fault": "not-ready", "count": 2},
//    {"command": "startvm", "fault": "no-vtx"}, {"command": "hostonlyif create", "fault": "refused"},
//    {"command": "list", "fault": "hang", "count": 1}]
// "command" is the first argument, or the first two ("hostonlyif create"); "count" is how many invocations
// the fault hits (absent: all of them). Faults:
//   not-ready  the invocation fails as VirtualBox's "The object is not ready" (E_ACCESSDENIED, exit 1)
//   hang       the invocation sleeps until it is killed
//   refused    hostonlyif create: the kernel driver refuses the interface
//   no-vtx     startvm: VT-x is not available (VERR_VMX_NO_VMX), written to the VM's Logs/VBox.log too
namespace vboxdouble {

// The fault armed for this invocation (its count used up by one), or an empty string.
QString takeFault(const QStringList &args);

} // namespace vboxdouble
