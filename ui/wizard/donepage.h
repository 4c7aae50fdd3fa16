#pragma once

#include <QWizardPage>

class QCheckBox;
class QPushButton;

namespace berth::ui {

// The machine runs: open a shell in it now, and have Berth start with the session from now on.
class DonePage final : public QWizardPage {
    Q_OBJECT
public:
    explicit DonePage(QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;

    QPushButton *openShellButton() const { return m_openShell; }
    QCheckBox *startAtLogin() const { return m_startAtLogin; }

private:
    QPushButton *m_openShell;
    QCheckBox *m_startAtLogin;
};

} // namespace berth::ui
