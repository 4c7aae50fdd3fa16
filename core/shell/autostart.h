#pragma once

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace berth {

// "Start Berth when I log in": an XDG autostart desktop entry on Linux, the Run key of the user's
// registry on Windows, a LaunchAgent on macOS. What is written is made by pure functions tested on every
// platform; enable(), disable() and isEnabled() do the platform's I/O.
class Autostart {
    Q_DECLARE_TR_FUNCTIONS(berth::Autostart)

public:
    // program (an absolute path) with arguments is what the login starts.
    explicit Autostart(const QString &program, const QStringList &arguments = {});

    // Both leave things as they were and say why when they fail.
    bool enable(QString *error) const;
    bool disable(QString *error) const;
    // True when an entry of ours is there (whatever program it names: enable() rewrites it).
    bool isEnabled() const;
    // Where it is kept, for messages: a file, or the registry key and value.
    QString location() const;

    // --- what is written, on every platform ---

    // $XDG_CONFIG_HOME/autostart/berth-desktop.desktop, XDG_CONFIG_HOME being ~/.config when unset or
    // not absolute (as the XDG Base Directory spec says); empty without HOME either.
    static QString desktopEntryPath(const QProcessEnvironment &environment);
    // A desktop entry whose Exec line runs program with arguments, quoted as the Desktop Entry spec says;
    // false when a value holds a line break or control character, which no Exec line can carry.
    static bool desktopEntry(const QString &program, const QStringList &arguments, QString *text, QString *error);

    // ~/Library/LaunchAgents/<launchAgentLabel>.plist
    static QString launchAgentLabel();
    static QString launchAgentPath(const QString &home);
    static bool launchAgentPlist(const QString &program, const QStringList &arguments, QString *text, QString *error);

    // HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run, value runValueName(): the command
    // line, program quoted, each argument quoted as Windows' command line parser reads it back.
    static QString runKeyPath();
    static QString runValueName();
    static bool runCommand(const QString &program, const QStringList &arguments, QString *text, QString *error);

private:
    QString m_program;
    QStringList m_arguments;
};

} // namespace berth
