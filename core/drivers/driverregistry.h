#pragma once

#include "driver.h"

#include <QList>

#include <functional>
#include <memory>

namespace berth {

// Maps a driver name to its factory and its create flags (minikube's registry, libmachine's drivers).
struct DriverInfo {
    QString name;
    QString description;
    QList<DriverFlag> flags;
    std::function<std::unique_ptr<Driver>(const QString &machineName, const QString &storePath)> factory;
    // Whether the driver's hypervisor can run a VM here (it may start the hypervisor's tools: blocking);
    // empty for a driver that runs nothing here (generic, none).
    std::function<DriverCheck(const QString &storePath)> check;
};

class DriverRegistry {
public:
    static const QList<DriverInfo> &drivers();
    static const DriverInfo *find(const QString &name);
    // Every driver's check that has one, the best choice first: usable ones by preference, then the rest.
    static QList<DriverCheck> checkAll(const QString &storePath);
    // A driver for a stored machine: the registered one, or, for a driver Berth does not have yet
    // (a docker-machine store's virtualbox machine), one that reads the stored fields and explains
    // what it cannot do.
    static std::unique_ptr<Driver> forStoredMachine(
        const QString &driverName, const QString &machineName, const QString &storePath);
};

} // namespace berth
