#pragma once

#include "machine.h"
#include "util/error.h"
#include "util/filelock.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>

namespace berth {

// The docker-machine 0.16 store:
//   ROOT/certs/{ca.pem,ca-key.pem,cert.pem,key.pem}   shared by all machines
//   ROOT/machines/NAME/config.json                    plus keys and certificates (DOCKER_CERT_PATH)
//   ROOT/cache/                                       VM images
//   ROOT/.locks, ROOT/.tls-sessions                   Berth's own: locks, TLS sessions to resume
// ROOT is --storage-path/-s, else MACHINE_STORAGE_PATH, else ~/.docker/machine.
// Writes are atomic; folders are 0700 and files 0600 whatever the umask. OS locks (ROOT/.locks) keep
// two Berth processes (CLI and GUI) from losing each other's writes and die with their process. A new
// machine is built in a hidden staging folder and renamed into place complete; nothing is read or
// written through a symbolic link that leaves the store.
class MachineStore {
public:
    explicit MachineStore(const QString &rootPath);

    // MACHINE_STORAGE_PATH, else ~/.docker/machine.
    static QString defaultRootPath();

    QString rootPath() const { return m_root; }
    QString certsDir() const;
    QString machinesDir() const;
    QString machineDir(const QString &name) const;
    QString configPath(const QString &name) const;
    // Where the TLS session with the machine's engine is kept between processes (ROOT/.tls-sessions/NAME),
    // so that the next connection resumes it instead of making a full handshake (DockerTlsFiles).
    QString tlsSessionPath(const QString &name) const;

    // Names of the folders under machines/, sorted; each may or may not load.
    QStringList machineNames() const;
    // Whether anything (a folder, a link, a stray file) is at machines/NAME.
    bool exists(const QString &name) const;
    // Whether path (or a symbolic link on its way) leads out of the store.
    bool leavesStore(const QString &path) const;

    // Reads machines/NAME/config.json. On false, error says why (missing, unreadable, not JSON, wrong version).
    bool load(const QString &name, Machine *machine, Error *error) const;
    // Writes machines/NAME/config.json atomically into the machine's existing folder (a machine
    // removed meanwhile is not made again).
    bool save(const Machine &machine, Error *error) const;
    // Deletes machines/NAME: a symbolic link only as a link, a folder with everything in it (first
    // moved aside, so it vanishes from the store at once).
    bool remove(const QString &name, Error *error) const;

    // A new machine is made in stagingDir(NAME) (hidden, so no command lists it) and renamed to
    // machines/NAME once complete.
    QString stagingDir(const QString &name) const;
    // Writes config.json into a staging folder; paths into the staging folder are written as the
    // machine's final ones.
    bool saveStaged(const Machine &machine, const QString &stagingDir, Error *error) const;
    bool publishStaged(const QString &name, Error *error) const;
    // Hidden folders that a create or rm of a machine left (machine name -> folder); only the process
    // holding that machine's lock works on them, so a free lock means their owner is dead.
    QList<QPair<QString, QString>> leftovers() const;
    // Deletes a folder, never following a symbolic link in it (or a link given as path).
    static bool removeTree(const QString &path);

    // Checks that the store can be written (creates the folders docker-machine expects, 0700).
    bool ensureWritable(Error *error) const;

    // Holds the lock of one machine (ROOT/.locks/NAME.lock) until destroyed. Waits up to timeoutMs for
    // another process; returns null with error set on timeout. The OS drops the lock when its process
    // dies, however it dies.
    // purpose ("start", "create") is written into the lock file for lockHolder().
    std::unique_ptr<FileLock> lock(
        const QString &machineName, int timeoutMs, Error *error, const QString &purpose = QString()) const;
    // Whether some process (this one too) holds the machine's lock now, and for what (purpose). Looks at
    // the lock file first, so a machine nobody works on costs one stat.
    bool lockHolder(const QString &machineName, QString *purpose) const;
    // The store-wide lock of certs/ (the CA and client certificate); its file is named so that no
    // machine's can be the same.
    std::unique_ptr<FileLock> lockCerts(int timeoutMs, Error *error) const;

private:
    std::unique_ptr<FileLock> lockFile(const QString &fileName, const QString &what, int timeoutMs, Error *error,
        const QString &purpose = QString()) const;
    bool writeConfig(const Machine &machine, const QString &dir, const QString &finalDir, Error *error) const;

    QString m_root;
};

} // namespace berth
