#include "resourcespage.h"

#include "api/operations.h"
#include "machineactions.h"
#include "setupwizard.h"

#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace berth::ui {

namespace {
// A spin box over a flag's range, in the flag's unit divided by scale (disk sizes: MB in the flag, GB here).
void applyFlag(QSpinBox *box, const DriverFlag &flag, int scale)
{
    box->setRange(qMax(1, flag.minimum / scale), qMax(1, flag.maximum / scale));
    box->setValue(flag.defaultValue.toInt() / scale);
    box->setToolTip(
        flag.limitNote.isEmpty() ? flag.usage : flag.usage + QLatin1String(" (") + flag.limitNote + QLatin1Char(')'));
}
} // namespace

ResourcesPage::ResourcesPage(QWidget *parent)
    : QWizardPage(parent)
    , m_name(new QLineEdit(QStringLiteral("default"), this))
    , m_kinds(new QStackedWidget(this))
    , m_cpus(new QSpinBox(this))
    , m_memory(new QSpinBox(this))
    , m_disk(new QSpinBox(this))
    , m_address(new QLineEdit(this))
    , m_user(new QLineEdit(QStringLiteral("root"), this))
    , m_key(new QLineEdit(QDir::toNativeSeparators(QDir::homePath() + QStringLiteral("/.ssh/id_rsa")), this))
    , m_port(new QSpinBox(this))
    , m_limits(new QLabel(this))
    , m_problem(new QLabel(this))
{
    setTitle(tr("The machine"));
    setSubTitle(tr("Its name, and what it may use of this computer."));
    m_name->setObjectName(QStringLiteral("name"));
    m_cpus->setObjectName(QStringLiteral("cpus"));
    m_memory->setObjectName(QStringLiteral("memory"));
    m_memory->setSuffix(tr(" MB"));
    m_memory->setSingleStep(256);
    m_disk->setObjectName(QStringLiteral("disk"));
    m_disk->setSuffix(tr(" GB"));
    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(QStringLiteral("192.168.1.20"));
    m_user->setObjectName(QStringLiteral("sshUser"));
    m_key->setObjectName(QStringLiteral("sshKey"));
    m_port->setObjectName(QStringLiteral("sshPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(22);
    m_limits->setWordWrap(true);
    m_limits->setObjectName(QStringLiteral("limits"));
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e"));

    auto *vm = new QWidget(m_kinds);
    auto *vmForm = new QFormLayout(vm);
    vmForm->addRow(tr("CPUs:"), m_cpus);
    vmForm->addRow(tr("Memory:"), m_memory);
    vmForm->addRow(tr("Disk:"), m_disk);
    vmForm->addRow(m_limits);
    auto *host = new QWidget(m_kinds);
    auto *hostForm = new QFormLayout(host);
    hostForm->addRow(tr("Host address:"), m_address);
    hostForm->addRow(tr("SSH user:"), m_user);
    hostForm->addRow(tr("SSH key:"), m_key);
    hostForm->addRow(tr("SSH port:"), m_port);
    m_kinds->addWidget(vm);
    m_kinds->addWidget(host);

    auto *layout = new QVBoxLayout(this);
    auto *nameForm = new QFormLayout;
    nameForm->addRow(tr("Name:"), m_name);
    layout->addLayout(nameForm);
    layout->addWidget(m_kinds);
    layout->addWidget(m_problem);
    layout->addStretch();

    // Not a mandatory field ("name*"): QWizard counts one as filled only once it differs from its first
    // value, and "default" is the value most users keep.
    registerField(QStringLiteral("name"), m_name);
    registerField(QStringLiteral("cpus"), m_cpus);
    registerField(QStringLiteral("memory"), m_memory);
    registerField(QStringLiteral("diskGb"), m_disk);
    registerField(QStringLiteral("address"), m_address);
    registerField(QStringLiteral("sshUser"), m_user);
    registerField(QStringLiteral("sshKey"), m_key);
    registerField(QStringLiteral("sshPort"), m_port);
    connect(m_name, &QLineEdit::textChanged, m_problem, &QLabel::clear);
    connect(m_name, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

void ResourcesPage::initializePage()
{
    const QString driver = field(QStringLiteral("driver")).toString();
    const bool host = driver == QLatin1String("generic");
    m_kinds->setCurrentIndex(host ? 1 : 0);
    m_problem->clear();
    if (host)
        return;
    // The driver's own flags: the limits are its, not this page's.
    const DriverFlag cpus = SetupWizard::driverFlag(driver, QStringLiteral("cpu-count"));
    const DriverFlag memory = SetupWizard::driverFlag(driver, QStringLiteral("memory"));
    const DriverFlag disk = SetupWizard::driverFlag(driver, QStringLiteral("disk-size"));
    applyFlag(m_cpus, cpus, 1);
    applyFlag(m_memory, memory, 1);
    applyFlag(m_disk, disk, 1000);
    QStringList notes;
    for (const DriverFlag *flag : { &cpus, &memory, &disk }) {
        if (!flag->limitNote.isEmpty())
            notes << flag->limitNote;
    }
    // The separator is the language's: a translation of "; " (Chinese uses its own).
    m_limits->setText(notes.isEmpty() ? QString() : tr("Limits: %1.").arg(notes.join(tr("; "))));
}

bool ResourcesPage::isComplete() const
{
    return !m_name->text().trimmed().isEmpty();
}

bool ResourcesPage::validatePage()
{
    // The engine checks everything create will check before anything is made: the name, the flags' values
    // against the driver's limits, a machine of that name.
    auto *setup = qobject_cast<SetupWizard *>(wizard());
    Error error;
    if (!MachineApi(setup->operations()->storePath()).checkCreate(setup->createOptions(), &error)) {
        m_problem->setText(desktopText(error));
        return false;
    }
    return true;
}

} // namespace berth::ui
