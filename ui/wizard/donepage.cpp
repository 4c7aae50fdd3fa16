#include "donepage.h"

#include "machineactions.h"
#include "setupwizard.h"
#include "shell/autostart.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::ui {

DonePage::DonePage(QWidget *parent)
    : QWizardPage(parent)
    , m_openShell(new QPushButton(tr("Open Docker shell"), this))
    , m_startAtLogin(new QCheckBox(tr("Start Berth when I log in"), this))
{
    setTitle(tr("Your Docker machine is ready"));
    m_openShell->setObjectName(QStringLiteral("openShell"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    auto *text = new QLabel(tr("Berth stays in the tray: its icon shows whether Docker is up, and its menu starts, "
                               "stops and opens a shell. The same machine works from the command line: "
                               "<tt>berth ls</tt>, <tt>berth env</tt>."),
        this);
    text->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_openShell, 0, Qt::AlignLeft);
    layout->addWidget(m_startAtLogin);
    layout->addStretch();
    connect(m_openShell, &QPushButton::clicked, this, [this] {
        auto *setup = qobject_cast<SetupWizard *>(wizard());
        setup->actions()->openShell(setup->createOptions().name);
    });
}

void DonePage::initializePage()
{
    m_startAtLogin->setChecked(
        Autostart(QCoreApplication::applicationFilePath(), { QStringLiteral("--hidden") }).isEnabled());
}

bool DonePage::validatePage()
{
    const Autostart autostart(QCoreApplication::applicationFilePath());
    QString error;
    const bool ok = m_startAtLogin->isChecked() ? autostart.enable(&error) : autostart.disable(&error);
    if (!ok)
        QMessageBox::warning(this, tr("Start at login"), error);
    return true;
}

} // namespace berth::ui
