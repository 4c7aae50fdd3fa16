#include "settingsdialog.h"

#include "machinemodel.h"
#include "settings.h"
#include "shell/autostart.h"
#include "shell/terminallauncher.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProcessEnvironment>

namespace berth::ui {

namespace {
Autostart loginStart()
{
    // Started with the session: the tray only, no window in the user's face.
    return Autostart(QCoreApplication::applicationFilePath(), { QStringLiteral("--hidden") });
}
} // namespace

SettingsDialog::SettingsDialog(Settings *settings, MachineModel *model, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_terminal(new QComboBox(this))
    , m_language(new QComboBox(this))
    , m_default(new QComboBox(this))
    , m_startAtLogin(new QCheckBox(tr("Start Berth when I log in"), this))
{
    setWindowTitle(tr("Berth Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_terminal->setObjectName(QStringLiteral("terminal"));
    m_language->setObjectName(QStringLiteral("language"));
    m_default->setObjectName(QStringLiteral("defaultMachine"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));

    // The terminals found here, in the launcher's order of preference; the first is what "automatic" opens.
    m_terminal->addItem(tr("Automatic"), QString());
    const TerminalPlatform platform = TerminalLauncher::hostPlatform();
    for (const Terminal &found : TerminalLauncher::findTerminals(platform, QProcessEnvironment::systemEnvironment())) {
        m_terminal->addItem(TerminalLauncher::displayName(found.kind), TerminalLauncher::id(found.kind));
    }
    m_terminal->setCurrentIndex(qMax(0, m_terminal->findData(settings->terminal())));

    m_language->addItem(tr("The system's"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(settings->language())));

    for (int row = 0; row < model->rowCount(); ++row)
        m_default->addItem(model->machineAt(row));
    if (m_default->findText(settings->defaultMachine()) < 0)
        m_default->addItem(settings->defaultMachine());
    m_default->setCurrentText(settings->defaultMachine());

    m_startAtLogin->setChecked(loginStart().isEnabled());

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *note = new QLabel(tr("A new language takes effect when Berth starts again."), this);
    note->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Terminal:"), m_terminal);
    form->addRow(tr("Machine in the tray:"), m_default);
    form->addRow(tr("Language:"), m_language);
    form->addRow(note);
    form->addRow(m_startAtLogin);
    form->addRow(buttons);
}

void SettingsDialog::accept()
{
    m_settings->setTerminal(m_terminal->currentData().toString());
    m_settings->setLanguage(m_language->currentData().toString());
    if (!m_default->currentText().trimmed().isEmpty())
        m_settings->setDefaultMachine(m_default->currentText().trimmed());
    const Autostart autostart = loginStart();
    if (m_startAtLogin->isChecked() != autostart.isEnabled()) {
        QString error;
        if (!(m_startAtLogin->isChecked() ? autostart.enable(&error) : autostart.disable(&error))) {
            QMessageBox::warning(this, tr("Start at login"), error);
            return;
        }
    }
    QDialog::accept();
}

} // namespace berth::ui
