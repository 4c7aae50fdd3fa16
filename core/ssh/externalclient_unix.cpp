#include "externalclient.h"
#include "util/translate.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace berth::ssh {

int runOpenSsh(const QString &program, const QStringList &arguments, QString *error)
{
    std::vector<QByteArray> storage;
    storage.reserve(static_cast<size_t>(arguments.size()) + 1);
    storage.push_back(QFile::encodeName(program));
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &item : storage)
        argv.push_back(item.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    // The session is OpenSSH's own from here: terminal, signals and exit code.
    execv(argv.front(), argv.data());
    if (error)
        *error = tr("Cannot run %1: %2. Berth's built-in SSH client does without it.")
                     .arg(program, QString::fromLocal8Bit(std::strerror(errno)));
    return -1;
}

} // namespace berth::ssh
