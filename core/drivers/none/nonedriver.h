#pragma once

#include "drivers/basedriver.h"

#include <QList>

namespace berth {

// A Docker engine Berth did not provision, known by its URL only (docker-machine's "none" driver).
class NoneDriver final : public BaseDriver {
public:
    NoneDriver(const QString &machineName, const QString &storePath);

    static QList<DriverFlag> createFlags();

    QString driverName() const override { return QStringLiteral("none"); }
    bool setConfigFromFlags(const FlagValues &flags, QString *error) override;
    bool preCreateCheck(QString *error) override;
    bool create(Progress *progress, QString *error) override;
    bool remove(QString *error) override;
    bool start(Progress *progress, QString *error) override;
    bool stop(Progress *progress, QString *error) override;
    bool restart(Progress *progress, QString *error) override;
    bool kill(QString *error) override;
    MachineState state(QString *error) override;
    QString ip(QString *error) const override;
    QString url(QString *error) const override;
    bool usesSsh() const override { return false; }
    QString sshHostname(QString *error) const override;

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

private:
    QString m_url;
};

} // namespace berth
