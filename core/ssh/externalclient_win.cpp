#include "externalclient.h"
#include "util/translate.h"

#include <QProcess>

namespace berth::ssh {

int runOpenSsh(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setInputChannelMode(QProcess::ForwardedInputChannel);
    process.start(program, arguments);
    if (!process.waitForStarted(30000)) {
        if (error)
            *error = tr("Cannot run %1: %2. Use --native-ssh for Berth's built-in SSH client.")
                         .arg(program, process.errorString());
        return -1;
    }
    process.waitForFinished(-1);
    // A crash of ssh is an ssh failure, as OpenSSH reports its own.
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 255;
}

} // namespace berth::ssh
