#include "checkpage.h"

#include "api/machineapi.h"
#include "api/operations.h"
#include "setupwizard.h"

#include <QButtonGroup>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace berth::ui {

CheckPage::CheckPage(QWidget *parent)
    : QWizardPage(parent)
    , m_status(new QLabel(this))
    , m_virtualization(new QLabel(this))
    , m_choices(new QVBoxLayout)
    , m_group(new QButtonGroup(this))
{
    setTitle(tr("Checking this computer"));
    setSubTitle(tr("Which hypervisor will run the Docker machine."));
    m_status->setObjectName(QStringLiteral("checkStatus"));
    m_virtualization->setObjectName(QStringLiteral("virtualization"));
    m_virtualization->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(m_choices);
    layout->addWidget(m_virtualization);
    layout->addStretch();
    // The wizard's field "driver" is the chosen driver's name, kept in a line edit nobody sees.
    auto *driverField = new QLineEdit(this);
    driverField->hide();
    registerField(QStringLiteral("driver"), driverField);
    connect(m_group, &QButtonGroup::buttonToggled, this, [this, driverField] {
        driverField->setText(chosenDriver());
        Q_EMIT completeChanged();
    });
    connect(&m_future, &QFutureWatcher<Result>::finished, this, &CheckPage::showResult);
}

void CheckPage::initializePage()
{
    if (m_checked || m_future.isRunning())
        return;
    m_status->setText(tr("Looking for hypervisors..."));
    // The checks start the hypervisors' tools: on a worker, so the page stays alive.
    const QString store = qobject_cast<SetupWizard *>(wizard())->operations()->storePath();
    m_future.setFuture(QtConcurrent::run([store] {
        const MachineApi api(store);
        return Result { api.checkDrivers(), api.hostFacts() };
    }));
}

void CheckPage::addChoice(const QString &driver, const QString &title, const QString &detail, bool enabled)
{
    auto *button = new QRadioButton(title, this);
    button->setObjectName(QStringLiteral("driver-") + driver);
    button->setProperty("driver", driver);
    button->setEnabled(enabled);
    m_group->addButton(button);
    m_choices->addWidget(button);
    if (!detail.isEmpty()) {
        auto *label = new QLabel(detail, this);
        label->setObjectName(QStringLiteral("detail-") + driver);
        label->setWordWrap(true);
        label->setContentsMargins(24, 0, 0, 6);
        label->setEnabled(enabled);
        m_choices->addWidget(label);
    }
}

void CheckPage::showResult()
{
    const Result result = m_future.result();
    m_checks = result.checks;
    bool anyUsable = false;
    for (const DriverCheck &check : std::as_const(m_checks)) {
        QString detail = check.problem;
        if (!check.remedy.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + check.remedy;
        addChoice(check.driverName, check.summary.isEmpty() ? check.driverName : check.summary, detail, check.usable);
        anyUsable = anyUsable || check.usable;
    }
    addChoice(QStringLiteral("generic"), tr("An existing Linux host, over SSH"),
        tr("Berth installs and secures Docker on a host you already have."), true);
    const HardwareVirtualization &virtualization = result.facts.virtualization;
    m_virtualization->setText(virtualization.acceleratorUsable
            ? tr("Hardware virtualisation: %1 is available.").arg(virtualization.accelerator)
            : tr("Hardware virtualisation is not available: %1 %2").arg(virtualization.problem, virtualization.remedy));
    m_status->setText(anyUsable ? tr("Berth found what it needs. The best choice is selected.")
                                : tr("No hypervisor on this computer can run Berth's VM yet; see what to do below, "
                                     "or use an existing Linux host."));
    // The checks come best first: the first usable one is preselected.
    for (const DriverCheck &check : std::as_const(m_checks)) {
        if (check.usable) {
            choose(check.driverName);
            break;
        }
    }
    m_checked = true;
    Q_EMIT completeChanged();
    Q_EMIT checked();
}

QString CheckPage::chosenDriver() const
{
    QAbstractButton *button = m_group->checkedButton();
    return button ? button->property("driver").toString() : QString();
}

void CheckPage::choose(const QString &driver)
{
    for (QAbstractButton *button : m_group->buttons()) {
        if (button->property("driver").toString() == driver && button->isEnabled())
            button->setChecked(true);
    }
}

bool CheckPage::isComplete() const
{
    return m_checked && !chosenDriver().isEmpty();
}

} // namespace berth::ui
