#pragma once

#include <QWizardPage>

class QCheckBox;
class QLineEdit;

namespace berth::ui {

// The machine's network: the proxy its engine uses (from the system's settings, editable; a password goes
// to the OS keychain), registry mirrors and insecure registries for the engine, and whether the home folder
// is shared into the VM.
class NetworkPage final : public QWizardPage {
    Q_OBJECT
public:
    explicit NetworkPage(QWidget *parent = nullptr);

    void initializePage() override;

private:
    QLineEdit *m_httpProxy;
    QLineEdit *m_httpsProxy;
    QLineEdit *m_noProxy;
    QLineEdit *m_proxyUser;
    QLineEdit *m_proxyPassword;
    QLineEdit *m_mirrors;
    QLineEdit *m_insecure;
    QCheckBox *m_shareHome;
    bool m_filled = false;
};

// The proxy this computer uses for url, as the system says (the environment first, as docker does, then
// the desktop's settings); empty when none.
QString systemProxy(const QString &url);

} // namespace berth::ui
