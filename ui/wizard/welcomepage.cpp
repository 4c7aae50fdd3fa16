#include "welcomepage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace berth::ui {

WelcomePage::WelcomePage(QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Welcome to Berth"));
    setSubTitle(tr("Docker on this computer, in a small virtual machine of its own."));
    auto *text = new QLabel(
        tr("<p>Berth sets up a Docker machine: a small Linux VM that runs the Docker engine, reached over TLS. "
           "Once it runs, the tray icon shows its state and <b>Open Docker shell</b> opens a terminal in which "
           "<tt>docker</tt> just works.</p>"
           "<p>The next pages check which hypervisor this computer has, then ask for the machine's name, its "
           "CPUs, memory and disk, and its network.</p>"
           "<p>The machine takes the memory you give it (1 GB by default) while it runs, and up to the disk size "
           "you choose (20 GB by default) as your images and containers fill it, plus about 300 MB for Berth's "
           "VM image.</p>"),
        this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addStretch();
}

} // namespace berth::ui
