#include "setupwizard.h"

#include "checkpage.h"
#include "createpage.h"
#include "donepage.h"
#include "networkpage.h"
#include "resourcespage.h"
#include "welcomepage.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

namespace berth::ui {

namespace {
QStringList listOf(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

// The proxy URL with the user in it, so the engine authenticates; the password stays out of it (the
// keychain has it, and provisioning adds it where the engine reads it).
QString proxyWithUser(const QString &proxy, const QString &user)
{
    if (proxy.isEmpty() || user.isEmpty())
        return proxy;
    QUrl url(proxy.contains(QLatin1String("://")) ? proxy : QStringLiteral("http://") + proxy);
    url.setUserName(user);
    return url.toString();
}
} // namespace

SetupWizard::SetupWizard(MachineOperations *operations, MachineActions *actions, Settings *settings, QWidget *parent)
    : QWizard(parent)
    , m_operations(operations)
    , m_actions(actions)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set up Berth"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(WelcomePage, new ui::WelcomePage(this));
    setPage(CheckPage, new ui::CheckPage(this));
    setPage(ResourcesPage, new ui::ResourcesPage(this));
    setPage(NetworkPage, new ui::NetworkPage(this));
    setPage(CreatePage, new ui::CreatePage(this));
    setPage(DonePage, new ui::DonePage(this));
    setButtonText(QWizard::CommitButton, tr("Create"));
    resize(640, 520);
    // A canceled create ends the wizard once the engine has removed what it made.
    connect(qobject_cast<ui::CreatePage *>(page(CreatePage)), &ui::CreatePage::canceled, this,
        [this] { QWizard::reject(); });
}

DriverFlag SetupWizard::driverFlag(const QString &driver, const QString &suffix)
{
    for (const DriverDescription &description : MachineApi::drivers()) {
        if (description.name != driver)
            continue;
        for (const DriverFlag &flag : description.flags) {
            if (flag.name == driver + QLatin1Char('-') + suffix)
                return flag;
        }
    }
    return {};
}

CreateOptions SetupWizard::createOptions() const
{
    CreateOptions options;
    options.name = field(QStringLiteral("name")).toString().trimmed();
    options.driverName = driverName();
    const QString d = options.driverName;
    if (d == QLatin1String("generic")) {
        options.driverFlags.insert(
            QStringLiteral("generic-ip-address"), { field(QStringLiteral("address")).toString().trimmed() });
        options.driverFlags.insert(
            QStringLiteral("generic-ssh-user"), { field(QStringLiteral("sshUser")).toString().trimmed() });
        options.driverFlags.insert(QStringLiteral("generic-ssh-key"),
            { QDir::fromNativeSeparators(field(QStringLiteral("sshKey")).toString().trimmed()) });
        options.driverFlags.insert(
            QStringLiteral("generic-ssh-port"), { QString::number(field(QStringLiteral("sshPort")).toInt()) });
    } else {
        options.driverFlags.insert(
            d + QStringLiteral("-cpu-count"), { QString::number(field(QStringLiteral("cpus")).toInt()) });
        options.driverFlags.insert(
            d + QStringLiteral("-memory"), { QString::number(field(QStringLiteral("memory")).toInt()) });
        options.driverFlags.insert(
            d + QStringLiteral("-disk-size"), { QString::number(field(QStringLiteral("diskGb")).toInt() * 1000) });
        // Sharing the home folder is the VM's default; unchecked, the driver's own switch turns it off.
        const DriverFlag noShare = driverFlag(d, QStringLiteral("no-share"));
        if (!noShare.name.isEmpty() && !field(QStringLiteral("shareHome")).toBool())
            options.driverFlags.insert(noShare.name, { QStringLiteral("true") });
    }
    const QString user = field(QStringLiteral("proxyUser")).toString().trimmed();
    const QString http = proxyWithUser(field(QStringLiteral("httpProxy")).toString().trimmed(), user);
    const QString https = proxyWithUser(field(QStringLiteral("httpsProxy")).toString().trimmed(), user);
    const QString noProxy = field(QStringLiteral("noProxy")).toString().trimmed();
    if (!http.isEmpty())
        options.engine.env << QStringLiteral("HTTP_PROXY=") + http;
    if (!https.isEmpty())
        options.engine.env << QStringLiteral("HTTPS_PROXY=") + https;
    if (!noProxy.isEmpty())
        options.engine.env << QStringLiteral("NO_PROXY=") + noProxy;
    options.engine.registryMirror = listOf(field(QStringLiteral("registryMirrors")).toString());
    options.engine.insecureRegistry = listOf(field(QStringLiteral("insecureRegistries")).toString());
    return options;
}

QString SetupWizard::proxyPassword() const
{
    return field(QStringLiteral("proxyPassword")).toString();
}

QString SetupWizard::proxyHost() const
{
    for (const char *name : { "httpsProxy", "httpProxy" }) {
        const QString proxy = field(QString::fromLatin1(name)).toString().trimmed();
        if (!proxy.isEmpty())
            return QUrl(proxy.contains(QLatin1String("://")) ? proxy : QStringLiteral("http://") + proxy).host();
    }
    return {};
}

void SetupWizard::reject()
{
    // Cancel during the create stops it first; the wizard closes when the engine has cleaned up.
    auto *create = qobject_cast<ui::CreatePage *>(page(CreatePage));
    if (create->isRunning()) {
        create->cancel();
        return;
    }
    QWizard::reject();
}

} // namespace berth::ui
