#pragma once

#include <QWizardPage>

namespace berth::ui {

// What Berth is about to do, and what it takes of this computer.
class WelcomePage final : public QWizardPage {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);
};

} // namespace berth::ui
