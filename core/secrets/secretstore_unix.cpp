#include "secretstore.h"
#include "util/translate.h"

#include <QFileInfo>

namespace berth {

QString SecretStore::keychainMissing()
{
#ifdef Q_OS_MACOS
    return {};
#else
    // The Secret Service is reached over the session's D-Bus: its address, the systemd user bus, or one
    // that D-Bus starts for an X11 display. Without any, libsecret can only fail (or start a stray daemon).
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") || !qEnvironmentVariableIsEmpty("DISPLAY"))
        return {};
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty() && QFileInfo::exists(runtimeDir + QStringLiteral("/bus")))
        return {};
    return tr("there is no D-Bus session for this user, so no Secret Service can answer.");
#endif
}

QString SecretStore::unavailableAdvice()
{
#ifdef Q_OS_MACOS
    return tr("Berth keeps passwords in the macOS Keychain only: unlock the login keychain (Keychain Access), then "
              "try again.");
#else
    return tr("Berth keeps passwords in the Secret Service only, never in a file: log in to a desktop session that "
              "runs one (GNOME Keyring or KWallet), or start gnome-keyring-daemon in this session's D-Bus, unlock "
              "its keyring, then try again.");
#endif
}

} // namespace berth
