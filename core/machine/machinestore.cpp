#include "machinestore.h"

#include "util/atomicfile.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
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
    return QFileInfo(machineDir(name)).isDir();
}

bool MachineStore::load(const QString &name, Machine *machine, Error *error) const
{
    QString nameError;
    if (!isValidMachineName(name, &nameError))
        return fail(error, nameError, ErrorKind::InvalidInput);
    if (!exists(name)) {
        return fail(error,
            tr("Docker machine \"%1\" does not exist. Use \"berth ls\" to list machines. "
               "Use \"berth create\" to add a new one.")
                .arg(name),
            ErrorKind::NotFound);
    }
    QFile file(configPath(name));
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, tr("Cannot read %1: %2.").arg(nativePath(file.fileName()), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return fail(error,
            tr("%1 is not valid JSON (%2 at offset %3). Fix or restore the file, or remove the machine with "
               "\"berth rm -f %4\".")
                .arg(nativePath(file.fileName()), parseError.errorString())
                .arg(parseError.offset)
                .arg(name));
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

bool MachineStore::save(const Machine &machine, Error *error) const
{
    QString message;
    if (!isValidMachineName(machine.name, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    // docker-machine indents with four spaces, as QJsonDocument does.
    const QByteArray data = QJsonDocument(machine.toJson()).toJson(QJsonDocument::Indented);
    if (!writeFileAtomic(configPath(machine.name), data, publicFilePermissions, &message))
        return fail(error, message);
    qCDebug(lcStore) << "saved" << configPath(machine.name);
    return true;
}

bool MachineStore::remove(const QString &name, Error *error) const
{
    QString message;
    if (!isValidMachineName(name, &message))
        return fail(error, message, ErrorKind::InvalidInput);
    QDir dir(machineDir(name));
    if (!dir.exists())
        return true;
    if (!dir.removeRecursively())
        return fail(
            error, tr("Cannot delete %1. Check its permissions and delete it by hand.").arg(nativePath(dir.path())));
    return true;
}

bool MachineStore::ensureWritable(Error *error) const
{
    for (const QString &dir : { m_root, certsDir(), machinesDir() }) {
        if (!QDir().mkpath(dir)) {
            return fail(error,
                tr("Cannot create the store folder %1. Choose another with -s/--storage-path or "
                   "MACHINE_STORAGE_PATH, or fix its permissions.")
                    .arg(nativePath(dir)));
        }
    }
    const QFileInfo info(machinesDir());
    if (!info.isWritable()) {
        return fail(error,
            tr("The store folder %1 is not writable. Choose another with -s/--storage-path or "
               "MACHINE_STORAGE_PATH, or fix its permissions.")
                .arg(nativePath(info.filePath())));
    }
    return true;
}

std::unique_ptr<QLockFile> MachineStore::lock(const QString &key, int timeoutMs, Error *error) const
{
    const QString dir = m_root + QStringLiteral("/.locks");
    if (!QDir().mkpath(dir)) {
        fail(error,
            tr("Cannot create %1: the store is not writable. Fix its permissions or choose another store "
               "with -s/--storage-path.")
                .arg(nativePath(dir)));
        return nullptr;
    }
    auto lockFile = std::make_unique<QLockFile>(dir + QLatin1Char('/') + key + QStringLiteral(".lock"));
    // A long create holds its machine's lock for minutes; the store's own lock is held only briefly.
    lockFile->setStaleLockTime(0);
    if (!lockFile->tryLock(timeoutMs)) {
        qint64 pid = 0;
        QString host, app;
        lockFile->getLockInfo(&pid, &host, &app);
        fail(error,
            tr("Another Berth process (pid %1) is working on \"%2\". Wait for it to finish and try again.")
                .arg(pid)
                .arg(key));
        return nullptr;
    }
    return lockFile;
}

} // namespace berth
