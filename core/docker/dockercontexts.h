#pragma once

#include "docker/dockerclient.h"

#include <QString>

namespace berth {

// A machine as the Docker CLI's context of it: its engine's URL and the client's TLS files.
struct DockerContextEndpoint {
    QString machine;
    // The store the machine belongs to: Berth's mark on the context, so that it changes only its own.
    QString storePath;
    QString host; // tcp://IP:PORT
    DockerTlsFiles tls; // empty paths: an engine without TLS
};

// The Docker CLI's context store (DOCKER_CONFIG, else ~/.docker): contexts/meta/<sha256 of the name>/meta.json
// and contexts/tls/<sha256>/docker/{ca,cert,key}.pem, as `docker context create` writes them, and config.json's
// currentContext. A context is Berth's when its metadata names the machine and the store; one that another tool
// (or another store) made is never changed or removed.
class DockerContexts {
public:
    // configDir empty: DOCKER_CONFIG, else ~/.docker.
    explicit DockerContexts(const QString &configDir = QString());

    QString configDir() const { return m_configDir; }
    // The context of a machine has the machine's name, except where the Docker CLI refuses it: "default" is its
    // own built-in context, and a name has two characters at least. Those become "berth-NAME".
    static QString contextName(const QString &machine);

    // Makes or updates the machine's context. False, with what to do, when a context of that name is not this
    // machine's or a file cannot be written.
    bool write(const DockerContextEndpoint &endpoint, QString *error) const;
    // Removes the machine's context if it is Berth's for that store, and makes the Docker CLI's own default the
    // current context again if it was the current one. A context of another owner stays (true).
    bool remove(const QString &machine, const QString &storePath, QString *error) const;
    // config.json's currentContext: name, or nothing (the Docker CLI's default) when name is empty. The rest of
    // config.json is kept.
    bool setCurrent(const QString &name, QString *error) const;
    QString current() const;

private:
    enum class Owner { Nobody, ThisMachine, Other };
    Owner owner(const QString &machine, const QString &storePath, QString *description) const;
    QString metaDir(const QString &name) const;
    QString tlsDir(const QString &name) const;
    QString configFile() const;
    bool readConfig(QJsonObject *config, QString *error) const;

    QString m_configDir;
};

} // namespace berth
