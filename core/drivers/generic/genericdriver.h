#pragma once

#include "drivers/basedriver.h"

#include <QList>

namespace berth {

// An existing Linux host reached over SSH (a data-centre or cloud server), as docker-machine's
// generic driver: Berth copies the given key, then provisions Docker on it.
class GenericDriver final : public BaseDriver {
public:
    GenericDriver(const QString &machineName, const QString &storePath);

    static QList<DriverFlag> createFlags();

    QString driverName() const override { return QStringLiteral("generic"); }
    bool setConfigFromFlags(const FlagValues &flags, QString *error) override;
    bool preCreateCheck(QString *error) override;
    bool create(Progress *progress, QString *error) override;
    bool remove(QString *error) override;
    bool start(Progress *progress, QString *error) override;
    bool stop(Progress *progress, QString *error) override;
    bool restart(Progress *progress, QString *error) override;
    bool kill(QString *error) override;
    MachineState state(QString *error) override;
    QString url(QString *error) const override;
    int enginePort() const override { return m_enginePort; }

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

private:
    bool runPrivileged(const QString &command, QString *error) const;

    int m_enginePort = 2376;
    QString m_sshKey; // the user's key, copied to the machine folder at create
};

} // namespace berth
