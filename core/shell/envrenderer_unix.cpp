#include "envrenderer.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace berth {

QString detectShell(QString *error, QString *)
{
    const QString shell = qEnvironmentVariable("SHELL");
    if (shell.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("berth",
                "Error: Unknown shell. Name it with --shell (bash, zsh, fish, powershell, cmd, tcsh or emacs).");
        return {};
    }
    return QFileInfo(shell).fileName();
}

} // namespace berth
