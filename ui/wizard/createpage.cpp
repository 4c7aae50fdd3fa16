#include "createpage.h"

#include "api/operations.h"
#include "machineactions.h"
#include "secrets/secretstore.h"
#include "setupwizard.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::ui {

namespace {
// About how many steps a create reports (a VM's: checks, certificates, image, disks, boot, SSH,
// provisioning, Docker): the bar moves with each and fills at the end whatever the count was.
constexpr int expectedSteps = 14;
} // namespace

CreatePage::CreatePage(QWidget *parent)
    : QWizardPage(parent)
    , m_progress(new QProgressBar(this))
    , m_stepLabel(new QLabel(this))
    , m_log(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_deleteAndRetry(new QPushButton(tr("Delete and retry"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setTitle(tr("Creating the machine"));
    setCommitPage(true);
    m_progress->setObjectName(QStringLiteral("createProgress"));
    m_log->setObjectName(QStringLiteral("createLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_error->setObjectName(QStringLiteral("createError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e"));
    m_retry->setObjectName(QStringLiteral("retry"));
    m_deleteAndRetry->setObjectName(QStringLiteral("deleteAndRetry"));
    m_close->setObjectName(QStringLiteral("close"));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_retry);
    buttons->addWidget(m_deleteAndRetry);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stepLabel);
    layout->addWidget(m_progress);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    showFailureButtons(false);

    connect(m_retry, &QPushButton::clicked, this, &CreatePage::begin);
    connect(m_deleteAndRetry, &QPushButton::clicked, this, &CreatePage::deleteAndRetry);
    connect(m_close, &QPushButton::clicked, this, [this] { wizard()->reject(); });
}

void CreatePage::showFailureButtons(bool visible)
{
    m_error->setVisible(visible);
    m_retry->setVisible(visible);
    m_deleteAndRetry->setVisible(visible);
    m_close->setVisible(visible);
}

void CreatePage::initializePage()
{
    begin();
}

void CreatePage::cleanupPage()
{
    cancel();
}

bool CreatePage::isComplete() const
{
    return m_done;
}

bool CreatePage::isRunning() const
{
    return m_operation && !m_operation->isFinished();
}

void CreatePage::cancel()
{
    if (isRunning()) {
        m_closeWhenDone = true;
        m_stepLabel->setText(tr("Canceling: removing what was made..."));
        m_operation->cancel();
    }
}

void CreatePage::begin()
{
    auto *setup = qobject_cast<SetupWizard *>(wizard());
    // The proxy's password goes to the keychain first: the provisioning reads it from there.
    if (!setup->proxyPassword().isEmpty() && !setup->proxyHost().isEmpty()) {
        showFailureButtons(false);
        m_stepLabel->setText(tr("Storing the proxy password in the system's keychain..."));
        auto *watcher = new QFutureWatcher<SecretResult>(this);
        connect(watcher, &QFutureWatcher<SecretResult>::finished, this, [this, watcher] {
            const SecretResult stored = watcher->result();
            watcher->deleteLater();
            if (!stored.ok()) {
                Error error;
                error.set(
                    tr("The proxy password could not be stored in the system's keychain: %1").arg(stored.message));
                finished(false, error);
                return;
            }
            startCreate();
        });
        watcher->setFuture(SecretStore::writeAsync(SecretStore::proxyKey(setup->proxyHost()), setup->proxyPassword()));
        return;
    }
    startCreate();
}

void CreatePage::startCreate()
{
    auto *setup = qobject_cast<SetupWizard *>(wizard());
    const CreateOptions options = setup->createOptions();
    showFailureButtons(false);
    m_done = false;
    m_steps = 0;
    m_log->clear();
    m_progress->setRange(0, expectedSteps);
    m_progress->setValue(0);
    m_stepLabel->setText(tr("Creating \"%1\"...").arg(options.name));
    Error error;
    m_operation = setup->operations()->create(options, &error);
    if (!m_operation) {
        finished(false, error);
        return;
    }
    connect(m_operation, &Operation::step, this, [this](const QString &message) {
        m_log->appendPlainText(message);
        m_stepLabel->setText(message);
        m_progress->setValue(qMin(++m_steps, expectedSteps - 1));
    });
    connect(m_operation, &Operation::detail, this,
        [this](const QString &message) { m_log->appendPlainText(QStringLiteral("    ") + message.trimmed()); });
    connect(m_operation, &Operation::finished, this, &CreatePage::finished);
    Q_EMIT completeChanged();
}

void CreatePage::finished(bool ok, const Error &error)
{
    auto *setup = qobject_cast<SetupWizard *>(wizard());
    if (ok) {
        m_progress->setValue(m_progress->maximum());
        m_stepLabel->setText(tr("\"%1\" is ready.").arg(setup->createOptions().name));
        m_done = true;
        Q_EMIT completeChanged();
        Q_EMIT setup->machineCreated(setup->createOptions().name);
        setup->next();
        return;
    }
    if (error.kind == ErrorKind::Canceled || m_closeWhenDone) {
        m_stepLabel->setText(tr("Canceled; nothing was kept."));
        Q_EMIT canceled();
        return;
    }
    m_progress->setValue(0);
    m_stepLabel->setText(tr("Creating the machine failed."));
    // The engine's message names what failed and, for a VM that did not answer, ends with its console.
    const QStringList lines = m_log->toPlainText().split(QLatin1Char('\n'));
    const QString lastLines = lines.mid(qMax(0, int(lines.size()) - 5)).join(QLatin1Char('\n'));
    m_error->setText(desktopText(error) + (lastLines.isEmpty() ? QString() : tr("\n\nLast steps:\n%1").arg(lastLines)));
    showFailureButtons(true);
    // A machine that was made but failed afterwards (its provisioning, say) is in the store: a retry of the
    // create would find it, so only Delete and retry can make it again.
    m_retry->setEnabled(error.kind != ErrorKind::AlreadyExists
        && !MachineApi(setup->operations()->storePath()).store().exists(setup->createOptions().name));
}

void CreatePage::deleteAndRetry()
{
    auto *setup = qobject_cast<SetupWizard *>(wizard());
    const QString name = setup->createOptions().name;
    if (!MachineApi(setup->operations()->storePath()).store().exists(name)) {
        begin();
        return;
    }
    Error error;
    Operation *removal = setup->operations()->remove(name, true, &error);
    if (!removal) {
        m_error->setText(desktopText(error));
        return;
    }
    showFailureButtons(false);
    m_stepLabel->setText(tr("Removing \"%1\"...").arg(name));
    connect(removal, &Operation::finished, this, [this](bool ok, const Error &removeError) {
        if (ok) {
            begin();
        } else {
            m_error->setText(desktopText(removeError));
            showFailureButtons(true);
        }
    });
}

} // namespace berth::ui
