// MachineApi's certificates: the store's CA and client certificate (made, replaced without ever losing
// the CA), their copies in a machine's folder, and the engine's server certificate.
#include "drivers/driver.h"
#include "machineapi.h"
#include "tls/certificates.h"
#include "util/atomicfile.h"
#include "util/translate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace berth {

namespace {

// The organisation docker-machine writes into its certificates: the local user's name.
QString userName()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    return name.isEmpty() ? QStringLiteral("berth") : name;
}

} // namespace

bool MachineApi::ensureClientCertificates(Progress *progress, Error *error, bool replace)
{
    if (!m_store.ensureWritable(error))
        return false;
    const auto lock = m_store.lockCerts(30000, error);
    if (!lock)
        return false;
    return ensureClientCertificatesLocked(progress, error, replace);
}

namespace {
const QStringList caFiles { QStringLiteral("ca.pem"), QStringLiteral("ca-key.pem") };
const QStringList clientFiles { QStringLiteral("cert.pem"), QStringLiteral("key.pem") };

// Berth before the journal set the old CA aside as *.old and could be killed before the new one was
// complete: such a CA is brought back rather than replaced by a new one.
void restoreSetAsideCa(const QString &dir)
{
    const QString ca = dir + QStringLiteral("/ca.pem"), caKey = dir + QStringLiteral("/ca-key.pem");
    const QString old = QStringLiteral(".old");
    if ((QFileInfo::exists(ca) && QFileInfo::exists(caKey)) || !QFileInfo::exists(ca + old)
        || !QFileInfo::exists(caKey + old))
        return;
    for (const QString &name : caFiles + clientFiles) {
        const QString path = dir + QLatin1Char('/') + name;
        if (QFileInfo::exists(path + old))
            renameReplacing(path + old, path);
        else
            QFile::remove(path); // a client certificate of the lost new CA
    }
}
} // namespace

bool MachineApi::ensureClientCertificatesLocked(Progress *progress, Error *error, bool replace) const
{
    const QString dir = m_store.certsDir();
    QString message;
    // A replacement that was interrupted is finished first: the new set if it was complete, else the old one.
    if (!finishFileSetReplace(dir, &message))
        return fail(error, message);
    restoreSetAsideCa(dir);
    auto have = [&dir](const QStringList &names) {
        return std::all_of(names.begin(), names.end(),
            [&dir](const QString &name) { return QFileInfo(dir + QLatin1Char('/') + name).isFile(); });
    };
    const bool newCa = replace || !have(caFiles);
    if (!newCa && have(clientFiles))
        return true;
    // What is made new is made complete in a staging folder, then put in place as one set.
    const QString staging = beginFileSetReplace(dir, &message);
    if (staging.isEmpty())
        return fail(error, message);
    const QString caSource = newCa ? staging : dir;
    QStringList names = clientFiles;
    if (newCa) {
        progress->step(tr("Creating CA: %1").arg(nativePath(dir + QStringLiteral("/ca.pem"))));
        if (!tls::generateCa(
                staging + QStringLiteral("/ca.pem"), staging + QStringLiteral("/ca-key.pem"), userName(), &message)) {
            abortFileSetReplace(dir);
            return fail(error, message);
        }
        names = caFiles + clientFiles;
    }
    progress->step(tr("Creating client certificate: %1").arg(nativePath(dir + QStringLiteral("/cert.pem"))));
    if (!tls::generateClientCertificate(caSource + QStringLiteral("/ca.pem"), caSource + QStringLiteral("/ca-key.pem"),
            staging + QStringLiteral("/cert.pem"), staging + QStringLiteral("/key.pem"), userName(), &message)) {
        abortFileSetReplace(dir);
        return fail(error, message);
    }
    if (!commitFileSetReplace(dir, names, &message))
        return fail(error, message);
    return true;
}

void MachineApi::pinAuthPaths(Host &host, const QString &machineDir) const
{
    // The driver's own files (known_hosts, a VM's disks and pid file) too, whatever StorePath says.
    host.driver->setMachineDir(machineDir);
    // The local certificate paths follow the store's layout, never what config.json names: nothing is
    // read, written or sent to a host from outside the store.
    const AuthOptions layout = Machine::defaultAuthOptions(m_store.rootPath(), host.machine.name);
    AuthOptions &auth = host.machine.auth;
    auth.certDir = layout.certDir;
    auth.caCertPath = layout.caCertPath;
    auth.caPrivateKeyPath = layout.caPrivateKeyPath;
    auth.clientCertPath = layout.clientCertPath;
    auth.clientKeyPath = layout.clientKeyPath;
    auth.serverCertPath = machineDir + QStringLiteral("/server.pem");
    auth.serverKeyPath = machineDir + QStringLiteral("/server-key.pem");
    auth.storePath = machineDir;
}

bool MachineApi::copyClientCertsToMachine(const Host &host, Error *error) const
{
    // Only the store's own certs/ files, only into the machine's own folder (or its staging folder).
    const QString &name = host.machine.name;
    const QString dir
        = host.machine.auth.storePath == m_store.stagingDir(name) ? m_store.stagingDir(name) : m_store.machineDir(name);
    if (m_store.leavesStore(dir) || QFileInfo(dir).isSymLink() || !QFileInfo(dir).isDir())
        return fail(error, tr("%1 is not a folder of the store; no certificate was copied.").arg(nativePath(dir)));
    const struct {
        QString name;
        QFileDevice::Permissions permissions;
    } files[] = {
        { QStringLiteral("ca.pem"), publicFilePermissions },
        { QStringLiteral("cert.pem"), publicFilePermissions },
        { QStringLiteral("key.pem"), privateFilePermissions },
    };
    QString message;
    QList<QByteArray> contents;
    {
        // Read as one set: never while another process puts a new CA in place.
        const auto certsLock = m_store.lockCerts(30000, error);
        if (!certsLock)
            return false;
        if (!finishFileSetReplace(m_store.certsDir(), &message))
            return fail(error, message);
        for (const auto &file : files) {
            const QString from = m_store.certsDir() + QLatin1Char('/') + file.name;
            QFile source(from);
            if (m_store.leavesStore(from)) {
                return fail(error,
                    tr("%1 leads out of the store through a symbolic link; no certificate was copied. Replace the "
                       "link by the file.")
                        .arg(nativePath(from)));
            }
            if (!source.open(QIODevice::ReadOnly))
                return fail(error, tr("Cannot read %1: %2").arg(nativePath(from), source.errorString()));
            contents << source.readAll();
        }
    }
    // The three copies change together: a kill never leaves a CA beside another CA's certificate.
    const QString staging = beginFileSetReplace(dir, &message);
    if (staging.isEmpty())
        return fail(error, message);
    QStringList names;
    for (const auto &file : files) {
        if (!writeFileAtomic(
                staging + QLatin1Char('/') + file.name, contents.at(names.size()), file.permissions, &message, false)) {
            abortFileSetReplace(dir);
            return fail(error, message);
        }
        names << file.name;
    }
    if (!commitFileSetReplace(dir, names, &message))
        return fail(error, message);
    return true;
}

bool MachineApi::generateServerCert(const Host &host, Error *error) const
{
    QString message;
    const QString address = host.driver->ip(&message);
    if (address.isEmpty())
        return fail(error, message);
    QStringList hosts { address, QStringLiteral("localhost") };
    for (const QString &san : host.machine.auth.serverCertSans) {
        if (!hosts.contains(san))
            hosts << san;
    }
    const AuthOptions &auth = host.machine.auth;
    // docker-machine's "user.name"; X.509 allows 64 bytes, so a long name is cut (the SANs name the host).
    QString organization = userName() + QLatin1Char('.') + host.machine.name;
    while (organization.toUtf8().size() > 64)
        organization.chop(1);
    if (!tls::generateServerCertificate(auth.caCertPath, auth.caPrivateKeyPath, auth.serverCertPath, auth.serverKeyPath,
            organization, hosts, &message))
        return fail(error, message);
    return true;
}

bool MachineApi::checkServerCertificate(const Host &host, Error *error) const
{
    QString message;
    const QString address = host.driver->ip(&message);
    if (address.isEmpty())
        return fail(error, message);
    if (!tls::verifyServerCertificate(
            host.machine.auth.caCertPath, host.machine.auth.serverCertPath, { address }, &message)) {
        return fail(error,
            tr("The certificates of \"%1\" are not valid for %2: %3").arg(host.machine.name, address, message),
            Remedy::RegenerateCerts, host.machine.name);
    }
    return true;
}

} // namespace berth
