#include "commandrunner.h"

#include <QProcess>

namespace berth {

// Not done on Windows yet: CreateProcess passes every inheritable handle; limiting that needs
// PROC_THREAD_ATTRIBUTE_HANDLE_LIST through QProcess::setCreateProcessArgumentsModifier.
void CommandRunner::closeInheritedDescriptors(QProcess *) { }

} // namespace berth
