#include "autostart.h"
#include "util/atomicfile.h"
#include "util/translate.h"

#include <QFile>
#include <QFileInfo>

namespace berth {

namespace {

QString entryPath()
{
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
#ifdef Q_OS_MACOS
    return Autostart::launchAgentPath(environment.value(QStringLiteral("HOME")));
#else
    return Autostart::desktopEntryPath(environment);
#endif
}

} // namespace

bool Autostart::enable(QString *error) const
{
    const QString path = entryPath();
    if (path.isEmpty()) {
        *error = tr("HOME is not set, so there is no folder for programs started at login. Log in again, then "
                    "turn this on.");
        return false;
    }
    QString text;
#ifdef Q_OS_MACOS
    const bool made = launchAgentPlist(m_program, m_arguments, &text, error);
#else
    const bool made = desktopEntry(m_program, m_arguments, &text, error);
#endif
    if (!made)
        return false;
    QString reason;
    // Others may read it, as the desktop's own entries; only the user may change it.
    const QFileDevice::Permissions permissions
        = privateFilePermissions | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    if (!writeFileAtomic(path, text.toUtf8(), permissions, &reason)) {
        *error = tr("Could not write %1: %2. Check that you may write to that folder.").arg(nativePath(path), reason);
        return false;
    }
    return true;
}

bool Autostart::disable(QString *error) const
{
    const QString path = entryPath();
    QFile file(path);
    if (path.isEmpty() || !QFileInfo::exists(path) || file.remove())
        return true;
    *error = tr("Could not remove %1: %2. Remove it yourself to stop Berth starting at login.")
                 .arg(nativePath(path), file.errorString());
    return false;
}

bool Autostart::isEnabled() const
{
    QFile file(entryPath());
    if (!file.open(QIODevice::ReadOnly))
        return false;
#ifndef Q_OS_MACOS
    // How desktops turn an entry off without removing it.
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed == "Hidden=true" || trimmed == "X-GNOME-Autostart-enabled=false")
            return false;
    }
#endif
    return true;
}

QString Autostart::location() const
{
    return nativePath(entryPath());
}

} // namespace berth
