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
};

class DriverRegistry {
public:
    static const QList<DriverInfo> &drivers();
    static const DriverInfo *find(const QString &name);
    // A driver for a stored machine: the registered one, or, for a driver Berth does not have yet
    // (a docker-machine store's virtualbox machine), one that reads the stored fields and explains
    // what it cannot do.
    static std::unique_ptr<Driver> forStoredMachine(
        const QString &driverName, const QString &machineName, const QString &storePath);
};

} // namespace berth
