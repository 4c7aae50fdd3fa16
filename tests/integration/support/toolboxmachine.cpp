#include "toolboxmachine.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QThread>

namespace berth::test {

namespace {

QString jsonType(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("undefined");
    }
}

// Every field of `original` in `now`, with the same JSON type (what Go's encoding/json needs to load it into
// docker-machine's structs) and the same value, but the ones in `mayChange`; dotted paths.
void compareFields(const QString &path, const QJsonValue &original, const QJsonValue &now, const QStringList &mayChange,
    QStringList *problems)
{
    if (mayChange.contains(path))
        return;
    if (!now.isUndefined() && jsonType(original) != jsonType(now)) {
        *problems << QStringLiteral("%1: %2 became %3").arg(path, jsonType(original), jsonType(now));
        return;
    }
    if (now.isUndefined()) {
        *problems << QStringLiteral("%1: gone").arg(path);
        return;
    }
    if (original.isObject()) {
        const QJsonObject o = original.toObject(), n = now.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            compareFields(path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), it.value(), n.value(it.key()),
                mayChange, problems);
        return;
    }
    if (original != now)
        *problems << QStringLiteral("%1: %2 became %3")
                         .arg(path,
                             QString::fromUtf8(QJsonDocument(QJsonArray { original }).toJson(QJsonDocument::Compact)),
                             QString::fromUtf8(QJsonDocument(QJsonArray { now }).toJson(QJsonDocument::Compact)));
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool writeFile(const QString &path, const QByteArray &content, QString *error)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size())
        return true;
    *error = QStringLiteral("cannot write %1").arg(path);
    return false;
}

} // namespace

ToolboxMachine::ToolboxMachine(const QString &workDir, const QString &store, const QString &name, const QString &home)
    : m_work(workDir)
    , m_store(store)
    , m_name(name)
    , m_home(home)
    , m_dir(store + QStringLiteral("/machines/") + name)
    , m_sshHost(QStringLiteral("127.0.0.1"))
{
}

ProcessResult ToolboxMachine::openssl(const QStringList &args) const
{
    return runProcess(QStringLiteral("openssl"), args, QProcessEnvironment::systemEnvironment(), 60000);
}

bool ToolboxMachine::makeFiles(const QString &isoPath, QString *error)
{
    const QString certs = m_store + QStringLiteral("/certs");
    if (!QDir().mkpath(certs) || !QDir().mkpath(m_dir) || !QDir().mkpath(m_store + QStringLiteral("/cache"))
        || !QDir().mkpath(m_work)) {
        *error = QStringLiteral("cannot make the store's folders");
        return false;
    }
    const auto file = [&](const char *name) -> QString { return certs + QLatin1Char('/') + QLatin1String(name); };
    const QString ext = m_work + QStringLiteral("/client.ext");
    if (!writeFile(ext, "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n", error))
        return false;
    // The CA of the user's organisation and the client certificate it signs; a store has them once.
    if (!QFile::exists(file("ca.pem"))) {
        const QList<QStringList> steps {
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1080"), QStringLiteral("-subj"),
                QStringLiteral("/O=alice"), QStringLiteral("-keyout"), file("ca-key.pem"), QStringLiteral("-out"),
                file("ca.pem") },
            { QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                QStringLiteral("-subj"), QStringLiteral("/O=alice"), QStringLiteral("-keyout"), file("key.pem"),
                QStringLiteral("-out"), m_work + QStringLiteral("/client.csr") },
            { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                m_work + QStringLiteral("/client.csr"), QStringLiteral("-CA"), file("ca.pem"), QStringLiteral("-CAkey"),
                file("ca-key.pem"), QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("1080"),
                QStringLiteral("-extfile"), ext, QStringLiteral("-out"), file("cert.pem") },
        };
        for (const QStringList &step : steps) {
            const ProcessResult r = openssl(step);
            if (r.exitCode != 0) {
                *error = QStringLiteral("openssl %1: %2").arg(step.join(QLatin1Char(' ')), r.describe());
                return false;
            }
        }
    }
    for (const char *name : { "ca.pem", "cert.pem", "key.pem" }) {
        if (!QFile::copy(file(name), m_dir + QLatin1Char('/') + QLatin1String(name))) {
            *error = QStringLiteral("cannot copy %1 into the machine's folder").arg(QLatin1String(name));
            return false;
        }
    }
    const ProcessResult key = runProcess(QStringLiteral("ssh-keygen"),
        { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("rsa"), QStringLiteral("-b"),
            QStringLiteral("2048"), QStringLiteral("-m"), QStringLiteral("PEM"), QStringLiteral("-N"), QString(),
            QStringLiteral("-C"), QString(), QStringLiteral("-f"), m_dir + QStringLiteral("/id_rsa") });
    if (key.exitCode != 0) {
        *error = QStringLiteral("ssh-keygen: ") + key.describe();
        return false;
    }
    const QString cached = m_store + QStringLiteral("/cache/boot2docker.iso");
    if ((!QFile::exists(cached) && !QFile::copy(isoPath, cached))
        || !QFile::copy(isoPath, m_dir + QStringLiteral("/boot2docker.iso"))) {
        *error = QStringLiteral("cannot copy %1 into the store").arg(isoPath);
        return false;
    }
    return true;
}

QByteArray ToolboxMachine::userdataTar(QString *error) const
{
    const QString tarDir = m_work + QStringLiteral("/userdata-") + m_name;
    const QString magic = QStringLiteral("boot2docker, please format-me");
    QDir().mkpath(tarDir + QStringLiteral("/.ssh"));
    const QByteArray key = readText(m_dir + QStringLiteral("/id_rsa.pub")).toUtf8();
    if (key.isEmpty()) {
        *error = QStringLiteral("no id_rsa.pub");
        return {};
    }
    for (const auto &[name, content] :
        { std::pair { magic, magic.toUtf8() }, std::pair { QStringLiteral(".ssh/authorized_keys"), key },
            std::pair { QStringLiteral(".ssh/authorized_keys2"), key } }) {
        if (!writeFile(tarDir + QLatin1Char('/') + name, content, error))
            return {};
    }
    const ProcessResult tar = runProcess(QStringLiteral("tar"),
        { QStringLiteral("-C"), tarDir, QStringLiteral("--no-recursion"), QStringLiteral("--format=ustar"),
            QStringLiteral("-cf"), QStringLiteral("-"), magic, QStringLiteral(".ssh"),
            QStringLiteral(".ssh/authorized_keys"), QStringLiteral(".ssh/authorized_keys2") });
    if (tar.exitCode != 0 || !tar.standardOutput.startsWith(magic.toUtf8())) {
        *error = QStringLiteral("tar: ") + tar.describe();
        return {};
    }
    return tar.standardOutput;
}

void ToolboxMachine::setSshTarget(const QString &host, int port)
{
    m_sshHost = host;
    m_sshPort = port;
}

ProcessResult ToolboxMachine::ssh(const QString &command, int timeoutMs) const
{
    // libmachine/ssh/client.go's baseSSHArgs with the machine's key.
    return runProcess(QStringLiteral("ssh"),
        { QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"), QStringLiteral("ConnectionAttempts=3"), QStringLiteral("-o"),
            QStringLiteral("ConnectTimeout=10"), QStringLiteral("-o"), QStringLiteral("ControlMaster=no"),
            QStringLiteral("-o"), QStringLiteral("ControlPath=none"), QStringLiteral("-o"),
            QStringLiteral("LogLevel=quiet"), QStringLiteral("-o"), QStringLiteral("PasswordAuthentication=no"),
            QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=no"), QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=/dev/null"), QStringLiteral("docker@") + m_sshHost, QStringLiteral("-o"),
            QStringLiteral("IdentitiesOnly=yes"), QStringLiteral("-i"), m_dir + QStringLiteral("/id_rsa"),
            QStringLiteral("-p"), QString::number(m_sshPort), command },
        QProcessEnvironment::systemEnvironment(), timeoutMs);
}

bool ToolboxMachine::waitForSsh(int timeoutMs, QString *error) const
{
    QDeadlineTimer deadline(timeoutMs);
    ProcessResult r;
    while (!deadline.hasExpired()) {
        r = ssh(QStringLiteral("exit 0"), 30000);
        if (r.exitCode == 0)
            return true;
        QThread::msleep(3000);
    }
    *error = QStringLiteral("no SSH into the boot2docker VM: ") + r.describe();
    return false;
}

bool ToolboxMachine::waitForAddress(const QString &mac, int timeoutMs, QString *error)
{
    QDeadlineTimer deadline(timeoutMs);
    ProcessResult r;
    const QString wanted = mac.toLower();
    while (!deadline.hasExpired()) {
        r = ssh(QStringLiteral("ip addr show"));
        bool inBlock = false;
        for (const QString &raw : QString::fromUtf8(r.standardOutput).split(QLatin1Char('\n'))) {
            const QString line = raw.trimmed();
            if (line.startsWith(QLatin1String("link")))
                inBlock = line.section(QLatin1Char(' '), 1, 1).remove(QLatin1Char(':')) == wanted;
            else if (inBlock && line.startsWith(QLatin1String("inet ")))
                m_ip = line.section(QLatin1Char(' '), 1, 1).section(QLatin1Char('/'), 0, 0);
        }
        if (!m_ip.isEmpty())
            return true;
        QThread::msleep(2000);
    }
    *error = QStringLiteral("no address for MAC %1: %2").arg(mac, r.describe());
    return false;
}

bool ToolboxMachine::provision(const QString &provider, QString *error)
{
    const QString server = m_dir + QStringLiteral("/server.pem");
    const QString serverKey = m_dir + QStringLiteral("/server-key.pem");
    const QString ext = m_work + QStringLiteral("/server.ext");
    if (!writeFile(ext,
            QStringLiteral("subjectAltName=IP:%1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                           "keyUsage=critical,digitalSignature,keyEncipherment,keyAgreement\n")
                .arg(m_ip)
                .toUtf8(),
            error))
        return false;
    const QString certs = m_store + QStringLiteral("/certs");
    const QString csr = m_work + QStringLiteral("/server.csr");
    for (const QStringList &step : QList<QStringList> {
             { QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                 QStringLiteral("-subj"), QStringLiteral("/O=alice.") + m_name, QStringLiteral("-keyout"), serverKey,
                 QStringLiteral("-out"), csr },
             { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                 certs + QStringLiteral("/ca.pem"), QStringLiteral("-CAkey"), certs + QStringLiteral("/ca-key.pem"),
                 QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("1080"),
                 QStringLiteral("-extfile"), ext, QStringLiteral("-out"), server } }) {
        const ProcessResult r = openssl(step);
        if (r.exitCode != 0) {
            *error = QStringLiteral("openssl: ") + r.describe();
            return false;
        }
    }
    const QString profile = QStringLiteral("\nEXTRA_ARGS='\n--label provider=%1\n\n'\n"
                                           "CACERT=/var/lib/boot2docker/ca.pem\n"
                                           "DOCKER_HOST='-H tcp://0.0.0.0:2376'\n"
                                           "DOCKER_STORAGE=overlay2\n"
                                           "DOCKER_TLS=auto\n"
                                           "SERVERKEY=/var/lib/boot2docker/server-key.pem\n"
                                           "SERVERCERT=/var/lib/boot2docker/server.pem\n\n\n")
                                .arg(provider);
    const QStringList commands {
        QStringLiteral("sudo /usr/bin/sethostname %1 && echo \"%1\" | sudo tee /var/lib/boot2docker/etc/hostname")
            .arg(m_name),
        QStringLiteral("sudo mkdir -p /var/lib/boot2docker"),
        QStringLiteral("sudo /etc/init.d/docker stop"),
        QStringLiteral("if [ ! -z \"$(ip link show docker0)\" ]; then sudo ip link delete docker0; fi"),
        QStringLiteral("printf '%s' '%1' | sudo tee /var/lib/boot2docker/ca.pem")
            .arg(readText(certs + QStringLiteral("/ca.pem"))),
        QStringLiteral("printf '%s' '%1' | sudo tee /var/lib/boot2docker/server.pem").arg(readText(server)),
        QStringLiteral("printf '%s' '%1' | sudo tee /var/lib/boot2docker/server-key.pem").arg(readText(serverKey)),
        QStringLiteral("sudo mkdir -p /var/lib/boot2docker && printf %s \"%1\" | sudo tee /var/lib/boot2docker/profile")
            .arg(profile),
        QStringLiteral("sudo /etc/init.d/docker start"),
    };
    // WaitForDocker first: boot2docker's Docker listens on 2376 (with certificates of its own) before this.
    QDeadlineTimer deadline(180000);
    while (!ssh(QStringLiteral("if ! type netstat 1>/dev/null; then ss -tln; else netstat -tln; fi"))
                .standardOutput.contains(":2376")) {
        if (deadline.hasExpired()) {
            *error = QStringLiteral("boot2docker's Docker never listened on 2376");
            return false;
        }
        QThread::msleep(2000);
    }
    for (const QString &command : commands) {
        const ProcessResult r = ssh(command);
        if (r.exitCode != 0) {
            *error = QStringLiteral("ssh %1: %2").arg(command.left(80), r.describe());
            return false;
        }
    }
    // docker-machine's WaitForDocker again, then the engine answers with the client certificate.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://%1:2376").arg(m_ip));
    env.insert(QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1"));
    env.insert(QStringLiteral("DOCKER_CERT_PATH"), m_dir);
    ProcessResult version;
    while (!deadline.hasExpired()) {
        version = runProcess(dockerCli(),
            { QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") }, env,
            30000);
        if (version.exitCode == 0)
            return true;
        QThread::msleep(2000);
    }
    *error = QStringLiteral("Docker over TLS after docker-machine's provisioning: ") + version.describe();
    return false;
}

bool ToolboxMachine::writeConfig(const QString &driverName, const QString &driverFields, QString *error)
{
    const QString text = QStringLiteral(R"json({
    "ConfigVersion": 3,
    "Driver": {
%1
    },
    "DriverName": "%2",
    "HostOptions": {
        "Driver": "",
        "Memory": 0,
        "Disk": 0,
        "EngineOptions": {
            "ArbitraryFlags": [],
            "Dns": null,
            "GraphDir": "",
            "Env": [],
            "Ipv6": false,
            "InsecureRegistry": [],
            "Labels": [],
            "LogLevel": "",
            "StorageDriver": "",
            "SelinuxEnabled": false,
            "TlsVerify": true,
            "RegistryMirror": [],
            "InstallURL": "https://get.docker.com"
        },
        "SwarmOptions": {
            "IsSwarm": false,
            "Address": "",
            "Discovery": "",
            "Agent": false,
            "Master": false,
            "Host": "tcp://0.0.0.0:3376",
            "Image": "swarm:latest",
            "Strategy": "spread",
            "Heartbeat": 0,
            "Overcommit": 0,
            "ArbitraryFlags": [],
            "ArbitraryJoinFlags": [],
            "Env": null,
            "IsExperimental": false
        },
        "AuthOptions": {
            "CertDir": "%3/certs",
            "CaCertPath": "%3/certs/ca.pem",
            "CaPrivateKeyPath": "%3/certs/ca-key.pem",
            "CaCertRemotePath": "",
            "ServerCertPath": "%4/server.pem",
            "ServerKeyPath": "%4/server-key.pem",
            "ClientKeyPath": "%3/certs/key.pem",
            "ServerCertRemotePath": "",
            "ServerKeyRemotePath": "",
            "ClientCertPath": "%3/certs/cert.pem",
            "ServerCertSANs": [],
            "StorePath": "%4"
        }
    },
    "Name": "%5"
})json")
                             .arg(driverFields, driverName, m_store, m_dir, m_name);
    m_configWritten = text.toUtf8();
    QJsonParseError parse;
    QJsonDocument::fromJson(m_configWritten, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the fixture's config.json does not parse: ") + parse.errorString();
        return false;
    }
    return writeFile(m_dir + QStringLiteral("/config.json"), m_configWritten, error);
}

QJsonObject ToolboxMachine::readConfig() const
{
    return QJsonDocument::fromJson(readText(m_dir + QStringLiteral("/config.json")).toUtf8()).object();
}

QStringList ToolboxMachine::configChanges(const QStringList &mayChange) const
{
    QStringList problems;
    const QJsonObject now = readConfig();
    if (now.isEmpty())
        return { QStringLiteral("config.json is gone or does not parse") };
    compareFields(QString(), QJsonDocument::fromJson(m_configWritten).object(), now, mayChange, &problems);
    return problems;
}

} // namespace berth::test
