#include "dockercontexts.h"

#include "util/atomicfile.h"
#include "util/translate.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace berth {

namespace {

// Berth's fields in a context's metadata; the Docker CLI keeps fields it does not know and shows them in
// `docker context inspect`.
const QString machineField = QStringLiteral("BerthMachine");
const QString storeField = QStringLiteral("BerthStorePath");

QString contextId(const QString &name)
{
    return QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString cleanStorePath(const QString &storePath)
{
    return QDir::cleanPath(QDir(storePath).absolutePath());
}

bool readFile(const QString &path, QByteArray *data)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *data = file.readAll();
    return true;
}

} // namespace

DockerContexts::DockerContexts(const QString &configDir)
    : m_configDir(configDir)
{
    if (m_configDir.isEmpty())
        m_configDir = qEnvironmentVariable("DOCKER_CONFIG");
    if (m_configDir.isEmpty())
        m_configDir = QDir::homePath() + QStringLiteral("/.docker");
}

QString DockerContexts::contextName(const QString &machine)
{
    // The Docker CLI's rule for context names.
    static const QRegularExpression valid(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"));
    if (machine == QLatin1String("default") || !valid.match(machine).hasMatch())
        return QStringLiteral("berth-") + machine;
    return machine;
}

QString DockerContexts::metaDir(const QString &name) const
{
    return m_configDir + QStringLiteral("/contexts/meta/") + contextId(name);
}

QString DockerContexts::tlsDir(const QString &name) const
{
    return m_configDir + QStringLiteral("/contexts/tls/") + contextId(name);
}

QString DockerContexts::configFile() const
{
    const QString path = m_configDir + QStringLiteral("/config.json");
    // As the Docker CLI: a config.json that is a link is written where it leads.
    const QFileInfo info(path);
    if (info.isSymLink() && !info.canonicalFilePath().isEmpty())
        return info.canonicalFilePath();
    return path;
}

DockerContexts::Owner DockerContexts::owner(
    const QString &machine, const QString &storePath, QString *description) const
{
    QByteArray data;
    if (!readFile(metaDir(contextName(machine)) + QStringLiteral("/meta.json"), &data))
        return Owner::Nobody;
    const QJsonObject metadata = QJsonDocument::fromJson(data).object().value(QStringLiteral("Metadata")).toObject();
    *description = metadata.value(QStringLiteral("Description")).toString();
    const QString markedMachine = metadata.value(machineField).toString();
    const QString markedStore = metadata.value(storeField).toString();
    if (markedMachine.isEmpty() || markedStore.isEmpty())
        return Owner::Other;
    if (markedMachine == machine && markedStore == cleanStorePath(storePath))
        return Owner::ThisMachine;
    // What Berth left for a machine that is gone from its store (a removed store, a test's) is nobody's now.
    if (!QFileInfo::exists(markedStore + QStringLiteral("/machines/") + markedMachine + QStringLiteral("/config.json")))
        return Owner::Nobody;
    return Owner::Other;
}

bool DockerContexts::write(const DockerContextEndpoint &endpoint, QString *error) const
{
    const QString name = contextName(endpoint.machine);
    QString description;
    if (owner(endpoint.machine, endpoint.storePath, &description) == Owner::Other) {
        *error = tr("The Docker context \"%1\" (%2) is not Berth's for this machine; Berth left it as it is. Remove "
                    "it with \"docker context rm %1\" to let Berth make it.")
                     .arg(name, description.isEmpty() ? tr("no description") : description);
        return false;
    }
    // The TLS files first: a meta.json never names files that are not there yet.
    const QString tls = tlsDir(name);
    const QString endpointTls = tls + QStringLiteral("/docker");
    const bool withTls = !endpoint.tls.caCertPath.isEmpty();
    if (withTls) {
        if (!makePrivateDir(endpointTls, error))
            return false;
        const std::pair<QString, QString> files[] = { { endpoint.tls.caCertPath, QStringLiteral("ca.pem") },
            { endpoint.tls.clientCertPath, QStringLiteral("cert.pem") },
            { endpoint.tls.clientKeyPath, QStringLiteral("key.pem") } };
        for (const auto &[source, target] : files) {
            QByteArray data;
            if (!readFile(source, &data)) {
                *error = tr("Cannot read %1 for the Docker context \"%2\".").arg(nativePath(source), name);
                return false;
            }
            if (!writeFileAtomic(endpointTls + QLatin1Char('/') + target, data, privateFilePermissions, error))
                return false;
        }
    } else {
        QDir(tls).removeRecursively();
    }
    QJsonObject metadata;
    metadata.insert(QStringLiteral("Description"), tr("Berth machine \"%1\"").arg(endpoint.machine));
    metadata.insert(machineField, endpoint.machine);
    metadata.insert(storeField, cleanStorePath(endpoint.storePath));
    const QJsonObject docker { { QStringLiteral("Host"), endpoint.host }, { QStringLiteral("SkipTLSVerify"), false } };
    const QJsonObject meta { { QStringLiteral("Name"), name }, { QStringLiteral("Metadata"), metadata },
        { QStringLiteral("Endpoints"), QJsonObject { { QStringLiteral("docker"), docker } } } };
    // The Docker CLI makes meta.json readable by all (0644); it holds no secret.
    const auto readable = privateFilePermissions | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    return writeFileAtomic(metaDir(name) + QStringLiteral("/meta.json"),
        QJsonDocument(meta).toJson(QJsonDocument::Compact), readable, error);
}

bool DockerContexts::remove(const QString &machine, const QString &storePath, QString *error) const
{
    QString description;
    if (owner(machine, storePath, &description) != Owner::ThisMachine)
        return true;
    const QString name = contextName(machine);
    if (current() == name && !setCurrent(QString(), error))
        return false;
    // meta.json first: a context without it is none for the Docker CLI, whatever is left of its TLS files.
    if (!QDir(metaDir(name)).removeRecursively() || !QDir(tlsDir(name)).removeRecursively()) {
        *error = tr("Cannot remove the Docker context \"%1\" from %2.").arg(name, nativePath(m_configDir));
        return false;
    }
    return true;
}

bool DockerContexts::readConfig(QJsonObject *config, QString *error) const
{
    const QString path = configFile();
    QByteArray data;
    if (!QFileInfo::exists(path))
        return true;
    QJsonParseError parseError;
    const QJsonDocument document = readFile(path, &data) ? QJsonDocument::fromJson(data, &parseError) : QJsonDocument();
    if (!data.trimmed().isEmpty() && !document.isObject()) {
        *error = tr("%1 is not a JSON object (%2); Berth did not change it. Correct it, or set the current context "
                    "with \"docker context use\".")
                     .arg(nativePath(path), parseError.errorString());
        return false;
    }
    *config = document.object();
    return true;
}

QString DockerContexts::current() const
{
    QJsonObject config;
    QString ignored;
    if (!readConfig(&config, &ignored))
        return QString();
    return config.value(QStringLiteral("currentContext")).toString();
}

bool DockerContexts::setCurrent(const QString &name, QString *error) const
{
    QJsonObject config;
    if (!readConfig(&config, error))
        return false;
    if (name.isEmpty())
        config.remove(QStringLiteral("currentContext"));
    else
        config.insert(QStringLiteral("currentContext"), name);
    // config.json holds registry credentials: it keeps its permissions, and is the owner's alone when new.
    const QString path = configFile();
    const QFileDevice::Permissions permissions
        = QFileInfo::exists(path) ? QFile::permissions(path) : privateFilePermissions;
    return writeFileAtomic(path, QJsonDocument(config).toJson(QJsonDocument::Indented), permissions, error);
}

} // namespace berth
