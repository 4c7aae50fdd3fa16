#include "machine.h"

#include "util/filename.h"
#include "util/network.h"
#include "util/text.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>

namespace berth {

namespace {

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

// docker-machine writes an empty list as [] for most fields and null for Dns/Env; both read back empty.
QJsonValue jsonList(const QStringList &list, bool nullWhenEmpty = false)
{
    if (list.isEmpty() && nullWhenEmpty)
        return QJsonValue::Null;
    return QJsonArray::fromStringList(list);
}

EngineOptions engineFromJson(const QJsonObject &o)
{
    EngineOptions e;
    e.arbitraryFlags = stringList(o.value(QLatin1String("ArbitraryFlags")));
    e.dns = stringList(o.value(QLatin1String("Dns")));
    e.graphDir = o.value(QLatin1String("GraphDir")).toString();
    e.env = stringList(o.value(QLatin1String("Env")));
    e.ipv6 = o.value(QLatin1String("Ipv6")).toBool();
    e.insecureRegistry = stringList(o.value(QLatin1String("InsecureRegistry")));
    e.labels = stringList(o.value(QLatin1String("Labels")));
    e.logLevel = o.value(QLatin1String("LogLevel")).toString();
    e.storageDriver = o.value(QLatin1String("StorageDriver")).toString();
    e.selinuxEnabled = o.value(QLatin1String("SelinuxEnabled")).toBool();
    e.tlsVerify = o.value(QLatin1String("TlsVerify")).toBool(true);
    e.registryMirror = stringList(o.value(QLatin1String("RegistryMirror")));
    e.installUrl = o.value(QLatin1String("InstallURL")).toString();
    return e;
}

QJsonObject engineToJson(const EngineOptions &e, QJsonObject o)
{
    o.insert(QLatin1String("ArbitraryFlags"), jsonList(e.arbitraryFlags));
    o.insert(QLatin1String("Dns"), jsonList(e.dns, true));
    o.insert(QLatin1String("GraphDir"), e.graphDir);
    o.insert(QLatin1String("Env"), jsonList(e.env));
    o.insert(QLatin1String("Ipv6"), e.ipv6);
    o.insert(QLatin1String("InsecureRegistry"), jsonList(e.insecureRegistry));
    o.insert(QLatin1String("Labels"), jsonList(e.labels));
    o.insert(QLatin1String("LogLevel"), e.logLevel);
    o.insert(QLatin1String("StorageDriver"), e.storageDriver);
    o.insert(QLatin1String("SelinuxEnabled"), e.selinuxEnabled);
    o.insert(QLatin1String("TlsVerify"), e.tlsVerify);
    o.insert(QLatin1String("RegistryMirror"), jsonList(e.registryMirror));
    o.insert(QLatin1String("InstallURL"), e.installUrl);
    return o;
}

// Local paths are absolute (or empty, as docker-machine leaves the remote ones before provisioning),
// without control characters; the SANs become the server certificate's subjectAltName.
bool authFromJson(const QJsonObject &o, AuthOptions *a, QString *error)
{
    const struct {
        const char *key;
        QString *value;
    } paths[] = {
        { "CertDir", &a->certDir },
        { "CaCertPath", &a->caCertPath },
        { "CaPrivateKeyPath", &a->caPrivateKeyPath },
        { "CaCertRemotePath", &a->caCertRemotePath },
        { "ServerCertPath", &a->serverCertPath },
        { "ServerKeyPath", &a->serverKeyPath },
        { "ClientKeyPath", &a->clientKeyPath },
        { "ServerCertRemotePath", &a->serverCertRemotePath },
        { "ServerKeyRemotePath", &a->serverKeyRemotePath },
        { "ClientCertPath", &a->clientCertPath },
        { "StorePath", &a->storePath },
    };
    for (const auto &path : paths) {
        const QJsonValue value = o.value(QLatin1String(path.key));
        *path.value = value.toString();
        const bool remote = QByteArray(path.key).endsWith("RemotePath");
        // Local paths are written as the platform writes them (C:\\Users\\... on Windows, as
        // docker-machine does) and read in either form.
        if (!remote)
            *path.value = QDir::fromNativeSeparators(*path.value);
        if ((!value.isString() && !value.isUndefined() && !value.isNull()) || containsLineBreakOrControl(*path.value)
            || (!path.value->isEmpty()
                && !(remote ? path.value->startsWith(QLatin1Char('/')) : QDir::isAbsolutePath(*path.value)))) {
            *error = tr("HostOptions.AuthOptions.%1 \"%2\" is not an absolute path.")
                         .arg(QLatin1String(path.key), visibleText(*path.value));
            return false;
        }
    }
    a->serverCertSans = stringList(o.value(QLatin1String("ServerCertSANs")));
    for (const QString &san : a->serverCertSans) {
        if (!isValidHostAddress(san)) {
            *error = tr("HostOptions.AuthOptions.ServerCertSANs holds \"%1\", which is not an IP address or host name.")
                         .arg(visibleText(san));
            return false;
        }
    }
    return true;
}

QJsonObject authToJson(const AuthOptions &a, QJsonObject o)
{
    o.insert(QLatin1String("CertDir"), QDir::toNativeSeparators(a.certDir));
    o.insert(QLatin1String("CaCertPath"), QDir::toNativeSeparators(a.caCertPath));
    o.insert(QLatin1String("CaPrivateKeyPath"), QDir::toNativeSeparators(a.caPrivateKeyPath));
    o.insert(QLatin1String("CaCertRemotePath"), a.caCertRemotePath);
    o.insert(QLatin1String("ServerCertPath"), QDir::toNativeSeparators(a.serverCertPath));
    o.insert(QLatin1String("ServerKeyPath"), QDir::toNativeSeparators(a.serverKeyPath));
    o.insert(QLatin1String("ClientKeyPath"), QDir::toNativeSeparators(a.clientKeyPath));
    o.insert(QLatin1String("ServerCertRemotePath"), a.serverCertRemotePath);
    o.insert(QLatin1String("ServerKeyRemotePath"), a.serverKeyRemotePath);
    o.insert(QLatin1String("ClientCertPath"), QDir::toNativeSeparators(a.clientCertPath));
    o.insert(QLatin1String("ServerCertSANs"), jsonList(a.serverCertSans));
    o.insert(QLatin1String("StorePath"), QDir::toNativeSeparators(a.storePath));
    return o;
}

} // namespace

bool Machine::fromJson(const QJsonObject &json, Machine *machine, QString *error)
{
    const int version = json.value(QLatin1String("ConfigVersion")).toInt(-1);
    if (version != configVersion) {
        if (error)
            *error = tr("config.json has ConfigVersion %1; Berth reads version %2 (docker-machine 0.7 and later). "
                        "Open the machine once with docker-machine 0.16 to migrate it.")
                         .arg(version)
                         .arg(configVersion);
        return false;
    }
    const QString name = json.value(QLatin1String("Name")).toString();
    const QString driverName = json.value(QLatin1String("DriverName")).toString();
    if (name.isEmpty() || driverName.isEmpty()) {
        if (error)
            *error = tr("config.json has no Name or DriverName.");
        return false;
    }
    const QJsonObject hostOptions = json.value(QLatin1String("HostOptions")).toObject();
    machine->m_raw = json;
    machine->name = name;
    machine->driverName = driverName;
    machine->driver = json.value(QLatin1String("Driver")).toObject();
    machine->engine = engineFromJson(hostOptions.value(QLatin1String("EngineOptions")).toObject());
    QString authError;
    if (!authFromJson(hostOptions.value(QLatin1String("AuthOptions")).toObject(), &machine->auth, &authError)) {
        if (error)
            *error = authError;
        return false;
    }
    return true;
}

QJsonObject Machine::toJson() const
{
    QJsonObject json = m_raw;
    QJsonObject hostOptions = json.value(QLatin1String("HostOptions")).toObject();
    // docker-machine keeps these two at zero on the host options; a driver holds the real values.
    if (!hostOptions.contains(QLatin1String("Driver")))
        hostOptions.insert(QLatin1String("Driver"), QString());
    if (!hostOptions.contains(QLatin1String("Memory")))
        hostOptions.insert(QLatin1String("Memory"), 0);
    if (!hostOptions.contains(QLatin1String("Disk")))
        hostOptions.insert(QLatin1String("Disk"), 0);
    hostOptions.insert(QLatin1String("EngineOptions"),
        engineToJson(engine, hostOptions.value(QLatin1String("EngineOptions")).toObject()));
    if (!hostOptions.contains(QLatin1String("SwarmOptions")))
        hostOptions.insert(QLatin1String("SwarmOptions"), defaultSwarmOptions());
    hostOptions.insert(
        QLatin1String("AuthOptions"), authToJson(auth, hostOptions.value(QLatin1String("AuthOptions")).toObject()));

    json.insert(QLatin1String("ConfigVersion"), configVersion);
    json.insert(QLatin1String("Driver"), driver);
    json.insert(QLatin1String("DriverName"), driverName);
    json.insert(QLatin1String("HostOptions"), hostOptions);
    json.insert(QLatin1String("Name"), name);
    return json;
}

AuthOptions Machine::defaultAuthOptions(const QString &storePath, const QString &machineName)
{
    const QDir store(storePath);
    const QString certDir = store.filePath(QStringLiteral("certs"));
    const QString machineDir = store.filePath(QStringLiteral("machines/") + machineName);
    AuthOptions a;
    a.certDir = certDir;
    a.caCertPath = certDir + QStringLiteral("/ca.pem");
    a.caPrivateKeyPath = certDir + QStringLiteral("/ca-key.pem");
    a.clientCertPath = certDir + QStringLiteral("/cert.pem");
    a.clientKeyPath = certDir + QStringLiteral("/key.pem");
    a.serverCertPath = machineDir + QStringLiteral("/server.pem");
    a.serverKeyPath = machineDir + QStringLiteral("/server-key.pem");
    a.storePath = machineDir;
    return a;
}

QJsonObject Machine::defaultSwarmOptions()
{
    return QJsonObject {
        { QLatin1String("IsSwarm"), false },
        { QLatin1String("Address"), QString() },
        { QLatin1String("Discovery"), QString() },
        { QLatin1String("Agent"), false },
        { QLatin1String("Master"), false },
        { QLatin1String("Host"), QStringLiteral("tcp://0.0.0.0:3376") },
        { QLatin1String("Image"), QStringLiteral("swarm:latest") },
        { QLatin1String("Strategy"), QStringLiteral("spread") },
        { QLatin1String("Heartbeat"), 0 },
        { QLatin1String("Overcommit"), 0 },
        { QLatin1String("ArbitraryFlags"), QJsonArray() },
        { QLatin1String("ArbitraryJoinFlags"), QJsonArray() },
        { QLatin1String("Env"), QJsonValue::Null },
        { QLatin1String("IsExperimental"), false },
    };
}

bool isValidMachineName(const QString &name, QString *error)
{
    // \z, not $: a pattern's $ also matches before a final newline.
    static const QRegularExpression pattern(QStringLiteral("\\A[a-zA-Z0-9][a-zA-Z0-9.-]*\\z"));
    QString reason;
    if (name.isEmpty())
        reason = tr("A machine name cannot be empty.");
    else if (name.size() > maxMachineNameLength)
        reason = tr("The machine name is %1 characters long; at most %2 are allowed (the machine's host name).")
                     .arg(name.size())
                     .arg(maxMachineNameLength);
    else if (!pattern.match(name).hasMatch())
        reason = tr("Invalid machine name \"%1\". Allowed characters are 0-9, a-z, A-Z, '.' and '-', "
                    "and it must start with a letter or a digit.")
                     .arg(name);
    else if (QString why; !systemKeepsFileName(name, &why))
        reason = tr("The machine name \"%1\" cannot be a folder's name here: %2. Choose another name.").arg(name, why);
    if (reason.isEmpty())
        return true;
    if (error)
        *error = reason;
    return false;
}

} // namespace berth
