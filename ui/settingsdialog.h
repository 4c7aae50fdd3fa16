#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;

namespace berth::ui {

class MachineModel;
class Settings;

// Settings: the terminal "Open Docker shell" opens, starting with the session, the language, and the
// machine the tray shows.
class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(Settings *settings, MachineModel *model, QWidget *parent = nullptr);

    void accept() override;

    QComboBox *terminal() const { return m_terminal; }
    QComboBox *language() const { return m_language; }
    QComboBox *defaultMachine() const { return m_default; }
    QCheckBox *startAtLogin() const { return m_startAtLogin; }

private:
    Settings *m_settings;
    QComboBox *m_terminal;
    QComboBox *m_language;
    QComboBox *m_default;
    QCheckBox *m_startAtLogin;
};

} // namespace berth::ui
