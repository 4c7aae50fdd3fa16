#pragma once

#include "api/machineapi.h"
#include "util/hostinfo.h"

#include <QFutureWatcher>
#include <QWizardPage>

class QButtonGroup;
class QLabel;
class QVBoxLayout;

namespace berth::ui {

// What this computer can run: each driver that runs a VM says whether its hypervisor is here and how fast
// it will be (MachineApi::checkDrivers: new drivers appear without this page changing), with what to do
// about a missing piece; the processor's virtualisation too. The best usable choice is preselected; an
// existing Linux host over SSH is always offered.
class CheckPage final : public QWizardPage {
    Q_OBJECT
public:
    explicit CheckPage(QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;

    // Whether the checks have answered (tests wait for it).
    bool isChecked() const { return m_checked; }
    QList<DriverCheck> checks() const { return m_checks; }
    QString chosenDriver() const;
    void choose(const QString &driver);

Q_SIGNALS:
    void checked();

private:
    struct Result {
        QList<DriverCheck> checks;
        HostFacts facts;
    };
    void showResult();
    void addChoice(const QString &driver, const QString &title, const QString &detail, bool enabled);

    QLabel *m_status;
    QLabel *m_virtualization;
    QVBoxLayout *m_choices;
    QButtonGroup *m_group;
    QFutureWatcher<Result> m_future;
    QList<DriverCheck> m_checks;
    bool m_checked = false;
};

} // namespace berth::ui
