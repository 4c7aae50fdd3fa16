#pragma once

#include "provision/engineoptions.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace berth {

// docker-machine 0.16's auth.Options. Local paths are absolute.
struct AuthOptions {
    QString certDir;
    QString caCertPath;
    QString caPrivateKeyPath;
    QString caCertRemotePath;
    QString serverCertPath;
    QString serverKeyPath;
    QString clientKeyPath;
    QString serverCertRemotePath;
    QString serverKeyRemotePath;
    QString clientCertPath;
    QStringList serverCertSans;
    QString storePath;
};

// One machine's config.json (ConfigVersion 3). Fields Berth does not model (SwarmOptions, anything a
// newer docker-machine or a plugin wrote) are kept as read and written back unchanged.
class Machine {
public:
    static constexpr int configVersion = 3;

    QString name;
    QString driverName;
    QJsonObject driver; // the driver's own section ("Driver"), owned by the driver
    EngineOptions engine;
    AuthOptions auth;

    static bool fromJson(const QJsonObject &json, Machine *machine, QString *error);
    QJsonObject toJson() const;

    // Auth paths for a machine stored under storePath (the store root), as docker-machine lays them out.
    static AuthOptions defaultAuthOptions(const QString &storePath, const QString &machineName);
    // docker-machine's default SwarmOptions, written for new machines so docker-machine reads them.
    static QJsonObject defaultSwarmOptions();

private:
    QJsonObject m_raw; // the file as read, so unknown fields survive a rewrite
};

// A valid machine name is docker-machine's (letters, digits, '-' and '.', starting with a letter or
// digit) and fits a Linux host name (HOST_NAME_MAX, 64 bytes), which docker-machine's provisioners and
// Berth's VM set to the name. On false, error says why and what is allowed.
constexpr int maxMachineNameLength = 64;
bool isValidMachineName(const QString &name, QString *error);

} // namespace berth
