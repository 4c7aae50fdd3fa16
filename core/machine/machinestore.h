#pragma once

#include "machine.h"
#include "util/error.h"

#include <QLockFile>
#include <QString>
#include <QStringList>

#include <memory>

namespace berth {

// The docker-machine 0.16 store:
//   ROOT/certs/{ca.pem,ca-key.pem,cert.pem,key.pem}   shared by all machines
//   ROOT/machines/NAME/config.json                    plus keys and certificates (DOCKER_CERT_PATH)
//   ROOT/cache/                                       VM images
// ROOT is --storage-path/-s, else MACHINE_STORAGE_PATH, else ~/.docker/machine.
// Writes are atomic; a lock keeps two Berth processes (CLI and GUI) from losing each other's writes.
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

    // Names of the folders under machines/, sorted; each may or may not load.
    QStringList machineNames() const;
    bool exists(const QString &name) const;

    // Reads machines/NAME/config.json. On false, error says why (missing, unreadable, not JSON, wrong version).
    bool load(const QString &name, Machine *machine, Error *error) const;
    // Writes machines/NAME/config.json atomically, creating the folder when needed.
    bool save(const Machine &machine, Error *error) const;
    // Deletes machines/NAME and everything in it.
    bool remove(const QString &name, Error *error) const;

    // Checks that the store can be written (creates the folders docker-machine expects).
    bool ensureWritable(Error *error) const;

    // Holds ROOT/.locks/KEY.lock until destroyed. Waits up to timeoutMs for another process;
    // a lock left by a dead process is taken over. Returns null with error set on timeout.
    std::unique_ptr<QLockFile> lock(const QString &key, int timeoutMs, Error *error) const;

private:
    QString m_root;
};

} // namespace berth
