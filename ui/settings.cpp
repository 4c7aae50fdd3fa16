#include "settings.h"

#include "machine/machinestore.h"

#include <QSettings>

namespace berth::ui {

Settings::Settings()
    : m_settings(std::make_unique<QSettings>(QStringLiteral("Berth"), QStringLiteral("Berth Desktop")))
{
}

Settings::Settings(const QString &iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

Settings::~Settings() = default;

QString Settings::terminal() const
{
    return m_settings->value(QStringLiteral("terminal")).toString();
}

void Settings::setTerminal(const QString &id)
{
    m_settings->setValue(QStringLiteral("terminal"), id);
}

QString Settings::language() const
{
    return m_settings->value(QStringLiteral("language")).toString();
}

void Settings::setLanguage(const QString &language)
{
    m_settings->setValue(QStringLiteral("language"), language);
}

QString Settings::defaultMachine() const
{
    return m_settings->value(QStringLiteral("defaultMachine"), QStringLiteral("default")).toString();
}

void Settings::setDefaultMachine(const QString &name)
{
    m_settings->setValue(QStringLiteral("defaultMachine"), name);
}

QString Settings::storePath()
{
    return MachineStore::defaultRootPath();
}

} // namespace berth::ui
