#include "driverregistry.h"

#include "basedriver.h"
#include "generic/genericdriver.h"
#include "hyperv/hypervdriver.h"
#include "none/nonedriver.h"
#include "qemu/qemudriver.h"
#include "util/network.h"
#include "util/translate.h"
#include "virtualbox/virtualboxdriver.h"

#include <QCoreApplication>

#include <algorithm>

namespace berth {

namespace {

// Reads what docker-machine stored for a driver Berth does not implement; every action says so.
class ForeignDriver final : public BaseDriver {
public:
    ForeignDriver(const QString &driverName, const QString &machineName, const QString &storePath)
        : BaseDriver(machineName, storePath)
        , m_driverName(driverName)
    {
    }
    QString driverName() const override { return m_driverName; }
    bool setConfigFromFlags(const FlagValues &, QString *error) override { return unsupported(error); }
    bool preCreateCheck(QString *error) override { return unsupported(error); }
    bool create(Progress *, QString *error) override { return unsupported(error); }
    // Forgetting the machine is always possible; its VM, if any, is left alone.
    bool remove(QString *) override { return true; }
    bool start(Progress *, QString *error) override { return unsupported(error); }
    bool stop(Progress *, QString *error) override { return unsupported(error); }
    bool restart(Progress *, QString *error) override { return unsupported(error); }
    bool kill(QString *error) override { return unsupported(error); }
    MachineState state(QString *error) override
    {
        unsupported(error);
        return MachineState::Error;
    }
    QString url(QString *error) const override
    {
        const QString address = ip(error);
        return address.isEmpty() ? QString() : QStringLiteral("tcp://") + joinHostPort(address, 2376);
    }

private:
    bool unsupported(QString *error) const
    {
        if (error)
            *error = tr("Berth has no \"%1\" driver yet: this machine can be listed, used with env and removed, "
                        "but not managed.")
                         .arg(m_driverName);
        return false;
    }
    QString m_driverName;
};

template <typename T> std::unique_ptr<Driver> make(const QString &machineName, const QString &storePath)
{
    return std::make_unique<T>(machineName, storePath);
}

} // namespace

const QList<DriverInfo> &DriverRegistry::drivers()
{
    static const QList<DriverInfo> all {
        // generic and none run no VM here: nothing of this computer to check.
        { QStringLiteral("generic"), tr("An existing Linux host reached over SSH"), GenericDriver::createFlags(),
            make<GenericDriver>, {} },
        { QStringLiteral("hyperv"), tr("A Docker VM of Berth's image under Hyper-V (Windows)"),
            HyperVDriver::createFlags(), make<HyperVDriver>, HyperVDriver::check },
        { QStringLiteral("none"), tr("A Docker engine known by its URL only"), NoneDriver::createFlags(),
            make<NoneDriver>, {} },
        { QStringLiteral("qemu"), tr("A Docker VM of Berth's image under QEMU"), QemuDriver::createFlags(),
            make<QemuDriver>, QemuDriver::check },
        { QStringLiteral("virtualbox"), tr("A Docker VM of Berth's image under VirtualBox"),
            VirtualBoxDriver::createFlags(), make<VirtualBoxDriver>, VirtualBoxDriver::check },
    };
    return all;
}

const DriverInfo *DriverRegistry::find(const QString &name)
{
    for (const DriverInfo &info : drivers()) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

QList<DriverCheck> DriverRegistry::checkAll(const QString &storePath)
{
    QList<DriverCheck> checks;
    for (const DriverInfo &info : drivers()) {
        if (info.check)
            checks << info.check(storePath);
    }
    std::stable_sort(checks.begin(), checks.end(), [](const DriverCheck &a, const DriverCheck &b) {
        if (a.usable != b.usable)
            return a.usable;
        return a.preference > b.preference;
    });
    return checks;
}

std::unique_ptr<Driver> DriverRegistry::forStoredMachine(
    const QString &driverName, const QString &machineName, const QString &storePath)
{
    if (const DriverInfo *info = find(driverName))
        return info->factory(machineName, storePath);
    return std::make_unique<ForeignDriver>(driverName, machineName, storePath);
}

} // namespace berth
