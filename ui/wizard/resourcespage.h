#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace berth::ui {

// The machine's name and what it gets: CPUs, memory and disk for a VM, bounded by this computer and by
// the driver's own flag limits; address, user and key for an existing host. The engine checks the result
// (MachineApi::checkCreate) before the wizard moves on: the UI keeps no second copy of its rules.
class ResourcesPage final : public QWizardPage {
    Q_OBJECT
public:
    explicit ResourcesPage(QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;
    bool isComplete() const override;

    QLabel *problem() const { return m_problem; }

private:
    QLineEdit *m_name;
    QStackedWidget *m_kinds;
    QSpinBox *m_cpus;
    QSpinBox *m_memory;
    QSpinBox *m_disk;
    QLineEdit *m_address;
    QLineEdit *m_user;
    QLineEdit *m_key;
    QSpinBox *m_port;
    QLabel *m_limits;
    QLabel *m_problem;
};

} // namespace berth::ui
