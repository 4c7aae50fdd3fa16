#include "machinestore.h"

#include "util/atomicfile.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStore, "berth.store")

namespace berth {

MachineStore::MachineStore(const QString &rootPath)
    : m_root(QDir::cleanPath(QDir(rootPath).absolutePath()))
{
}

QString MachineStore::defaultRootPath()
{
    const QString fromEnv = qEnvironmentVariable("MACHINE_STORAGE_PATH");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QDir::homePath() + QStringLiteral("/.docker/machine");
}

QString MachineStore::certsDir() const
{
    return m_root + QStringLiteral("/certs");
}

QString MachineStore::machinesDir() const
{
    return m_root + QStringLiteral("/machines");
}

QString MachineStore::machineDir(const QString &name) const
{
    return machinesDir() + QLatin1Char('/') + name;
}

QString MachineStore::configPath(const QString &name) const
{
    return machineDir(name) + QStringLiteral("/config.json");
}

QString MachineStore::tlsSessionPath(const QString &name) const
{
    return m_root + QStringLiteral("/.tls-sessions/") + name;
}

QStringList MachineStore::machineNames() const
{
    QStringList names = QDir(machinesDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    // A folder docker-machine would not have made (a stray temp folder) is no machine.
    names.erase(
        std::remove_if(names.begin(), names.end(), [](const QString &n) { return n.startsWith(QLatin1Char('.')); }),
        names.end());
    return names;
}

bool MachineStore::exists(const QString &name) const
{
    const QFileInfo info(machineDir(name));
    return info.exists() || info.isSymLink();
}

bool MachineStore::leavesStore(const QString &path) const
{
    // A path that does not exist (yet) resolves through its folder.
    QFileInfo info(path);
    while (!info.exists() && !info.isSymLink() && info.absoluteFilePath() != info.absolutePath())
        info = QFileInfo(info.absolutePath());
    const QString resolved = info.canonicalFilePath();
    if (resolved.isEmpty())
        return info.isSymLink(); // a dangling link leads nowhere in the store
    // The store's own top folders may be links (machines/ on another disk): what they lead to is the store.
    for (const QString &top : { m_root, machinesDir(), certsDir() }) {
        const QString inside = QFileInfo(top).canonicalFilePath();
        if (!inside.isEmpty() && (resolved == inside || resolved.startsWith(inside + QLatin1Char('/'))))
            return false;
    }
    return true;
}

bool MachineStore::load(const QString &name, Machine *machine, Error *error) const
{
    QString nameError;
    if (!isValidMachineName(name, &nameError))
        return fail(error, nameError, ErrorKind::InvalidInput);
    if (!exists(name)) {
        return fail(error, tr("Docker machine \"%1\" does not exist.").arg(name), Remedy::ListOrCreate, name,
            ErrorKind::NotFound);
    }
    if (leavesStore(configPath(name))) {
        return fail(error,
            tr("%1 leads out of the store through a symbolic link; Berth does not follow it. Removing the machine "
               "removes the link (and nothing it points to).")
                .arg(nativePath(configPath(name))),
            Remedy::Remove, name);
    }
    QFile file(configPath(name));
    if (!file.open(QIODevice::ReadOnly))
        return fail(error,
            tr("Cannot read %1: %2. If a create was interrupted, remove the machine.")
                .arg(nativePath(file.fileName()), file.errorString()),
            Remedy::Remove, name);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return fail(error,
            tr("%1 is not valid JSON (%2 at offset %3). Fix or restore the file, or remove the machine from the "
               "store.")
                .arg(nativePath(file.fileName()), parseError.errorString())
                .arg(parseError.offset),
            Remedy::ForceRemove, name);
    }
    QString modelError;
    if (!Machine::fromJson(doc.object(), machine, &modelError))
        return fail(error, tr("%1: %2").arg(nativePath(file.fileName()), modelError));
    if (machine->name != name) {
        return fail(error,
            tr("%1 names the machine \"%2\", but its folder is \"%3\". Rename the folder or fix the Name field.")
                .arg(nativePath(file.fileName()), machine->name, name));
    }
    return true;
}

namespace {

// Every string in a JSON tree that is dir or lies under it, moved to the same place under to.
QJsonValue movePaths(const QJsonValue &value, const QString &from, const QString &to)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = movePaths(it.value(), from, to);
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = movePaths(*it, from, to);
        return array;
    }
    const QString text = value.toString();
    if (!value.isString())
        return value;
    if (text == from || text.startsWith(from + QLatin1Char('/')))
        return QString(to + text.mid(from.size()));
    // config.json holds paths as the platform writes them (backslashes on Windows).
    const QString nativeFrom = QDir::toNativeSeparators(from);
    if (text == nativeFrom || text.startsWith(nativeFrom + QDir::separator()))
        return QString(QDir::toNativeSeparators(to) + text.mid(nativeFrom.size()));
    return value;
}

} // namespace

bool MachineStore::writeConfig(const Machine &machine, const QString &dir, const QString &finalDir, Error *error) const
{
    QString message;
    if (!isValidMachineName(machine.name, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    const QFileInfo folder(dir);
    if (folder.isSymLink() || !folder.isDir() || leavesStore(dir)) {
        return fail(error,
            tr("The machine \"%1\" is no longer in the store (%2 is gone or not a folder); nothing was written.")
                .arg(machine.name, nativePath(dir)),
            ErrorKind::NotFound);
    }
    QJsonObject json = machine.toJson();
    if (dir != finalDir)
        json = movePaths(json, dir, finalDir).toObject();
    // docker-machine indents with four spaces, as QJsonDocument does.
    const QByteArray data = QJsonDocument(json).toJson(QJsonDocument::Indented);
    const QString path = dir + QStringLiteral("/config.json");
    if (!writeFileAtomic(path, data, privateFilePermissions, &message, false))
        return fail(error, message);
    qCDebug(lcStore) << "saved" << path;
    return true;
}

bool MachineStore::save(const Machine &machine, Error *error) const
{
    return writeConfig(machine, machineDir(machine.name), machineDir(machine.name), error);
}

bool MachineStore::saveStaged(const Machine &machine, const QString &stagingDir, Error *error) const
{
    return writeConfig(machine, stagingDir, machineDir(machine.name), error);
}

QString MachineStore::stagingDir(const QString &name) const
{
    // A dot and a word no machine name holds: no command lists it, no name can clash with it.
    return machinesDir() + QStringLiteral("/.create-") + name;
}

bool MachineStore::publishStaged(const QString &name, Error *error) const
{
    // Never replaces what is there (rename without replace): one name is created once.
    if (!QDir().rename(stagingDir(name), machineDir(name))) {
        return fail(error,
            tr("Cannot move the new machine from %1 to %2. Check the permissions of %3.")
                .arg(nativePath(stagingDir(name)), nativePath(machineDir(name)), nativePath(machinesDir())));
    }
    return true;
}

QList<QPair<QString, QString>> MachineStore::leftovers() const
{
    QList<QPair<QString, QString>> found;
    const QStringList entries
        = QDir(machinesDir()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        for (const QLatin1String prefix : { QLatin1String(".create-"), QLatin1String(".remove-") }) {
            const QString name = entry.mid(prefix.size());
            if (entry.startsWith(prefix) && isValidMachineName(name, nullptr))
                found.append({ name, machinesDir() + QLatin1Char('/') + entry });
        }
    }
    return found;
}

bool MachineStore::removeTree(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink() || (info.exists() && !info.isDir()))
        return QFile::remove(path);
    // QDir::removeRecursively removes a link inside as a link, never what it points to.
    return !info.exists() || QDir(path).removeRecursively();
}

bool MachineStore::remove(const QString &name, Error *error) const
{
    QString message;
    if (!isValidMachineName(name, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    const QString dir = machineDir(name);
    const QFileInfo info(dir);
    if (!info.exists() && !info.isSymLink())
        return true;
    QString doomed = dir;
    if (info.isDir() && !info.isSymLink()) {
        // Moved aside first: the machine leaves the store in one step, and a write racing with the
        // removal cannot bring its folder back.
        const QString aside = machinesDir() + QStringLiteral("/.remove-") + name;
        removeTree(aside);
        if (QDir().rename(dir, aside))
            doomed = aside;
    }
    if (!removeTree(doomed))
        return fail(
            error, tr("Cannot delete %1. Check its permissions and delete it by hand.").arg(nativePath(doomed)));
    QFile::remove(tlsSessionPath(name));
    return true;
}

bool MachineStore::ensureWritable(Error *error) const
{
    for (const QString &dir : { m_root, certsDir(), machinesDir() }) {
        QString message;
        if (!makePrivateDir(dir, &message)) {
            return fail(error,
                tr("Cannot create the store folder %1. Fix its permissions, or choose another store.")
                    .arg(nativePath(dir)),
                Remedy::ChooseStore, QString());
        }
    }
    const QFileInfo info(machinesDir());
    if (!info.isWritable()) {
        return fail(error,
            tr("The store folder %1 is not writable. Fix its permissions, or choose another store.")
                .arg(nativePath(info.filePath())),
            Remedy::ChooseStore, QString());
    }
    return true;
}

std::unique_ptr<FileLock> MachineStore::lockFile(
    const QString &fileName, const QString &what, int timeoutMs, Error *error, const QString &purpose) const
{
    const QString dir = m_root + QStringLiteral("/.locks");
    QString message;
    if (!makePrivateDir(dir, &message)) {
        fail(error,
            tr("Cannot create %1: the store is not writable. Fix its permissions, or choose another store.")
                .arg(nativePath(dir)),
            Remedy::ChooseStore, QString());
        return nullptr;
    }
    auto lock = std::make_unique<FileLock>(dir + QLatin1Char('/') + fileName);
    lock->setPurpose(purpose);
    if (!lock->tryLock(timeoutMs)) {
        if (!lock->errorString().isEmpty()) {
            fail(error, lock->errorString());
            return nullptr;
        }
        const qint64 pid = lock->holderPid();
        fail(error,
            (pid > 0 ? tr("Another Berth process (pid %1) is working on %2.").arg(pid).arg(what)
                     : tr("Another Berth process is working on %1.").arg(what))
                + QLatin1Char(' ') + tr("Wait for it to finish and try again."),
            ErrorKind::Busy);
        return nullptr;
    }
    return lock;
}

std::unique_ptr<FileLock> MachineStore::lock(
    const QString &machineName, int timeoutMs, Error *error, const QString &purpose) const
{
    QString message;
    if (!isValidMachineName(machineName, &message)) {
        fail(error, message, ErrorKind::InvalidInput);
        return nullptr;
    }
    return lockFile(machineName + QStringLiteral(".lock"), QLatin1Char('"') + machineName + QLatin1Char('"'), timeoutMs,
        error, purpose);
}

bool MachineStore::lockHolder(const QString &machineName, QString *purpose) const
{
    // A holder deletes the file when it lets go; one left by a killed process is free, as the probe finds.
    const QString path = m_root + QStringLiteral("/.locks/") + machineName + QStringLiteral(".lock");
    if (!isValidMachineName(machineName, nullptr) || !QFileInfo::exists(path))
        return false;
    FileLock probe(path);
    if (probe.tryLock(0))
        return false;
    *purpose = probe.holderPurpose();
    return probe.errorString().isEmpty();
}

std::unique_ptr<FileLock> MachineStore::lockCerts(int timeoutMs, Error *error) const
{
    // Machine names never start with a dot.
    return lockFile(QStringLiteral(".certs.lock"), tr("the store's certificates (%1)").arg(nativePath(certsDir())),
        timeoutMs, error);
}

} // namespace berth
