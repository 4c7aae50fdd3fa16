#pragma once

#include <QString>

namespace berth {

// libmachine's states, with the same names on screen.
enum class MachineState { None, Running, Paused, Saved, Stopped, Stopping, Starting, Error, Timeout };

QString machineStateName(MachineState state);
// Parses a name as `ls --filter state=` takes it (case-insensitive); false for an unknown name.
bool machineStateFromName(const QString &name, MachineState *state);

} // namespace berth
