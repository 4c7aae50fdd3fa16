#include "autostart.h"

#include <QSettings>

namespace berth {

bool Autostart::enable(QString *error) const
{
    QString command;
    if (!runCommand(m_program, m_arguments, &command, error))
        return false;
    QSettings run(runKeyPath(), QSettings::NativeFormat);
    run.setValue(runValueName(), command);
    run.sync();
    if (run.status() == QSettings::NoError)
        return true;
    *error = tr("Could not write the value %1 under %2 in the registry. Check that your account may change its "
                "own registry settings.")
                 .arg(runValueName(), runKeyPath());
    return false;
}

bool Autostart::disable(QString *error) const
{
    QSettings run(runKeyPath(), QSettings::NativeFormat);
    run.remove(runValueName());
    run.sync();
    if (run.status() == QSettings::NoError && !run.contains(runValueName()))
        return true;
    *error = tr("Could not remove the value %1 under %2 in the registry. Remove it with the Registry Editor to "
                "stop Berth starting at login.")
                 .arg(runValueName(), runKeyPath());
    return false;
}

bool Autostart::isEnabled() const
{
    return QSettings(runKeyPath(), QSettings::NativeFormat).contains(runValueName());
}

QString Autostart::location() const
{
    return runKeyPath() + QLatin1Char('\\') + runValueName();
}

} // namespace berth
