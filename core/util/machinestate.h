#pragma once

#include <QString>

namespace berth {

// libmachine's states, with the same names on screen, and Creating: a machine whose create is still under
// way (the desktop app shows it; `ls` lists a machine only once it is made).
enum class MachineState { None, Running, Paused, Saved, Stopped, Stopping, Starting, Error, Timeout, Creating };

QString machineStateName(MachineState state);
// Parses a name as `ls --filter state=` takes it (case-insensitive); false for an unknown name.
bool machineStateFromName(const QString &name, MachineState *state);

} // namespace berth
