// MachineApi's view of this computer for the first-run wizard: which hypervisors can run a VM here, and
// what the machine's resources may be.

#include "drivers/driverregistry.h"
#include "machineapi.h"

namespace berth {

QList<DriverCheck> MachineApi::checkDrivers() const
{
    return DriverRegistry::checkAll(m_store.rootPath());
}

HostFacts MachineApi::hostFacts() const
{
    return HostInfo::facts(m_store.rootPath());
}

} // namespace berth
