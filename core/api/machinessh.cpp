// MachineApi's ssh and scp: a terminal or a copy over the machine's SSH, with OpenSSH's client or Berth's.

#include "drivers/driverregistry.h"
#include "machineapi.h"
#include "ssh/clientoptions.h"
#include "ssh/externalclient.h"
#include "ssh/sshsession.h"

namespace berth {

QList<DriverDescription> MachineApi::drivers()
{
    QList<DriverDescription> descriptions;
    for (const DriverInfo &info : DriverRegistry::drivers())
        descriptions << DriverDescription { info.name, info.description, info.flags };
    return descriptions;
}

int MachineApi::ssh(const QString &name, const QStringList &arguments, bool nativeSsh, Error *error) const
{
    ssh::Target target;
    if (!sshTarget(name, &target, error))
        return -1;
    QString message;
    const auto failed
        = [error, &name](const QString &text, ErrorKind kind = ErrorKind::General, Remedy remedy = Remedy::None) {
              fail(error, text, remedy, name, kind);
              return -1;
          };
    const QString openSsh = nativeSsh ? QString() : ssh::findOpenSshClient();
    if (!openSsh.isEmpty()) {
        // Berth pins the key on first contact and explains a changed one; OpenSSH then checks strictly too.
        if (!ssh::openSshTakesPaths(target, &message))
            return failed(message, ErrorKind::General, Remedy::NativeSsh);
        if (!ssh::Session().checkHostKey(target, &message))
            return failed(message);
        const int code = ssh::runOpenSsh(openSsh, ssh::openSshArguments(target, arguments), &message);
        return code < 0 ? failed(message, ErrorKind::General, Remedy::NativeSsh) : code;
    }
    ssh::ClientOptions options;
    if (!ssh::parseClientOptions(arguments, &options, &message))
        return failed(message, ErrorKind::InvalidInput);
    target.compression = options.compression;
    ssh::Session session;
    if (!session.connect(target, &message))
        return failed(message);
    const int code = session.interactive(ssh::remoteCommand(options.command), options, &message);
    return code < 0 ? failed(message) : code;
}

bool MachineApi::copy(const QString &sourceMachine, const QString &sourcePath, const QString &destinationMachine,
    const QString &destinationPath, bool recursive, Error *error) const
{
    QString message;
    if (!sourceMachine.isEmpty() && !destinationMachine.isEmpty()) {
        ssh::Target sourceTarget, destinationTarget;
        if (!sshTarget(sourceMachine, &sourceTarget, error)
            || !sshTarget(destinationMachine, &destinationTarget, error))
            return false;
        ssh::Session source, destination;
        if (!source.connect(sourceTarget, &message) || !destination.connect(destinationTarget, &message))
            return fail(error, message);
        return ssh::copyBetweenHosts(source, sourcePath, destination, destinationPath, recursive, &message)
            || fail(error, message);
    }
    const QString machine = sourceMachine.isEmpty() ? destinationMachine : sourceMachine;
    ssh::Target target;
    if (!sshTarget(machine, &target, error))
        return false;
    ssh::Session session;
    if (!session.connect(target, &message))
        return fail(error, message);
    const bool ok = sourceMachine.isEmpty() ? session.upload(sourcePath, destinationPath, recursive, &message)
                                            : session.download(sourcePath, destinationPath, recursive, &message);
    return ok || fail(error, message);
}

} // namespace berth
