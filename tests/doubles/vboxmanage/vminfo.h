#pragma once

#include "registry.h"

#include <QString>

// showvminfo's output and list vms' lines.
namespace vboxdouble {

// --machinereadable, in VBoxManage 7.0's order and quoting; state is the machine's state now.
QString machineReadableInfo(const Machine &machine, const Registry &registry, const QString &state);
// The default (human) format.
QString standardInfo(const Machine &machine, const Registry &registry, const QString &state);
// "name" {uuid}
QString compactInfo(const Machine &machine);

} // namespace vboxdouble
