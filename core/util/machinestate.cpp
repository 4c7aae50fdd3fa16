#include "machinestate.h"

#include <array>

namespace berth {

namespace {
struct StateName {
    MachineState state;
    const char *name;
};
constexpr std::array<StateName, 10> stateNames { {
    { MachineState::None, "" },
    { MachineState::Running, "Running" },
    { MachineState::Paused, "Paused" },
    { MachineState::Saved, "Saved" },
    { MachineState::Stopped, "Stopped" },
    { MachineState::Stopping, "Stopping" },
    { MachineState::Starting, "Starting" },
    { MachineState::Error, "Error" },
    { MachineState::Timeout, "Timeout" },
    { MachineState::Creating, "Creating" },
} };
} // namespace

QString machineStateName(MachineState state)
{
    for (const auto &entry : stateNames) {
        if (entry.state == state)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

bool machineStateFromName(const QString &name, MachineState *state)
{
    for (const auto &entry : stateNames) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0) {
            *state = entry.state;
            return true;
        }
    }
    return false;
}

} // namespace berth
