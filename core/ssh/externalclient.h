#pragma once

#include "sshsession.h"

#include <QString>
#include <QStringList>

// `berth ssh` through the system's OpenSSH client, as docker-machine's external client did:
// every option of ssh's (-L, -R, -N, -C, -o ...) then works as the user knows it.
namespace berth::ssh {

// The OpenSSH client on the PATH; empty when there is none.
QString findOpenSshClient();

// False, with error set, when a path of target cannot be given to OpenSSH (it expands ${VAR} in it).
bool openSshTakesPaths(const Target &target, QString *error);

// ssh's arguments for target (paths escaped for ssh's %-tokens and word splitting): docker-machine's base arguments,
// except that the host key is checked strictly against the machine's own known_hosts, then user@host, the machine's key
// and port, then userArguments (ssh options, `--`, the remote command) as given.
QStringList openSshArguments(const Target &target, const QStringList &userArguments);

// Runs program on the caller's terminal and standard streams. On Unix it replaces this process,
// so it returns only when it could not be started (-1, error set); on Windows it waits and
// returns ssh's exit code: the remote command's, or 255 when ssh itself failed.
int runOpenSsh(const QString &program, const QStringList &arguments, QString *error);

} // namespace berth::ssh
