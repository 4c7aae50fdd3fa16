#pragma once

#include <QString>

#include <memory>

class QSettings;

namespace berth::ui {

// The desktop app's settings (QSettings: the registry on Windows, ~/.config/Berth/Berth Desktop.conf on
// Linux, a plist on macOS). Start at login is not stored here: it is the autostart entry itself
// (core/shell/autostart.h), read back from where the system keeps it.
class Settings {
public:
    Settings();
    // For tests: settings kept in an INI file of their own.
    explicit Settings(const QString &iniPath);
    ~Settings();

    // The terminal "Open Docker shell" opens (TerminalLauncher's id); empty: the first one found.
    QString terminal() const;
    void setTerminal(const QString &id);
    // The language of the interface ("zh_CN"); empty: the system's.
    QString language() const;
    void setLanguage(const QString &language);
    // The machine the tray shows and acts on; "default" until the user chooses another.
    QString defaultMachine() const;
    void setDefaultMachine(const QString &name);
    // The store the app works on: MACHINE_STORAGE_PATH, else the one docker-machine uses.
    static QString storePath();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace berth::ui
