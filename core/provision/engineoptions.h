#pragma once

#include <QString>
#include <QStringList>

namespace berth {

// docker-machine 0.16's engine.Options, field for field.
struct EngineOptions {
    QStringList arbitraryFlags;
    QStringList dns;
    QString graphDir;
    QStringList env;
    bool ipv6 = false;
    QStringList insecureRegistry;
    QStringList labels;
    QString logLevel;
    QString storageDriver;
    bool selinuxEnabled = false;
    bool tlsVerify = true;
    QStringList registryMirror;
    QString installUrl = QStringLiteral("https://get.docker.com");
};

} // namespace berth
