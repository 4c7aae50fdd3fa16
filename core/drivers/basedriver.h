#pragma once

#include "driver.h"

#include <memory>

namespace berth {

namespace ssh {
struct Target;
struct CommandResult;
class Session;
} // namespace ssh

// A docker-machine flag that means nothing for Berth: its default (or nothing) is taken, any other value
// refused with why: one sentence or two, %1 the flag, %2 (when there) another flag the driver names.
struct RefusedFlag {
    DriverFlag flag;
    const char *why; // marked QT_TRANSLATE_NOOP("berth", ...)
};

// The fields and SSH plumbing every driver shares (libmachine's drivers.BaseDriver): the JSON field
// names are docker-machine's.
class BaseDriver : public Driver {
public:
    BaseDriver(const QString &machineName, const QString &storePath);
    ~BaseDriver() override;

    QString ip(QString *error) const override;
    QString sshHostname(QString *error) const override { return ip(error); }
    int sshPort() const override { return m_sshPort; }
    QString sshUsername() const override { return m_sshUser; }
    QString sshKeyPath() const override { return m_sshKeyPath; }

    bool fromJson(const QJsonObject &json, QString *error) override;
    QJsonObject toJson(const QJsonObject &base) const override;

    QString machineName() const { return m_machineName; }
    // The machine's folder in the store (DOCKER_CERT_PATH), or the one setMachineDir gave.
    QString machineDir() const;
    void setMachineDir(const QString &dir) override { m_machineDir = dir; }
    // The machine's own known_hosts, where its host key is pinned.
    QString knownHostsPath() const;
    bool sshTarget(ssh::Target *target, QString *error) const override;
    // Runs one command over SSH.
    bool runSsh(const QString &command, ssh::CommandResult *result, QString *error) const;
    std::unique_ptr<ssh::Session> takeBootSession() override;

protected:
    // False, with the first refused flag's why, when one of them has another value than its default.
    static bool refuseFlags(
        const QList<RefusedFlag> &refused, const FlagValues &flags, const DriverFlag &otherFlag, QString *error);
    static QString flagValue(const FlagValues &flags, const DriverFlag &flag);
    // A Bool flag: set, and not "false" or "0" (its variable may say so).
    static bool boolFlag(const FlagValues &flags, const DriverFlag &flag);
    // An Int flag's value, checked against the flag's limits.
    static bool intFlag(const FlagValues &flags, const DriverFlag &flag, int *value, QString *error)
    {
        return flag.parseInt(flagValue(flags, flag), value, error);
    }
    // Fields of config.json's Driver section, each checked; false with error naming the field.
    // A string without control characters (absent: fallback).
    static bool jsonText(
        const QJsonObject &json, const char *key, const QString &fallback, QString *value, QString *error);
    // A local path: empty, or absolute without control characters.
    static bool jsonPath(const QJsonObject &json, const char *key, QString *value, QString *error);
    // true or false (absent: fallback).
    static bool jsonBool(const QJsonObject &json, const char *key, bool fallback, bool *value, QString *error);
    // A whole number from minimum to maximum (absent: fallback).
    static bool jsonNumber(
        const QJsonObject &json, const char *key, int minimum, int maximum, int fallback, int *value, QString *error);

    QString m_ipAddress;
    QString m_machineName;
    QString m_sshUser = QStringLiteral("root");
    int m_sshPort = 22;
    QString m_sshKeyPath;
    QString m_storePath;
    std::unique_ptr<ssh::Session> m_bootSession;
    QString m_machineDir; // set by setMachineDir, else under m_storePath
    bool m_swarmMaster = false;
    QString m_swarmHost;
    QString m_swarmDiscovery;
};

} // namespace berth
