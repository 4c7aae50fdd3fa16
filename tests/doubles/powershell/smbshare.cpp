#include "smbshare.h"

#include "vmrunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

namespace berth::psdouble {

namespace {

const QString smbShareType
    = QStringLiteral("Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/SMB/MSFT_SmbShare");
const QString ipAddressType
    = QStringLiteral("Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetIPAddress");
const QString addressFamilyType
    = QStringLiteral("Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetIPAddress.AddressFamily");

QString smbHome()
{
    return HyperV::instance().home() + QStringLiteral("/smb");
}

QString serverFolder(const SwitchConfig &sw)
{
    return HyperV::instance().home() + QStringLiteral("/switches/") + sw.bridge + QStringLiteral("/smb");
}

// The account smbd runs the double's user as: whoever runs the double (root, in the tests' namespace).
QString unixUser()
{
    const passwd *pw = getpwuid(geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QStringLiteral("root");
}

// "BERTH-HOST\docker" -> "docker".
QString accountName(const QString &user)
{
    return user.mid(user.lastIndexOf(QLatin1Char('\\')) + 1);
}

// Whether a name of -FullAccess is the double's user (COMPUTER\user, .\user or user) or Everyone.
bool grantsUser(const QString &account, const HostConfig &config)
{
    const QString user = accountName(config.userName);
    return account.compare(QLatin1String("Everyone"), Qt::CaseInsensitive) == 0
        || account.compare(config.userName, Qt::CaseInsensitive) == 0
        || account.compare(QStringLiteral(".\\") + user, Qt::CaseInsensitive) == 0
        || account.compare(user, Qt::CaseInsensitive) == 0;
}

void saveShares(const QList<ShareRecord> &shares)
{
    QJsonArray items;
    for (const ShareRecord &share : shares)
        items.append(QJsonObject { { QStringLiteral("name"), share.name }, { QStringLiteral("path"), share.path },
            { QStringLiteral("description"), share.description } });
    QDir().mkpath(smbHome());
    QFile file(smbHome() + QStringLiteral("/shares.json"));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QJsonDocument(items).toJson());
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// The shares as smbd's configuration (included by every switch's smb.conf): each open to the double's user.
void writeSharesConf()
{
    QByteArray text;
    for (const ShareRecord &share : SmbShares::shares()) {
        text += "[" + share.name.toUtf8() + "]\n";
        text += "path = " + share.path.toUtf8() + "\n";
        text += "valid users = " + unixUser().toUtf8() + "\n";
        text += "read only = no\n";
    }
    QDir().mkpath(smbHome());
    writeFile(smbHome() + QStringLiteral("/shares.conf"), text);
}

// Every running smbd reads the shares again (SIGHUP).
void reloadServers()
{
    writeSharesConf();
    for (const SwitchConfig &sw : HyperV::instance().config().switches) {
        const qint64 pid = readPid(serverFolder(sw) + QStringLiteral("/run/smbd.pid"));
        if (processRuns(pid, QStringLiteral("smbd")))
            ::kill(static_cast<pid_t>(pid), SIGHUP);
    }
}

Value shareObject(const ShareRecord &share)
{
    auto o = makeObject(ObjectKind::CimInstance, smbShareType);
    o->set(QStringLiteral("Name"), Value::fromString(share.name));
    o->set(QStringLiteral("ScopeName"), Value::fromString(QStringLiteral("*")));
    o->set(QStringLiteral("Path"), Value::fromString(share.path));
    o->set(QStringLiteral("Description"), Value::fromString(share.description));
    o->unmodelled
        = { QStringLiteral("ShareState"), QStringLiteral("ShareType"), QStringLiteral("FolderEnumerationMode"),
              QStringLiteral("CachingMode"), QStringLiteral("ConcurrentUserLimit"), QStringLiteral("CurrentUsers"),
              QStringLiteral("EncryptData"), QStringLiteral("SecurityDescriptor"), QStringLiteral("Special"),
              QStringLiteral("Temporary"), QStringLiteral("Volume"), QStringLiteral("PresetPathAcl") };
    o->tableView = { QStringLiteral("Name"), QStringLiteral("ScopeName"), QStringLiteral("Path"),
        QStringLiteral("Description") };
    o->display = QStringLiteral("MSFT_SmbShare (Name = \"%1\", ScopeName = \"*\")").arg(share.name);
    return Value::fromObject(o);
}

// The CIM cmdlets' answer for a name that matches nothing: "No MSFT_SMBShare objects found with property 'Name'
// equal to 'x'.  Verify the value of the property and retry." (two spaces, as Windows writes it).
void notFound(
    Interpreter &ip, CommandCall &call, const QString &cimClass, const QString &property, const QString &value)
{
    ip.writeError(call,
        call.error(QStringLiteral("No %1 objects found with property '%2' equal to '%3'.  Verify the value of the "
                                  "property and retry.")
                       .arg(cimClass, property, value),
            QStringLiteral("ObjectNotFound"), QStringLiteral("CimJobException"),
            QStringLiteral("CmdletizationQuery_NotFound_") + property, Value::fromString(value)));
}

QStringList strings(const Value &value)
{
    QStringList list;
    for (const Value &item : value.enumerate())
        list.append(item.toString());
    return list;
}

void requireAdministrator(const QString &cmdlet)
{
    // Windows answers "Access is denied." (Windows System Error 5); its error record is not modelled.
    if (!HyperV::instance().config().administrator)
        throw Unsupported { cmdlet + QStringLiteral(" without the Administrators' rights") };
}

void newSmbShare(Interpreter &, CommandCall &call)
{
    requireAdministrator(call.spec->name);
    const HostConfig &config = HyperV::instance().config();
    for (const char *unmodelled : { "ChangeAccess", "ReadAccess", "NoAccess", "ScopeName", "ConcurrentUserLimit",
             "CachingMode", "FolderEnumerationMode", "EncryptData", "SecurityDescriptor", "ContinuouslyAvailable" }) {
        if (call.has(QString::fromLatin1(unmodelled)))
            throw Unsupported { QStringLiteral("New-SmbShare -%1").arg(QString::fromLatin1(unmodelled)) };
    }
    ShareRecord share;
    share.name = call.string(QStringLiteral("Name"));
    share.path = call.string(QStringLiteral("Path"));
    share.description = call.string(QStringLiteral("Description"));
    // Windows' texts for a name it refuses, a missing folder, an account it does not know and a name already shared
    // are not modelled.
    static const QString forbidden = QStringLiteral("\"/\\[]:|<>+=;,?*");
    if (share.name.size() >= 80 || std::any_of(share.name.cbegin(), share.name.cend(), [](QChar c) {
            return forbidden.contains(c) || c.unicode() < 32;
        }))
        throw Unsupported { QStringLiteral("New-SmbShare of a name Windows refuses") };
    if (!QFileInfo(share.path).isDir())
        throw Unsupported { QStringLiteral("New-SmbShare of a folder that does not exist") };
    const QStringList accounts = strings(call.get(QStringLiteral("FullAccess")));
    if (accounts.isEmpty())
        throw Unsupported { QStringLiteral("New-SmbShare without -FullAccess (Everyone's read access)") };
    for (const QString &account : accounts) {
        if (!grantsUser(account, config))
            throw Unsupported { QStringLiteral("New-SmbShare -FullAccess %1: accounts other than %2 and Everyone")
                                    .arg(account, config.userName) };
    }
    HyperV::Lock lock;
    QList<ShareRecord> shares = SmbShares::shares();
    for (const ShareRecord &existing : shares) {
        if (existing.name.compare(share.name, Qt::CaseInsensitive) == 0)
            throw Unsupported { QStringLiteral("New-SmbShare of a name already shared") };
    }
    shares.append(share);
    saveShares(shares);
    reloadServers();
    call.output.append(shareObject(share));
}

void getSmbShare(Interpreter &ip, CommandCall &call)
{
    // Without a name Windows lists its own shares too (ADMIN$, C$, IPC$), which the double does not have.
    if (!call.has(QStringLiteral("Name")))
        throw Unsupported { QStringLiteral("Get-SmbShare without -Name") };
    const QList<ShareRecord> shares = SmbShares::shares();
    for (const QString &name : strings(call.get(QStringLiteral("Name")))) {
        if (name.contains(QLatin1Char('*')) || name.contains(QLatin1Char('?')))
            throw Unsupported { QStringLiteral("Get-SmbShare -Name with wildcards") };
        bool found = false;
        for (const ShareRecord &share : shares) {
            if (share.name.compare(name, Qt::CaseInsensitive) == 0) {
                call.output.append(shareObject(share));
                found = true;
            }
        }
        if (!found)
            notFound(ip, call, QStringLiteral("MSFT_SMBShare"), QStringLiteral("Name"), name);
    }
}

void removeSmbShare(Interpreter &ip, CommandCall &call)
{
    requireAdministrator(call.spec->name);
    // Without -Force it asks to confirm, and a non-interactive shell's error for that is not modelled.
    if (!call.get(QStringLiteral("Force")).boolean)
        throw Unsupported { QStringLiteral("Remove-SmbShare without -Force") };
    HyperV::Lock lock;
    QList<ShareRecord> shares = SmbShares::shares();
    for (const QString &name : strings(call.get(QStringLiteral("Name")))) {
        const auto before = shares.size();
        shares.erase(std::remove_if(shares.begin(), shares.end(),
                         [&](const ShareRecord &s) { return s.name.compare(name, Qt::CaseInsensitive) == 0; }),
            shares.end());
        if (shares.size() == before)
            notFound(ip, call, QStringLiteral("MSFT_SMBShare"), QStringLiteral("Name"), name);
    }
    saveShares(shares);
    reloadServers();
}

// The host's vEthernet adapters: one for each Internal and External switch, on the switch's first address.
void getNetIPAddress(Interpreter &ip, CommandCall &call)
{
    if (call.has(QStringLiteral("IPAddress")))
        throw Unsupported { QStringLiteral("Get-NetIPAddress -IPAddress") };
    // The host's other adapters (loopback, its network cards) and its IPv6 addresses are not modelled.
    if (!call.has(QStringLiteral("InterfaceAlias")))
        throw Unsupported { QStringLiteral("Get-NetIPAddress without -InterfaceAlias") };
    if (call.get(QStringLiteral("AddressFamily")).integer != 2)
        throw Unsupported { QStringLiteral("Get-NetIPAddress without -AddressFamily IPv4") };
    const HostConfig &config = HyperV::instance().config();
    for (const QString &alias : strings(call.get(QStringLiteral("InterfaceAlias")))) {
        bool found = false;
        for (const SwitchConfig &sw : config.switches) {
            const QString adapter = QStringLiteral("vEthernet (%1)").arg(sw.name);
            if (sw.type == 0 || adapter.compare(alias, Qt::CaseInsensitive) != 0)
                continue;
            auto o = makeObject(ObjectKind::CimInstance, ipAddressType);
            o->set(QStringLiteral("IPAddress"), Value::fromString(VmRunner::hostAddress(sw)));
            o->set(QStringLiteral("InterfaceAlias"), Value::fromString(adapter));
            o->set(QStringLiteral("AddressFamily"), Value::fromEnum(addressFamilyType, 2, QStringLiteral("IPv4")));
            o->set(QStringLiteral("PrefixLength"),
                Value::fromInt(sw.subnet.section(QLatin1Char('/'), 1).toInt(), QStringLiteral("Byte")));
            o->unmodelled = { QStringLiteral("InterfaceIndex"), QStringLiteral("Type"), QStringLiteral("PrefixOrigin"),
                QStringLiteral("SuffixOrigin"), QStringLiteral("AddressState"), QStringLiteral("ValidLifetime"),
                QStringLiteral("PreferredLifetime"), QStringLiteral("SkipAsSource"), QStringLiteral("PolicyStore") };
            o->display = QStringLiteral("MSFT_NetIPAddress (Name = \"%1\", CreationClassName = \"\", "
                                        "SystemCreationClassName = \"\", SystemName = \"\")")
                             .arg(o->find(QStringLiteral("IPAddress"))->text);
            call.output.append(Value::fromObject(o));
            found = true;
        }
        if (!found)
            notFound(ip, call, QStringLiteral("MSFT_NetIPAddress"), QStringLiteral("InterfaceAlias"), alias);
    }
}

bool runWithInput(const QString &program, const QStringList &args, const QByteArray &input, QString *error)
{
    QProcess process;
    process.start(program, args);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1: %2").arg(program,
            QString::fromLocal8Bit(process.readAllStandardError() + process.readAllStandardOutput()).trimmed());
        return false;
    }
    return true;
}

} // namespace

QList<ShareRecord> SmbShares::shares()
{
    QList<ShareRecord> shares;
    QFile file(smbHome() + QStringLiteral("/shares.json"));
    if (!file.open(QIODevice::ReadOnly))
        return shares;
    for (const QJsonValue &v : QJsonDocument::fromJson(file.readAll()).array()) {
        const QJsonObject o = v.toObject();
        shares.append({ o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("path")).toString(),
            o.value(QStringLiteral("description")).toString() });
    }
    return shares;
}

bool SmbShares::startServer(const SwitchConfig &sw, const HostConfig &config, QString *error)
{
    const QString folder = serverFolder(sw);
    if (processRuns(readPid(folder + QStringLiteral("/run/smbd.pid")), QStringLiteral("smbd")))
        return true;
    for (const char *sub : { "lock", "state", "cache", "run", "private" })
        QDir().mkpath(folder + QLatin1Char('/') + QString::fromLatin1(sub));
    writeSharesConf();
    const QString user = unixUser();
    writeFile(smbHome() + QStringLiteral("/users.map"),
        (user + QStringLiteral(" = ") + accountName(config.userName) + QLatin1Char('\n')).toUtf8());
    // Only on the switch's bridge: the tests' namespace has nothing else, and the computer's own SMB stays untouched.
    const QString conf = folder + QStringLiteral("/smb.conf");
    const QByteArray text = QStringLiteral("[global]\n"
                                           "netbios name = %1\n"
                                           "workgroup = WORKGROUP\n"
                                           "server role = standalone server\n"
                                           "interfaces = %2\n"
                                           "bind interfaces only = yes\n"
                                           "smb ports = 445\n"
                                           "disable netbios = yes\n"
                                           "passdb backend = tdbsam:%3/private/passdb.tdb\n"
                                           "private dir = %3/private\n"
                                           "lock directory = %3/lock\n"
                                           "state directory = %3/state\n"
                                           "cache directory = %3/cache\n"
                                           "pid directory = %3/run\n"
                                           "ncalrpc dir = %3/run/ncalrpc\n"
                                           "log file = %3/log.smbd\n"
                                           "logging = file\n"
                                           "username map = %4/users.map\n"
                                           "load printers = no\n"
                                           "printcap name = /dev/null\n"
                                           "disable spoolss = yes\n"
                                           "include = %4/shares.conf\n")
                                .arg(config.computerName, sw.bridge, folder, smbHome())
                                .toUtf8();
    if (!writeFile(conf, text)) {
        *error = QStringLiteral("cannot write %1").arg(conf);
        return false;
    }
    // The user's Windows password is their SMB password; an account without one cannot log on over the network.
    if (!config.password.isEmpty()) {
        const QByteArray twice = (config.password + QLatin1Char('\n') + config.password + QLatin1Char('\n')).toUtf8();
        if (!runWithInput(QStringLiteral("smbpasswd"),
                { QStringLiteral("-c"), conf, QStringLiteral("-s"), QStringLiteral("-a"), user }, twice, error))
            return false;
    }
    if (!VmRunner::run(QStringLiteral("smbd"), { QStringLiteral("-s"), conf, QStringLiteral("-D") }, error))
        return false;
    for (int i = 0; i < 50; ++i) {
        if (processRuns(readPid(folder + QStringLiteral("/run/smbd.pid")), QStringLiteral("smbd")))
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("smbd did not start: see %1/log.smbd").arg(folder);
    return false;
}

void SmbShares::stopServer(const SwitchConfig &sw)
{
    const qint64 pid = readPid(serverFolder(sw) + QStringLiteral("/run/smbd.pid"));
    if (processRuns(pid, QStringLiteral("smbd")))
        ::kill(static_cast<pid_t>(pid), SIGTERM);
}

QList<CmdletSpec> SmbShares::cmdlets()
{
    auto spec
        = [](const char *name, const char *module, QList<ParamSpec> params, void (*run)(Interpreter &, CommandCall &)) {
              CmdletSpec s;
              s.name = QString::fromLatin1(name);
              // CIM cmdlets' FullyQualifiedErrorIds end in the cmdlet's own name.
              s.className = s.name;
              s.module = QString::fromLatin1(module);
              s.params = params;
              s.run = run;
              return s;
          };
    const ParamSpec shareName = makeParam("Name", ParamType::StringArray, 0);
    ParamSpec family = makeParam("AddressFamily", ParamType::Enum);
    family.enumType = addressFamilyType;
    family.enumNames = { QStringLiteral("IPv4"), QStringLiteral("IPv6") };
    family.enumValues = { 2, 23 };
    QList<ParamSpec> newParams { makeParam("Name", ParamType::String, 0, true),
        makeParam("Path", ParamType::String, 1, true), makeParam("FullAccess", ParamType::StringArray),
        makeParam("Description", ParamType::String), makeParam("Temporary", ParamType::Switch) };
    for (const char *unmodelled : { "ChangeAccess", "ReadAccess", "NoAccess" })
        newParams.append(makeParam(unmodelled, ParamType::StringArray));
    for (const char *unmodelled : { "ScopeName", "ConcurrentUserLimit", "CachingMode", "FolderEnumerationMode",
             "EncryptData", "SecurityDescriptor", "ContinuouslyAvailable" })
        newParams.append(makeParam(unmodelled, ParamType::String));
    return {
        spec("New-SmbShare", "SmbShare", newParams, newSmbShare),
        spec("Get-SmbShare", "SmbShare", { shareName }, getSmbShare),
        spec("Remove-SmbShare", "SmbShare",
            { makeParam("Name", ParamType::StringArray, 0, true), makeParam("Force", ParamType::Switch) },
            removeSmbShare),
        spec("Get-NetIPAddress", "NetTCPIP",
            { makeParam("IPAddress", ParamType::StringArray, 0), makeParam("InterfaceAlias", ParamType::StringArray),
                family },
            getNetIPAddress),
    };
}

} // namespace berth::psdouble
